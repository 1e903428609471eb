import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interactionData } from '../../../widget/api/interaction-data.ts';
import { callInfo, deviceInUse, formatDuration, ringingContacts } from '../../../widget/calls/call-model.ts';
import { InteractionStore } from '../../../widget/session/interaction-store.ts';
import { agentParty, callContact, callView, customerParty } from '../../helpers/call-fixtures.ts';

const name = (id: string) => id;

describe('InteractionData of a call', () => {
  it('an inbound customer call: parties with the agent userId, addresses, flags, times from the call', () => {
    const contact = callContact('v1', { call: callView({ muted: true, recording: true }) });
    const data = interactionData(contact, name, 'alice', 40_000);
    assert.equal(data.type, 'voice');
    assert.deepEqual(data.callParties, [
      { id: 'cust-1', name: 'Nadia Bianchi', phone: 'customer:cust-1' },
      { id: 'alice', name: 'Alice Rossi', phone: 'agent:alice', userId: 'alice' },
    ]);
    assert.equal(data.callMuted, true);
    assert.equal(data.callRecording, true);
    assert.equal(data.callDirection, 'inbound');
    assert.equal(data.internal, false);
    assert.equal(data.ANI, 'customer:cust-1');
    assert.equal(data.DNIS, 'agent:alice');
    assert.equal(data.phoneNumber, 'customer:cust-1');
    assert.equal(data.startTime, 10_000);
    assert.equal(data.duration, 30);
    assert.equal(data.endTime, undefined);
    assert.equal(data.state, 'delivered');
    assert.equal(data.recordingUrl, undefined);
  });

  it('held, ended, internal and outbound calls', () => {
    assert.equal(interactionData(callContact('v1', { call: callView({ hold: true, state: 'held' }) }), name, 'alice').state, 'hold');
    const ended = interactionData(callContact('v1', { call: callView({ state: 'ended', endTime: 70_000, endReason: 'hangup_customer' }) }), name, 'alice', 99_000);
    assert.equal(ended.endTime, 70_000);
    assert.equal(ended.duration, 60);
    const internal = interactionData(
      callContact('v2', { call: callView({ internal: true, direction: 'outbound', ani: 'agent:alice', dnis: 'agent:bob', parties: [agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi')] }) }),
      name,
      'alice',
    );
    assert.equal(internal.internal, true);
    assert.equal(internal.interactionKind, 'direct_call');
    assert.equal(internal.callDirection, 'outbound');
    assert.equal(internal.phoneNumber, 'agent:bob');
    const out = interactionData(callContact('v3', { type: 'chat', call: callView({ direction: 'outbound' }) }), name, 'alice', 40_000);
    assert.equal(out.interactionKind, 'outbound');
    assert.equal(out.type, 'chat');
    assert.equal(out.startTime, 9_000, "a chat's times stay the chat's");
    // A party who left is no longer a party of the call.
    const left = interactionData(callContact('v4', { call: callView({ parties: [customerParty(), agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi', { state: 'left' })] }) }), name, 'alice');
    assert.deepEqual(left.callParties.map((p) => p.id), ['cust-1', 'alice']);
  });

  it('recordingUrl and playbackUrl: the link of the latest recording file while it is valid, to save and to play', () => {
    const contact = callContact('v1', { call: callView({ recording: false, recordings: ['r1', 'r2'] }) });
    const link = { recordingId: 'r2', url: 'https://sb.example/api/recordings/r2?token=t', expiresAt: 100_000 };
    const data = interactionData(contact, name, 'alice', 50_000, link);
    assert.equal(data.recordingUrl, `${link.url}&download`);
    assert.equal(data.playbackUrl, link.url);
    assert.equal(interactionData(contact, name, 'alice', 50_000, { ...link, recordingId: 'r1' }).recordingUrl, undefined, 'an older recording');
    assert.equal(interactionData(contact, name, 'alice', 100_001, link).recordingUrl, undefined, 'expired');
  });

  it('the store tells the host when a call changes (mute, hold, recording), not when only time passes', () => {
    const store = new InteractionStore();
    const events: [string, any][] = [];
    store.events.on('host', (n, args) => events.push([n, args[0]]));
    store.upsertContact(callContact('v1'));
    store.upsertContact(callContact('v1', { call: callView({ muted: true }) }));
    store.upsertContact(callContact('v1', { call: callView({ muted: true, state: 'held', hold: true }) }));
    store.upsertContact(callContact('v1', { call: callView({ muted: true, state: 'held', hold: true, startTime: 10_001 }) }));
    store.setRecordingLink('v1', { recordingId: 'r1', url: 'u', expiresAt: Date.now() + 60_000 });
    const changes = events.filter(([n]) => n === 'ON_INTERACTION_STATE_CHANGE').map(([, d]) => [d.callMuted, d.state]);
    assert.deepEqual(changes, [
      [true, 'delivered'],
      [true, 'hold'],
      [true, 'hold'],
    ]);
  });
});

describe('the call model', () => {
  it('rings for the agent: an offered call, or one calling in on its contact; not one it placed; not past the deadline', () => {
    const offered = callContact('o', { list: 'pending', state: 'offered', offerExpiresAt: 5_000, call: callView({ state: 'ringing', connectTime: null }) });
    const inbound = callContact('i', { call: callView({ state: 'ringing', connectTime: null }) });
    const placed = callContact('p', { call: callView({ state: 'ringing', direction: 'outbound', connectTime: null }) });
    const listOf = (id: string) => [offered, inbound, placed].find((c) => c.id === id)?.list;
    assert.deepEqual(ringingContacts([offered, inbound, placed], listOf, 4_000).map((c) => c.id), ['o', 'i']);
    assert.deepEqual(ringingContacts([offered, inbound, placed], listOf, 5_000).map((c) => c.id), ['i']);
    const info = callInfo(offered, 'pending', 'alice', undefined, 4_000)!;
    assert.equal(info.incoming, true);
    assert.equal(info.answerBy, 5_000);
    assert.equal(info.partyName, 'Nadia Bianchi');
    assert.equal(callInfo(placed, 'assigned', 'alice')!.outgoing, true);
    assert.equal(callInfo(callContact('x', { call: null }), 'assigned', 'alice'), null);
  });

  it('durations and devices', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(65_400), '1:05');
    assert.equal(formatDuration(3_725_000), '1:02:05');
    const state = {
      inputs: [{ deviceId: 'default', label: 'Default' }, { deviceId: 'm2', label: 'Headset mic' }],
      outputs: [{ deviceId: 's1', label: '' }],
      input: null,
      output: null,
      outputSelectable: true,
    };
    assert.equal(deviceInUse(state, 'input'), 'Default');
    assert.equal(deviceInUse({ ...state, input: 'm2' }, 'input'), 'Headset mic');
    assert.equal(deviceInUse(state, 'output'), 's1', 'no label (no permission yet): the id');
    assert.equal(deviceInUse({ ...state, outputs: [] }, 'output'), undefined);
  });
});
