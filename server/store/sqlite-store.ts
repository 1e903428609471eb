import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChatMessage } from '../../protocol/index.ts';
import { SqliteAttachmentRows } from './attachment-rows.ts';
import { SqliteRecordingRows } from './recording-rows.ts';
import { ADDED_COLUMNS, ADDED_INDEXES_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';
import type {
  AgentDefinition,
  AgentRecord,
  AgentStatus,
  ContactRecord,
  CustomerRecord,
  HistoryQuery,
  NewMessage,
  SessionKind,
  SessionRecord,
  Store,
  StoredEvent,
} from './records.ts';

type Row = Record<string, any>;

const agentOf = (r: Row): AgentRecord => ({
  id: r.id,
  username: r.username,
  name: r.name,
  nickname: r.nickname,
  passwordHash: r.password_hash,
  skills: JSON.parse(r.skills),
  capacity: r.capacity,
  state: r.state,
  stateSince: r.state_since,
  lastActivityAt: r.last_activity_at,
  forcedPause: r.forced_pause === 1,
  lastOfferAt: r.last_offer_at,
  role: r.role,
  watching: JSON.parse(r.watching),
});

const contactOf = (r: Row): ContactRecord => ({
  id: r.id,
  type: r.type,
  queue: r.queue,
  state: r.state,
  priority: r.priority,
  customerId: r.customer_id,
  agentId: r.agent_id,
  offeredTo: JSON.parse(r.offered_to),
  lang: r.lang,
  source: r.source,
  attachedData: JSON.parse(r.attached_data),
  lastSequence: r.last_sequence,
  createdAt: r.created_at,
  enqueuedAt: r.enqueued_at,
  deliveredAt: r.delivered_at,
  endedAt: r.ended_at,
  completedAt: r.completed_at,
  endReason: r.end_reason,
  routing: { conference: [], invited: [], ...JSON.parse(r.routing) },
  call: r.call ? JSON.parse(r.call) : null,
});

const messageOf = (r: Row): ChatMessage => ({
  id: r.id,
  contactId: r.contact_id,
  sequence: r.sequence,
  from: { kind: r.from_kind, id: r.from_id, name: r.from_name },
  text: r.text,
  createdAt: r.created_at,
  ...(r.content && { content: JSON.parse(r.content) }),
  ...(r.private === 1 && { private: true as const }),
  ...(r.lang && { lang: r.lang }),
});

const sessionOf = (r: Row): Omit<SessionRecord, 'token'> => ({
  kind: r.kind,
  subjectId: r.subject_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a committed
 * transaction survives kill -9 and power loss. Callers group writes into one transaction per unit
 * of work (and the gateway groups the requests of one tick), so one fsync covers many writes.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt: Record<string, Database.Statement>;
  private readonly seqs = new Map<string, number>();
  readonly recordings: SqliteRecordingRows;
  readonly attachments: SqliteAttachmentRows;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA_SQL);
    for (const [table, column, definition] of ADDED_COLUMNS) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as Row[];
      if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
    this.db.exec(ADDED_INDEXES_SQL);
    this.db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    this.recordings = new SqliteRecordingRows(this.db);
    this.attachments = new SqliteAttachmentRows(this.db);
    const p = (sql: string) => this.db.prepare(sql);
    this.stmt = {
      upsertAgent: p(`INSERT INTO agents(id, username, name, nickname, password_hash, skills, capacity, role, state, state_since, last_activity_at)
        VALUES (@id, @username, @name, @nickname, @passwordHash, @skills, @capacity, @role, 'OFFLINE', @now, @now)
        ON CONFLICT(id) DO UPDATE SET username=excluded.username, name=excluded.name, nickname=excluded.nickname,
          password_hash=excluded.password_hash, skills=excluded.skills, capacity=excluded.capacity, role=excluded.role`),
      listAgents: p('SELECT * FROM agents ORDER BY id'),
      saveAgentState: p(`UPDATE agents SET state=@state, state_since=@stateSince, last_activity_at=@lastActivityAt,
        forced_pause=@forcedPause, last_offer_at=@lastOfferAt, watching=@watching WHERE id=@id`),
      insertCustomer: p('INSERT INTO customers(id, name, created_at, auth_type, verified) VALUES (@id, @name, @createdAt, @authType, @verified)'),
      verifyCustomer: p("UPDATE customers SET auth_type='CONSUMER_AUTHENTICATED', verified=? WHERE id=?"),
      getCustomer: p('SELECT * FROM customers WHERE id=?'),
      saveContact: p(`INSERT INTO contacts(id, type, queue, state, priority, customer_id, agent_id, offered_to, lang, source, attached_data,
          last_sequence, created_at, enqueued_at, delivered_at, ended_at, completed_at, end_reason, routing, call)
        VALUES (@id, @type, @queue, @state, @priority, @customerId, @agentId, @offeredTo, @lang, @source, @attachedData,
          @lastSequence, @createdAt, @enqueuedAt, @deliveredAt, @endedAt, @completedAt, @endReason, @routing, @call)
        ON CONFLICT(id) DO UPDATE SET queue=excluded.queue, state=excluded.state, priority=excluded.priority,
          agent_id=excluded.agent_id, offered_to=excluded.offered_to, attached_data=excluded.attached_data,
          enqueued_at=excluded.enqueued_at, delivered_at=excluded.delivered_at, ended_at=excluded.ended_at,
          completed_at=excluded.completed_at, end_reason=excluded.end_reason, routing=excluded.routing, call=excluded.call`),
      getContact: p('SELECT * FROM contacts WHERE id=?'),
      listLiveContacts: p(`SELECT * FROM contacts WHERE state NOT IN ('completed','abandoned','cancelled','dissuaded') ORDER BY enqueued_at, id`),
      bumpSequence: p('UPDATE contacts SET last_sequence = last_sequence + 1 WHERE id=? RETURNING last_sequence'),
      insertMessage: p(`INSERT INTO messages(contact_id, sequence, id, from_kind, from_id, from_name, text, created_at, client_id, content, private, lang)
        VALUES (@contactId, @sequence, @id, @fromKind, @fromId, @fromName, @text, @createdAt, @clientId, @content, @private, @lang)`),
      countMessagesAfter: p(`SELECT COUNT(*) AS n FROM messages WHERE contact_id=@contactId AND sequence > @after AND from_id != @notFrom
        AND (private = 0 OR @withPrivate = 1)`),
      unansweredSince: p(`SELECT MIN(created_at) AS since FROM messages WHERE contact_id=@contactId AND from_kind='customer'
        AND sequence > (SELECT COALESCE(MAX(sequence), 0) FROM messages WHERE contact_id=@contactId AND from_kind='agent' AND private=0)`),
      getMessage: p('SELECT * FROM messages WHERE contact_id=? AND id=?'),
      messageByClientId: p('SELECT * FROM messages WHERE contact_id=? AND from_id=? AND client_id=?'),
      listMessages: p(`SELECT * FROM (SELECT * FROM messages WHERE contact_id=@contactId AND sequence >= @min AND sequence <= @max
        AND (private = 0 OR @publicOnly = 0) ORDER BY sequence DESC LIMIT @limit) ORDER BY sequence`),
      insertSession: p('INSERT INTO sessions(token, kind, subject_id, seq, created_at, last_seen_at) VALUES (?, ?, ?, 0, ?, ?)'),
      getSession: p('SELECT * FROM sessions WHERE token=?'),
      touchSession: p('UPDATE sessions SET last_seen_at=? WHERE token=?'),
      deleteSession: p('DELETE FROM sessions WHERE token=?'),
      listSessions: p('SELECT token FROM sessions WHERE kind=? AND subject_id=? ORDER BY created_at'),
      expiredSessions: p('SELECT token, kind, subject_id FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
      agentSessions: p("SELECT token, subject_id FROM sessions WHERE kind='agent'"),
      lastEventSeq: p('SELECT max(seq) AS seq FROM stream_events WHERE stream=?'),
      streamSeq: p('SELECT seq FROM streams WHERE id=?'),
      insertEvent: p('INSERT INTO stream_events(stream, seq, topic, data, created_at) VALUES (?, ?, ?, ?, ?)'),
      eventsAfter: p('SELECT seq, topic, data FROM stream_events WHERE stream=? AND seq > ? ORDER BY seq'),
      pruneEvents: p('DELETE FROM stream_events WHERE stream=? AND seq <= ?'),
      oldestEvent: p('SELECT min(seq) AS seq FROM stream_events WHERE stream=?'),
      changes: p('SELECT total_changes() AS n'),
    };
  }

  upsertAgentDefinition(def: AgentDefinition, now: number): void {
    this.stmt.upsertAgent.run({ ...def, skills: JSON.stringify(def.skills), now });
  }

  listAgents(): AgentRecord[] {
    return this.stmt.listAgents.all().map((r) => agentOf(r as Row));
  }

  saveAgentState(a: AgentStatus): void {
    this.stmt.saveAgentState.run({
      id: a.id,
      state: a.state,
      stateSince: a.stateSince,
      lastActivityAt: a.lastActivityAt,
      forcedPause: a.forcedPause ? 1 : 0,
      lastOfferAt: a.lastOfferAt,
      watching: JSON.stringify(a.watching),
    });
  }

  insertCustomer(customer: CustomerRecord): void {
    this.stmt.insertCustomer.run({ ...customer, verified: customer.verified ? JSON.stringify(customer.verified) : null });
  }

  verifyCustomer(id: string, verified: NonNullable<CustomerRecord['verified']>): void {
    this.stmt.verifyCustomer.run(JSON.stringify(verified), id);
  }

  getCustomer(id: string): CustomerRecord | undefined {
    const r = this.stmt.getCustomer.get(id) as Row | undefined;
    return r && { id: r.id, name: r.name, createdAt: r.created_at, authType: r.auth_type, ...(r.verified && { verified: JSON.parse(r.verified) }) };
  }

  saveContact(c: ContactRecord): void {
    this.stmt.saveContact.run({
      ...c,
      offeredTo: JSON.stringify(c.offeredTo),
      attachedData: JSON.stringify(c.attachedData),
      routing: JSON.stringify(c.routing),
      call: c.call ? JSON.stringify(c.call) : null,
    });
  }

  getContact(id: string): ContactRecord | undefined {
    const r = this.stmt.getContact.get(id) as Row | undefined;
    return r && contactOf(r);
  }

  listLiveContacts(): ContactRecord[] {
    return this.stmt.listLiveContacts.all().map((r) => contactOf(r as Row));
  }

  appendMessage(m: NewMessage): ChatMessage {
    return this.transaction(() => {
      const bumped = this.stmt.bumpSequence.get(m.contactId) as Row | undefined;
      if (!bumped) throw new Error(`contact ${m.contactId} does not exist`);
      const sequence = bumped.last_sequence as number;
      this.stmt.insertMessage.run({
        contactId: m.contactId,
        sequence,
        id: m.id,
        fromKind: m.from.kind,
        fromId: m.from.id,
        fromName: m.from.name,
        text: m.text,
        createdAt: m.createdAt,
        clientId: m.clientMessageId ?? null,
        content: m.content ? JSON.stringify(m.content) : null,
        private: m.private ? 1 : 0,
        lang: m.lang ?? null,
      });
      const { clientMessageId: _c, ...message } = m;
      return { ...message, sequence };
    });
  }

  listMessages(contactId: string, q: HistoryQuery): ChatMessage[] {
    return this.stmt.listMessages
      .all({ contactId, publicOnly: q.publicOnly ? 1 : 0, min: q.sequenceMin ?? 0, max: q.sequenceMax ?? Number.MAX_SAFE_INTEGER, limit: q.maxQuantity ?? -1 })
      .map((r) => messageOf(r as Row));
  }

  countMessagesAfter(contactId: string, after: number, notFrom: string, withPrivate: boolean): number {
    return (this.stmt.countMessagesAfter.get({ contactId, after, notFrom, withPrivate: withPrivate ? 1 : 0 }) as Row).n as number;
  }

  unansweredSince(contactId: string): number | null {
    return ((this.stmt.unansweredSince.get({ contactId }) as Row | undefined)?.since as number | null | undefined) ?? null;
  }

  getMessage(contactId: string, id: string): ChatMessage | undefined {
    const r = this.stmt.getMessage.get(contactId, id) as Row | undefined;
    return r && messageOf(r);
  }

  findMessageByClientId(contactId: string, fromId: string, clientMessageId: string): ChatMessage | undefined {
    const r = this.stmt.messageByClientId.get(contactId, fromId, clientMessageId) as Row | undefined;
    return r && messageOf(r);
  }

  insertSession(tokenHash: string, s: SessionRecord): void {
    this.stmt.insertSession.run(tokenHash, s.kind, s.subjectId, s.createdAt, s.lastSeenAt);
  }

  getSession(tokenHash: string): Omit<SessionRecord, 'token'> | undefined {
    const r = this.stmt.getSession.get(tokenHash) as Row | undefined;
    return r && sessionOf(r);
  }

  touchSession(tokenHash: string, now: number): void {
    this.stmt.touchSession.run(now, tokenHash);
  }

  deleteSession(tokenHash: string): void {
    this.stmt.deleteSession.run(tokenHash);
  }

  listSessions(kind: SessionKind, subjectId: string): string[] {
    return this.stmt.listSessions.all(kind, subjectId).map((r) => (r as Row).token as string);
  }

  expiredSessions(idleBefore: number, createdBefore: number): { tokenHash: string; kind: SessionKind; subjectId: string }[] {
    return this.stmt.expiredSessions.all(idleBefore, createdBefore).map((r) => ({ tokenHash: (r as Row).token, kind: (r as Row).kind, subjectId: (r as Row).subject_id }));
  }

  sessionsOfOtherAgents(agentIds: readonly string[]): { tokenHash: string; subjectId: string }[] {
    const keep = new Set(agentIds);
    return this.stmt.agentSessions
      .all()
      .map((r) => ({ tokenHash: (r as Row).token as string, subjectId: (r as Row).subject_id as string }))
      .filter((s) => !keep.has(s.subjectId));
  }

  appendEvent(stream: string, topic: string, data: unknown, now: number): number {
    return this.transaction(() => {
      const seq = this.streamSeq(stream) + 1;
      this.stmt.insertEvent.run(stream, seq, topic, JSON.stringify(data), now);
      this.seqs.set(stream, seq);
      return seq;
    });
  }

  /**
   * A stream's last seq is its newest stored event's (pruning always keeps the newest), kept in
   * memory once read: one statement per event instead of two. A transaction that rolls back drops
   * the cache, so a seq it used is read again from what was committed.
   */
  streamSeq(stream: string): number {
    let seq = this.seqs.get(stream);
    if (seq === undefined) {
      const last = (this.stmt.lastEventSeq.get(stream) as Row).seq as number | null;
      // Files from before this cache counted seq in the streams table.
      const counted = ((this.stmt.streamSeq.get(stream) as Row | undefined)?.seq as number | undefined) ?? 0;
      seq = Math.max(last ?? 0, counted);
      this.seqs.set(stream, seq);
    }
    return seq;
  }

  eventsAfter(stream: string, seq: number): StoredEvent[] {
    return this.stmt.eventsAfter.all(stream, seq).map((r) => {
      const row = r as Row;
      return { seq: row.seq, topic: row.topic, data: JSON.parse(row.data) };
    });
  }

  pruneEvents(stream: string, keep: number): void {
    this.stmt.pruneEvents.run(stream, this.streamSeq(stream) - keep);
  }

  oldestEventSeq(stream: string): number | null {
    return ((this.stmt.oldestEvent.get(stream) as Row).seq as number | null) ?? null;
  }

  transaction<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.undoingCache(() => this.db.transaction(fn)());
  }

  savepoint<T>(fn: () => T): T {
    return this.undoingCache(() => this.db.transaction(fn)()); // inside a transaction, better-sqlite3 uses a SAVEPOINT
  }

  private undoingCache<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      this.seqs.clear();
      throw err;
    }
  }

  changes(): number {
    return (this.stmt.changes.get() as Row).n as number;
  }

  close(): void {
    this.db.close();
  }
}
