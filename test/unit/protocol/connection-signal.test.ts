/** WireConnection surfaces unstored `signal` frames as their own event, outside the seq order. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { WireConnection, type SignalEvent } from '../../../protocol/index.ts';

describe('WireConnection signal frames', () => {
  let wss: WebSocketServer;
  let port: number;
  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    port = (wss.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => wss.close(() => r())));

  it('emits signal events apart from numbered events, and ignores malformed ones', async () => {
    wss.once('connection', (ws) => {
      ws.send(JSON.stringify({ type: 'event', seq: 1, topic: 'agent.state', data: { state: 'ONLINE', since: 1, forcedPause: false } }));
      ws.send(JSON.stringify({ type: 'signal', topic: 'media.peer', data: { contactId: 'c1', kind: 'customer', endpointId: 'endpoint-a' } }));
      ws.send(JSON.stringify({ type: 'signal', topic: 'media.data', data: null })); // malformed: dropped
      ws.send(JSON.stringify({ type: 'signal', topic: 'media.signal', data: { contactId: 'c1', from: 'endpoint-a', payload: { kind: 'candidate', candidate: null } } }));
      ws.send(JSON.stringify({ type: 'event', seq: 2, topic: 'agent.state', data: { state: 'AWAY', since: 2, forcedPause: false } }));
    });
    const conn = new WireConnection(`ws://127.0.0.1:${port}`, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
    const signals: SignalEvent[] = [];
    const seqs: number[] = [];
    conn.on('signal', (s) => signals.push(s));
    conn.on('event', (_e, seq) => seqs.push(seq));
    conn.setSession(null, 0);
    await conn.open();
    const until = Date.now() + 2_000;
    while ((signals.length < 2 || seqs.length < 2) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(signals.map((s) => s.topic), ['media.peer', 'media.signal']);
    assert.deepEqual(signals[0].data, { contactId: 'c1', kind: 'customer', endpointId: 'endpoint-a' });
    // Signals take no place in the numbered stream: both events were processed in order, no gap.
    assert.deepEqual(seqs, [1, 2]);
    assert.equal(conn.lastSeq, 2);
    assert.equal(conn.diagnostics.outOfOrder, 0);
    conn.close();
  });
});
