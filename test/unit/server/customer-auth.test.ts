/** Customers are anonymous, or authenticated by a JWT the brand signed (seed 004's AuthType); agents see which. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { agentSession, connect, nextEvent, startTestServer, testConfig } from '../../helpers/server.ts';

const secret = 'the-brand-signs-its-shoppers-with-this-0123456789';
const customerAuth = { issuer: 'https://shop.example.com', audience: 'switchboard-chat', secret };
const brandToken = (claims: Record<string, unknown>, aud = customerAuth.audience) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('shopper-77').setIssuer(customerAuth.issuer).setAudience(aud).setExpirationTime('5m').sign(new TextEncoder().encode(secret));

describe('customer authentication', () => {
  const running: Awaited<ReturnType<typeof startTestServer>>[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.close();
  });

  it('an authenticated customer reaches the agent verified, with the name and email the brand vouched for', async () => {
    const server = await startTestServer(testConfig({ customerAuth }));
    running.push(server);
    const alice = await agentSession(server, 'alice');
    const offered = nextEvent<any>(alice, 'contact.offered');
    const customer = await connect(server);
    await customer.request({ type: 'chat.init', room: 'default', name: 'typed name', auth: await brandToken({ name: 'Livia Neri', email: 'livia@example.com' }) });
    const { contact } = await offered;
    assert.deepEqual(contact.customer, {
      id: contact.customer.id,
      name: 'Livia Neri',
      authType: 'CONSUMER_AUTHENTICATED',
      verified: { id: 'shopper-77', name: 'Livia Neri', email: 'livia@example.com' },
    });
    const anonymous = await connect(server);
    const second = nextEvent<any>(alice, 'contact.offered');
    await anonymous.request({ type: 'chat.init', room: 'default', name: 'Guest' });
    assert.deepEqual((await second).contact.customer.authType, 'CONSUMER_ANONYMOUS');
    assert.equal((await second).contact.customer.verified, undefined);
    for (const c of [alice, customer, anonymous]) c.close();
  });

  it('refuses a token that is forged, for another audience, or where no customer authentication is configured', async () => {
    const server = await startTestServer(testConfig({ customerAuth }));
    running.push(server);
    const conn = await connect(server);
    const forged = await new SignJWT({ name: 'Mallory' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(customerAuth.issuer).setAudience(customerAuth.audience).setExpirationTime('5m').sign(new TextEncoder().encode('not-the-brand-secret-not-the-brand-secret'));
    await assert.rejects(conn.request({ type: 'chat.init', room: 'default', auth: forged }), { name: 'invalid_credentials' });
    await assert.rejects(conn.request({ type: 'chat.init', room: 'default', auth: await brandToken({}, 'elsewhere') }), { name: 'invalid_credentials' });
    conn.close();
    const plain = await startTestServer();
    running.push(plain);
    const other = await connect(plain);
    await assert.rejects(other.request({ type: 'chat.init', room: 'default', auth: await brandToken({}) }), { name: 'invalid_credentials' });
    other.close();
  });
});
