/**
 * The media endpoints of live calls: per call, at most one endpoint per side, each held by one
 * live connection. In memory only: a connection that goes away takes its endpoints with it, and
 * a restarted server has none (the clients re-attach). Bounded per connection and in total.
 */
import type { SignalFrame } from '../../protocol/index.ts';
import type { CallSide } from '../store/index.ts';

/** A live connection that can carry unstored signal frames. */
export interface SignalSink {
  sendSignal(frame: SignalFrame): void;
}

export interface Endpoint {
  id: string;
  sink: SignalSink;
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

  /** Sets the side's endpoint; returns the one it replaced (if another). Throws RangeError past a bound. */
  set(contactId: string, side: CallSide, endpoint: Endpoint): Endpoint | undefined {
    let sides = this.calls.get(contactId);
    if (!sides && this.calls.size >= MAX_CALLS_WITH_ENDPOINTS) throw new RangeError(`more than ${MAX_CALLS_WITH_ENDPOINTS} calls have media endpoints`);
    const held = this.bySink.get(endpoint.sink);
    if (!held?.has(contactId) && (held?.size ?? 0) >= MAX_ENDPOINTS_PER_CONNECTION) throw new RangeError(`a connection holds at most ${MAX_ENDPOINTS_PER_CONNECTION} media endpoints`);
    if (!sides) this.calls.set(contactId, (sides = {}));
    const old = sides[side];
    if (old) this.unindex(old.sink, contactId);
    sides[side] = endpoint;
    let index = this.bySink.get(endpoint.sink);
    if (!index) this.bySink.set(endpoint.sink, (index = new Map()));
    index.set(contactId, side);
    return old && (old.id !== endpoint.id || old.sink !== endpoint.sink) ? old : undefined;
  }

  /** Removes the side's endpoint if it is `endpointId` held by `sink`; returns whether it was. */
  remove(contactId: string, side: CallSide, endpointId: string, sink: SignalSink): boolean {
    const sides = this.calls.get(contactId);
    const endpoint = sides?.[side];
    if (!sides || !endpoint || endpoint.id !== endpointId || endpoint.sink !== sink) return false;
    delete sides[side];
    if (!sides.agent && !sides.customer) this.calls.delete(contactId);
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
    for (const endpoint of Object.values(sides)) this.unindex(endpoint.sink, contactId);
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
