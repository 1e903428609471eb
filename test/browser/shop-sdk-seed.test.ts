/**
 * Seed 001's calls made by a real page (the demo shop's SDK) against a real server and the
 * agent's widget: init with the chat's own offer timeout, sendMessage's onCreate,
 * hasOtherUsers, user:joined, and close(extraData) that the agent's view of the chat carries.
 */
import { expect } from '@esm-bundle/chai';
import { agentWire } from './agent-wire.ts';
import { deskAndShop } from './call-e2e.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

describe('shop page: the SDK’s seed 001 calls', function () {
  this.timeout(60_000);
  let server: TestServer;
  let chatId = '';
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer({ config: { customerAssign: { maxAttempts: 5, minTimeoutSeconds: 1, maxTimeoutSeconds: 120 } } });
    await deskAndShop(server);
  });
  after(() => stopServer(server));

  it('init(options, config, historyWatch): the offer waits the chat’s own time; user:joined and hasOtherUsers follow the agent', async () => {
    const started = await shop.eval<{ id: string; others: boolean }>(`(async () => {
      const chat = window.switchboardChat;
      window.joined = [];
      chat.on('user:joined', (e) => window.joined.push({ user: e.user.id, transfer: e.transfer, sender: e.sender, mode: e.mode, chat: e.chat.id }));
      const c = await chat.init({ room: 'default', name: 'Carla Verdi' }, { assignTimeout: 90, assignMaxAttempts: 2 }, false);
      return { id: c.id, others: chat.hasOtherUsers() };
    })()`);
    chatId = started.id;
    expect(started.others).to.equal(false);
    // The widget counts down the chat's own 90 s, not the room's 30.
    await widget.waitFor('[data-action=accept]');
    const offer = (await agentWire().request<{ contacts: { id: string; offerExpiresAt: number | null }[] }>({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chatId)!;
    expect(offer.offerExpiresAt! - Date.now()).to.be.within(60_000, 90_000);
    await widget.click('[data-action=accept]');
    await eventually(() => shop.eval<boolean>('window.switchboardChat.hasOtherUsers()'), 10_000, 'an agent in the chat');
    expect(await shop.eval('window.joined')).to.deep.equal([{ user: 'alice', transfer: false, sender: 'alice', mode: '', chat: chatId }]);
  });

  it('sendMessage(text, onCreate) calls onCreate with the stored message, which the agent sees', async () => {
    const created = await shop.eval<{ created: string; sequence: number; same: boolean }>(`(async () => {
      let created = null;
      const sent = await window.switchboardChat.sendMessage('sent by the page', (m) => (created = m));
      return { created: created.text, sequence: created.sequence, same: created.id === sent.id };
    })()`);
    expect(created).to.deep.equal({ created: 'sent by the page', sequence: 1, same: true });
    await widget.waitForText('.sb-messages', 'sent by the page');
  });

  it('close(extraData) resolves the server’s success, and the agent’s view of the chat carries the data', async () => {
    expect(await shop.eval("window.switchboardChat.close({ reason: 'found it', cart: 2 })")).to.deep.equal({ success: true });
    await shop.waitForText('.sbc-messages', 'The chat has ended');
    const contact = (await agentWire().request<{ contacts: { id: string; state: string; closeData?: unknown }[] }>({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chatId)!;
    expect(contact).to.deep.include({ state: 'wrap_up', closeData: { reason: 'found it', cart: 2 } });
    expect(await shop.eval('window.switchboardChat.close()')).to.deep.equal({ success: false });
    expect(await shop.eval<boolean>('window.switchboardChat.hasOtherUsers()')).to.equal(false);
  });
});
