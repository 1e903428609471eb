/**
 * Sessions and their event streams. A subject (an agent or a customer) has one stream that all
 * its sessions share: an event is stored once, with the stream's next `seq`, whatever the number
 * of sessions it ever opened. Frames leave through the outbox, after the commit, so a client
 * never holds a `seq` the store could lose; `resume {token, lastSeq}` replays what it missed.
 */
import { EVENT_REPLAY_WINDOW, type EventFrame, type ServerEventMap, type ServerTopic } from '../../protocol/index.ts';
import { newToken } from '../auth/index.ts';
import { streamOf, type SessionKind, type SessionRecord, type Store, type StoredEvent } from '../store/index.ts';
import type { Outbox } from './outbox.ts';

/** A live connection carrying one session's events. */
export interface EventSink {
  readonly token: string;
  sendEvent(frame: EventFrame): void;
}

export type ReplayResult = { snapshot: true; seq: number } | { snapshot: false; seq: number; events: StoredEvent[] };
export type PresenceListener = (kind: SessionKind, subjectId: string, connections: number) => void;

/** Prune a stream's old events once every this many events. */
const PRUNE_EVERY = 100;

export class SessionHub {
  private readonly sinks = new Map<string, Set<EventSink>>();
  private readonly presenceListeners = new Set<PresenceListener>();

  constructor(
    private readonly store: Store,
    readonly outbox: Outbox,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for the subject; `seq` is where its stream stands. */
  create(kind: SessionKind, subjectId: string): { session: SessionRecord; seq: number } {
    const session: SessionRecord = { token: newToken(), kind, subjectId, createdAt: this.now() };
    this.store.insertSession(session);
    return { session, seq: this.store.streamSeq(streamOf(kind, subjectId)) };
  }

  get(token: string): SessionRecord | undefined {
    return this.store.getSession(token);
  }

  seqOf(session: SessionRecord): number {
    return this.store.streamSeq(streamOf(session.kind, session.subjectId));
  }

  end(token: string): void {
    this.store.deleteSession(token);
  }

  attach(session: SessionRecord, sink: EventSink): void {
    const stream = streamOf(session.kind, session.subjectId);
    let set = this.sinks.get(stream);
    if (!set) this.sinks.set(stream, (set = new Set()));
    if (set.has(sink)) return;
    set.add(sink);
    this.presence(session, set.size);
  }

  detach(session: SessionRecord, sink: EventSink): void {
    const stream = streamOf(session.kind, session.subjectId);
    const set = this.sinks.get(stream);
    if (!set?.delete(sink)) return;
    if (set.size === 0) this.sinks.delete(stream);
    this.presence(session, set.size);
  }

  /** How many live connections a subject has, over all its sessions. */
  connectionCount(kind: SessionKind, subjectId: string): number {
    return this.sinks.get(streamOf(kind, subjectId))?.size ?? 0;
  }

  /** Called whenever a subject's number of live connections changes. */
  onPresence(listener: PresenceListener): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Stores the event in the subject's stream; its frame leaves after the unit of work commits. */
  emit<T extends ServerTopic>(kind: SessionKind, subjectId: string, topic: T, data: ServerEventMap[T]): void {
    const stream = streamOf(kind, subjectId);
    this.outbox.run(() => {
      const seq = this.store.appendEvent(stream, topic, data, this.now());
      if (seq % PRUNE_EVERY === 0) this.store.pruneEvents(stream, EVENT_REPLAY_WINDOW);
      const frame: EventFrame = { type: 'event', seq, topic, data };
      this.outbox.deliver(() => {
        for (const sink of this.sinks.get(stream) ?? []) sink.sendEvent(frame);
      });
    });
  }

  /** Tells the connections of this one session that it ended, then ends it. */
  endWithNotice(token: string, reason: ServerEventMap['session.ended']['reason'] = 'logout'): void {
    const session = this.store.getSession(token);
    if (!session) return;
    this.end(token);
    const frame: EventFrame = { type: 'event', seq: Number.MAX_SAFE_INTEGER, topic: 'session.ended', data: { reason } };
    this.outbox.deliver(() => {
      for (const sink of [...(this.sinks.get(streamOf(session.kind, session.subjectId)) ?? [])]) if (sink.token === token) sink.sendEvent(frame);
    });
  }

  /** Events after `lastSeq`, or `snapshot` when the client is too far behind (or ahead) to replay. */
  replay(session: SessionRecord, lastSeq: number): ReplayResult {
    const stream = streamOf(session.kind, session.subjectId);
    const seq = this.store.streamSeq(stream);
    if (lastSeq > seq) return { snapshot: true, seq };
    if (lastSeq === seq) return { snapshot: false, seq, events: [] };
    const oldest = this.store.oldestEventSeq(stream);
    if (oldest === null || oldest > lastSeq + 1) return { snapshot: true, seq };
    return { snapshot: false, seq, events: this.store.eventsAfter(stream, lastSeq) };
  }

  private presence(session: SessionRecord, connections: number): void {
    for (const listener of this.presenceListeners) listener(session.kind, session.subjectId, connections);
  }
}
