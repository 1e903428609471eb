/**
 * What the supervisors' feed keeps about live contacts, updated in O(1) per change of a contact:
 * which agents each contact involves (so an agent's row is built from its own contacts, never by
 * walking all of them) and which contacts wait in each queue, since when.
 */
import { isWaiting } from '../../protocol/index.ts';
import { involvedAgents } from '../contacts/views.ts';
import type { ContactRecord } from '../store/index.ts';

/** The rows a change touched: these agents' and queues' rows are sent again. */
export interface Touched {
  agents: Set<string>;
  queues: Set<string>;
}

export class FeedIndex {
  /** Per contact, the agents it involves and the queue it waits in (null: it does not wait). */
  private readonly byContact = new Map<string, { agents: string[]; waitsIn: string | null }>();
  private readonly byAgent = new Map<string, Set<string>>();
  /** Per queue, its waiting contacts and since when each waits. */
  private readonly waiting = new Map<string, Map<string, number>>();

  /** Files the contact as it is now, adding the rows it touched (before and after) to `touched`. */
  track(contact: ContactRecord, touched: Touched): void {
    const before = this.byContact.get(contact.id);
    const agents = involvedAgents(contact);
    const waitsIn = isWaiting(contact.state) ? contact.queue : null;
    for (const id of before?.agents ?? []) {
      touched.agents.add(id);
      const held = this.byAgent.get(id);
      held?.delete(contact.id);
      if (held?.size === 0) this.byAgent.delete(id);
    }
    for (const id of agents) {
      touched.agents.add(id);
      let held = this.byAgent.get(id);
      if (!held) this.byAgent.set(id, (held = new Set()));
      held.add(contact.id);
    }
    if (before?.waitsIn) {
      touched.queues.add(before.waitsIn);
      const queue = this.waiting.get(before.waitsIn)!;
      queue.delete(contact.id);
      if (queue.size === 0) this.waiting.delete(before.waitsIn);
    }
    if (waitsIn) {
      touched.queues.add(waitsIn);
      let queue = this.waiting.get(waitsIn);
      if (!queue) this.waiting.set(waitsIn, (queue = new Map()));
      queue.set(contact.id, contact.enqueuedAt);
    }
    if (agents.length || waitsIn) this.byContact.set(contact.id, { agents, waitsIn });
    else this.byContact.delete(contact.id);
  }

  /** The ids of the contacts that involve the agent. */
  contactsOf(agentId: string): Iterable<string> {
    return this.byAgent.get(agentId) ?? [];
  }

  /** How many contacts wait in the queue and since when the one waiting longest has (O(waiting), for a row being sent). */
  waitingIn(queue: string): { waiting: number; oldestSince: number | null } {
    const since = this.waiting.get(queue);
    if (!since) return { waiting: 0, oldestSince: null };
    let oldest = Infinity;
    for (const at of since.values()) oldest = Math.min(oldest, at);
    return { waiting: since.size, oldestSince: oldest };
  }

  clear(): void {
    this.byContact.clear();
    this.byAgent.clear();
    this.waiting.clear();
  }
}
