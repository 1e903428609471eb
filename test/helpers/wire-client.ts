/**
 * WireConnection clients for fault tests: they reconnect quickly and forever, and a tap on the raw
 * socket sees every event frame before the connection's own de-duplication, so that a test can
 * tell a replayed event (same seq, same content) from a reused seq (same seq, other content).
 */
import WebSocket from 'ws';
import { WireConnection, type EventFrame, type ResumeReply, type ServerEvent } from '../../protocol/index.ts';

export interface ReusedSeq {
  seq: number;
  held: string;
  got: string;
}

/** Every event frame a client was sent, by seq, over all its sockets. */
export class EventTap {
  private readonly bySeq = new Map<number, string>();
  readonly reused: ReusedSeq[] = [];
  frames = 0;
  /** Called with each event frame as it arrives, before the connection sees it. */
  onEvent: ((frame: EventFrame) => void) | null = null;

  see(text: string): void {
    let frame: { type?: unknown; seq?: unknown; topic?: unknown; data?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame?.type !== 'event' || typeof frame.seq !== 'number') return;
    this.frames++;
    const fingerprint = `${String(frame.topic)} ${JSON.stringify(frame.data)}`;
    const held = this.bySeq.get(frame.seq);
    if (held === undefined) this.bySeq.set(frame.seq, fingerprint);
    else if (held !== fingerprint) this.reused.push({ seq: frame.seq, held: held.slice(0, 200), got: fingerprint.slice(0, 200) });
    this.onEvent?.(frame as EventFrame);
  }
}

export interface FaultClient {
  conn: WireConnection;
  tap: EventTap;
  /** Events as the connection delivered them (after its de-duplication), with their seq. */
  events: { seq: number; event: ServerEvent }[];
  /** Every resume reply, with when it arrived (performance.now()). */
  resumes: { at: number; reply: ResumeReply }[];
  sessionLost: boolean;
}

/** A connection to `url` that retries every `retryDelayMs`, with a tap on its raw frames. Not opened yet. */
export function faultClient(url: string, { retryDelayMs = 50, requestTimeoutMs = 3_000 } = {}): FaultClient {
  const tap = new EventTap();
  class TappedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('error', () => {}); // a refused connection closes it; the connection retries
      // Registered before the connection's onmessage, so the tap sees each frame first.
      this.on('message', (data, isBinary) => {
        if (!isBinary) tap.see(String(data));
      });
    }
  }
  const conn = new WireConnection(url, {
    WebSocketImpl: TappedWebSocket as unknown as typeof globalThis.WebSocket,
    requestTimeoutMs,
    nextRetryDelayMs: () => retryDelayMs,
  });
  const client: FaultClient = { conn, tap, events: [], resumes: [], sessionLost: false };
  conn.events.on('event', (event, seq) => client.events.push({ seq, event }));
  conn.events.on('resumed', (reply) => client.resumes.push({ at: performance.now(), reply }));
  conn.events.on('sessionLost', () => (client.sessionLost = true));
  return client;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A small seeded generator (mulberry32), so that a failing random run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of this run: SB_FAULT_SEED when set, else a fresh one. */
export const faultSeed = () => (process.env.SB_FAULT_SEED ? Number(process.env.SB_FAULT_SEED) : Math.floor(Math.random() * 2 ** 31));
