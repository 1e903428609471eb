/**
 * What waiting customers are told: their queue position when it changes (a newcomer at once,
 * the rest of a queue at most once per POSITION_NOTICE_INTERVAL_MS), that no logged-in agent
 * could take their chat (and again after a qualified agent came and went), and that they waited
 * the queue's maximum (dissuasion).
 */
import type { AgentDirectory } from '../agents/index.ts';
import type { ContactCenter, Logger } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { canServe, type WaitingContact } from './router.ts';
import { failTransfer } from './transfers.ts';
import type { Placement, WaitingIndex } from './waiting-index.ts';

/** A queue's customers hear about positions that moved at most this often (a newcomer hears at once). */
export const POSITION_NOTICE_INTERVAL_MS = 1_000;

export class QueueNotices {
  /** Whether any logged-in agent could serve a line, as of the last change of who is logged in. */
  private readonly servable = new Map<string, boolean>();
  private agentsChanged = false;
  private readonly flushes = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastFlushAt = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly center: ContactCenter,
    private readonly agents: AgentDirectory,
    private readonly index: WaitingIndex,
    private readonly log: Logger,
  ) {}

  /** An agent logged in or out: which lines can be served is worked out again at the next pass. */
  agentSetChanged(): void {
    this.agentsChanged = true;
  }

  /** Before a pass: lines that became servable or unservable update their customers. */
  beforePass(): void {
    if (!this.agentsChanged) return;
    this.agentsChanged = false;
    const before = new Map(this.servable);
    this.servable.clear();
    for (const key of this.index.lineKeys()) {
      const head = this.index.lineHead(key);
      if (!head) continue;
      const now = this.servableLine(key, head);
      if (!before.has(key) || before.get(key) === now) continue;
      for (const p of this.index.lineMembers(key)) this.guarded(p, () => this.checkServable(p.contact));
    }
  }

  /** After a pass: new contacts are checked and hear their position; moved positions are sent, throttled. */
  afterPass(): void {
    for (const id of this.index.takeFresh()) {
      const p = this.index.placement(id);
      if (p) this.guarded(p, () => this.checkServable(p.contact));
    }
    for (const id of this.index.takeNewcomers()) {
      const p = this.index.placement(id);
      if (p?.queue) this.guarded(p, () => this.tell(p, this.index.position(p)));
    }
    for (const queue of this.index.dirtyQueues()) this.scheduleFlush(queue);
  }

  /** Tells the customer once when no logged-in agent could take the chat; a transfer to nobody fails at once. */
  checkServable(contact: ContactRecord): void {
    const p = this.index.placement(contact.id);
    if (!p?.line || contact.state !== 'queued') return;
    if (this.servableLine(p.line, p.waiting!)) {
      if (contact.routing.foreverAlone) this.center.update(contact, (c) => (c.routing.foreverAlone = false));
      return;
    }
    if (contact.routing.transfer) return failTransfer(this.center, contact);
    if (contact.routing.foreverAlone) return;
    this.center.update(contact, (c) => (c.routing.foreverAlone = true));
    this.center.emitToCustomer(contact, 'chat.foreverAlone', { contactId: contact.id });
  }

  waitedTooLong(contact: ContactRecord): void {
    this.center.log(`contact ${contact.id} waited the maximum of queue ${contact.queue}: dissuaded`);
    this.center.endInQueue(contact, 'dissuaded');
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.flushes.values()) clearTimeout(timer);
    this.flushes.clear();
  }

  private servableLine(key: string, sample: WaitingContact): boolean {
    let servable = this.servable.get(key);
    if (servable === undefined) {
      servable = [...this.agents.all()].some((a) => canServe(a, sample));
      this.servable.set(key, servable);
    }
    return servable;
  }

  private tell(p: Placement, position: number): void {
    // A chat being transferred is not in line as its customer sees it: they hear of the transfer instead.
    if (p.toldPosition === position || p.contact.routing.transfer) return;
    p.toldPosition = position;
    const waitingTime = Math.round((this.center.now() - p.contact.createdAt) / 1000);
    this.center.emitToCustomer(p.contact, 'queue.update', { contactId: p.contact.id, queuePosition: position, waitingTime });
  }

  private scheduleFlush(queue: string): void {
    if (this.flushes.has(queue) || this.stopped) return;
    const wait = Math.max(0, (this.lastFlushAt.get(queue) ?? -Infinity) + POSITION_NOTICE_INTERVAL_MS - this.center.now());
    const timer = setTimeout(() => this.flush(queue), wait);
    timer.unref?.();
    this.flushes.set(queue, timer);
  }

  /** Tells every customer of the queue whose position moved since they last heard. */
  private flush(queue: string): void {
    this.flushes.delete(queue);
    if (this.stopped) return;
    this.lastFlushAt.set(queue, this.center.now());
    const from = this.index.takeDirty(queue);
    if (from === undefined) return;
    this.center.outbox.run(() => {
      try {
        for (const [p, position] of this.index.waitingFrom(queue, from)) this.tell(p, position);
      } catch (err) {
        this.log(`queue positions of ${queue} failed: ${(err as Error).stack ?? err}`);
      }
    });
  }

  private guarded(p: Placement, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.index.markAside(p.contact.id, `notice failed: ${(err as Error).message}`);
    }
  }
}
