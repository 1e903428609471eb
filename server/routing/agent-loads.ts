/** What counts against each agent's capacity: the contacts it holds and those offered to it. */

/** Where a contact weighs: the agent holding it, the agents it is offered to. */
export interface Weight {
  heldBy: string | null;
  offeredTo: readonly string[];
}

const NONE: Weight = { heldBy: null, offeredTo: [] };

export class AgentLoads {
  private readonly held = new Map<string, Set<string>>();
  private readonly offers = new Map<string, Set<string>>();

  /** Moves a contact's weight from where it was to where it is now. */
  move(contactId: string, before: Weight = NONE, after: Weight = NONE): void {
    if (before.heldBy) remove(this.held, before.heldBy, contactId);
    if (after.heldBy) add(this.held, after.heldBy, contactId);
    for (const agentId of before.offeredTo) remove(this.offers, agentId, contactId);
    for (const agentId of after.offeredTo) add(this.offers, agentId, contactId);
  }

  heldCount(agentId: string): number {
    return this.held.get(agentId)?.size ?? 0;
  }

  /** Ids of the contacts offered to the agent now, copied. */
  offerIds(agentId: string): string[] {
    return [...(this.offers.get(agentId) ?? [])];
  }

  load(agentId: string): number {
    return this.heldCount(agentId) + (this.offers.get(agentId)?.size ?? 0);
  }
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function remove(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
}
