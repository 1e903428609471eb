/**
 * kill -9 mid-chat: an agent and a customer exchange messages both ways while the server is
 * killed with SIGKILL within a millisecond of a send, again and again, and restarted on the same
 * port and data file. Senders retry an unacknowledged send with the same clientMessageId. Returns
 * what a test (or the bench's crash_acked_lost and crash_resync_ms) checks: acknowledged messages
 * lost, messages stored twice, events never delivered, seqs reused for other events, resync time,
 * and whether the queue and the assignment survived.
 */
import { ProtocolError, type ContactView } from '../../protocol/index.ts';
import { freePort, serverFiles, spawnServer, type ChildServer } from './child-server.ts';
import { KILL_MODES, KillTimer } from './kill-timer.ts';
import { faultClient, faultSeed, seededRandom, sleep, type FaultClient } from './wire-client.ts';

export interface CrashRunOptions {
  kills?: number;
  seed?: number;
  /** How long the chat streams between kills, in ms (a random span in this range). */
  streamMs?: [number, number];
  log?: (line: string) => void;
}

export interface CrashRunResult {
  seed: number;
  kills: number;
  /** Messages sent, all acknowledged in the end (each sender retries until ok). */
  acked: number;
  /** Acknowledged messages missing from the chat history. */
  ackedLost: number;
  /** Messages stored more than once (counted by their clientMessageId, which is in the text). */
  doubled: string[];
  /** Senders whose messages are out of their send order in the history. */
  outOfOrder: string[];
  /** Stored messages a side never got as a chat.message event, and ones it got twice. */
  lostEvents: { agent: number; customer: number };
  doubledEvents: { agent: number; customer: number };
  /** Event frames whose seq a client already held for another event. */
  reusedSeqs: { agent: number; customer: number; examples: string[] };
  /** Resume replies that sent the client back to a snapshot (it was never too far behind here). */
  snapshots: number;
  /** Slowest restart → both sides resumed, in ms (and each one). */
  resyncMs: number;
  resyncsMs: number[];
  /** The queued customers still queued, in the same positions; the chat still delivered to alice. */
  queueIntact: boolean;
  assignmentIntact: boolean;
  problems: string[];
}

const SEND_DEADLINE_MS = 15_000;
const RESYNC_WAIT_MS = 5_000;

interface Sender {
  name: 'agent' | 'customer';
  client: FaultClient;
  acked: string[];
}

/** Runs the whole scenario on a fresh server in a child process; never throws for a wrong result, only for a broken setup. */
export async function runCrash(options: CrashRunOptions = {}): Promise<CrashRunResult> {
  const kills = options.kills ?? 12;
  const seed = options.seed ?? faultSeed();
  const random = seededRandom(seed);
  const [streamMin, streamMax] = options.streamMs ?? [150, 400];
  const log = options.log ?? (() => {});
  const problems: string[] = [];
  // Alice takes one chat at a time, so that the customers after the first stay queued.
  const files = serverFiles({}, (config) => {
    for (const agent of config.agents) if (agent.id === 'alice') agent.capacity = 1;
  });
  const port = await freePort();
  let server = await spawnServer(files, port);
  const clients: FaultClient[] = [];
  try {
    const open = async () => {
      const c = faultClient(server.wsUrl);
      clients.push(c);
      await c.conn.open();
      return c;
    };
    const agent = await open();
    const login = await agent.conn.request({ type: 'agent.login', username: 'alice', password: 'alice' });
    agent.conn.setSession(login.token, login.seq);
    await agent.conn.request({ type: 'agent.setState', state: 'ONLINE' });

    const customer = await open();
    const init = await customer.conn.request({ type: 'chat.init', room: 'default', name: 'Crash' });
    customer.conn.setSession(init.token, Math.max(customer.conn.lastSeq, init.seq));
    const chatId = init.contact.id;
    await waitUntil(() => agent.events.some((e) => e.event.topic === 'contact.offered'), 5_000, 'the chat is offered to alice');
    await agent.conn.request({ type: 'contact.accept', contactId: chatId });

    // Two more customers wait in the queue behind the chat in progress.
    const queued: { client: FaultClient; chatId: string; position: number }[] = [];
    for (const name of ['Queued One', 'Queued Two']) {
      const c = await open();
      const reply = await c.conn.request({ type: 'chat.init', room: 'default', name });
      c.conn.setSession(reply.token, Math.max(c.conn.lastSeq, reply.seq));
      queued.push({ client: c, chatId: reply.contact.id, position: queued.length + 1 });
    }
    for (const q of queued) {
      await waitUntil(() => lastPosition(q.client, q.chatId) === q.position, 5_000, `queue position ${q.position} before the kills`);
    }

    const senders: Sender[] = [
      { name: 'customer', client: customer, acked: [] },
      { name: 'agent', client: agent, acked: [] },
    ];
    let stopping = false;
    const killer = new KillTimer(random, [agent, customer]);
    const loops = senders.map((s) =>
      streamMessages(s, chatId, () => stopping, killer, random).catch((err) => problems.push(`${s.name} sender: ${(err as Error).message}`)),
    );

    const resyncs: number[] = [];
    for (let k = 0; k < kills; k++) {
      await sleep(streamMin + random() * (streamMax - streamMin));
      const victim = server;
      const mode = KILL_MODES[k % KILL_MODES.length];
      await killer.arm(mode, () => victim.child.kill('SIGKILL'));
      await victim.exited;
      server = await spawnServer(files, port);
      const resync = await bothResumed([agent, customer], server, problems);
      resyncs.push(resync);
      log(`kill ${k + 1} (${mode}): resync ${resync.toFixed(0)} ms, acked ${senders.map((s) => `${s.name} ${s.acked.length}`).join(', ')}`);
    }
    await sleep(200);
    stopping = true;
    await Promise.all(loops);

    // What was stored, seen from the customer's side.
    const history = await fullHistory(customer, chatId);
    const texts = history.map((m) => m.text);
    const counts = new Map<string, number>();
    for (const t of texts) counts.set(idOf(t), (counts.get(idOf(t)) ?? 0) + 1);
    const acked = senders.flatMap((s) => s.acked);
    const ackedLost = acked.filter((id) => !counts.has(id)).length;
    const doubled = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
    const outOfOrder = senders
      .filter((s) => {
        const stored = texts.map(idOf).filter((id) => id.startsWith(`${s.name}-`));
        const firsts = stored.filter((id, i) => stored.indexOf(id) === i);
        return firsts.join() !== s.acked.filter((id) => counts.has(id)).join();
      })
      .map((s) => s.name);
    const delivery = (c: FaultClient) => {
      const got = new Map<string, number>();
      for (const { event } of c.events) if (event.topic === 'chat.message') got.set(event.data.message.id, (got.get(event.data.message.id) ?? 0) + 1);
      return { lost: history.filter((m) => !got.has(m.id)).length, doubled: [...got.values()].filter((n) => n > 1).length };
    };
    const atAgent = delivery(agent);
    const atCustomer = delivery(customer);

    // The queue and the assignment, after the last restart.
    let queueIntact = true;
    for (const q of queued) {
      const view = await q.client.conn.request({ type: 'chat.init', room: 'default', chatId: q.chatId });
      const position = lastPosition(q.client, q.chatId);
      if (view.contact.state !== 'queued' || position !== q.position) {
        queueIntact = false;
        problems.push(`queued chat ${q.position}: state ${view.contact.state}, last queue position ${position}`);
      }
    }
    const snapshot = await agent.conn.request({ type: 'agent.snapshot' });
    const chat = snapshot.contacts.find((c: ContactView) => c.id === chatId);
    const assignmentIntact = chat?.state === 'delivered' && chat.agent?.id === 'alice' && snapshot.agent.state === 'ONLINE';
    if (!assignmentIntact) problems.push(`chat after the kills: ${chat?.state} with ${chat?.agent?.id}; alice ${snapshot.agent.state}`);

    const reused = (c: FaultClient) => c.tap.reused.length;
    return {
      seed,
      kills,
      acked: acked.length,
      ackedLost,
      doubled,
      outOfOrder,
      lostEvents: { agent: atAgent.lost, customer: atCustomer.lost },
      doubledEvents: { agent: atAgent.doubled, customer: atCustomer.doubled },
      reusedSeqs: {
        agent: reused(agent),
        customer: reused(customer),
        examples: [...agent.tap.reused, ...customer.tap.reused].slice(0, 3).map((r) => `seq ${r.seq}: held ${r.held} / got ${r.got}`),
      },
      snapshots: [agent, customer].flatMap((c) => c.resumes).filter((r) => r.reply.snapshot).length,
      resyncMs: Math.max(0, ...resyncs),
      resyncsMs: resyncs,
      queueIntact,
      assignmentIntact,
      problems,
    };
  } finally {
    for (const c of clients) c.conn.close();
    await server.kill();
  }
}

/** One side's stream: numbered messages, each retried with its clientMessageId until acknowledged; the agent also sets a variable now and then. */
async function streamMessages(sender: Sender, chatId: string, stopping: () => boolean, killer: KillTimer, random: () => number) {
  const { conn } = sender.client;
  for (let n = 1; !stopping(); n++) {
    const clientMessageId = `${sender.name}-${n}`;
    const sentAt = performance.now();
    const text = `${clientMessageId} says hello`;
    await reliably(conn, () => conn.request({ type: 'chat.send', contactId: chatId, text, clientMessageId }), () =>
      killer.afterSend(sender.client, { kind: 'message', clientMessageId }),
    );
    killer.roundTrip(performance.now() - sentAt);
    sender.acked.push(clientMessageId);
    if (sender.name === 'agent' && n % 3 === 0) {
      const value = String(n);
      await reliably(conn, () => conn.request({ type: 'contact.setVariable', contactId: chatId, name: 'turn', value }), () =>
        killer.afterSend(sender.client, { kind: 'variable', value }),
      );
    }
    await sleep(2 + random() * 6);
  }
}

/** Sends until acknowledged; a lost connection (or its timeout) and a rate limit are retried. */
async function reliably<T>(conn: FaultClient['conn'], send: () => Promise<T>, afterSend: () => void): Promise<T> {
  const deadline = performance.now() + SEND_DEADLINE_MS;
  for (;;) {
    const wasOpen = conn.state === 'CONNECTED';
    const reply = send();
    if (wasOpen) afterSend();
    try {
      return await reply;
    } catch (err) {
      const retry = err instanceof ProtocolError && (err.name === 'internal' || err.name === 'not_connected' || err.name === 'rate_limited');
      if (!retry || performance.now() > deadline) throw err;
      await sleep(err.name === 'rate_limited' ? 100 : 10);
    }
  }
}

async function bothResumed(clients: FaultClient[], server: ChildServer, problems: string[]): Promise<number> {
  const resumedAfter = (c: FaultClient) => c.resumes.find((r) => r.at >= server.readyAt)?.at;
  const until = performance.now() + RESYNC_WAIT_MS;
  while (clients.some((c) => resumedAfter(c) === undefined) && performance.now() < until) await sleep(5);
  const times = clients.map(resumedAfter);
  if (times.some((t) => t === undefined)) {
    problems.push(`a side did not resume within ${RESYNC_WAIT_MS} ms of a restart`);
    return RESYNC_WAIT_MS;
  }
  if (clients.some((c) => c.sessionLost)) problems.push('a session was lost across a restart');
  return Math.max(...(times as number[])) - server.readyAt;
}

async function fullHistory(client: FaultClient, contactId: string) {
  const messages = [];
  for (let from = 0; ; from += 500) {
    const page = await client.conn.request({ type: 'chat.history', contactId, sequenceMin: from, sequenceMax: from + 499, maxQuantity: 500 });
    messages.push(...page.messages);
    if (page.messages.length === 0 && from > 0) return messages;
  }
}

const idOf = (text: string) => text.split(' ')[0];

function lastPosition(client: FaultClient, chatId: string): number | undefined {
  const updates = client.events.filter((e) => e.event.topic === 'queue.update' && e.event.data.contactId === chatId);
  const last = updates.at(-1)?.event;
  return last?.topic === 'queue.update' ? last.data.queuePosition : undefined;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}
