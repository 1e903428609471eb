/**
 * What the router keeps about live contacts, updated in O(log n) on each change of a contact:
 * queued contacts in lines (alike contacts, in queue order), waiting contacts of each queue in
 * queue order (for positions), what each agent holds and is offered, and the contacts set aside
 * because their data is broken. Nothing here walks all contacts.
 */
import { AGENT_WORK_STATES, TERMINAL_CONTACT_STATES, isWaiting } from '../../protocol/index.ts';
import type { QueueConfig } from '../config.ts';
import type { Logger } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { AgentLoads, type Weight } from './agent-loads.ts';
import { OrderedSet } from './ordered-set.ts';
import { problemOf, waitingOf } from './routing-data.ts';
import { agentsOnCall, isLive } from '../calls/call-record.ts';
import { byQueueOrder, lineKey, type QueueOrder, type WaitingContact } from './router.ts';

/** Where one contact sits in the index. */
export interface Placement extends Weight {
  contact: ContactRecord;
  /** Its key in the ordered sets, as of its last change. */
  order: QueueOrder;
  /** What the router needs, as of its last change; null unless it waits. */
  waiting: WaitingContact | null;
  /** The queue in whose waiting order it is (queued or offered). */
  queue: string | null;
  /** The line it is in (queued only). */
  line: string | null;
  /** The queue position its customer was last told. */
  toldPosition: number | null;
}

export class WaitingIndex {
  private readonly placements = new Map<string, Placement>();
  private readonly lines = new Map<string, OrderedSet<QueueOrder>>();
  private readonly queues = new Map<string, OrderedSet<QueueOrder>>();
  private readonly loads = new AgentLoads();
  /** Contacts the router leaves alone, and why; a contact comes back when it changes and is sound. */
  readonly setAside = new Map<string, string>();
  /** Contacts that joined a line since the last pass: whether anyone could serve them is checked. */
  private fresh = new Set<string>();
  /** Contacts that joined a queue's waiting order since the last pass: their customer hears the position. */
  private newcomers = new Set<string>();
  /** Per queue, the first position that may have changed since its customers were last told. */
  private readonly dirty = new Map<string, number>();

  constructor(
    private readonly queueOf: (id: string) => QueueConfig | undefined,
    private readonly log: Logger,
  ) {}

  /** Files the contact as it is now. */
  track(contact: ContactRecord): void {
    const before = this.placements.get(contact.id);
    const queue = this.queueOf(contact.queue);
    const problem = TERMINAL_CONTACT_STATES.includes(contact.state) ? null : problemOf(contact, queue);
    if (problem !== null || TERMINAL_CONTACT_STATES.includes(contact.state)) {
      this.remove(contact.id);
      if (problem !== null) this.markAside(contact.id, problem);
      else this.setAside.delete(contact.id);
      return;
    }
    this.setAside.delete(contact.id);
    const waiting = isWaiting(contact.state) ? waitingOf(contact, queue!) : null;
    const order: QueueOrder = { id: contact.id, priority: contact.priority, enqueuedAt: contact.enqueuedAt };
    const next: Placement = {
      contact,
      order,
      waiting,
      queue: waiting ? contact.queue : null,
      line: waiting && contact.state === 'queued' ? lineKey(waiting) : null,
      heldBy: AGENT_WORK_STATES.includes(contact.state) ? contact.agentId : null,
      offeredTo: contact.state === 'offered' ? [...contact.offeredTo] : [],
      voice: contact.type === 'voice',
      liveCall: isLive(contact.call),
      onCall: agentsOnCall(contact),
      toldPosition: null,
    };
    const sameOrder = before !== undefined && byQueueOrder(before.order, order) === 0;
    if (before?.queue !== next.queue || !sameOrder) {
      if (before?.queue) this.leaveQueue(before);
      if (next.queue) this.joinQueue(next);
    } else {
      next.order = before.order;
      next.toldPosition = before.toldPosition;
    }
    if (before?.line !== next.line || !sameOrder) {
      if (before?.line) this.leaveLine(before);
      if (next.line) this.joinLine(next);
    }
    this.loads.move(contact.id, before, next);
    this.placements.set(contact.id, next);
  }

  /** Takes a contact out of routing, with a log line (once per reason). */
  markAside(id: string, why: string): void {
    this.remove(id);
    if (this.setAside.get(id) !== why) this.log(`contact ${id} set aside by the router: ${why}`);
    this.setAside.set(id, why);
  }

  placement(id: string): Placement | undefined {
    return this.placements.get(id);
  }

  /** Each line as its waiting contacts in queue order, read lazily. Do not change contacts while reading. */
  allLines(): Iterable<WaitingContact>[] {
    return [...this.lines.keys()].map((key) => ({ [Symbol.iterator]: () => this.lineContacts(key) }));
  }

  lineKeys(): string[] {
    return [...this.lines.keys()];
  }

  /** The first contact of a line: all its contacts are alike for the router. */
  lineHead(key: string): WaitingContact | undefined {
    const order = this.lines.get(key)?.first();
    return order && this.placements.get(order.id)!.waiting!;
  }

  /** The contacts of a line, copied: safe to change them while going through the list. */
  lineMembers(key: string): Placement[] {
    return [...(this.lines.get(key)?.from() ?? [])].map((o) => this.placements.get(o.id)!);
  }

  heldCount(agentId: string): number {
    return this.loads.heldCount(agentId);
  }

  /** Contacts offered to the agent now (direct or broadcast), copied. */
  offersOf(agentId: string): ContactRecord[] {
    return this.loads.offerIds(agentId).map((id) => this.placements.get(id)!.contact);
  }

  /** Chats the agent holds or is offered: what counts against its capacity. */
  load(agentId: string): number {
    return this.loads.load(agentId);
  }

  /** The agent is on a live call. */
  onCall(agentId: string): boolean {
    return this.loads.onCall(agentId);
  }

  /** The agent's voice slot is taken (a live call, or a voice contact offered). */
  voiceBusy(agentId: string): boolean {
    return this.loads.voiceBusy(agentId);
  }

  /** The contacts whose live call the agent is on. */
  callsOf(agentId: string): string[] {
    return this.loads.callIds(agentId);
  }

  /** 1-based position of a waiting contact in its queue. */
  position(p: Placement): number {
    return this.queues.get(p.queue!)!.rank(p.order) + 1;
  }

  /** Waiting contacts of a queue from a 0-based position on, with their 1-based positions. */
  *waitingFrom(queue: string, start: number): Generator<[Placement, number]> {
    let position = start;
    for (const order of this.queues.get(queue)?.from(start) ?? []) yield [this.placements.get(order.id)!, ++position];
  }

  takeFresh(): Set<string> {
    const fresh = this.fresh;
    this.fresh = new Set();
    return fresh;
  }

  takeNewcomers(): Set<string> {
    const newcomers = this.newcomers;
    this.newcomers = new Set();
    return newcomers;
  }

  dirtyQueues(): string[] {
    return [...this.dirty.keys()];
  }

  /** The first 0-based position of `queue` that may have changed, and forgets it. */
  takeDirty(queue: string): number | undefined {
    const from = this.dirty.get(queue);
    this.dirty.delete(queue);
    return from;
  }

  private remove(id: string): void {
    const before = this.placements.get(id);
    if (!before) return;
    if (before.queue) this.leaveQueue(before);
    if (before.line) this.leaveLine(before);
    this.loads.move(id, before);
    this.placements.delete(id);
  }

  private joinQueue(p: Placement): void {
    let set = this.queues.get(p.queue!);
    if (!set) this.queues.set(p.queue!, (set = new OrderedSet(byQueueOrder)));
    const rank = set.insert(p.order);
    this.newcomers.add(p.order.id);
    if (rank < set.size - 1) this.markDirty(p.queue!, rank + 1);
  }

  private leaveQueue(p: Placement): void {
    const set = this.queues.get(p.queue!)!;
    const rank = set.delete(p.order);
    if (set.size === 0) this.queues.delete(p.queue!);
    if (rank >= 0 && rank < set.size) this.markDirty(p.queue!, rank);
    this.newcomers.delete(p.order.id);
  }

  private joinLine(p: Placement): void {
    let set = this.lines.get(p.line!);
    if (!set) this.lines.set(p.line!, (set = new OrderedSet(byQueueOrder)));
    set.insert(p.order);
    this.fresh.add(p.order.id);
  }

  private leaveLine(p: Placement): void {
    const set = this.lines.get(p.line!)!;
    set.delete(p.order);
    if (set.size === 0) this.lines.delete(p.line!);
  }

  private markDirty(queue: string, from: number): void {
    this.dirty.set(queue, Math.min(this.dirty.get(queue) ?? from, from));
  }

  private *lineContacts(key: string): Generator<WaitingContact> {
    for (const order of this.lines.get(key)?.from() ?? []) yield this.placements.get(order.id)!.waiting!;
  }
}
