/**
 * One timer per contact, for its nearest deadline: a direct offer's expiry, a pending transfer's
 * expiry, or the queue's maximum wait (dissuasion). When it fires the deadline is checked again
 * against the contact as it is then, and handed to the matching handler.
 */
import { isWaiting } from '../../protocol/index.ts';
import type { ContactCenter, Logger } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';

export interface DeadlineHandlers {
  /** A direct offer was not answered in time. */
  offerExpired(contact: ContactRecord): void;
  /** A transfer still waiting for its target ran out of time. */
  transferExpired(contact: ContactRecord): void;
  /** The customer waited the queue's maximum. */
  waitedTooLong(contact: ContactRecord): void;
  /** A handler failed on this contact (it is logged here). */
  failed(contact: ContactRecord, why: string): void;
}

type Due = { at: number; kind: Exclude<keyof DeadlineHandlers, 'failed'> };

export class Deadlines {
  private readonly timers = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  private stopped = false;

  constructor(
    private readonly center: ContactCenter,
    private readonly handlers: DeadlineHandlers,
    private readonly log: Logger,
  ) {}

  /** (Re)arms the contact's timer for its nearest deadline, or clears it when it has none. */
  arm(contact: ContactRecord): void {
    if (this.stopped) return;
    const at = this.nearest(contact)?.at ?? null;
    const current = this.timers.get(contact.id);
    if (current?.at === at) return;
    if (current) clearTimeout(current.timer);
    this.timers.delete(contact.id);
    if (at === null) return;
    const timer = setTimeout(() => this.fire(contact.id), Math.max(0, at - this.center.now()));
    timer.unref?.();
    this.timers.set(contact.id, { at, timer });
  }

  stop(): void {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private fire(contactId: string): void {
    this.timers.delete(contactId);
    const contact = this.center.findLive(contactId);
    if (!contact || this.stopped) return;
    // Caught inside the transaction: what was changed before a failure is kept, as it is in memory.
    this.center.outbox.run(() => {
      try {
        const due = this.nearest(contact);
        if (due && due.at <= this.center.now()) this.handlers[due.kind](contact);
        else this.arm(contact);
      } catch (err) {
        this.log(`deadline of contact ${contactId} failed: ${(err as Error).stack ?? err}`);
        this.handlers.failed(contact, `its deadline failed: ${(err as Error).message}`);
      }
    });
  }

  private nearest(contact: ContactRecord): Due | null {
    const { routing } = contact;
    const candidates: Due[] = [];
    if (contact.state === 'offered' && routing.mode === 'direct' && routing.offerExpiresAt != null) candidates.push({ at: routing.offerExpiresAt, kind: 'offerExpired' });
    if (routing.transfer && contact.state === 'queued') candidates.push({ at: routing.transfer.expiresAt, kind: 'transferExpired' });
    const dissuadeAt = this.dissuadeAt(contact);
    if (dissuadeAt !== null) candidates.push({ at: dissuadeAt, kind: 'waitedTooLong' });
    return candidates.reduce<Due | null>((best, d) => (best && best.at <= d.at ? best : d), null);
  }

  /** When the customer has waited the queue's maximum, if that applies. */
  private dissuadeAt(contact: ContactRecord): number | null {
    const maxWaitSeconds = this.center.queues.get(contact.queue)?.maxWaitSeconds;
    if (!maxWaitSeconds || contact.deliveredAt !== null || !isWaiting(contact.state)) return null;
    return contact.createdAt + maxWaitSeconds * 1000;
  }
}
