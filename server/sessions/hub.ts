/**
 * Sessions and their event streams. Every event gets the session's next `seq` and is stored
 * before it is sent, so a client that reconnects with `resume {token, lastSeq}` gets what it
 * missed, in order, exactly once.
 */
import { EVENT_REPLAY_WINDOW, type EventFrame, type ServerEventMap, type ServerTopic } from '../../protocol/index.ts';
import { newToken } from '../auth/index.ts';
import type { SessionKind, SessionRecord, Store, StoredEvent } from '../store/index.ts';

export interface EventSink {
  sendEvent(frame: EventFrame): void;
}

export type ReplayResult = { snapshot: true; seq: number } | { snapshot: false; seq: number; events: StoredEvent[] };

export class SessionHub {
  private readonly sinks = new Map<string, Set<EventSink>>();
  private readonly tokensBySubject = new Map<string, Set<string>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  create(kind: SessionKind, subjectId: string): SessionRecord {
    const session: SessionRecord = { token: newToken(), kind, subjectId, seq: 0, createdAt: this.now() };
    this.store.insertSession(session);
    this.tokensOf(kind, subjectId).add(session.token);
    return session;
  }

  get(token: string): SessionRecord | undefined {
    return this.store.getSession(token);
  }

  end(token: string): void {
    const session = this.store.getSession(token);
    if (!session) return;
    this.store.deleteSession(token);
    this.tokensOf(session.kind, session.subjectId).delete(token);
    this.sinks.delete(token);
  }

  attach(token: string, sink: EventSink): void {
    let set = this.sinks.get(token);
    if (!set) this.sinks.set(token, (set = new Set()));
    set.add(sink);
  }

  detach(token: string, sink: EventSink): void {
    this.sinks.get(token)?.delete(sink);
  }

  /** How many live connections a subject has, over all its sessions. */
  connectionCount(kind: SessionKind, subjectId: string): number {
    let n = 0;
    for (const token of this.tokensOf(kind, subjectId)) n += this.sinks.get(token)?.size ?? 0;
    return n;
  }

  emit<T extends ServerTopic>(kind: SessionKind, subjectId: string, topic: T, data: ServerEventMap[T]): void {
    for (const token of this.tokensOf(kind, subjectId)) {
      const seq = this.store.appendEvent(token, topic, data, this.now());
      if (seq % 100 === 0) this.store.pruneEvents(token, EVENT_REPLAY_WINDOW);
      const frame: EventFrame = { type: 'event', seq, topic, data };
      for (const sink of this.sinks.get(token) ?? []) sink.sendEvent(frame);
    }
  }

  /** Tells the session's connections it ended, then ends it. */
  endWithNotice(token: string): void {
    for (const sink of this.sinks.get(token) ?? []) sink.sendEvent({ type: 'event', seq: Number.MAX_SAFE_INTEGER, topic: 'session.ended', data: { reason: 'logout' } });
    this.end(token);
  }

  /** Events after `lastSeq`, or `snapshot` when the client is too far behind to replay. */
  replay(session: SessionRecord, lastSeq: number): ReplayResult {
    if (lastSeq > session.seq) return { snapshot: true, seq: session.seq };
    const oldest = this.store.oldestEventSeq(session.token);
    if (lastSeq < session.seq && (oldest === null || oldest > lastSeq + 1)) return { snapshot: true, seq: session.seq };
    return { snapshot: false, seq: session.seq, events: this.store.eventsAfter(session.token, lastSeq) };
  }

  private tokensOf(kind: SessionKind, subjectId: string): Set<string> {
    const key = `${kind}:${subjectId}`;
    let set = this.tokensBySubject.get(key);
    if (!set) {
      set = new Set(this.store.listSessions(kind, subjectId).map((s) => s.token));
      this.tokensBySubject.set(key, set);
    }
    return set;
  }
}
