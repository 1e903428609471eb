/**
 * Every voice method of Bright Pattern's host API through the widget's real call controller against
 * a real server, in Chromium: this page is the CRM of two agents (alice's widget on 127.0.0.1,
 * carol's on localhost), the demo shop is the customer (twice: a caller, and a chat customer the
 * agent calls). What the CRM sees is checked as it would see it: the methods' results, the events
 * (ON_INTERACTION_STATE_CHANGE with callMuted, the hold state, callRecording and recordingUrl,
 * callParties with userId; ON_LOAD_TRANSFER_DATA), and the audio at each side.
 * (consultCall, then transfer or a merged conference: e2e-call-consult.test.ts.)
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { HostEventName, InteractionData, OperationResult } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, startShopChat, startServer, stopServer, type TestServer } from './harness.ts';
import { SILENT_PEAK, SOUND_PEAK, agentHears, agentPeak, customerStats, sleep, type Frame } from './call-e2e.ts';

type Seen = [HostEventName, unknown[]][];

describe('end to end: the host API drives calls', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: AgentDesktopClientAPIImpl;
  let carol: AgentDesktopClientAPIImpl;
  let aliceWidget: Frame;
  let carolWidget: Frame;
  let caller: Frame; // the shop on 127.0.0.1: a customer who calls
  let chatter: Frame; // the shop on localhost: a customer who chats, then is called
  const seenByAlice: Seen = [];
  const seenByCarol: Seen = [];
  let callId = '';

  const ok = <T>(r: OperationResult<T>): T => {
    if (r.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(r)}`);
    return r.data;
  };
  /** The interaction as the CRM last heard of it (ON_NEW_INTERACTION / ON_INTERACTION_STATE_CHANGE). */
  const lastHeard = (seen: Seen, id: string): InteractionData | undefined =>
    seen
      .filter(([n, [d]]) => (n === 'ON_NEW_INTERACTION' || n === 'ON_INTERACTION_STATE_CHANGE') && (d as InteractionData).interactionId === id)
      .map(([, [d]]) => d as InteractionData)
      .at(-1);
  const heard = (seen: Seen, id: string, what: string, test: (d: InteractionData) => unknown) =>
    eventually(() => {
      const d = lastHeard(seen, id);
      return d && test(d) ? d : null;
    }, 10_000, `the CRM told: ${what}`);
  /** The interaction offered to an agent's CRM (delivery_pending), by a test on it. */
  const offeredTo = (api: AgentDesktopClientAPIImpl, test: (d: InteractionData) => boolean) =>
    eventually(async () => {
      const r = await api.getInteractionsState();
      return (r.status === 'success' && r.data.interactions.find((i) => i.state === 'delivery_pending' && test(i))) || null;
    }, 10_000, 'an interaction offered');
  const userIds = (d: InteractionData) => d.callParties.map((p) => p.userId).filter(Boolean).sort();
  const customerEnergy = (shop: Frame) => async () => (await customerStats(shop)).inboundAudioEnergy;
  /** Sound keeps arriving at the customer: the energy received grows over a second. */
  const customerHears = async (shop: Frame, what: string) => {
    const energy = customerEnergy(shop);
    const first = await energy();
    await eventually(async () => (await energy()) > first + 0.001, 10_000, what);
  };
  const customerSilent = async (shop: Frame, what: string) => {
    const energy = customerEnergy(shop);
    await sleep(700); // what was in flight arrives
    const first = await energy();
    await sleep(1_000);
    expect((await energy()) - first, what).to.be.below(0.001);
  };
  const agentHearsSound = (widget: Frame, id: string, what: string) => eventually(async () => (await agentPeak(widget, id)) > SOUND_PEAK, 10_000, what);

  before(async () => {
    server = await startServer();
    const host127 = `http://127.0.0.1:${server.port}`;
    const hostLocal = `http://localhost:${server.port}`;
    alice = new AgentDesktopClientAPIImpl({ server: host127 });
    carol = new AgentDesktopClientAPIImpl({ server: hostLocal });
    for (const [api, seen] of [[alice, seenByAlice], [carol, seenByCarol]] as const) {
      Object.assign(api.iframe.style, { width: '480px', height: '640px' });
      for (const name of ['ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_INTERACTION_REMOVED', 'ON_LOAD_TRANSFER_DATA'] as const) {
        api.on(name, (...args: unknown[]) => void seen.push([name, args]));
      }
    }
    aliceWidget = frame(`${host127}/widget/`);
    carolWidget = frame(`${hostLocal}/widget/`);
    await signIn(`${host127}/widget/`, 'alice');
    await signIn(`${hostLocal}/widget/`, 'carol');
    ok(await alice.setAgentState('ready'));
    ok(await carol.setAgentState('not_ready', 'Away')); // customers go to alice
    await addIframe(`${host127}/demo/shop.html`, 'caller', { width: 420, height: 640 });
    await addIframe(`${hostLocal}/demo/shop.html`, 'chatter', { width: 420, height: 640 });
    caller = frame(`${host127}/demo/shop.html`);
    chatter = frame(`${hostLocal}/demo/shop.html`);
  });
  after(() => stopServer(server));

  it('a customer calls; acceptInteraction answers; setCallMute, setCallHold, sendDtmf, each with what the CRM and the customer get', async () => {
    await caller.type('input[name=name]', 'Carla Voce');
    await caller.click('[data-action=call]');
    const offer = await offeredTo(alice, (i) => i.type === 'voice');
    callId = offer.interactionId;
    ok(await alice.acceptInteraction(callId));
    const answered = await heard(seenByAlice, callId, 'the call delivered', (d) => d.state === 'delivered');
    expect(answered).to.include({ type: 'voice', callDirection: 'inbound', internal: false, callMuted: false, callRecording: false });
    expect(userIds(answered)).to.deep.equal(['alice']);
    expect(answered.callParties.find((p) => !p.userId)).to.include({ name: 'Carla Voce' });
    await caller.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(aliceWidget), 10_000, 'audio at alice');
    await agentHearsSound(aliceWidget, callId, 'alice hears the customer');
    await customerHears(caller, 'the customer hears alice');

    ok(await alice.setCallMute(true, callId));
    await heard(seenByAlice, callId, 'callMuted', (d) => d.callMuted === true);
    await aliceWidget.waitFor('.sb-call-panel [data-action=mute][aria-pressed=true]');
    await customerSilent(caller, 'the customer hears nothing from a muted agent');
    ok(await alice.setCallMute(false)); // the active interaction
    await heard(seenByAlice, callId, 'callMuted false', (d) => d.callMuted === false);
    await customerHears(caller, 'the customer hears alice again');

    ok(await alice.setCallHold(true, callId));
    await heard(seenByAlice, callId, 'the hold state', (d) => d.state === 'hold');
    await caller.waitFor('.sbc-call[data-call-state=held]');
    await customerSilent(caller, 'the customer hears nothing on hold');
    expect((await alice.sendDtmf('1', callId)).status, 'no digits on hold').to.equal('error');
    ok(await alice.setCallHold(false, callId));
    await heard(seenByAlice, callId, 'delivered again', (d) => d.state === 'delivered');
    await caller.waitFor('.sbc-call[data-call-state=connected]');

    await caller.eval(`window.switchboardChat.voice().then((v) => { window.tones = []; v.contact().on('dtmf', (e) => !e.local && window.tones.push(e.tone)); return true; })`);
    ok(await alice.sendDtmf('42#', callId));
    await eventually(async () => (await caller.eval<string[]>('window.tones')).join('') === '42#', 10_000, 'the digits at the customer');
  });

  it('setCallRecording: callRecording while it runs, then an absolute recordingUrl that plays in the CRM page', async () => {
    ok(await alice.setCallRecording(true, callId));
    await heard(seenByAlice, callId, 'callRecording', (d) => d.callRecording === true);
    await aliceWidget.waitFor('.sb-call-panel [data-recording]');
    await caller.waitForText('.sbc-call-status', 'recorded'); // the customer is told
    await sleep(2_000);
    ok(await alice.setCallRecording(false, callId));
    const stopped = await heard(seenByAlice, callId, 'a recordingUrl once stopped', (d) => d.callRecording === false && d.recordingUrl);
    expect(stopped.playbackUrl).to.equal(stopped.recordingUrl);
    // Absolute: this CRM page is on another origin than the server.
    expect(stopped.recordingUrl).to.match(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/api/recordings/[0-9a-f-]{36}\\?access=`));
    // The CRM plays it in an <audio> element (its page is another origin: no fetch, a media load).
    const audio = new Audio();
    const loaded = new Promise<string>((resolve) => {
      audio.onloadedmetadata = () => resolve('loaded');
      audio.onerror = () => resolve(`error ${audio.error?.code} ${audio.error?.message}`);
    });
    audio.src = stopped.recordingUrl!;
    expect(await loaded).to.equal('loaded');
    // MediaRecorder's WebM has no duration in its header: seeking past the end makes the element find it.
    if (!Number.isFinite(audio.duration)) {
      await new Promise<void>((resolve) => {
        audio.ondurationchange = () => Number.isFinite(audio.duration) && resolve();
        audio.currentTime = 1e6;
      });
    }
    expect(audio.duration).to.be.within(1, 10);
  });

  it('inviteToCallConference brings carol in once she answers (callParties with both userIds); removeFromCallConference takes her out', async () => {
    const invited = alice.inviteToCallConference('carol', undefined, callId); // resolves once carol answers
    const consultation = await offeredTo(carol, (i) => i.type === 'voice' && i.internal);
    expect(userIds(consultation)).to.deep.equal(['alice', 'carol']);
    ok(await carol.acceptInteraction(consultation.interactionId));
    ok(await invited);
    const conference = await heard(seenByAlice, callId, 'carol in the call', (d) => userIds(d).includes('carol'));
    expect(userIds(conference)).to.deep.equal(['alice', 'carol']);
    expect(conference.callParties).to.have.length(3);
    await caller.waitFor('.sbc-call[data-call-state=connected]');
    await carolWidget.waitFor('.sb-call-panel[data-audio=flowing]');
    await customerHears(caller, 'the customer hears the conference');

    ok(await alice.removeFromCallConference('carol', callId));
    const alone = await heard(seenByAlice, callId, 'carol gone from the call', (d) => !userIds(d).includes('carol'));
    expect(userIds(alone)).to.deep.equal(['alice']);
    await carolWidget.waitForGone('.sb-call-panel');
    await customerHears(caller, 'the customer still hears alice');
    expect((await alice.removeFromCallConference('carol', callId)).status, 'carol is no longer there').to.equal('error');
  });

  it('blindTransfer of the call to carol with data: her CRM gets it, she answers, the customer hears her, alice is out', async () => {
    ok(await carol.setAgentState('ready'));
    ok(await alice.blindTransfer('carol', { crmCase: 'C-42' }, callId));
    const offer = await offeredTo(carol, (i) => i.interactionId === callId);
    expect(offer.type).to.equal('voice');
    ok(await carol.acceptInteraction(callId));
    await eventually(() => seenByCarol.find(([n, [id]]) => n === 'ON_LOAD_TRANSFER_DATA' && id === callId), 10_000, 'ON_LOAD_TRANSFER_DATA at carol');
    expect(seenByCarol.find(([n]) => n === 'ON_LOAD_TRANSFER_DATA')![1]).to.deep.equal([callId, { crmCase: 'C-42' }]);
    const atCarol = await heard(seenByCarol, callId, 'the call delivered to carol', (d) => d.state === 'delivered' && userIds(d).includes('carol'));
    expect(userIds(atCarol)).to.deep.equal(['carol']);
    await eventually(() => seenByAlice.some(([n, [d]]) => n === 'ON_INTERACTION_REMOVED' && (d as InteractionData).interactionId === callId), 10_000, 'the call removed from alice');
    await caller.waitFor('.sbc-call[data-call-state=connected][data-parked=false]');
    await eventually(() => agentHears(carolWidget), 10_000, 'audio at carol');
    await customerHears(caller, 'the customer hears carol');
    await carolWidget.click('.sb-call-panel [data-action=hangup]');
    await caller.waitForText('.sbc-messages', 'The call has ended');
    ok(await carol.completeInteraction(callId));
  });

  it('startCall to another agent: an internal call, both hear each other', async () => {
    const id = ok(await alice.startCall('carol')).id!;
    const ringing = await offeredTo(carol, (i) => i.internal && i.type === 'voice');
    expect(ringing.interactionId).to.equal(id);
    ok(await carol.acceptInteraction(id));
    const internal = await heard(seenByAlice, id, 'the internal call answered', (d) => d.state === 'delivered' && d.callParties.length === 2);
    expect(internal).to.include({ type: 'voice', internal: true, callDirection: 'outbound' });
    expect(userIds(internal)).to.deep.equal(['alice', 'carol']);
    await agentHearsSound(aliceWidget, id, 'alice hears carol');
    await agentHearsSound(carolWidget, id, 'carol hears alice');
    ok(await alice.setCallMute(true, id));
    await sleep(500);
    expect(await agentPeak(carolWidget, id, 2_000), 'carol hears nothing from a muted alice').to.be.below(SILENT_PEAK);
    await aliceWidget.click('.sb-call-panel [data-action=hangup]');
    await carolWidget.waitForGone('.sb-call-panel');
  });

  it('startCall to the customer of an open chat: the shop rings, the customer answers, audio both ways, the chat goes on', async () => {
    ok(await carol.setAgentState('not_ready', 'Away'));
    await startShopChat(`http://localhost:${server.port}/demo/shop.html`, 'Nadia Chat', 'Please call me');
    const chat = await offeredTo(alice, (i) => i.type === 'chat');
    ok(await alice.acceptInteraction(chat.interactionId));
    const id = ok(await alice.startCall('Nadia Chat')).id!;
    expect(id, 'the call goes on the chat').to.equal(chat.interactionId);
    await chatter.waitForText('.sbc-call-status', 'is calling you');
    await chatter.click('.sbc-call [data-action=answer]');
    await chatter.waitFor('.sbc-call[data-call-state=connected]');
    const called = await heard(seenByAlice, id, 'the call on the chat', (d) => d.callParties.length === 2);
    expect(called).to.include({ type: 'chat', callDirection: 'outbound', internal: false, state: 'delivered' });
    expect(userIds(called)).to.deep.equal(['alice']);
    await agentHearsSound(aliceWidget, id, 'alice hears the customer');
    await customerHears(chatter, 'the customer hears alice');
    await chatter.click('.sbc-call [data-action=hangup]');
    await chatter.waitForText('.sbc-messages', 'The call has ended');
    ok(await alice.sendChatMessage('Thanks, talk soon', id));
    await chatter.waitForText('.sbc-messages', 'Thanks, talk soon');
  });
});
