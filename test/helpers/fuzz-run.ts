/**
 * The fuzz run: a real server process takes random and mutated frames (see fuzz-frames.ts) from
 * several sockets at once: anonymous ones, customers with a chat, logged-in agents. Every frame
 * must get a reply, or its socket must be closed with a close frame (a code, not 1006); a closed
 * socket reconnects and goes on. Counts crashes (the server is restarted to go on), RSS, and
 * whether a chat stored before the run is byte-for-byte the same after. For the fuzz test and the
 * bench's fuzz_frames and fuzz_crashes.
 */
import WebSocket from 'ws';
import { freePort, serverFiles, spawnServer, type ChildServer, type ServerFiles } from './child-server.ts';
import { FrameFactory, type FrameKind, type FuzzFrame } from './fuzz-frames.ts';
import { RawClient } from './raw-client.ts';
import { faultSeed, seededRandom, sleep } from './wire-client.ts';

export interface FuzzRunOptions {
  frames?: number;
  /** Stop sending at this point even if fewer frames went out. */
  deadlineMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface FuzzRunResult {
  seed: number;
  frames: number;
  replies: number;
  /** Frames ended by the server closing their socket with a close code. */
  closedWithCode: number;
  /** Frames with neither a reply nor a close frame (abnormal close, or a socket that went silent). */
  unanswered: number;
  /** Frames that must be refused but got ok:true, as examples. */
  acceptedBad: string[];
  crashes: number;
  crashOutput: string[];
  closeCodes: Record<string, number>;
  reconnects: number;
  rssMaxMb: number;
  durationMs: number;
  framesPerSecond: number;
  historyIntact: boolean;
  healthy: boolean;
  kinds: Partial<Record<FrameKind, number>>;
  replyNames: Record<string, number>;
  wrongTypeCombinations: number;
}

const WINDOW = 32;
const STALL_MS = 3_000;
const ROLES = ['anonymous', 'anonymous', 'anonymous', 'customer', 'customer', 'agent:bob', 'agent:carol'] as const;
const KEEPER_TEXTS = [
  'plain words',
  'emoji 💬🧪👩🏽‍💻 and flags 🇮🇹',
  'right-to-left שלום مرحبا',
  'separators \u2028 \u2029 and nul-like \\u0000',
  'quotes " \' ` and backslashes \\ \\\\',
  'combining é vs e\u0301 and zero width \u200b\u200d',
  'json-ish {"id":1,"type":"agent.logout"}',
  'long '.padEnd(8_000, 'λ'),
];

interface Run {
  server: ChildServer;
  files: ServerFiles;
  port: number;
  factory: FrameFactory;
  target: number;
  deadline: number;
  result: FuzzRunResult;
  restarting: Promise<void> | null;
}

/** Runs the fuzz on a fresh server in a child process. */
export async function runFuzz(options: FuzzRunOptions = {}): Promise<FuzzRunResult> {
  const seed = options.seed ?? faultSeed();
  const log = options.log ?? (() => {});
  // The fuzz drives its sockets far faster than a connection may send: with the default rate most
  // frames would only meet the rate limiter (tested on its own), not the parser and the handlers.
  const files = serverFiles({ requestsPerSecond: 1_000_000, requestBurst: 0 });
  const port = await freePort();
  const result: FuzzRunResult = {
    seed, frames: 0, replies: 0, closedWithCode: 0, unanswered: 0, acceptedBad: [], crashes: 0, crashOutput: [], closeCodes: {},
    reconnects: 0, rssMaxMb: 0, durationMs: 0, framesPerSecond: 0, historyIntact: false, healthy: false, kinds: {}, replyNames: {},
    wrongTypeCombinations: 0,
  };
  const factory = new FrameFactory(seededRandom(seed));
  result.wrongTypeCombinations = factory.wrongTypeCount;
  const run: Run = { server: await spawnServer(files, port), files, port, factory, target: options.frames ?? 100_000, deadline: 0, result, restarting: null };
  const keeper = await storeKeeperChat(run.server);
  let finished = false;
  const watchCrashes = () =>
    void run.server.exited.then(({ code, signal }) => {
      if (finished) return; // the final kill
      result.crashes++;
      result.crashOutput.push(`exit ${code ?? signal}: ${run.server.output().slice(-1_500)}`);
      run.restarting = spawnServer(files, port).then((s) => {
        run.server = s;
        run.restarting = null;
        watchCrashes();
      });
    });
  watchCrashes();
  const rss = setInterval(() => (result.rssMaxMb = Math.max(result.rssMaxMb, run.server.rssMb() || 0)), 100);
  const started = performance.now();
  run.deadline = started + (options.deadlineMs ?? 50_000);
  const progress = setInterval(() => log(`${result.frames} frames, ${result.replies} replies, rss ${result.rssMaxMb.toFixed(0)} MB`), 5_000);
  try {
    await Promise.all(ROLES.map((role) => fuzzSocket(run, role)));
    result.durationMs = performance.now() - started;
    result.framesPerSecond = Math.round(result.frames / (result.durationMs / 1000));
    if (run.restarting) await run.restarting;
    result.historyIntact = await historyUnchanged(run.server, keeper);
    result.healthy = await healthy(run.server);
    return result;
  } finally {
    finished = true;
    clearInterval(rss);
    clearInterval(progress);
    keeper.clients.forEach((c) => c.close());
    await run.server.kill();
  }
}

/** One socket's share of the run; reconnects whenever its socket is closed. */
async function fuzzSocket(run: Run, role: (typeof ROLES)[number]): Promise<void> {
  const { result } = run;
  let conn: FuzzConnection | null = null;
  const more = () => result.frames < run.target && performance.now() < run.deadline;
  while (more()) {
    if (!conn || conn.closed) {
      if (conn) result.reconnects++;
      conn = await FuzzConnection.open(run, role).catch(() => null);
      if (!conn) {
        await sleep(50);
        continue;
      }
    }
    const frame = run.factory.next();
    if (frame.mayClose && !(await conn.settle())) continue;
    if (!(await conn.room())) continue;
    conn.send(frame);
    result.frames++;
    result.kinds[frame.kind] = (result.kinds[frame.kind] ?? 0) + 1;
    if (frame.mayClose) await conn.settle();
  }
  await conn?.settle();
  conn?.end();
}

/** One socket: frames in flight, their replies, and how it ended. */
class FuzzConnection {
  closed = false;
  private sent = 0;
  private replied = 0;
  private readonly tracked = new Map<number, FuzzFrame>();
  private wake: (() => void) | null = null;

  private constructor(
    private readonly ws: WebSocket,
    private readonly result: FuzzRunResult,
  ) {
    ws.on('message', (data, isBinary) => this.receive(String(data), isBinary));
    ws.on('close', (code) => this.onClose(code));
    ws.on('error', () => {});
  }

  static async open(run: Run, role: (typeof ROLES)[number]): Promise<FuzzConnection> {
    if (run.restarting) await run.restarting;
    const ws = new WebSocket(run.server.wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const conn = new FuzzConnection(ws, run.result);
    if (role === 'customer') await conn.setup({ type: 'chat.init', room: 'support', name: 'Fuzzer' });
    if (role.startsWith('agent:')) {
      const username = role.slice('agent:'.length);
      await conn.setup({ type: 'agent.login', username, password: username });
    }
    return conn;
  }

  send(frame: FuzzFrame): void {
    this.sent++;
    if (frame.id !== null) this.tracked.set(frame.id, frame);
    this.ws.send(frame.data, { binary: frame.binary });
  }

  /** Waits for room in the window; false if the socket closed or went silent. */
  room(): Promise<boolean> {
    return this.waitFor(() => this.sent - this.replied < WINDOW);
  }

  /** Waits until every frame sent is answered; false if the socket closed or went silent. */
  settle(): Promise<boolean> {
    return this.waitFor(() => this.sent === this.replied);
  }

  end(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private async setup(body: Record<string, unknown>): Promise<void> {
    const id = `setup-${Math.random()}`;
    const reply = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${String(body.type)} timed out`)), 10_000);
      this.ws.on('message', (data) => {
        if (String(data).includes(`"re":"${id}"`)) (clearTimeout(timer), resolve());
      });
    });
    this.ws.send(JSON.stringify({ ...body, id }));
    await reply;
  }

  private async waitFor(ready: () => boolean): Promise<boolean> {
    while (!ready()) {
      if (this.closed) return false;
      const before = this.replied;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STALL_MS);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = null;
      if (!this.closed && this.replied === before && !ready()) {
        // Silent for STALL_MS with frames in flight: they count as unanswered.
        this.result.unanswered += this.sent - this.replied;
        this.sent = this.replied;
        this.end();
        return false;
      }
    }
    return !this.closed;
  }

  private receive(text: string, isBinary: boolean): void {
    if (isBinary) return;
    let frame: { re?: unknown; ok?: boolean; type?: unknown; error?: { name?: string } };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || !('re' in frame)) return;
    if (typeof frame.re === 'string' && frame.re.startsWith('setup-')) return;
    this.replied++;
    this.result.replies++;
    const name = frame.ok ? 'ok' : String(frame.error?.name);
    this.result.replyNames[name] = (this.result.replyNames[name] ?? 0) + 1;
    const sent = typeof frame.re === 'number' ? this.tracked.get(frame.re) : undefined;
    if (sent) {
      this.tracked.delete(frame.re as number);
      if (sent.mustFail && frame.ok && this.result.acceptedBad.length < 20) {
        this.result.acceptedBad.push(`${sent.kind}: ${String(sent.data).slice(0, 300)}`);
      }
    }
    this.wake?.();
  }

  private onClose(code: number): void {
    if (this.closed) return; // we ended it
    this.closed = true;
    this.result.closeCodes[code] = (this.result.closeCodes[code] ?? 0) + 1;
    const pending = this.sent - this.replied;
    if (code === 1006 || code === 1005) this.result.unanswered += pending;
    else this.result.closedWithCode += pending;
    this.wake?.();
  }
}

interface Keeper {
  token: string;
  chatId: string;
  history: string;
  clients: RawClient[];
}

/** A chat with awkward text, stored before the fuzz; its agent and customer stay connected. */
async function storeKeeperChat(server: ChildServer): Promise<Keeper> {
  const alice = await RawClient.open(server.wsUrl);
  await alice.request({ type: 'agent.login', username: 'alice', password: 'alice' });
  await alice.request({ type: 'agent.setState', state: 'ONLINE' });
  const customer = await RawClient.open(server.wsUrl);
  const init = await customer.request({ type: 'chat.init', room: 'default', name: 'Keeper ☂' });
  await alice.request({ type: 'contact.accept', contactId: init.contact.id });
  for (const [i, text] of KEEPER_TEXTS.entries()) {
    const from = i % 2 ? alice : customer;
    await from.request({ type: 'chat.send', contactId: init.contact.id, text, clientMessageId: `keeper-${i}` });
  }
  // Away, so that chats the fuzz starts are not offered to her.
  await alice.request({ type: 'agent.setState', state: 'AWAY' });
  const history = await customer.request({ type: 'chat.history', contactId: init.contact.id });
  return { token: init.token, chatId: init.contact.id, history: JSON.stringify(history.messages), clients: [alice, customer] };
}

async function historyUnchanged(server: ChildServer, keeper: Keeper): Promise<boolean> {
  const client = await RawClient.open(server.wsUrl);
  try {
    await client.request({ type: 'resume', token: keeper.token, lastSeq: 0 });
    const history = await client.request({ type: 'chat.history', contactId: keeper.chatId });
    return JSON.stringify(history.messages) === keeper.history;
  } finally {
    client.close();
  }
}

/** The server still serves HTTP and answers a WebSocket request. */
async function healthy(server: ChildServer): Promise<boolean> {
  if (!server.alive()) return false;
  const http = await fetch(`http://127.0.0.1:${server.port}/api/widget-config`).then((r) => r.ok, () => false);
  const client = await RawClient.open(server.wsUrl).catch(() => null);
  if (!client) return false;
  try {
    const answer = await client.request({ type: 'agent.snapshot' }, 5_000).then(
      () => 'ok',
      (err: Error) => err.name,
    );
    return http && answer === 'not_logged_in';
  } finally {
    client.close();
  }
}
