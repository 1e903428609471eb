/**
 * Slow consumers and request floods (issue 8), against a real server process:
 * - an agent that stops reading while ten customers write to it and it keeps asking for history is
 *   closed with `slow_consumer`; the server's memory stays bounded and another agent's requests
 *   stay fast meanwhile;
 * - a customer that fires 1,000 chat.history requests in one burst gets the excess refused with
 *   `rate_limited` replies, and the server lives on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_TEXT_CHARS } from '../../../protocol/index.ts';
import { serverFiles, spawnServer, type ChildServer } from '../../helpers/child-server.ts';
import { RawClient } from '../../helpers/raw-client.ts';
import { sleep } from '../../helpers/wire-client.ts';

const RSS_LIMIT_MB = 300;
const LATENCY_P99_LIMIT_MS = 200;
const PUSH_MS = 12_000;
const CUSTOMERS = 10;
const HISTORY_MESSAGES = 20;
const BURST = 1_000;
const bigText = (tag: string) => `${tag} `.padEnd(MAX_TEXT_CHARS, 'x');

describe('slow consumers and request floods', () => {
  let server: ChildServer;
  const clients: RawClient[] = [];
  const open = async () => {
    const c = await RawClient.open(server.wsUrl);
    clients.push(c);
    return c;
  };
  before(async () => {
    // Alice may hold all the flood's chats at once.
    server = await spawnServer(serverFiles({}, (config) => config.agents.forEach((a: any) => (a.capacity = CUSTOMERS + 2))));
  });
  after(async () => {
    for (const c of clients) c.close();
    await server?.kill();
  });

  it('closes an agent that stops reading with slow_consumer; memory stays bounded, others stay fast', { timeout: 60_000 }, async () => {
    const alice = await open();
    await alice.request({ type: 'agent.login', username: 'alice', password: 'alice' });
    await alice.request({ type: 'agent.setState', state: 'ONLINE' });
    const customers: { client: RawClient; chatId: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const client = await open();
      const init = await client.request({ type: 'chat.init', room: 'default', name: `Flood ${i}` });
      await alice.request({ type: 'contact.accept', contactId: init.contact.id });
      customers.push({ client, chatId: init.contact.id });
    }
    await Promise.all(customers.map((c) => fillHistory(c.client, c.chatId, HISTORY_MESSAGES)));
    const bob = await open();
    await bob.request({ type: 'agent.login', username: 'bob', password: 'bob' });

    alice.pause();
    const rss = sampleRss(server);
    const latencies: number[] = [];
    const pushEnds = performance.now() + PUSH_MS;
    let tick = 0;
    while (performance.now() < pushEnds && rss.max() < RSS_LIMIT_MB && server.alive()) {
      tick++;
      for (let i = 0; i < 5; i++) alice.fire({ type: 'chat.history', contactId: customers[(tick * 5 + i) % CUSTOMERS].chatId, maxQuantity: 500 });
      if (tick % 2 === 0) for (const c of customers) c.client.fire({ type: 'chat.send', contactId: c.chatId, text: bigText(`push-${tick}`) });
      const started = performance.now();
      await bob.request({ type: 'team.members' }, 5_000).then(
        () => latencies.push(performance.now() - started),
        () => latencies.push(5_000),
      );
      await sleep(Math.max(0, 100 - (performance.now() - started)));
    }
    const pushedMs = PUSH_MS - (pushEnds - performance.now());
    alice.resume();
    const closed = await alice.whenClosed(10_000);
    rss.stop();

    // Every defect at once, so that a failure shows all of them.
    const problems: string[] = [];
    if (!server.alive()) problems.push(`the server died:\n${server.output().slice(-2_000)}`);
    if (!(rss.max() < RSS_LIMIT_MB)) problems.push(`server RSS reached ${rss.max().toFixed(0)} MB in ${(pushedMs / 1000).toFixed(1)} s (limit ${RSS_LIMIT_MB} MB)`);
    if (!closed) problems.push('the server never closed the agent that stopped reading');
    else if (closed.reason !== 'slow_consumer' && closed.code !== 1006) problems.push(`closed with ${closed.code} "${closed.reason}", not slow_consumer`);
    const p99 = percentile(latencies, 0.99);
    if (latencies.length < 50 && pushedMs >= PUSH_MS) problems.push(`only ${latencies.length} latency samples`);
    if (!(p99 < LATENCY_P99_LIMIT_MS)) problems.push(`another agent's p99 request latency was ${p99.toFixed(0)} ms meanwhile (${latencies.length} requests)`);
    assert.deepEqual(problems, []);
  });

  it('refuses a burst of 1,000 chat.history requests with rate_limited instead of buffering the replies', { timeout: 60_000 }, async () => {
    const customer = await open();
    const init = await customer.request({ type: 'chat.init', room: 'sales', name: 'Burst' });
    await fillHistory(customer, init.contact.id, HISTORY_MESSAGES);
    const rss = sampleRss(server);
    const ids = new Set<number>();
    for (let i = 0; i < BURST; i++) ids.add(customer.fire({ type: 'chat.history', contactId: init.contact.id, maxQuantity: 500 }));
    const answered = () => customer.replies.filter((r) => typeof r.re === 'number' && ids.has(r.re));
    const until = performance.now() + 30_000;
    while (answered().length < BURST && !customer.closed && server.alive() && performance.now() < until) await sleep(50);
    rss.stop();

    const problems: string[] = [];
    if (!server.alive()) problems.push(`the server died:\n${server.output().slice(-2_000)}`);
    else {
      const probe = await open();
      await probe.request({ type: 'agent.snapshot' }, 5_000).then(
        () => problems.push('agent.snapshot answered without a session'),
        (err) => err.name === 'not_logged_in' || problems.push(`the server no longer answers: ${err.message}`),
      );
    }
    const replies = answered();
    const refused = replies.filter((r) => !r.ok && r.error.name === 'rate_limited').length;
    if (!(rss.max() < RSS_LIMIT_MB)) problems.push(`server RSS reached ${rss.max().toFixed(0)} MB during the burst (limit ${RSS_LIMIT_MB} MB)`);
    if (customer.closed) problems.push(`the customer was disconnected (${customer.closed.code} ${customer.closed.reason}) instead of refused`);
    if (replies.length !== BURST) problems.push(`${BURST - replies.length} of the ${BURST} requests got no reply`);
    if (refused < BURST / 2) problems.push(`only ${refused} of ${BURST} requests were refused with rate_limited`);
    assert.deepEqual(problems, []);
  });
});

/** The customer writes `count` long messages, at a pace a rate limit allows (a refused one is retried). */
async function fillHistory(client: RawClient, chatId: string, count: number): Promise<void> {
  for (let n = 0; n < count; ) {
    try {
      await client.request({ type: 'chat.send', contactId: chatId, text: bigText(`history-${n}`), clientMessageId: `history-${n}` });
      n++;
      await sleep(50);
    } catch (err) {
      if ((err as Error).name !== 'rate_limited') throw err;
      await sleep(250);
    }
  }
}

function sampleRss(server: ChildServer) {
  let max = server.rssMb();
  const timer = setInterval(() => {
    const now = server.rssMb();
    if (now > max) max = now;
  }, 50);
  return { max: () => max, stop: () => clearInterval(timer) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
