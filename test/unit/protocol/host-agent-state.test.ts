import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOST_AGENT_STATE_TABLE, hostAgentState, type AgentView, type ContactView } from '../../../protocol/index.ts';
import { callContact, callView } from '../../helpers/call-fixtures.ts';

const agent = (over: Partial<AgentView> = {}): AgentView => ({ id: 'alice', username: 'alice', name: 'Alice Rossi', ...over }) as AgentView;
const online = agent({ state: 'ONLINE', forcedPause: false } as Partial<AgentView>);
const chat = (over: Partial<ContactView>) => callContact('c', { type: 'chat', call: null, ...over });

describe('host agent state table', () => {
  const rows: [string, AgentView, ContactView[], string, string?][] = [
    ['nothing to do', online, [], 'ready'],
    ['a chat offered', online, [chat({ list: 'pending', state: 'offered' })], 'reserved'],
    ['a chat in conversation', online, [chat({})], 'busy'],
    ['a chat in wrap-up', online, [chat({ state: 'wrap_up' })], 'after_call_work'],
    ['a call offered rings', online, [callContact('v', { list: 'pending', state: 'offered', call: callView({ state: 'ringing', connectTime: null }) })], 'ringing'],
    ['a customer calls in on an assigned chat', online, [chat({ call: callView({ state: 'ringing', connectTime: null }) })], 'ringing'],
    ['a call ringing beats a chat in conversation', online, [chat({ id: 'c1' }), callContact('v', { list: 'pending', state: 'offered', call: callView({ state: 'ringing' }) })], 'ringing'],
    ['the agent dials out: busy, not ringing', online, [callContact('v', { call: callView({ state: 'ringing', direction: 'outbound', connectTime: null }) })], 'busy'],
    ['in a call', online, [callContact('v', {})], 'busy'],
    ['a held call', online, [callContact('v', { call: callView({ state: 'held', hold: true }) })], 'busy'],
    ['an ended call in wrap-up', online, [callContact('v', { state: 'wrap_up', call: callView({ state: 'ended', endTime: 20_000 }) })], 'after_call_work'],
    ['away', agent({ state: 'AWAY', forcedPause: false } as Partial<AgentView>), [], 'not_ready', 'Away'],
    ['forced pause', agent({ state: 'ONLINE', forcedPause: true } as Partial<AgentView>), [], 'not_ready', 'Missed offer'],
    ['away, a colleague calls', agent({ state: 'AWAY', forcedPause: false } as Partial<AgentView>), [callContact('v', { list: 'pending', call: callView({ state: 'ringing', internal: true }) })], 'ringing'],
    ['a supervisor watching a chat', agent({ state: 'ONLINE', forcedPause: false, watching: ['c9'] } as Partial<AgentView>), [], 'supervising'],
    ['a supervisor watching while away', agent({ state: 'AWAY', forcedPause: false, watching: ['c9'] } as Partial<AgentView>), [], 'supervising'],
    ['watching beats a chat of their own', agent({ state: 'ONLINE', forcedPause: false, watching: ['c9'] } as Partial<AgentView>), [chat({})], 'supervising'],
    ['an offer shows while watching', agent({ state: 'ONLINE', forcedPause: false, watching: ['c9'] } as Partial<AgentView>), [chat({ list: 'pending', state: 'offered' })], 'reserved'],
    ['a call rings while watching', agent({ state: 'ONLINE', forcedPause: false, watching: ['c9'] } as Partial<AgentView>), [callContact('v', { list: 'pending', state: 'offered', call: callView({ state: 'ringing' }) })], 'ringing'],
    ['back after watching', agent({ state: 'AWAY', forcedPause: false, watching: [] } as Partial<AgentView>), [], 'not_ready', 'Away'],
  ];
  for (const [what, a, contacts, state, reason] of rows) {
    it(what, () => {
      const data = hostAgentState(a, contacts);
      assert.equal(data.state, state);
      assert.equal(data.notReadyReason, reason);
      assert.equal(data.reservedForIncomingInteraction, contacts.some((c) => c.list === 'pending'));
    });
  }
  it('ends with a row that always matches', () => {
    assert.equal(HOST_AGENT_STATE_TABLE.at(-1)!.state, 'ready');
    assert.equal(HOST_AGENT_STATE_TABLE.at(-1)!.when(online, { callRinging: false, offered: false, inCall: false, conversing: false, wrapUp: false, supervising: false }), true);
  });
});
