/**
 * Rings while a call rings for the agent: starts on the offer, stops when it is answered,
 * declined, taken elsewhere or past its deadline (a timer wakes at the deadline, since nothing
 * else may change then). The agent's click silences its call at once, before the server confirms.
 */
import type { InteractionStore } from '../session/interaction-store.ts';
import { ringingContacts } from './call-model.ts';
import type { Ringer } from './ringer.ts';

/** Calls the agent answered or declined in this page, not rung again while the server confirms. */
const MAX_SILENCED = 64;

export class RingControl {
  private readonly silenced = new Set<string>();
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private readonly off: () => void;

  constructor(
    private readonly store: InteractionStore,
    private readonly ringer: Ringer,
    /** This tab rings (one tab of the agent's owns the media; the others keep quiet). */
    private readonly enabled: () => boolean = () => true,
  ) {
    this.off = store.events.on('change', () => this.update());
    this.update();
  }

  /** The agent acted on this call: stop ringing for it now. */
  silence(contactId: string): void {
    if (this.silenced.size >= MAX_SILENCED) this.silenced.delete(this.silenced.values().next().value!);
    this.silenced.add(contactId);
    this.update();
  }

  /** The agent's action failed: ring again if the call still rings. */
  unsilence(contactId: string): void {
    this.silenced.delete(contactId);
    this.update();
  }

  update(now = Date.now()): void {
    const ringing = ringingContacts(this.store.contacts.values(), (id) => this.store.listOf(id), now).filter((c) => !this.silenced.has(c.id));
    for (const id of this.silenced) if (!this.store.contacts.get(id)?.call || this.store.contacts.get(id)!.call!.state !== 'ringing') this.silenced.delete(id);
    if (ringing.length && this.enabled()) this.ringer.start();
    else this.ringer.stop();
    if (this.deadline) clearTimeout(this.deadline);
    const next = Math.min(...ringing.map((c) => c.offerExpiresAt ?? Infinity));
    this.deadline = Number.isFinite(next) ? setTimeout(() => this.update(), Math.max(0, next - now) + 10) : null;
  }

  dispose(): void {
    this.off();
    if (this.deadline) clearTimeout(this.deadline);
    this.ringer.stop();
  }
}
