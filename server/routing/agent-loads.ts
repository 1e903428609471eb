/**
 * What counts against each agent's capacity: the chats it holds and those offered to it, and its
 * one voice slot, taken by a live call (ringing, connected, held) or a voice contact offered to it.
 * Voice contacts never count against the chat capacity.
 */

/** Where a contact weighs: the agent holding it, the agents it is offered to, the agents on its live call. */
export interface Weight {
  heldBy: string | null;
  offeredTo: readonly string[];
  /** A voice contact: its offers take the voice slot, not a chat slot. */
  voice?: boolean;
  /** A contact with a live call (a chat's call being transferred): its offers take the voice slot too. */
  liveCall?: boolean;
  onCall?: readonly string[];
}

const NONE: Weight = { heldBy: null, offeredTo: [] };

export class AgentLoads {
  private readonly held = new Map<string, Set<string>>();
  private readonly offers = new Map<string, Set<string>>();
  private readonly voiceOffers = new Map<string, Set<string>>();
  private readonly calls = new Map<string, Set<string>>();

  /** Moves a contact's weight from where it was to where it is now. */
  move(contactId: string, before: Weight = NONE, after: Weight = NONE): void {
    if (before.heldBy && !before.voice) remove(this.held, before.heldBy, contactId);
    if (after.heldBy && !after.voice) add(this.held, after.heldBy, contactId);
    for (const agentId of before.offeredTo) remove(this.offerMap(before), agentId, contactId);
    for (const agentId of after.offeredTo) add(this.offerMap(after), agentId, contactId);
    for (const agentId of before.onCall ?? []) remove(this.calls, agentId, contactId);
    for (const agentId of after.onCall ?? []) add(this.calls, agentId, contactId);
  }

  /** Chats the agent holds (voice contacts not counted). */
  heldCount(agentId: string): number {
    return this.held.get(agentId)?.size ?? 0;
  }

  /** Ids of the contacts offered to the agent now, chats and voice, copied. */
  offerIds(agentId: string): string[] {
    return [...(this.offers.get(agentId) ?? []), ...(this.voiceOffers.get(agentId) ?? [])];
  }

  /** What counts against the chat capacity: chats held and offered. */
  load(agentId: string): number {
    return this.heldCount(agentId) + (this.offers.get(agentId)?.size ?? 0);
  }

  /** The agent is on a live call. */
  onCall(agentId: string): boolean {
    return this.calls.has(agentId);
  }

  /** The voice slot is taken: a live call, or a voice contact offered. */
  voiceBusy(agentId: string): boolean {
    return this.calls.has(agentId) || this.voiceOffers.has(agentId);
  }

  /** Ids of the contacts whose live call the agent is on, copied. */
  callIds(agentId: string): string[] {
    return [...(this.calls.get(agentId) ?? [])];
  }

  private offerMap(weight: Weight): Map<string, Set<string>> {
    return weight.voice || weight.liveCall ? this.voiceOffers : this.offers;
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
