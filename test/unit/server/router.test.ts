import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canServe, planLines, planOffers, type RoutableAgent, type WaitingContact } from '../../../server/routing/index.ts';

const agent = (id: string, over: Partial<RoutableAgent> = {}): RoutableAgent => ({
  id,
  state: 'ONLINE',
  forcedPause: false,
  capacity: 2,
  load: 0,
  lastActivityAt: 1_000,
  lastOfferAt: 0,
  skills: [],
  ...over,
});
const contact = (id: string, over: Partial<WaitingContact> = {}): WaitingContact => ({
  id,
  priority: 0,
  enqueuedAt: 1_000,
  requiredSkills: [],
  mode: 'direct',
  algorithm: 'longest-idle',
  excludedAgents: [],
  targetAgentId: null,
  allowBusy: false,
  broadcastSize: 0,
  ...over,
});
const NOW = 10_000;
const plan = (agents: RoutableAgent[], contacts: WaitingContact[]) => planOffers(agents, contacts, NOW);
const direct = (contactId: string, agentId: string) => ({ contactId, agentIds: [agentId], mode: 'direct' });

describe('router: longest-idle direct offers', () => {
  it('offers to the agent idle the longest, one agent per offer', () => {
    const offers = plan([agent('a', { lastActivityAt: 500 }), agent('b', { lastActivityAt: 100 })], [contact('c1')]);
    assert.deepEqual(offers, [direct('c1', 'b')]);
  });

  it('spreads a burst across agents before stacking one', () => {
    const offers = plan(
      [agent('a', { lastActivityAt: 100 }), agent('b', { lastActivityAt: 200 })],
      [contact('c1', { enqueuedAt: 1 }), contact('c2', { enqueuedAt: 2 }), contact('c3', { enqueuedAt: 3 })],
    );
    assert.deepEqual(offers.map((o) => [o.contactId, o.agentIds[0]]), [['c1', 'a'], ['c2', 'b'], ['c3', 'a']]);
  });

  it('skips agents that are not ONLINE or are at capacity', () => {
    const offers = plan(
      [agent('away', { state: 'AWAY', lastActivityAt: 1 }), agent('full', { load: 2, lastActivityAt: 2 }), agent('ok')],
      [contact('c1')],
    );
    assert.deepEqual(offers, [direct('c1', 'ok')]);
    assert.deepEqual(plan([agent('away', { state: 'OFFLINE' })], [contact('c1')]), []);
  });

  it('serves higher priority first, then the longest waiting', () => {
    const offers = plan(
      [agent('a', { capacity: 1 })],
      [contact('old', { enqueuedAt: 1 }), contact('vip', { priority: 5, enqueuedAt: 9 }), contact('new', { enqueuedAt: 5 })],
    );
    assert.deepEqual(offers, [direct('vip', 'a')]);
    const byWait = plan([agent('a', { capacity: 1 })], [contact('new', { enqueuedAt: 5 }), contact('old', { enqueuedAt: 1 })]);
    assert.equal(byWait[0].contactId, 'old');
  });

  it('requires the queue skills', () => {
    const offers = plan([agent('a', { lastActivityAt: 1 }), agent('s', { skills: ['sales'] })], [contact('c', { requiredSkills: ['sales'] })]);
    assert.deepEqual(offers, [direct('c', 's')]);
  });
});

describe('router: algorithms, modes and constraints', () => {
  it('least-busy picks the agent with the lowest share of capacity in use', () => {
    const offers = plan(
      [agent('a', { load: 1, capacity: 2, lastActivityAt: 1 }), agent('b', { load: 1, capacity: 4, lastActivityAt: 9 })],
      [contact('c', { algorithm: 'least-busy' })],
    );
    assert.deepEqual(offers, [direct('c', 'b')]);
  });

  it('round-robin takes turns by the last offer made', () => {
    const agents = [agent('a', { lastOfferAt: 30 }), agent('b', { lastOfferAt: 10 }), agent('c', { lastOfferAt: 20 })];
    const offers = plan(agents, [1, 2, 3].map((i) => contact(`k${i}`, { algorithm: 'round-robin', enqueuedAt: i })));
    assert.deepEqual(offers.map((o) => o.agentIds[0]), ['b', 'c', 'a']);
  });

  it('broadcast rings every eligible agent, or the best N', () => {
    const agents = [agent('a', { lastActivityAt: 3 }), agent('b', { lastActivityAt: 1 }), agent('c', { state: 'AWAY' }), agent('d', { lastActivityAt: 2 })];
    assert.deepEqual(plan(agents, [contact('x', { mode: 'broadcast' })]), [{ contactId: 'x', agentIds: ['b', 'd', 'a'], mode: 'broadcast' }]);
    assert.deepEqual(plan(agents, [contact('x', { mode: 'broadcast', broadcastSize: 2 })])[0].agentIds, ['b', 'd']);
  });

  it('prefers agents the contact did not exclude, but offers to an excluded one rather than none; never to a forced pause', () => {
    const agents = [agent('a', { lastActivityAt: 1 }), agent('p', { forcedPause: true, lastActivityAt: 0 }), agent('b', { lastActivityAt: 2 })];
    assert.deepEqual(plan(agents, [contact('c', { excludedAgents: ['a'] })]), [direct('c', 'b')]);
    assert.deepEqual(plan(agents, [contact('c', { excludedAgents: ['a', 'b'] })]), [direct('c', 'a')]);
    assert.deepEqual(plan([agent('p', { forcedPause: true })], [contact('c')]), []);
    const ring = plan(agents, [contact('x', { mode: 'broadcast', excludedAgents: ['a'] })]);
    assert.deepEqual(ring[0].agentIds, ['b']);
    assert.deepEqual(plan(agents, [contact('x', { mode: 'broadcast', excludedAgents: ['a', 'b'] })])[0].agentIds, ['a', 'b']);
  });

  it('broadcast rings only agents with room, and each ring takes one of their slots', () => {
    const carol = agent('carol', { capacity: 2 });
    const offers = plan([carol, agent('full', { capacity: 1, load: 1 })], [1, 2, 3, 4, 5].map((i) => contact(`b${i}`, { mode: 'broadcast', enqueuedAt: i })));
    assert.deepEqual(offers, [
      { contactId: 'b1', agentIds: ['carol'], mode: 'broadcast' },
      { contactId: 'b2', agentIds: ['carol'], mode: 'broadcast' },
    ]);
  });

  it('a line of alike contacts stops at the first one nobody can take', () => {
    let pulled = 0;
    function* nobodysLine(): Generator<WaitingContact> {
      for (let i = 0; i < 10_000; i++, pulled++) yield contact(`n${i}`, { requiredSkills: ['nobody'], enqueuedAt: i });
    }
    const offers = planLines([agent('a')], [nobodysLine(), [contact('ok', { enqueuedAt: 5 })]], NOW);
    assert.deepEqual(offers, [direct('ok', 'a')]);
    assert.equal(pulled, 0, 'only the head of the line was looked at');
  });

  it('a transfer to an agent goes only to that agent; allowBusy reaches a busy or away one', () => {
    const agents = [agent('a', { lastActivityAt: 1 }), agent('t', { load: 2, capacity: 2 })];
    assert.deepEqual(plan(agents, [contact('c', { targetAgentId: 't' })]), []);
    assert.deepEqual(plan(agents, [contact('c', { targetAgentId: 't', allowBusy: true })]), [direct('c', 't')]);
    assert.deepEqual(plan([agent('t', { state: 'AWAY' })], [contact('c', { targetAgentId: 't', allowBusy: true })]), [direct('c', 't')]);
    assert.deepEqual(plan([agent('t', { state: 'OFFLINE' })], [contact('c', { targetAgentId: 't', allowBusy: true })]), []);
  });

  it('canServe tells whether any logged-in agent could ever take a contact', () => {
    assert.equal(canServe(agent('a', { state: 'AWAY', skills: ['x'] }), contact('c', { requiredSkills: ['x'] })), true);
    assert.equal(canServe(agent('a', { state: 'OFFLINE', skills: ['x'] }), contact('c', { requiredSkills: ['x'] })), false);
    assert.equal(canServe(agent('a', { skills: [] }), contact('c', { requiredSkills: ['x'] })), false);
  });

  it('stops scanning when no routable agent has room left', () => {
    const agents = Array.from({ length: 50 }, (_, i) => agent(`a${i}`, { capacity: 1, lastActivityAt: i }));
    const contacts = Array.from({ length: 500 }, (_, i) => contact(`c${i}`, { enqueuedAt: i }));
    const offers = plan(agents, contacts);
    assert.equal(offers.length, 50);
    assert.deepEqual(offers.slice(0, 2), [direct('c0', 'a0'), direct('c1', 'a1')]);
  });
});
