import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderedSet } from '../../../server/routing/ordered-set.ts';

describe('ordered set', () => {
  it('keeps keys in order with ranks, against a sorted array, through random inserts and deletes', () => {
    const set = new OrderedSet<number>((a, b) => a - b);
    const model: number[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (let step = 0; step < 5_000; step++) {
      const key = Math.floor(random() * 1_000);
      const at = model.indexOf(key);
      if (at >= 0 && random() < 0.6) {
        assert.equal(set.delete(key), at);
        model.splice(at, 1);
      } else if (at < 0) {
        const rank = set.insert(key);
        model.push(key);
        model.sort((a, b) => a - b);
        assert.equal(rank, model.indexOf(key));
      }
      assert.equal(set.size, model.length);
    }
    assert.deepEqual([...set.from()], model);
    assert.deepEqual([...set.from(17)], model.slice(17));
    assert.equal(set.first(), model[0]);
    assert.equal(set.rank(model[42]), 42);
    assert.equal(set.delete(-1), -1);
  });

  it('stays shallow for keys inserted in order (a queue that only grows at its tail)', () => {
    const set = new OrderedSet<number>((a, b) => a - b);
    for (let i = 0; i < 100_000; i++) set.insert(i);
    assert.equal(set.rank(99_999), 99_999);
    assert.deepEqual([...set.from(99_998)], [99_998, 99_999]);
  });
});
