/**
 * Aims a SIGKILL at the server's handling of one send. Three ways, in turn:
 * - `random`: 0 to one round trip after the frame left (on an idle machine, within ~1 ms);
 * - `message-echo`: the moment the sender sees its own chat.message come back as an event, i.e. the
 *   server stored the message and is still telling the others and replying;
 * - `update-echo`: the moment the agent sees the contact.updated of its own contact.setVariable.
 * The echo modes hit the narrow windows (stored but not acknowledged, event sent but not stored)
 * that a random moment finds only now and then.
 */
import type { EventFrame } from '../../protocol/index.ts';
import type { FaultClient } from './wire-client.ts';

export const KILL_MODES = ['random', 'message-echo', 'update-echo'] as const;
export type KillMode = (typeof KILL_MODES)[number];

/** What a sender just sent: a message (by clientMessageId) or a variable value. */
export type Sent = { kind: 'message'; clientMessageId: string } | { kind: 'variable'; value: string };

/** Echo-mode kills wait for their event this long at most, then fire anyway. */
const ECHO_WAIT_MS = 2_000;

export class KillTimer {
  private armed: { mode: KillMode; fire: () => void } | null = null;
  private echo: { client: FaultClient; matches: (frame: EventFrame) => boolean; fire: () => void } | null = null;
  private readonly roundTrips: number[] = [];

  constructor(
    private readonly random: () => number,
    clients: FaultClient[],
  ) {
    for (const client of clients) client.tap.onEvent = (frame) => this.seen(client, frame);
  }

  /** Resolves once `kill` has been called, at the next send that suits `mode`. */
  arm(mode: KillMode, kill: () => void): Promise<void> {
    return new Promise((fired) => {
      const fire = () => {
        clearTimeout(fallback);
        this.armed = null;
        this.echo = null;
        kill();
        fired();
      };
      const fallback = setTimeout(fire, ECHO_WAIT_MS * 2);
      this.armed = { mode, fire };
    });
  }

  /** A sender calls this right after its frame went out on an open socket. */
  afterSend(client: FaultClient, sent: Sent): void {
    const armed = this.armed;
    if (!armed) return;
    if (armed.mode === 'random') {
      this.spin(this.random() * this.spanMs());
      return armed.fire();
    }
    if (armed.mode === 'message-echo' && sent.kind === 'message') {
      const prefix = `${sent.clientMessageId} `;
      this.echo = { client, fire: armed.fire, matches: (f) => f.topic === 'chat.message' && textOf(f).startsWith(prefix) };
    } else if (armed.mode === 'update-echo' && sent.kind === 'variable') {
      this.echo = { client, fire: armed.fire, matches: (f) => f.topic === 'contact.updated' && turnOf(f) === sent.value };
    } else return;
    this.armed = null;
  }

  /** A request's round trip, to size the random span to how fast the server answers now. */
  roundTrip(ms: number): void {
    this.roundTrips.push(ms);
    if (this.roundTrips.length > 50) this.roundTrips.shift();
  }

  private seen(client: FaultClient, frame: EventFrame): void {
    const echo = this.echo;
    if (!echo || echo.client !== client || !echo.matches(frame)) return;
    this.echo = null;
    this.spin(this.random() * 0.1);
    echo.fire();
  }

  /** The median round trip, from 1 to 5 ms. */
  private spanMs(): number {
    const sorted = [...this.roundTrips].sort((a, b) => a - b);
    return Math.min(5, Math.max(1, sorted[sorted.length >> 1] ?? 1));
  }

  /** A timer cannot wait a fraction of a millisecond. */
  private spin(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until);
  }
}

const textOf = (f: EventFrame) => String((f.data as { message?: { text?: unknown } })?.message?.text ?? '');
const turnOf = (f: EventFrame) => (f.data as { contact?: { attachedData?: Record<string, string> } })?.contact?.attachedData?.turn;
