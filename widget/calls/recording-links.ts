/**
 * Keeps a link to the latest recording of each of the agent's calls in the store, so that
 * InteractionData carries `recordingUrl`/`playbackUrl`: asked for when a recording appears, and
 * again shortly before the short-lived link expires, while the contact is the agent's.
 */
import type { InteractionStore } from '../session/interaction-store.ts';
import type { CallController } from './call-controller.ts';

/** Ask for a new link this long before the old one expires. */
const REFRESH_BEFORE_MS = 30_000;
/** After a failed ask, wait this long before the next. */
const RETRY_MS = 10_000;

export class RecordingLinks {
  /** Recording ids being asked for; at most one per contact of the store. */
  private readonly asking = new Set<string>();
  private readonly failedAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly off: () => void;

  constructor(
    private readonly store: InteractionStore,
    private readonly calls: Pick<CallController, 'recordingLink'>,
  ) {
    this.off = store.events.on('change', () => this.update());
    this.update();
  }

  update(now = Date.now()): void {
    let next = Infinity;
    for (const contact of this.store.contacts.values()) {
      const recordingId = contact.call?.recordings.at(-1);
      if (!recordingId || this.store.listOf(contact.id) === 'hidden') continue;
      const link = this.store.recordingLinks.get(contact.id);
      const due = link?.recordingId === recordingId ? link.expiresAt - REFRESH_BEFORE_MS : now;
      const retryAt = (this.failedAt.get(recordingId) ?? -Infinity) + RETRY_MS;
      const at = Math.max(due, retryAt);
      if (at <= now) this.ask(contact.id, recordingId);
      else next = Math.min(next, at);
    }
    for (const id of this.failedAt.keys()) if (![...this.store.contacts.values()].some((c) => c.call?.recordings.includes(id))) this.failedAt.delete(id);
    if (this.timer) clearTimeout(this.timer);
    this.timer = Number.isFinite(next) ? setTimeout(() => this.update(), next - now) : null;
  }

  dispose(): void {
    this.off();
    if (this.timer) clearTimeout(this.timer);
  }

  private ask(contactId: string, recordingId: string): void {
    if (this.asking.has(recordingId)) return;
    this.asking.add(recordingId);
    this.calls
      .recordingLink(recordingId)
      .then(
        (link) => {
          this.failedAt.delete(recordingId);
          this.store.setRecordingLink(contactId, { recordingId, ...link });
        },
        () => this.failedAt.set(recordingId, Date.now()),
      )
      .finally(() => {
        this.asking.delete(recordingId);
        this.update();
      });
  }
}
