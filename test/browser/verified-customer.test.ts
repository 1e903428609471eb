/** A shopper signed in at the brand chats with a token the brand signed: the agent sees the verified badge. */
import { expect } from '@esm-bundle/chai';
import { SignJWT } from 'jose';
import { createChat } from '../../customer/index.ts';
import { addIframe, frame, signIn, startServer, stopServer, type TestServer } from './harness.ts';

const secret = 'the-brand-signs-its-shoppers-with-this-0123456789';
const customerAuth = { issuer: 'https://shop.example.com', audience: 'switchboard-chat', secret };

describe('verified customer', function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startServer({ config: { customerAuth } });
  });
  after(() => stopServer(server));

  it('shows the agent that the brand verified the customer, with the email it vouched for', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    const widget = frame(`${server.port}/widget/`);
    await signIn(`${server.port}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');

    const token = await new SignJWT({ name: 'Livia Neri', email: 'livia@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('shopper-77')
      .setIssuer(customerAuth.issuer)
      .setAudience(customerAuth.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    const chat = createChat({ server: server.url, storage: null });
    await chat.init({ room: 'default', name: 'whatever I typed', auth: token });
    await widget.click('[data-action=accept]');
    await widget.waitFor('[data-verified]');
    const [badge] = await widget.texts('[data-verified]');
    expect(badge).to.include('Verified').and.include('livia@example.com');
    expect((await widget.texts('.sb-chat-head strong'))[0]).to.equal('Livia Neri');
    chat.disconnect();
  });
});
