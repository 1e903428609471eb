/**
 * The signalling relay: each party's media endpoint attaches to its contact's live call, and the
 * server forwards WebRTC descriptions and candidates between the two endpoints, and data between
 * the two parties, as unstored `signal` frames. An endpoint whose connection drops (a network
 * loss, a reload, a closed tab) is kept away: the call is parked, the other side hears `away` and
 * keeps its peer connection while media still flow; the same endpoint re-attaching (`rejoin`)
 * picks the call up again, a new endpoint of the party (a reloaded page) takes it over. An
 * endpoint that leaves on purpose (`media.detach`) is gone at once. If no endpoint of a parked
 * side is back within the re-attach time, the call ends `media_lost`.
 */
import {
  TERMINAL_CONTACT_STATES,
  badRequest,
  forbidden,
  inConversation,
  notFound,
  notSuitableState,
  ProtocolError,
  type CallPartyKind,
  type MediaAttachReply,
  type SignalEventMap,
  type SignalFrame,
  type SignalPayload,
  type SignalTopic,
} from '../../protocol/index.ts';
import { isLive, otherSide, sideOf, subjectOf } from '../calls/call-record.ts';
import type { Calls } from '../calls/calls.ts';
import type { ContactCenter, Logger } from '../contacts/index.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { CallSide, ContactRecord, SessionRecord } from '../store/index.ts';
import { EndpointTable, type SignalSink } from './endpoints.ts';
import { iceConfigFor, type IceSettings } from './ice.ts';

export interface SignallingOptions {
  ice: IceSettings;
  reattachSeconds: number;
}

type Timer = ReturnType<typeof setTimeout>;

const signal = <T extends SignalTopic>(topic: T, data: SignalEventMap[T]): SignalFrame<T> => ({ type: 'signal', topic, data });

export class MediaSignalling {
  private readonly endpoints = new EndpointTable();
  /** Per call, the sides whose endpoint left and the timer that ends the call if it does not come back. */
  private readonly parked = new Map<string, Map<CallSide, Timer>>();
  private stopped = false;

  constructor(
    private readonly center: ContactCenter,
    private readonly calls: Calls,
    private readonly hub: SessionHub,
    private readonly options: SignallingOptions,
    private readonly log: Logger,
  ) {
    calls.onEnded((contactId) => this.forget(contactId));
    calls.onHandOver((contactId) => this.handOver(contactId));
    // After a restart no endpoint is attached: every answered call waits for both parties to re-attach.
    const answered = [...center.liveContacts()].filter((c) => c.call?.state === 'connected' || c.call?.state === 'held');
    if (answered.length) center.outbox.run(() => answered.forEach((c) => (['customer', 'agent'] as const).forEach((side) => this.left(c, side))));
  }

  stop(): void {
    this.stopped = true;
    for (const sides of this.parked.values()) for (const timer of sides.values()) clearTimeout(timer);
    this.parked.clear();
  }

  /** Registers `sink` as the requester's endpoint for the contact's live call. */
  attach(sink: SignalSink, session: SessionRecord, contactId: string, endpointId: string, rejoin = false): MediaAttachReply {
    const { contact, side } = this.party(session, contactId);
    const current = this.endpoints.get(contactId, side);
    // A dropped endpoint coming back must not take the call from one of its party that took it meanwhile.
    if (rejoin && current && current.id !== endpointId) throw notSuitableState('another endpoint of yours carries this call now');
    let attached;
    try {
      attached = this.endpoints.set(contactId, side, endpointId, sink);
    } catch (err) {
      if (err instanceof RangeError) throw new ProtocolError('rate_limited', err.message, 1_000);
      throw err;
    }
    const kind = this.kindOf(contact, side);
    const replaced = attached.replaced?.sink;
    if (replaced) this.center.outbox.deliver(() => replaced.sendSignal(signal('media.replaced', { contactId, endpointId: attached.replaced!.id })));
    const peer = this.endpoints.get(contactId, otherSide(side));
    const peerSink = peer?.sink;
    if (peerSink) this.center.outbox.deliver(() => peerSink.sendSignal(signal('media.peer', { contactId, kind, endpointId })));
    this.unpark(contact, side);
    if (attached.returning) this.log(`call on contact ${contactId}: ${side} endpoint back`);
    return {
      ...iceConfigFor(this.options.ice, session.subjectId, this.center.now()),
      peer: peer ? { kind: this.kindOf(contact, otherSide(side)), endpointId: peer.id, ...(!peer.sink && { away: true as const }) } : null,
      polite: side === 'customer',
    };
  }

  /** The requester's endpoint leaves on purpose: the call is parked until it (or another) comes back. */
  detach(sink: SignalSink, session: SessionRecord, contactId: string, endpointId: string): void {
    const { contact, side } = this.party(session, contactId);
    if (!this.endpoints.remove(contactId, side, endpointId, sink)) throw notFound(`endpoint ${endpointId} on this connection`);
    this.left(contact, side);
  }

  /** Forwards a description or candidate to the other party's endpoint `to`. */
  signal(sink: SignalSink, session: SessionRecord, contactId: string, to: string, payload: SignalPayload): void {
    const { side } = this.party(session, contactId);
    const mine = this.endpoints.get(contactId, side);
    if (!mine || mine.sink !== sink) throw notSuitableState('attach this connection first (media.attach)');
    const peer = this.endpoints.get(contactId, otherSide(side));
    if (!peer || peer.id !== to) throw notFound(`endpoint ${to} (the other party's endpoint is ${peer ? peer.id : 'not attached'})`);
    const to_ = peer.sink;
    if (!to_) throw notSuitableState('the other party is reconnecting: signal again once it is back (media.peer)');
    this.center.outbox.deliver(() => to_.sendSignal(signal('media.signal', { contactId, from: mine.id, payload })));
  }

  /** Relays data to the other party's live connections (a call's, or a chat's without one). */
  data(session: SessionRecord, contactId: string, message: { channel: string; topic?: string; data: string }): void {
    const contact = this.center.get(contactId);
    const side = sideOf(contact, session);
    if (!side) throw forbidden(`you are not a party of contact ${contactId}`);
    if (TERMINAL_CONTACT_STATES.includes(contact.state) || !(inConversation(contact.state) || isLive(contact.call))) {
      throw notSuitableState(`contact is ${contact.state}: there is no one to send data to`);
    }
    const to = subjectOf(contact, otherSide(side));
    if (!to || this.hub.connectionCount(to.kind, to.id) === 0) throw notSuitableState('the other party is not connected');
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      throw badRequest('data is not JSON text');
    }
    const from = subjectOf(contact, side)!;
    const frame = signal('media.data', { contactId, channel: message.channel, ...(message.topic !== undefined && { topic: message.topic }), data, from });
    this.hub.signal(to.kind, to.id, frame);
  }

  /** A connection closed: its endpoints are away (each call it carried is parked until they, or others, come back). */
  connectionClosed(sink: SignalSink): void {
    const held = this.endpoints.heldBy(sink);
    if (!held.length) return;
    this.center.outbox.run(() => {
      for (const [contactId, side, endpointId] of held) {
        this.endpoints.away(contactId, side, endpointId, sink);
        const contact = this.center.findLive(contactId);
        if (contact) this.left(contact, side, endpointId);
      }
    });
  }

  /**
   * The call's agent side changed hands (a transfer was taken): the old agent's endpoint is
   * dropped (its connection hears `media.replaced`), the customer's hears `media.peer null`, and
   * the call stays parked until the new agent's endpoint attaches (or ends `media_lost`).
   */
  handOver(contactId: string): void {
    const contact = this.center.findLive(contactId);
    if (!contact || !isLive(contact.call)) return;
    const old = this.endpoints.get(contactId, 'agent');
    if (old) {
      this.endpoints.remove(contactId, 'agent', old.id);
      old.sink?.sendSignal(signal('media.replaced', { contactId, endpointId: old.id }));
    }
    this.center.outbox.run(() => this.left(contact, 'agent'));
  }

  /** Endpoints attached now, over all calls (for bounds checks and diagnostics). */
  get attachedCalls(): number {
    return this.endpoints.size;
  }

  // ---- internals ----

  private party(session: SessionRecord, contactId: string): { contact: ContactRecord; side: CallSide } {
    const contact = this.center.get(contactId);
    const side = sideOf(contact, session);
    if (!side) throw forbidden(`you are not a party of the call on ${contactId}`);
    if (!isLive(contact.call)) throw notSuitableState(contact.call ? 'the call has ended' : 'this contact has no call');
    return { contact, side };
  }

  /** What a side is on the wire: an internal call's customer side is the calling agent. */
  private kindOf(contact: ContactRecord, side: CallSide): CallPartyKind {
    return subjectOf(contact, side)?.kind ?? side;
  }

  /**
   * A side's endpoint is gone (or, with `awayId`, away): the other side hears it, the call parks and
   * waits for the side to come back.
   */
  private left(contact: ContactRecord, side: CallSide, awayId?: string): void {
    if (!isLive(contact.call)) return;
    const contactId = contact.id;
    const peerSink = this.endpoints.get(contactId, otherSide(side))?.sink;
    const kind = this.kindOf(contact, side);
    const news = awayId ? { contactId, kind, endpointId: awayId, away: true as const } : { contactId, kind, endpointId: null };
    if (peerSink) this.center.outbox.deliver(() => peerSink.sendSignal(signal('media.peer', news)));
    this.calls.setParked(contact, true);
    if (this.stopped) return;
    let sides = this.parked.get(contactId);
    if (!sides) this.parked.set(contactId, (sides = new Map()));
    clearTimeout(sides.get(side));
    const timer = setTimeout(() => this.reattachExpired(contactId, side), this.options.reattachSeconds * 1000);
    timer.unref?.();
    sides.set(side, timer);
    this.log(`call on contact ${contactId}: ${side} endpoint left, parked`);
  }

  /** An endpoint of a parked side came back: the call is no longer parked once every side is back. */
  private unpark(contact: ContactRecord, side: CallSide): void {
    const sides = this.parked.get(contact.id);
    if (sides?.has(side)) {
      clearTimeout(sides.get(side));
      sides.delete(side);
      if (sides.size === 0) this.parked.delete(contact.id);
    }
    if (!this.parked.has(contact.id)) this.calls.setParked(contact, false);
  }

  private reattachExpired(contactId: string, side: CallSide): void {
    const sides = this.parked.get(contactId);
    sides?.delete(side);
    if (sides?.size === 0) this.parked.delete(contactId);
    const contact = this.center.findLive(contactId);
    const endpoint = this.endpoints.get(contactId, side);
    if (!contact || !isLive(contact.call) || endpoint?.sink) return;
    if (endpoint) this.endpoints.remove(contactId, side, endpoint.id);
    try {
      this.center.outbox.run(() => this.calls.finish(contact, 'media_lost', side));
      this.log(`call on contact ${contactId}: ${side} endpoint did not come back, ended media_lost`);
    } catch (err) {
      this.log(`re-attach timeout of ${contactId} failed: ${(err as Error).stack ?? err}`);
    }
  }

  private forget(contactId: string): void {
    this.endpoints.drop(contactId);
    for (const timer of this.parked.get(contactId)?.values() ?? []) clearTimeout(timer);
    this.parked.delete(contactId);
  }
}
