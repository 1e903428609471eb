/** The gateway's own limits against a real server: requests per second per connection, open connections per IP address. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ProtocolError } from '../../../protocol/index.ts';
import { parseConfig } from '../../../server/index.ts';
import { RawClient } from '../../helpers/raw-client.ts';
import { connect, startTestServer, testConfig } from '../../helpers/server.ts';
import { sleep } from '../../helpers/wire-client.ts';

const RATE = 5;
const BURST = 5;
const CAP = 3;

describe('gateway limits', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const clients: { close(): void }[] = [];
  before(async () => (server = await startTestServer(testConfig({ requestsPerSecond: RATE, requestBurst: BURST, connectionsPerIp: CAP }))));
  after(() => {
    clients.forEach((c) => c.close());
    return server.close();
  });
  const url = () => `ws://127.0.0.1:${server.port}/ws`;

  it('has defaults for every deployment: 50 requests a second plus a burst of 100, 200 connections per address', () => {
    const { requestsPerSecond: _r, requestBurst: _b, connectionsPerIp: _c, ...rest } = testConfig();
    const config = parseConfig(rest);
    assert.deepEqual([config.requestsPerSecond, config.requestBurst, config.connectionsPerIp], [50, 100, 200]);
    assert.throws(() => parseConfig({ ...rest, connectionsPerIp: 0 }), /connectionsPerIp/);
    assert.throws(() => parseConfig({ ...rest, requestsPerSecond: 'many' }), /requestsPerSecond/);
  });

  it('answers requests over the rate (and its burst) rate_limited with retryAfterMs, in order, and keeps the socket open', async () => {
    const client = await RawClient.open(url());
    clients.push(client);
    const sent = 4 * (RATE + BURST);
    const ids = Array.from({ length: sent }, () => client.fire({ type: 'agent.snapshot' }));
    const until = Date.now() + 5_000;
    while (client.replies.length < sent && Date.now() < until) await sleep(10);
    const byId = ids.map((id) => client.replies.find((r) => r.re === id));
    assert.ok(byId.every(Boolean), `${byId.filter((r) => !r).length} requests got no reply`);
    const names = byId.map((r) => (r!.ok ? 'ok' : r!.error.name));
    // The first RATE + BURST are handled (not logged in); every one after them is refused.
    assert.deepEqual(names.slice(0, RATE + BURST), new Array(RATE + BURST).fill('not_logged_in'));
    assert.deepEqual(names.slice(RATE + BURST), new Array(sent - RATE - BURST).fill('rate_limited'));
    const refused = byId[RATE + BURST]!;
    assert.ok(!refused.ok);
    assert.match(refused.error.message, new RegExp(`more than ${RATE} requests a second`));
    const retryAfterMs = refused.error.retryAfterMs ?? 0;
    assert.ok(retryAfterMs > 0 && retryAfterMs <= 1_000, `retryAfterMs ${retryAfterMs}`);
    assert.equal(client.closed, null, 'the socket stays open');

    // After the wait it was told, the connection may send again (the rate refills, not the burst).
    await sleep(retryAfterMs + 20);
    await assert.rejects(client.request({ type: 'agent.snapshot' }), { name: 'not_logged_in' });
    client.close();
  });

  it('counts every frame, also those that are not JSON or not a request', async () => {
    const client = await RawClient.open(url());
    clients.push(client);
    for (let i = 0; i < RATE + BURST; i++) client.ws.send(i % 2 ? 'not json' : JSON.stringify({ id: `bad-${i}`, type: 'no.such.request' }));
    await assert.rejects(client.request({ type: 'agent.snapshot' }), { name: 'rate_limited' });
    assert.deepEqual(
      client.replies.slice(0, RATE + BURST).map((r) => !r.ok && r.error.name),
      Array.from({ length: RATE + BURST }, () => 'bad_request'),
    );
    client.close();
  });

  it('limits each connection on its own, and the client library hands retryAfterMs to the caller', async () => {
    const noisy = await connect(server);
    const quiet = await connect(server);
    clients.push(noisy, quiet);
    const results = await Promise.allSettled(Array.from({ length: 3 * (RATE + BURST) }, () => noisy.request({ type: 'agent.snapshot' })));
    const limited = results.filter((r) => r.status === 'rejected' && r.reason.name === 'rate_limited');
    assert.equal(limited.length, 2 * (RATE + BURST));
    const error = (limited[0] as PromiseRejectedResult).reason;
    assert.ok(error instanceof ProtocolError && error.retryAfterMs! > 0, `retryAfterMs ${error.retryAfterMs}`);
    await assert.rejects(quiet.request({ type: 'agent.snapshot' }), { name: 'not_logged_in' }, 'another connection is not slowed');
    noisy.close();
    quiet.close();
  });

  it(`refuses a WebSocket past ${CAP} open from one address with HTTP 429 and a reason, and takes one again once a socket closes`, async () => {
    await sleep(100); // the sockets of the tests before are closed
    const open = () =>
      new Promise<{ ws: WebSocket; status: number; body: string }>((resolve) => {
        const ws = new WebSocket(url());
        ws.on('error', () => {});
        ws.once('open', () => resolve({ ws, status: 101, body: '' }));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ ws, status: res.statusCode ?? 0, body }));
        });
      });
    const held: { ws: WebSocket; status: number }[] = [];
    for (let i = 0; i < CAP; i++) held.push(await open());
    clients.push(...held.map((h) => ({ close: () => h.ws.terminate() })));
    assert.deepEqual(held.map((h) => h.status), new Array(CAP).fill(101));

    const refused = await open();
    assert.equal(refused.status, 429);
    assert.match(refused.body, new RegExp(`too many connections from this address \\(at most ${CAP} at once\\)`));
    assert.equal((await open()).status, 429, 'a refused upgrade holds no slot');

    // Those that are open still work.
    const probe = await new Promise<any>((resolve) => {
      held[0].ws.once('message', (data) => resolve(JSON.parse(String(data))));
      held[0].ws.send(JSON.stringify({ id: 1, type: 'agent.snapshot' }));
    });
    assert.equal(probe.error?.name, 'not_logged_in');

    held[0].ws.close();
    await new Promise((r) => held[0].ws.once('close', r));
    await sleep(50); // the server sees the TCP socket close
    const again = await open();
    assert.equal(again.status, 101, 'a closed socket gives its slot back');
    clients.push({ close: () => again.ws.terminate() });
    assert.equal((await open()).status, 429);
  });
});
