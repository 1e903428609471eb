/**
 * What the router keeps about live contacts, updated in O(log n) on each change of a contact:
 * queued contacts in lines (alike contacts, in queue order), waiting contacts of each queue in
 * queue order (for positions), what each agent holds and is offered, and the contacts set aside
 * because their data is broken. Nothing here walks all contacts.
 */
import { AGENT_WORK_STATES, CONTACT_STATES, TERMINAL_CONTACT_STATES, isWaiting } from '../../protocol/index.ts';
import type { QueueConfig } from '../config.ts';
import type { Logger } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { OrderedSet } from './ordered-set.ts';
import { byQueueOrder, lineKey, type QueueOrder, type WaitingContact } from './router.ts';

/** Where one contact sits in the index. */
export interface Placement {
  contact: ContactRecord;
  /** Its key in the ordered sets, as of its last change. */
  order: QueueOrder;
  /** What the router needs, as of its last change; null unless it waits. */
  waiting: WaitingContact | null;
  /** The queue in whose waiting order it is (queued or offered). */
  queue: string | null;
  /** The line it is in (queued only). */
  line: string | null;
  heldBy: string | null;
  offeredTo: readonly string[];
  /** The queue position its customer was last told. */
  toldPosition: number | null;
}

export function waitingOf(c: ContactRecord, queue: QueueConfig): WaitingContact {
  const { routing } = c;
  return {
    id: c.id,
    priority: c.priority,
    enqueuedAt: c.enqueuedAt,
    requiredSkills: routing.requiredSkills,
    mode: routing.mode,
    algorithm: queue.algorithm,
    excludedAgents: routing.excludedAgents,
    targetAgentId: routing.targetAgentId ?? null,
    allowBusy: routing.allowBusy === true,
    broadcastSize: queue.broadcastSize,
  };
}

const isStrings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** Why the router cannot work with this contact, or null when it can. */
export function problemOf(c: ContactRecord, queue: QueueConfig | undefined): string | null {
  const routing = c.routing as Partial<ContactRecord['routing']> | null | undefined;
  if (!CONTACT_STATES.includes(c.state)) return `unknown state ${String(c.state)}`;
  if (!routing || typeof routing !== 'object') return 'no routing data';
  if (AGENT_WORK_STATES.includes(c.state) && typeof c.agentId !== 'string') return `${c.state} without an agent`;
  if (!isWaiting(c.state)) return null;
  if (!queue) return `unknown queue ${c.queue}`;
  if (!isStrings(c.offeredTo) || !isStrings(routing.requiredSkills) || !isStrings(routing.excludedAgents)) return 'broken routing lists';
  if (routing.mode !== 'direct' && routing.mode !== 'broadcast') return `unknown offer mode ${String(routing.mode)}`;
  if (!Number.isFinite(c.priority) || !Number.isFinite(c.enqueuedAt)) return 'broken queue order';
  if (routing.targetAgentId != null && typeof routing.targetAgentId !== 'string') return 'broken transfer target';
  return null;
}

const addTo = (map: Map<string, Set<string>>, key: string, id: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
};
const removeFrom = (map: Map<string, Set<string>>, key: string, id: string) => {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
};

export class WaitingIndex {
  private readonly placements = new Map<string, Placement>();
  private readonly lines = new Map<string, OrderedSet<QueueOrder>>();
  private readonly queues = new Map<string, OrderedSet<QueueOrder>>();
  private readonly held = new Map<string, Set<string>>();
  private readonly offers = new Map<string, Set<string>>();
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
    if (before?.heldBy) removeFrom(this.held, before.heldBy, contact.id);
    if (next.heldBy) addTo(this.held, next.heldBy, contact.id);
    for (const id of before?.offeredTo ?? []) removeFrom(this.offers, id, contact.id);
    for (const id of next.offeredTo) addTo(this.offers, id, contact.id);
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

  /** The contacts of a line, copied: safe to change them while going through the list. */
  lineMembers(key: string): Placement[] {
    return [...(this.lines.get(key)?.from() ?? [])].map((o) => this.placements.get(o.id)!);
  }

  heldCount(agentId: string): number {
    return this.held.get(agentId)?.size ?? 0;
  }

  /** Contacts offered to the agent now (direct or broadcast), copied. */
  offersOf(agentId: string): ContactRecord[] {
    return [...(this.offers.get(agentId) ?? [])].map((id) => this.placements.get(id)!.contact);
  }

  /** Contacts the agent holds or is offered: what counts against its capacity. */
  load(agentId: string): number {
    return this.heldCount(agentId) + (this.offers.get(agentId)?.size ?? 0);
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
    if (before.heldBy) removeFrom(this.held, before.heldBy, id);
    for (const agentId of before.offeredTo) removeFrom(this.offers, agentId, id);
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
