/** The host's agent state with calls: a call ringing for the agent is `ringing`, a live call keeps the agent `busy`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostAgentState, type AgentView, type CallView, type ContactView } from '../../../protocol/index.ts';

const agent: AgentView = { id: 'alice', username: 'alice', name: 'Alice', nickname: 'Alice', state: 'ONLINE', forcedPause: false, skills: [], capacity: 3, role: 'agent', watching: [] };
const call = (state: CallView['state'], agentState: CallView['parties'][number]['state']): CallView => ({
  state, direction: 'inbound', internal: false, ani: 'customer:c', dnis: 'default', muted: false, hold: false, recording: false, recordingPaused: false, recordingError: null, recordings: [],
  video: false, sharing: false, parked: false, consult: null, conference: false, transferring: false, consultFor: null, startTime: 1, connectTime: null, endTime: null, endReason: null,
  parties: [
    { kind: 'customer', id: 'c', name: 'C', address: 'customer:c', state: 'connected' },
    { kind: 'agent', id: 'alice', name: 'Alice', userId: 'alice', address: 'agent:alice', state: agentState },
  ],
});
const contact = (over: Partial<ContactView>): ContactView => ({
  id: 'x', type: 'voice', state: 'delivered', list: 'assigned', isMine: false, queue: 'default', queueName: 'Q',
  customer: { id: 'c', name: 'C', authType: 'CONSUMER_ANONYMOUS' }, agent: null, lang: 'en', source: '', attachedData: {}, priority: 0,
  mode: 'direct', offerExpiresAt: null, participants: [], transfer: null, disposition: null, notes: [], createdAt: 1, deliveredAt: 1,
  endedAt: null, completedAt: null, endReason: null, call: null, unread: 0, customerReadUpTo: 0, ttr: null, csat: null, idle: false, ...over,
});

describe('host agent state with calls', () => {
  it('is ringing while a call rings for the agent, even when not ready', () => {
    assert.equal(hostAgentState(agent, [contact({ state: 'offered', list: 'pending', call: call('ringing', 'ringing') })]).state, 'ringing');
    assert.equal(hostAgentState({ ...agent, state: 'AWAY' }, [contact({ state: 'offered', list: 'pending', call: call('ringing', 'ringing') })]).state, 'ringing');
    assert.equal(hostAgentState(agent, [contact({ type: 'chat', call: call('ringing', 'ringing') })]).state, 'ringing');
  });
  it('is ringing while a call transferred to the agent waits for them; its sender, who holds it, is busy', () => {
    const transferred = { ...call('held', 'connected'), hold: true, transferring: true };
    assert.equal(hostAgentState(agent, [contact({ state: 'offered', list: 'pending', call: transferred })]).state, 'ringing');
    assert.equal(hostAgentState(agent, [contact({ state: 'offered', list: 'assigned', call: transferred })]).state, 'busy');
    // A held call offered without a transfer (an invitation to a contact whose call is held) does not ring.
    assert.notEqual(hostAgentState(agent, [contact({ state: 'offered', list: 'pending', call: { ...transferred, transferring: false } })]).state, 'ringing');
  });
  it('is busy on a live call the agent placed, and after_call_work once it ended in wrap-up', () => {
    const placed = { ...call('ringing', 'connected'), direction: 'outbound' as const };
    assert.equal(hostAgentState(agent, [contact({ type: 'chat', call: placed })]).state, 'busy');
    assert.equal(hostAgentState(agent, [contact({ state: 'wrap_up', call: { ...call('ended', 'left'), endReason: 'hangup_agent' } })]).state, 'after_call_work');
  });
});
