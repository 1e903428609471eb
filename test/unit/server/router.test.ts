import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planOffers, type RoutableAgent, type WaitingContact } from '../../../server/routing/index.ts';

const agent = (id: string, over: Partial<RoutableAgent> = {}): RoutableAgent => ({
  id,
  state: 'ONLINE',
  capacity: 2,
  load: 0,
  lastActivityAt: 1_000,
  skills: [],
  ...over,
});
const contact = (id: string, over: Partial<WaitingContact> = {}): WaitingContact => ({
  id,
  priority: 0,
  enqueuedAt: 1_000,
  requiredSkills: [],
  ...over,
});

describe('router: longest-idle direct offers', () => {
  it('offers to the agent idle the longest, one agent per offer', () => {
    const offers = planOffers([agent('a', { lastActivityAt: 500 }), agent('b', { lastActivityAt: 100 })], [contact('c1')]);
    assert.deepEqual(offers, [{ contactId: 'c1', agentIds: ['b'] }]);
  });

  it('spreads a burst across agents before stacking one', () => {
    const offers = planOffers(
      [agent('a', { lastActivityAt: 100 }), agent('b', { lastActivityAt: 200 })],
      [contact('c1', { enqueuedAt: 1 }), contact('c2', { enqueuedAt: 2 }), contact('c3', { enqueuedAt: 3 })],
    );
    assert.deepEqual(offers.map((o) => [o.contactId, o.agentIds[0]]), [['c1', 'a'], ['c2', 'b'], ['c3', 'a']]);
  });

  it('skips agents that are not ONLINE or are at capacity', () => {
    const offers = planOffers(
      [agent('away', { state: 'AWAY', lastActivityAt: 1 }), agent('full', { load: 2, lastActivityAt: 2 }), agent('ok')],
      [contact('c1')],
    );
    assert.deepEqual(offers, [{ contactId: 'c1', agentIds: ['ok'] }]);
    assert.deepEqual(planOffers([agent('away', { state: 'OFFLINE' })], [contact('c1')]), []);
  });

  it('serves higher priority first, then the longest waiting', () => {
    const offers = planOffers(
      [agent('a', { capacity: 1 })],
      [contact('old', { enqueuedAt: 1 }), contact('vip', { priority: 5, enqueuedAt: 9 }), contact('new', { enqueuedAt: 5 })],
    );
    assert.deepEqual(offers, [{ contactId: 'vip', agentIds: ['a'] }]);
    const byWait = planOffers([agent('a', { capacity: 1 })], [contact('new', { enqueuedAt: 5 }), contact('old', { enqueuedAt: 1 })]);
    assert.equal(byWait[0].contactId, 'old');
  });

  it('requires the queue skills', () => {
    const offers = planOffers([agent('a', { lastActivityAt: 1 }), agent('s', { skills: ['sales'] })], [contact('c', { requiredSkills: ['sales'] })]);
    assert.deepEqual(offers, [{ contactId: 'c', agentIds: ['s'] }]);
  });
});
