/** The attachments table in SQLite (one prepared statement per operation). */
import type Database from 'better-sqlite3';
import type { AttachmentRecord, AttachmentRows } from './records.ts';

type Row = Record<string, any>;

const attachmentOf = (r: Row): AttachmentRecord => ({
  id: r.id,
  contactId: r.contact_id,
  messageId: r.message_id,
  sender: { kind: r.sender_kind, id: r.sender_id },
  name: r.name,
  type: r.type,
  bytes: r.bytes,
  createdAt: r.created_at,
  accessedBy: JSON.parse(r.accessed_by),
});

export class SqliteAttachmentRows implements AttachmentRows {
  private readonly stmt;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      insert: p(`INSERT INTO attachments(id, contact_id, message_id, sender_kind, sender_id, name, type, bytes, created_at, accessed_by)
        VALUES (@id, @contactId, @messageId, @senderKind, @senderId, @name, @type, @bytes, @createdAt, @accessedBy)`),
      get: p('SELECT * FROM attachments WHERE id=?'),
      totals: p('SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM attachments WHERE contact_id=?'),
      setAccessed: p('UPDATE attachments SET accessed_by=? WHERE id=?'),
      ids: p('SELECT id FROM attachments'),
    };
  }

  insert(a: AttachmentRecord): void {
    this.stmt.insert.run({ ...a, senderKind: a.sender.kind, senderId: a.sender.id, accessedBy: JSON.stringify(a.accessedBy) });
  }

  get(id: string): AttachmentRecord | undefined {
    const r = this.stmt.get.get(id) as Row | undefined;
    return r && attachmentOf(r);
  }

  totals(contactId: string): { count: number; bytes: number } {
    const r = this.stmt.totals.get(contactId) as Row;
    return { count: r.count, bytes: r.bytes };
  }

  markAccessed(id: string, party: string): boolean {
    const attachment = this.get(id);
    if (!attachment || attachment.accessedBy.includes(party)) return false;
    this.stmt.setAccessed.run(JSON.stringify([...attachment.accessedBy, party]), id);
    return true;
  }

  ids(): Set<string> {
    return new Set(this.stmt.ids.all().map((r) => (r as Row).id as string));
  }
}
