/**
 * A transfer as the shopper sees it, between the demo shop and two agents' widgets (two origins)
 * against a real server: "You're being transferred to Bob Garcia…" while it rings, the header
 * keeping Alice, the conversation kept and no queue position, also after a reload; then Bob's
 * join (the SDK's user:joined says transfer and who sent it); and Bob again when his own
 * transfer is not taken.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { addIframe, eventually, frame, signIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

const CONFIG = {
  queues: [
    { id: 'default', name: 'Customer Service', skills: [], mode: 'direct', assignTimeout: 8, assignMaxAttempts: 3 },
    { id: 'sales', name: 'Sales', skills: ['sales'], mode: 'broadcast', assignTimeout: 30 },
    { id: 'support', name: 'Technical Support', skills: ['support'], mode: 'direct', assignTimeout: 30 },
  ],
};

describe('shop chat box: being transferred', function () {
  this.timeout(90_000);
  let server: TestServer;
  let alice: AgentDesktopClientAPIImpl;
  let bob: AgentDesktopClientAPIImpl;
  let aliceWidget: ReturnType<typeof frame>;
  let bobWidget: ReturnType<typeof frame>;
  let shop: ReturnType<typeof frame>;
  let shopUrl = '';
  const shopFrame = () => document.querySelector<HTMLIFrameElement>('iframe[name=shop]')!;
  const header = () => shop.texts('.sbc-identity');
  const transferTo = async (widget: ReturnType<typeof frame>, destination: string) => {
    await widget.click('[data-action=transfer]');
    await widget.select('select[name=destination]', destination);
    await widget.click('[data-action=transfer-submit]');
  };

  before(async () => {
    server = await startServer({ config: CONFIG });
    await executeServerCommand('sb-viewport', { width: 2000, height: 1400 });
    const host127 = `http://127.0.0.1:${server.port}`;
    const hostLocal = `http://localhost:${server.port}`;
    alice = new AgentDesktopClientAPIImpl({ server: host127 });
    bob = new AgentDesktopClientAPIImpl({ server: hostLocal });
    for (const api of [alice, bob]) Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    aliceWidget = frame(`${host127}/widget/`);
    bobWidget = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'bob');
    expect(await alice.setAgentState('ready')).to.deep.include({ status: 'success' });
    shopUrl = `${hostLocal}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 420, height: 640 });
    shop = frame(shopUrl);
  });
  after(() => stopServer(server));

  it('says who the chat is being transferred to, keeps Alice in the header and the conversation, and shows no queue position', async () => {
    await startShopChat(shopUrl, 'Carla Verdi', 'I have a billing question');
    await aliceWidget.click('[data-action=accept]');
    await shop.waitForText('.sbc-agent-name', 'Alice Rossi');
    await aliceWidget.type('input[name=message]', 'Let me pass you to billing');
    await aliceWidget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'Let me pass you to billing');
    expect(await bob.setAgentState('ready')).to.deep.include({ status: 'success' });

    await transferTo(aliceWidget, 'agent:bob');
    await shop.waitForText('.sbc-status', 'You’re being transferred to Bob Garcia…');
    await shop.waitForText('.sbc-messages li.sys', 'You’re being transferred to Bob Garcia…');
    expect(await header()).to.deep.equal(['ARAlice Rossi']);
    expect(await shop.texts('.sbc-text')).to.deep.equal(['I have a billing question', 'Let me pass you to billing']);
    await new Promise((r) => setTimeout(r, 1_200)); // queue positions would have come by now
    expect((await shop.texts('.sbc-status, .sbc-messages li.sys')).join(' ')).not.to.contain('queue');
    expect(await shop.eval<boolean>("document.querySelector('[name=message]').disabled")).to.equal(false);
  });

  it('says it again after a reload while the transfer rings', async () => {
    await new Promise((resolve) => {
      shopFrame().onload = resolve;
      shopFrame().src = `${shopUrl}?reloaded`;
    });
    await shop.waitForText('.sbc-status', 'You’re being transferred to Bob Garcia…');
    await shop.waitForText('.sbc-messages', 'Let me pass you to billing');
    expect(await header()).to.deep.equal(['ARAlice Rossi']);
    await shop.eval("(window.joins = [], window.switchboardChat.on('user:joined', (e) => window.joins.push({ user: e.user.id, transfer: e.transfer, sender: e.sender, mode: e.mode })), true)");
  });

  it('shows Bob’s join once he takes it; the SDK says it came by transfer from Alice', async () => {
    await bobWidget.click('[data-action=accept]');
    await shop.waitForText('.sbc-messages li.sys', 'Bob joined the chat');
    await shop.waitForText('.sbc-agent-name', 'Bob Garcia');
    expect(await shop.texts('.sbc-status')).to.deep.equal(['']);
    expect(await shop.eval('window.joins')).to.deep.equal([{ user: 'bob', transfer: true, sender: 'alice', mode: '' }]);
    await bobWidget.waitForText('.sb-messages', 'I have a billing question'); // the new agent has the history
    await shop.type('[name=message]:enabled', 'Hi Bob');
    await shop.click('[data-action=send]');
    await bobWidget.waitForText('.sb-messages', 'Hi Bob');
  });

  it('when nobody takes a transfer, the agent who sent it is with the shopper again', async () => {
    await transferTo(bobWidget, 'agent:alice');
    await shop.waitForText('.sbc-status', 'You’re being transferred to Alice Rossi…');
    expect(await header()).to.deep.equal(['BGBob Garcia']);
    // Alice lets it ring out (8 s): it comes back to Bob.
    await eventually(async () => (await shop.texts('.sbc-messages li.sys')).includes('Bob is with you again'), 20_000, 'back with Bob');
    expect(await header()).to.deep.equal(['BGBob Garcia']);
    expect(await shop.texts('.sbc-status')).to.deep.equal(['']);
  });
});
