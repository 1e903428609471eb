import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MediaError } from '../../../media/errors.ts';
import { RpcEndpoint, type RpcWire } from '../../../media/rpc.ts';

/** Two endpoints wired back to back; `drop` loses the next n messages from a to b. */
function pair() {
  let drop = 0;
  const seen: RpcWire[] = [];
  const a: RpcEndpoint = new RpcEndpoint(async (m) => {
    seen.push(m);
    if (drop > 0) return void drop--;
    setTimeout(() => b.receive(JSON.parse(JSON.stringify(m))), 1);
  });
  const b: RpcEndpoint = new RpcEndpoint(async (m) => void setTimeout(() => a.receive(JSON.parse(JSON.stringify(m))), 1));
  return { a, b, seen, dropNext: (n: number) => (drop = n) };
}

describe('media RPC', () => {
  it('answers through the callback or a promise, and rebuilds named errors', async () => {
    const { a, b } = pair();
    b.handle('Add', (d, cb) => cb(null, (d as number[])[0]! + (d as number[])[1]!));
    b.handle('Later', async () => 'ok');
    b.handle('Fail', (_d, cb) => cb({ name: 'invalid_args', message: 'nope' }));
    assert.equal(await a.request('Add', [2, 3], 500), 5);
    assert.equal(await a.request('Later', null, 500), 'ok');
    await assert.rejects(a.request('Fail', null, 500), { name: 'invalid_args', message: 'nope' });
    await assert.rejects(a.request('Missing', null, 500), { name: 'not_supported' });
  });

  it('retries a lost request with the same id: the handler runs once', async () => {
    const { a, b, seen, dropNext } = pair();
    let runs = 0;
    b.handle('Once', (_d, cb) => cb(null, ++runs));
    dropNext(1);
    assert.equal(await a.request('Once', null, 50, 2), 1);
    assert.equal(runs, 1);
    assert.equal(new Set(seen.map((m) => m.id)).size, 1);
  });

  it('times out after every retry, refuses retries without a timeout, and bounds pending requests', async () => {
    const { a, b } = pair();
    b.handle('Never', () => {});
    const t0 = Date.now();
    await assert.rejects(a.request('Never', null, 30, 2), { name: 'timeout' });
    assert.ok(Date.now() - t0 >= 85);
    await assert.rejects(a.request('Never', null, undefined, 1), { name: 'invalid_args' });
    const waiting = Array.from({ length: 256 }, () => a.request('Never').catch((e: Error) => e.name));
    await assert.rejects(a.request('Never'), { name: 'too_many' });
    a.close(new MediaError('invalid_state', 'closed'));
    assert.deepEqual(new Set(await Promise.all(waiting)), new Set(['invalid_state']));
  });
});
