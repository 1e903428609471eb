import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECTION_STATES, CONNECTION_TRANSITIONS, EventOrder, exponentialBackoff, isReconnecting } from '../../../protocol/index.ts';

describe('reconnect policy', () => {
  it('doubles the delay per retry up to the cap, with half of it random', () => {
    const low = exponentialBackoff({ baseMs: 100, maxDelayMs: 1_000, random: () => 0 });
    const high = exponentialBackoff({ baseMs: 100, maxDelayMs: 1_000, random: () => 0.999999 });
    const at = (p: typeof low, retryCount: number) => p({ retryCount, elapsedMs: 0 });
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((n) => at(low, n)), [50, 100, 200, 400, 500, 500]);
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((n) => at(high, n)), [100, 200, 400, 800, 1_000, 1_000]);
  });

  it('gives up (null) once down for giveUpAfterMs, and never by default', () => {
    const policy = exponentialBackoff({ giveUpAfterMs: 30_000 });
    assert.equal(typeof policy({ retryCount: 3, elapsedMs: 29_999 }), 'number');
    assert.equal(policy({ retryCount: 3, elapsedMs: 30_000 }), null);
    assert.equal(typeof exponentialBackoff()({ retryCount: 1_000, elapsedMs: 1e9 }), 'number');
  });
});

describe('connection state table', () => {
  it('names only known states, and every state but INITIAL can be reached', () => {
    const reached = new Set(Object.values(CONNECTION_TRANSITIONS).flat());
    for (const targets of Object.values(CONNECTION_TRANSITIONS)) for (const to of targets) assert.ok(CONNECTION_STATES.includes(to));
    assert.deepEqual(CONNECTION_STATES.filter((s) => !reached.has(s)), ['INITIAL']);
  });

  it('shows Reconnecting only after having been connected', () => {
    assert.equal(isReconnecting('DISCONNECTED', true), true);
    assert.equal(isReconnecting('CONNECTING', true), true);
    assert.equal(isReconnecting('CONNECTING', false), false);
    assert.equal(isReconnecting('FAILED_TO_CONNECT', false), false);
    assert.equal(isReconnecting('CONNECTED', true), false);
  });
});

describe('event order', () => {
  it('processes the next seq, drops duplicates, and reports a gap only with a session to resume', () => {
    const order = new EventOrder();
    order.restart(4);
    assert.deepEqual([5, 5, 3, 8, 6].map((seq) => order.accept(seq, true)), ['process', 'duplicate', 'duplicate', 'gap', 'process']);
    assert.deepEqual({ lastSeq: order.lastSeq, processed: order.processed, ignoredDuplicate: order.ignoredDuplicate, outOfOrder: order.outOfOrder }, { lastSeq: 6, processed: 2, ignoredDuplicate: 2, outOfOrder: 1 });
    assert.equal(order.accept(9, false), 'process', 'nothing to resume from: take it');
    assert.equal(order.outOfOrder, 2);
  });
});
