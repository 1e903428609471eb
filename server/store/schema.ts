/** SQLite schema, applied idempotently at open. Bump SCHEMA_VERSION with a migration step. */
export const SCHEMA_VERSION = 6;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  nickname TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '[]',
  capacity INTEGER NOT NULL DEFAULT 3,
  state TEXT NOT NULL DEFAULT 'OFFLINE',
  state_since INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  forced_pause INTEGER NOT NULL DEFAULT 0,
  last_offer_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contacts (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  queue TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  agent_id TEXT REFERENCES agents(id),
  offered_to TEXT NOT NULL DEFAULT '[]',
  lang TEXT NOT NULL,
  source TEXT NOT NULL,
  attached_data TEXT NOT NULL DEFAULT '{}',
  last_sequence INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  enqueued_at INTEGER NOT NULL,
  delivered_at INTEGER,
  ended_at INTEGER,
  completed_at INTEGER,
  end_reason TEXT,
  routing TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS contacts_open ON contacts(state) WHERE state NOT IN ('completed','abandoned','cancelled','dissuaded');
CREATE INDEX IF NOT EXISTS contacts_customer ON contacts(customer_id);
CREATE TABLE IF NOT EXISTS messages (
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  sequence INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  from_kind TEXT NOT NULL,
  from_id TEXT NOT NULL,
  from_name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (contact_id, sequence)
);
CREATE TABLE IF NOT EXISTS sessions (
  token TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_subject ON sessions(kind, subject_id);
CREATE TABLE IF NOT EXISTS streams (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS stream_events (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  topic TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (stream, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recordings (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  agent_id TEXT NOT NULL,
  mime TEXT NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  chunks INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX IF NOT EXISTS recordings_contact ON recordings(contact_id);
CREATE TABLE IF NOT EXISTS attachments (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  message_id TEXT NOT NULL,
  sender_kind TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  accessed_by TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS attachments_contact ON attachments(contact_id);
DROP TABLE IF EXISTS events;
`;

/** Indexes on columns added after version 1 (run after ADDED_COLUMNS). */
export const ADDED_INDEXES_SQL = `
CREATE UNIQUE INDEX IF NOT EXISTS messages_client_id ON messages(contact_id, from_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS recordings_recording ON recordings(recording_id);
`;

/** Columns added after version 1, for files made by an older server: [table, column, definition]. */
export const ADDED_COLUMNS: readonly [string, string, string][] = [
  ['agents', 'forced_pause', 'INTEGER NOT NULL DEFAULT 0'],
  ['agents', 'last_offer_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['contacts', 'routing', "TEXT NOT NULL DEFAULT '{}'"],
  ['messages', 'client_id', 'TEXT'],
  ['sessions', 'last_seen_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['customers', 'auth_type', "TEXT NOT NULL DEFAULT 'CONSUMER_ANONYMOUS'"],
  ['customers', 'verified', 'TEXT'],
  /** The contact's current call (JSON), or NULL. */
  ['contacts', 'call', 'TEXT'],
  /** A message's content (link, action, rich, post-back; JSON), or NULL for plain text. */
  ['messages', 'content', 'TEXT'],
  /** 1: seen by agents and supervisors only. */
  ['messages', 'private', 'INTEGER NOT NULL DEFAULT 0'],
  /** The text's language (ISO 639-1), when its sender gave one. */
  ['messages', 'lang', 'TEXT'],
  /** From the config: agent or supervisor. */
  ['agents', 'role', "TEXT NOT NULL DEFAULT 'agent'"],
  /** The chats a supervisor watches (JSON array of contact ids). */
  ['agents', 'watching', "TEXT NOT NULL DEFAULT '[]'"],
  /** A recording file's recording (the id of its first file; NULL: the file itself), part (mixed, in, out) and segment (0, then 1, 2... after re-attaches). */
  ['recordings', 'recording_id', 'TEXT'],
  ['recordings', 'part', "TEXT NOT NULL DEFAULT 'mixed'"],
  ['recordings', 'segment', 'INTEGER NOT NULL DEFAULT 0'],
];
