/**
 * The media endpoints of live calls: per call, at most one endpoint per side, held by one live
 * connection, or away (its connection dropped: kept, with no connection, for it to come back). In
 * memory only: a restarted server has none (the clients re-attach). Bounded per connection and in total.
 */
import type { SignalFrame } from '../../protocol/index.ts';
import type { CallSide } from '../store/index.ts';

/** A live connection that can carry unstored signal frames. */
export interface SignalSink {
  sendSignal(frame: SignalFrame): void;
}

export interface Endpoint {
  id: string;
  /** The connection that carries it; null while away. */
  sink: SignalSink | null;
}

/** What attaching an endpoint did: the endpoint of another id it replaced (if any), or that the same one came back. */
export interface Attached {
  replaced?: Endpoint;
  returning: boolean;
}

/** Calls with endpoints attached at once, over the whole server. */
export const MAX_CALLS_WITH_ENDPOINTS = 10_000;
/** Endpoints one connection may hold (an agent has one call at a time; a few tabs' worth of slack). */
export const MAX_ENDPOINTS_PER_CONNECTION = 8;

export type Sides = Partial<Record<CallSide, Endpoint>>;

export class EndpointTable {
  private readonly calls = new Map<string, Sides>();
  private readonly bySink = new Map<SignalSink, Map<string, CallSide>>();

  /** The endpoint of a side of a call, if attached. */
  get(contactId: string, side: CallSide): Endpoint | undefined {
    return this.calls.get(contactId)?.[side];
  }

  /** Sets the side's endpoint (held by `sink`). Throws RangeError past a bound. */
  set(contactId: string, side: CallSide, id: string, sink: SignalSink): Attached {
    let sides = this.calls.get(contactId);
    if (!sides && this.calls.size >= MAX_CALLS_WITH_ENDPOINTS) throw new RangeError(`more than ${MAX_CALLS_WITH_ENDPOINTS} calls have media endpoints`);
    const held = this.bySink.get(sink);
    if (!held?.has(contactId) && (held?.size ?? 0) >= MAX_ENDPOINTS_PER_CONNECTION) throw new RangeError(`a connection holds at most ${MAX_ENDPOINTS_PER_CONNECTION} media endpoints`);
    if (!sides) this.calls.set(contactId, (sides = {}));
    const old = sides[side];
    if (old?.sink) this.unindex(old.sink, contactId);
    sides[side] = { id, sink };
    let index = this.bySink.get(sink);
    if (!index) this.bySink.set(sink, (index = new Map()));
    index.set(contactId, side);
    if (old && old.id !== id) return { replaced: old, returning: false };
    return { returning: !!old };
  }

  /** Removes the side's endpoint if it is `endpointId` (held by `sink`, when given); returns whether it was. */
  remove(contactId: string, side: CallSide, endpointId: string, sink?: SignalSink): boolean {
    const sides = this.calls.get(contactId);
    const endpoint = sides?.[side];
    if (!sides || !endpoint || endpoint.id !== endpointId || (sink && endpoint.sink !== sink)) return false;
    delete sides[side];
    if (!sides.agent && !sides.customer) this.calls.delete(contactId);
    if (endpoint.sink) this.unindex(endpoint.sink, contactId);
    return true;
  }

  /** The side's endpoint `endpointId` held by `sink` is away (its connection dropped); returns whether it was there. */
  away(contactId: string, side: CallSide, endpointId: string, sink: SignalSink): boolean {
    const endpoint = this.calls.get(contactId)?.[side];
    if (!endpoint || endpoint.id !== endpointId || endpoint.sink !== sink) return false;
    endpoint.sink = null;
    this.unindex(sink, contactId);
    return true;
  }

  /** The endpoints a connection holds: [contactId, side, endpointId]. */
  heldBy(sink: SignalSink): [string, CallSide, string][] {
    return [...(this.bySink.get(sink) ?? [])].map(([contactId, side]) => [contactId, side, this.calls.get(contactId)![side]!.id]);
  }

  /** Forgets a call's endpoints (it ended). */
  drop(contactId: string): void {
    const sides = this.calls.get(contactId);
    if (!sides) return;
    for (const endpoint of Object.values(sides)) if (endpoint.sink) this.unindex(endpoint.sink, contactId);
    this.calls.delete(contactId);
  }

  get size(): number {
    return this.calls.size;
  }

  private unindex(sink: SignalSink, contactId: string): void {
    const index = this.bySink.get(sink);
    index?.delete(contactId);
    if (index?.size === 0) this.bySink.delete(sink);
  }
}
