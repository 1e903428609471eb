import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueConfig } from '../../../server/config.ts';
import { WaitingIndex } from '../../../server/routing/waiting-index.ts';
import { newChatContact } from '../../../server/contacts/new-chat.ts';
import type { ContactRecord } from '../../../server/store/index.ts';

const QUEUE: QueueConfig = {
  id: 'q',
  name: 'Q',
  skills: [],
  priority: 0,
  mode: 'direct',
  algorithm: 'longest-idle',
  assignTimeout: 30,
  assignMaxAttempts: 3,
  maxWaitSeconds: 0,
  broadcastSize: 0,
  requireDisposition: false,
};

const contact = (id: string, enqueuedAt: number, over: Partial<ContactRecord> = {}): ContactRecord => ({
  ...newChatContact({ id, customerId: `customer-${id}`, queue: QUEUE, enqueuedAt }),
  ...over,
});

const lineIds = (index: WaitingIndex) => index.allLines().map((line) => [...line].map((c) => c.id));

describe('waiting index', () => {
  it('keeps queued contacts in lines in queue order, and positions of all waiting ones', () => {
    const index = new WaitingIndex(() => QUEUE, () => {});
    const [a, b, c] = [contact('a', 1), contact('b', 2), contact('c', 3)];
    for (const x of [c, a, b]) index.track(x);
    assert.deepEqual(lineIds(index), [['a', 'b', 'c']]);
    assert.deepEqual([...index.takeNewcomers()].sort(), ['a', 'b', 'c']);
    assert.equal(index.takeDirty('q'), 1, 'c came first, then a before it: c moved to position 2 (newcomers hear apart)');

    // a is offered: it leaves the line but keeps its place in the queue; then it is delivered.
    Object.assign(a, { state: 'offered', offeredTo: ['alice'] });
    index.track(a);
    assert.deepEqual(lineIds(index), [['b', 'c']]);
    assert.equal(index.position(index.placement('c')!), 3);
    assert.equal(index.load('alice'), 1);
    Object.assign(a, { state: 'delivered', agentId: 'alice', offeredTo: [] });
    index.track(a);
    assert.deepEqual([index.heldCount('alice'), index.load('alice')], [1, 1]);
    assert.equal(index.position(index.placement('c')!), 2);
    assert.equal(index.takeDirty('q'), 0, 'everyone behind a moved up');
    assert.deepEqual([...index.waitingFrom('q', 0)].map(([p, n]) => [p.contact.id, n]), [['b', 1], ['c', 2]]);

    // A transfer-like contact with its own skills forms its own line.
    index.track(contact('t', 0, { routing: { ...c.routing, requiredSkills: ['sales'], mode: 'direct' } }));
    assert.deepEqual(lineIds(index).sort(), [['b', 'c'], ['t']]);
  });

  it('sets aside a contact whose data is broken, with one log line, and takes it back once sound', () => {
    const lines: string[] = [];
    const index = new WaitingIndex((id) => (id === 'q' ? QUEUE : undefined), (line) => lines.push(line));
    const bad = contact('bad', 1, { queue: 'gone' });
    index.track(bad);
    index.track(bad);
    assert.deepEqual(lineIds(index), []);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /bad set aside by the router: unknown queue gone/);
    bad.queue = 'q';
    index.track(bad);
    assert.deepEqual(lineIds(index), [['bad']]);
    assert.equal(index.setAside.size, 0);
    index.track({ ...bad, state: 'abandoned' });
    assert.deepEqual(lineIds(index), []);
  });
});
