/**
 * The host API's voice methods, InteractionData of calls, agent states and call events, over a
 * recording CallController in this page (the widget's host methods called as the bridge calls
 * them; the server's call handling is another test's).
 */
import { expect } from '@esm-bundle/chai';
import { ProtocolError, type HostEventName, type OperationResult } from '../../protocol/index.ts';
import { HostContext, HostEvents, createHostApi, wireHostEvents, type HostMethods } from '../../widget/api/host-api/index.ts';
import { RecordingLinks } from '../../widget/calls/index.ts';
import { agentParty, callContact, callView, customerParty } from '../helpers/call-fixtures.ts';
import { desk, tick, type Desk } from './fixtures/call-desk.ts';
import { eventually } from './harness.ts';

const errorOf = (r: OperationResult<unknown>) => (r.status === 'error' ? { name: r.error.name, code: r.error.code } : { name: 'success', code: 0 });
const dataOf = <T>(r: OperationResult<T>): T => {
  if (r.status !== 'success') throw new Error(`expected success, got ${r.error.name}: ${r.error.message}`);
  return r.data;
};

describe('host API: calls', function () {
  this.timeout(30_000);
  let d: Desk;
  let api: HostMethods;
  let host: HostContext;
  let events: [HostEventName, unknown[]][];
  const named = (name: HostEventName) => events.filter(([n]) => n === name).map(([, a]) => a);

  beforeEach(() => {
    d = desk({ mount: false });
    host = new HostContext();
    const hostEvents = new HostEvents();
    events = [];
    hostEvents.add((name, args) => void events.push([name, args]));
    wireHostEvents(d.session, hostEvents, host, d.branding, d.fake);
    api = createHostApi({ session: d.session, branding: d.branding, host, events: hostEvents, isOwner: () => true, openLogin: () => {}, calls: d.fake });
    // The session starts as after a login (interaction events wait for ON_LOGIN).
    d.session.events.emit('status', 'logged_in');
  });
  afterEach(() => d.unmount());

  it('call controls map to the controller with Bright Pattern argument order, results and errors', async () => {
    expect(errorOf(await api.setCallMute(true))).to.deep.equal({ name: 'no_interaction', code: 13 });
    d.show([callContact('c1', { type: 'chat', call: null })]);
    expect(errorOf(await api.setCallMute(true)), 'a chat without a call').to.deep.equal({ name: 'not_suitable_state', code: 15 });
    d.show([callContact('v1')]);
    expect(dataOf(await api.setCallMute(true))).to.equal(null);
    expect(dataOf(await api.setCallHold(true, 'v1'))).to.equal(null);
    expect(dataOf(await api.setCallRecording(true, ''))).to.equal(null);
    expect(dataOf(await api.sendDtmf('12#*', 'v1'))).to.equal(null);
    expect(errorOf(await api.setCallMute('yes' as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.sendDtmf('12x'))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.sendDtmf('1'.repeat(65)))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.setCallRecordingMute(true)), 'nothing recording').to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(errorOf(await api.setCallHold(true, 'nope'))).to.deep.equal({ name: 'no_interaction', code: 13 });
    expect(d.fake.log).to.deep.equal([
      ['mute', 'v1', true],
      ['hold', 'v1', true],
      ['setRecording', 'v1', true],
      ['sendDtmf', 'v1', '12#*'],
    ]);
    // The state the server keeps: asking for it again is a success that does nothing.
    d.upsert(callContact('v1', { call: callView({ muted: true, hold: true, state: 'held', recording: true }) }));
    expect(dataOf(await api.setCallMute(true))).to.equal(null);
    expect(dataOf(await api.setCallHold(true))).to.equal(null);
    expect(errorOf(await api.sendDtmf('1')), 'on hold').to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.setCallRecordingMute(true))).to.equal(null);
    expect(d.fake.log.slice(4)).to.deep.equal([['setRecordingPaused', 'v1', true]]);
    // A controller error reaches the host as Bright Pattern's code.
    d.fake.failing = { method: 'hold', error: new ProtocolError('not_connected', 'the connection is down') };
    expect(errorOf(await api.setCallHold(false))).to.deep.equal({ name: 'timeout', code: 8 });
    // A ringing call is not answered yet.
    d.show([callContact('v2', { call: callView({ state: 'ringing', direction: 'outbound', connectTime: null }) })]);
    expect(errorOf(await api.setCallMute(true, 'v2'))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(errorOf(await api.getScreenRecordingState())).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
  });

  it('startCall: an agent (internal), the customer of an open chat, not oneself, not empty, not a phone number', async () => {
    d.show([callContact('c1', { type: 'chat', call: null })]);
    const contexts: unknown[][] = [];
    d.session.actions.setContext = async (...args: unknown[]) => void contexts.push(args);
    expect(dataOf(await api.startCall('bob'))).to.deep.equal({ id: 'call-1' });
    expect(dataOf(await api.startCall('Nadia Bianchi', { id: 'A-1', type: 'account' } as any))).to.deep.equal({ id: 'call-2' });
    expect(d.fake.calls('startCall')).to.deep.equal([[{ agentId: 'bob' }], [{ contactId: 'c1' }]]);
    expect(contexts).to.deep.equal([['call-2', 'objects', { list: [{ id: 'A-1', type: 'account', displayName: '', displayType: 'account', customFields: {}, source: 'crm' }], selected: ['A-1'] }]]);
    expect(errorOf(await api.startCall('alice'))).to.deep.equal({ name: 'self_call', code: 12 });
    expect(errorOf(await api.startCall(' '))).to.deep.equal({ name: 'empty_number', code: 10 });
    // No telephone network: a number is not dialable; a name nobody has is not found; neither reaches the controller.
    expect(errorOf(await api.startCall('+39 02 1234 5678'))).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    expect(errorOf(await api.startCall('Nobody Known'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(d.fake.calls('startCall')).to.have.length(2);
    host.phoneDevice = { type: 'phone_type_none' };
    expect(errorOf(await api.startCall('bob'))).to.deep.equal({ name: 'logged_without_phone', code: 4 });
  });

  it('consult then transfer or merge; blind transfer; conference invite, remove, destroy', async () => {
    d.show([callContact('v1')]);
    expect(errorOf(await api.transfer({ crmCase: 'C-1' })), 'no consultation').to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.consultCall('Bob'))).to.equal(null);
    expect(d.fake.calls('consult')).to.deep.equal([['v1', { toAgent: 'bob' }]]);
    d.fake.setMedia('v1', { consult: { contactId: 'consult-9', agentId: 'bob' } });
    expect(errorOf(await api.consultCall('bob')), 'one at a time').to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.transfer({ crmCase: 'C-1' }))).to.equal(null);
    expect(dataOf(await api.mergeAllCallsIntoConference())).to.equal(null);
    expect(errorOf(await api.transfer({ nested: {} } as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(d.fake.calls('completeTransfer')).to.deep.equal([['v1', { crmCase: 'C-1' }]]);
    expect(d.fake.calls('mergeConsult')).to.deep.equal([['v1', undefined]]);
    // The consultation's own contact active: transfer still completes the held call's.
    d.upsert(callContact('consult-9', { call: callView({ internal: true, direction: 'outbound', parties: [agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi')] }) }));
    d.session.store.setActive('consult-9');
    expect(dataOf(await api.transfer())).to.equal(null);
    expect(d.fake.calls('completeTransfer').at(-1)).to.deep.equal(['v1', undefined]);
    d.session.store.setActive('v1');
    expect(dataOf(await api.blindTransfer('sales', { crmCase: 'C-2' }, 'v1'))).to.equal(null);
    expect(d.fake.calls('blindTransfer')).to.deep.equal([['v1', { toSkill: 'sales' }, { crmCase: 'C-2' }]]);
    expect(errorOf(await api.blindTransfer('+1 555 0100', undefined, 'v1'))).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    expect(dataOf(await api.inviteToCallConference('bob', undefined, 'v1'))).to.equal(null);
    expect(d.fake.calls('inviteToConference')).to.deep.equal([['v1', { toAgent: 'bob' }, undefined]]);
    expect(errorOf(await api.removeFromCallConference('bob')), 'bob has not joined').to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(errorOf(await api.destroyCallConference())).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    d.upsert(callContact('v1', { call: callView({ parties: [customerParty(), agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi')] }) }));
    expect(dataOf(await api.removeFromCallConference('agent:bob'))).to.equal(null);
    expect(dataOf(await api.destroyCallConference('v1'))).to.equal(null);
    expect(d.fake.calls('removeFromConference')).to.deep.equal([['v1', 'bob']]);
    expect(d.fake.calls('endConference')).to.deep.equal([['v1']]);
  });

  it('a widget without calls says so', async () => {
    const bare = createHostApi({ session: d.session, branding: d.branding, host, events: new HostEvents(), isOwner: () => true, openLogin: () => {} });
    d.show([callContact('v1')]);
    expect(errorOf(await bare.setCallMute(true))).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    expect(errorOf(await bare.startCall('bob'))).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    d.session.link.status = 'logged_out';
    expect(errorOf(await api.setCallMute(true))).to.deep.equal({ name: 'not_logged_in', code: 2 });
    d.session.link.status = 'logged_in';
  });

  it('InteractionData, agent states and interaction events follow the call', async () => {
    d.show([callContact('v1', { list: 'pending', state: 'offered', offerExpiresAt: Date.now() + 20_000, call: callView({ state: 'ringing', connectTime: null }) })]);
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'ringing', reservedForIncomingInteraction: true });
    expect(named('ON_AGENT_STATE_CHANGE').at(-1)).to.deep.equal(['ringing', undefined]);
    d.upsert(callContact('v1'));
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'busy', reservedForIncomingInteraction: false });
    const before = named('ON_INTERACTION_STATE_CHANGE').length;
    d.upsert(callContact('v1', { call: callView({ muted: true }) }));
    const changed = named('ON_INTERACTION_STATE_CHANGE').slice(before);
    expect(changed.length).to.equal(1);
    const [data] = changed[0] as any[];
    expect(data).to.deep.include({ interactionId: 'v1', type: 'voice', callMuted: true, callRecording: false, callDirection: 'inbound', internal: false, ANI: 'customer:cust-1', DNIS: 'agent:alice' });
    expect(data.callParties).to.deep.include({ id: 'alice', name: 'Alice Rossi', phone: 'agent:alice', userId: 'alice' });
    // A recording appears: its link comes from the controller and shows in InteractionData.
    const links = new RecordingLinks(d.session.store, d.fake);
    d.upsert(callContact('v1', { call: callView({ muted: true, recording: true, recordings: ['rec-1'] }) }));
    await eventually(async () => dataOf(await api.getInteractionsState()).interactions[0].recordingUrl, 2_000, 'recordingUrl');
    const [withRecording] = dataOf(await api.getInteractionsState()).interactions;
    expect(withRecording.recordingUrl).to.equal('https://sb.test/api/recordings/rec-1?t=x&download');
    expect(withRecording.playbackUrl).to.equal('https://sb.test/api/recordings/rec-1?t=x');
    expect(d.fake.calls('recordingLink')).to.deep.equal([['rec-1']]);
    expect((named('ON_INTERACTION_STATE_CHANGE').at(-1)![0] as any).recordingUrl).to.equal(withRecording.recordingUrl);
    links.dispose();
  });

  it('softphone status and capabilities from the controller, on login and on change', async () => {
    await tick(); // the beforeEach login's events are out
    events.length = 0;
    d.session.events.emit('status', 'logged_in');
    await eventually(() => named('ON_SOFTPHONE_STATUS_CHANGE').length, 2_000, 'softphone status at login');
    expect(named('ON_SOFTPHONE_STATUS_CHANGE')).to.deep.equal([[true]]);
    expect(named('ON_PHONE_CAPABILITIES_CHANGE')).to.deep.equal([[{ canDial: true, canAnswer: true, canHold: true, canRetrieve: true }]]);
    d.fake.setSoftphone({ ready: false, error: 'microphone permission denied' });
    d.fake.setSoftphone({ ready: false, error: 'microphone permission denied' });
    expect(named('ON_SOFTPHONE_STATUS_CHANGE')).to.deep.equal([[true], [false, 'microphone permission denied']]);
    expect(named('ON_PHONE_CAPABILITIES_CHANGE').at(-1)).to.deep.equal([{ canDial: false, canAnswer: false, canHold: false, canRetrieve: false }]);
  });

  it("ON_AUDIO_DEVICE_CHANGE from the browser's devices and the agent's choice", async () => {
    // Chromium's fake devices are named once the page may use the microphone (auto-granted by the test flags).
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.getTracks().forEach((t) => t.stop());
    await d.fake.refreshDevices();
    const state = d.fake.devices();
    expect(state.inputs.map((i) => i.label)).to.include('Fake Audio Input 1');
    expect(state.outputs.map((o) => o.label)).to.include('Fake Audio Output 1');
    await eventually(() => named('ON_AUDIO_DEVICE_CHANGE').length, 2_000, 'the devices listed');
    expect(named('ON_AUDIO_DEVICE_CHANGE').at(-1)).to.deep.equal(['Fake Default Audio Input', 'Fake Default Audio Output']);
    const speaker = state.outputs.find((o) => o.label === 'Fake Audio Output 2')!;
    // The call's audio element follows the chosen speaker (setSinkId).
    const audio = new Audio();
    const release = d.audio.attachOutput(audio);
    await d.fake.chooseDevice('output', speaker.deviceId);
    expect(named('ON_AUDIO_DEVICE_CHANGE').at(-1)).to.deep.equal(['Fake Default Audio Input', 'Fake Audio Output 2']);
    await eventually(() => audio.sinkId === speaker.deviceId, 2_000, 'sinkId set');
    const mic = state.inputs.find((i) => i.label === 'Fake Audio Input 2')!;
    await d.fake.chooseDevice('input', mic.deviceId);
    expect(named('ON_AUDIO_DEVICE_CHANGE').at(-1)).to.deep.equal(['Fake Audio Input 2', 'Fake Audio Output 2']);
    expect(d.audio.inputConstraint()).to.deep.equal({ exact: mic.deviceId });
    const count = named('ON_AUDIO_DEVICE_CHANGE').length;
    await d.fake.chooseDevice('input', mic.deviceId);
    expect(named('ON_AUDIO_DEVICE_CHANGE').length, 'the same choice again: no event').to.equal(count);
    let refused: unknown;
    await d.fake.chooseDevice('input', 'no-such-device').catch((e) => (refused = e));
    expect((refused as ProtocolError).name).to.equal('invalid_args');
    await d.fake.chooseDevice('output', null);
    expect(audio.sinkId).to.equal('');
    release();
    await tick();
  });
});
