/**
 * Sessions and their event streams. A subject (an agent or a customer) has one stream that all
 * its sessions share: an event is stored once, with the stream's next `seq`, whatever the number
 * of sessions it ever opened. Frames leave through the outbox, after the commit, so a client
 * never holds a `seq` the store could lose; `resume {token, lastSeq}` replays what it missed.
 */
import { EVENT_REPLAY_WINDOW, type EventFrame, type SignalFrame, type ServerEventMap, type ServerTopic, type SessionEndReason, type SupervisorSignalFrame } from '../../protocol/index.ts';
import { hashToken, newToken } from '../auth/index.ts';
import { streamOf, type SessionKind, type SessionRecord, type Store, type StoredEvent } from '../store/index.ts';
import type { Outbox } from './outbox.ts';

/** A live connection carrying one session's events. */
export interface EventSink {
  readonly token: string;
  sendEvent(frame: EventFrame): void;
  /** An unstored frame for live connections only (call signalling, relayed data, a supervisor's live view). */
  sendSignal(frame: SignalFrame | SupervisorSignalFrame): void;
  /** Its session ended: it stops carrying the session's events. */
  sessionEnded(): void;
}

export interface SessionLifetimes {
  /** A session with no connection for this long ends. */
  idleMs: number;
  /** A session ends this long after it began, connected or not. */
  absoluteMs: number;
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
    const now = this.now();
    const session: SessionRecord = { token: newToken(), kind, subjectId, createdAt: now, lastSeenAt: now };
    this.store.insertSession(hashToken(session.token), session);
    return { session, seq: this.store.streamSeq(streamOf(kind, subjectId)) };
  }

  get(token: string): SessionRecord | undefined {
    const stored = this.store.getSession(hashToken(token));
    return stored && { ...stored, token };
  }

  seqOf(session: SessionRecord): number {
    return this.store.streamSeq(streamOf(session.kind, session.subjectId));
  }

  /** Ends one session: its connections are told why and stop carrying its events. */
  endWithNotice(token: string, reason: SessionEndReason = 'logout'): void {
    this.endByHash(hashToken(token), reason);
  }

  /** Ends the subject's sessions (all but `exceptToken`'s), telling their connections why. */
  endSessionsOf(kind: SessionKind, subjectId: string, reason: SessionEndReason, exceptToken?: string): number {
    const except = exceptToken && hashToken(exceptToken);
    const hashes = this.store.listSessions(kind, subjectId).filter((h) => h !== except);
    for (const hash of hashes) this.endByHash(hash, reason);
    return hashes.length;
  }

  /** Ends sessions past their lifetimes (idle ones only when nothing is connected to them). */
  sweep(lifetimes: SessionLifetimes): number {
    const now = this.now();
    const expired = this.store.expiredSessions(now - lifetimes.idleMs, now - lifetimes.absoluteMs);
    let ended = 0;
    for (const { tokenHash, kind, subjectId } of expired) {
      const stored = this.store.getSession(tokenHash);
      const tooOld = stored !== undefined && stored.createdAt < now - lifetimes.absoluteMs;
      if (!tooOld && this.connectedHashes(kind, subjectId).has(tokenHash)) continue; // in use: not idle
      this.endByHash(tokenHash, 'expired');
      ended++;
    }
    return ended;
  }

  /** Ends the sessions of agents no longer in the config. */
  endSessionsOfRemovedAgents(agentIds: readonly string[]): number {
    const stale = this.store.sessionsOfOtherAgents(agentIds);
    for (const { tokenHash } of stale) this.endByHash(tokenHash, 'removed');
    return stale.length;
  }

  attach(session: SessionRecord, sink: EventSink): void {
    const stream = streamOf(session.kind, session.subjectId);
    let set = this.sinks.get(stream);
    if (!set) this.sinks.set(stream, (set = new Set()));
    if (set.has(sink)) return;
    set.add(sink);
    this.store.touchSession(hashToken(session.token), this.now());
    this.presence(session, set.size);
  }

  detach(session: SessionRecord, sink: EventSink): void {
    const stream = streamOf(session.kind, session.subjectId);
    const set = this.sinks.get(stream);
    if (!set?.delete(sink)) return;
    if (set.size === 0) this.sinks.delete(stream);
    this.store.touchSession(hashToken(session.token), this.now());
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

  /** Sends an unstored signal frame to the subject's live connections, after the unit of work commits. */
  signal(kind: SessionKind, subjectId: string, frame: SignalFrame | SupervisorSignalFrame): void {
    const stream = streamOf(kind, subjectId);
    this.outbox.deliver(() => {
      for (const sink of this.sinks.get(stream) ?? []) sink.sendSignal(frame);
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

  private endByHash(tokenHash: string, reason: SessionEndReason): void {
    const session = this.store.getSession(tokenHash);
    if (!session) return;
    this.store.deleteSession(tokenHash);
    const frame: EventFrame = { type: 'event', seq: Number.MAX_SAFE_INTEGER, topic: 'session.ended', data: { reason } };
    this.outbox.deliver(() => {
      for (const sink of [...(this.sinks.get(streamOf(session.kind, session.subjectId)) ?? [])]) {
        if (hashToken(sink.token) !== tokenHash) continue;
        sink.sendEvent(frame);
        sink.sessionEnded();
      }
    });
  }

  private connectedHashes(kind: SessionKind, subjectId: string): Set<string> {
    return new Set([...(this.sinks.get(streamOf(kind, subjectId)) ?? [])].map((sink) => hashToken(sink.token)));
  }

  private presence(session: SessionRecord, connections: number): void {
    for (const listener of this.presenceListeners) listener(session.kind, session.subjectId, connections);
  }
}
