/**
 * A supervisor at work, in Chromium against a real server: alice (widget on 127.0.0.1) has a
 * customer from the demo shop (its own tab, whose WebSocket frames are recorded by the browser);
 * sam, the demo's supervisor (widget on localhost), sees her chat in the live view, watches it
 * (his CRM's host API says `supervising`, and back after), whispers to her (she sees it; the
 * customer's page and frames never carry it) and intervenes (the customer's SDK hears
 * chat:intervened, the chat box says so, and the customer reads what sam writes).
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { eventually, frame, openTab, signIn, startServer, stopServer, webSocketFrames, type TestServer } from './harness.ts';

const WHISPER = 'Offer her the 10% voucher if the carrier has no date';

describe('end to end: a supervisor watches, whispers and intervenes', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: AgentDesktopClientAPIImpl;
  let sam: AgentDesktopClientAPIImpl;
  let aliceWidget: ReturnType<typeof frame>;
  let samWidget: ReturnType<typeof frame>;
  let shop: ReturnType<typeof frame>;
  let shopTab: number;
  let chatId = '';
  const samStates: string[] = [];
  const ok = <T>(r: { status: string; data?: T; error?: unknown }): T => {
    if (r.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(r)}`);
    return r.data as T;
  };
  const samState = async () => ok(await sam.getAgentState()).state;
  /** What the customer's browser received or sent on its WebSocket, and what its page shows. */
  const customerSaw = async (text: string) => {
    const frames = await webSocketFrames(shopTab);
    expect(frames.length, 'the shop tab recorded its frames').to.be.above(3);
    const page = await shop.eval<string>('document.documentElement.outerHTML + JSON.stringify(window.switchboardChat.getChat())');
    return frames.some((f) => f.data.includes(text)) || page.includes(text);
  };

  before(async () => {
    // Both widgets side by side, whole, so that every button is on screen to click.
    await executeServerCommand('sb-viewport', { width: 1600, height: 900 });
    server = await startServer();
    const host127 = `http://127.0.0.1:${server.port}`;
    const hostLocal = `http://localhost:${server.port}`;
    alice = new AgentDesktopClientAPIImpl({ server: host127 });
    sam = new AgentDesktopClientAPIImpl({ server: hostLocal });
    Object.assign(alice.iframe.style, { width: '560px', height: '640px' });
    Object.assign(sam.iframe.style, { width: '900px', height: '640px' });
    sam.on('ON_AGENT_STATE_CHANGE', (state) => void samStates.push(state));
    aliceWidget = frame(`${host127}/widget/`);
    samWidget = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'sam');
    await aliceWidget.select('select[name=agent-state]', 'ONLINE');
    shopTab = await openTab(`${host127}/demo/shop.html`, { recordWebSocket: true });
    shop = frame(`${host127}/demo/shop.html`, shopTab);
  });
  after(async () => {
    await stopServer(server);
  });

  it('sees alice\'s chat in the live view and watches it: the host API says supervising, and back after', async () => {
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.type('[name=message]:enabled', 'Where is my order?');
    await shop.click('[data-action=send]');
    // Alice's CRM accepts the offer as soon as it rings.
    await eventually(async () => (await alice.acceptInteraction()).status === 'success', 15_000, 'alice accepts the chat');
    await aliceWidget.waitForText('.sb-messages', 'Where is my order?');
    chatId = await eventually(async () => ok(await alice.getInteractionsState()).interactions.find((i) => i.state === 'delivered')?.interactionId, 10_000, 'alice\'s chat');

    // The live view: alice busy with Carla's chat.
    await samWidget.click('[data-view=supervisor]');
    await samWidget.waitForText(`[data-agent=alice] [data-chat="${chatId}"]`, 'Carla Verdi');
    await samWidget.waitFor('[data-agent=alice][data-state=busy]');
    await samWidget.waitForText('[data-queue=default]', 'Customer Service');
    expect(await samState()).to.equal('not_ready'); // sam is offline for routing: he only supervises

    // Watch: the chat opens read-only (no reply box, a whisper box), and sam's CRM sees him supervising.
    await samWidget.click(`[data-chat="${chatId}"] [data-action=watch]`);
    await samWidget.waitForText('[data-watched] .sb-messages', 'Where is my order?');
    expect(await samWidget.texts('[data-watched] input[name=message]')).to.deep.equal([]);
    await samWidget.waitFor('[data-watched] input[name=whisper]');
    await eventually(async () => (await samState()) === 'supervising', 10_000, 'getAgentState supervising');
    await eventually(() => samStates.includes('supervising'), 5_000, 'ON_AGENT_STATE_CHANGE supervising');
    // Watching is silent: the customer is not told.
    expect(await customerSaw('"sam"')).to.equal(false);

    // What the customer writes next reaches the watched chat live.
    await shop.type('[name=message]:enabled', 'It was due on Monday');
    await shop.click('[data-action=send]');
    await samWidget.waitForText('[data-watched] .sb-messages', 'It was due on Monday');

    // Stop watching: back to not ready.
    await samWidget.click('[data-action=unwatch]');
    await samWidget.waitForGone('[data-watched]');
    await eventually(async () => (await samState()) === 'not_ready', 10_000, 'getAgentState back to not_ready');
    await eventually(() => samStates.lastIndexOf('not_ready') > samStates.indexOf('supervising'), 5_000, 'ON_AGENT_STATE_CHANGE back to not_ready');
  });

  it('whispers to alice: she sees it, the customer never does', async () => {
    await samWidget.click(`[data-chat="${chatId}"] [data-action=whisper]`);
    await samWidget.waitFor('[data-watched] input[name=whisper]');
    await samWidget.type('[data-watched] input[name=whisper]', WHISPER);
    await samWidget.click('[data-action=send-whisper]');
    await samWidget.waitForText('[data-watched] .sb-message[data-private]', WHISPER);
    await aliceWidget.waitForText('.sb-messages .sb-message[data-private]', WHISPER);
    expect(await aliceWidget.texts('.sb-message[data-private] .sb-from bdi')).to.include('Sam');
    // Later messages reach the customer; the whisper never does, in the page or on the wire.
    await aliceWidget.type('input[name=message]', 'Let me check with the carrier');
    await aliceWidget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'Let me check with the carrier');
    expect(await customerSaw('Let me check with the carrier'), 'the check sees what did reach the customer').to.equal(true);
    expect(await customerSaw(WHISPER)).to.equal(false);
    expect(await customerSaw('voucher')).to.equal(false);
  });

  it('intervenes: the customer hears chat:intervened and reads the supervisor; alice sees it', async () => {
    await shop.eval<boolean>("(window.__intervened = [], window.switchboardChat.on('chat:intervened', (e) => window.__intervened.push(e)), true)");
    await samWidget.click(`[data-chat="${chatId}"] [data-action=intervene]`);
    // Sam's desk shows the chat as one of his, with a reply box.
    await samWidget.waitFor('[data-action=leave]');
    await samWidget.waitForText('.sb-chat-head', 'Carla Verdi');
    const intervened = await eventually(async () => (await shop.eval<any[]>('window.__intervened'))[0], 10_000, 'chat:intervened in the customer\'s SDK');
    expect(intervened.interventor).to.deep.equal({ id: 'sam', name: 'Sam Moretti', nickname: 'Sam' });
    expect(intervened.chat.id).to.equal(chatId);
    await shop.waitForText('.sbc-messages .sys', 'Sam, a supervisor, joined the chat');
    expect((await shop.texts('.sbc-messages .sys')).filter((t) => t.includes('Sam')), 'one line says so').to.have.length(1);
    await aliceWidget.waitForText('.sb-notice', 'a supervisor, joined the chat with Carla Verdi');

    await samWidget.type('input[name=message]', 'Hello Carla, I am Sam, the team lead: the voucher is yours');
    await samWidget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'Hello Carla, I am Sam, the team lead');
    await aliceWidget.waitForText('.sb-messages', 'Hello Carla, I am Sam, the team lead');
    // In the chat he watches nothing: his CRM sees his own state again (not ready: he takes no routed
    // chats), and the chat as one of his interactions. The whisper still never reached the customer.
    await eventually(async () => (await samState()) === 'not_ready', 10_000, 'getAgentState not_ready after intervening');
    const mine = ok(await sam.getInteractionsState()).interactions.find((i) => i.interactionId === chatId);
    expect(mine?.state).to.equal('delivered');
    expect(await customerSaw(WHISPER)).to.equal(false);
  });
});
