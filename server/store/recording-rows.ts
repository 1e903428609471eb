/** The recordings table in SQLite (one prepared statement per operation). */
import type Database from 'better-sqlite3';
import type { RecordingRecord, RecordingRows } from './records.ts';

type Row = Record<string, any>;

const recordingOf = (r: Row): RecordingRecord => ({
  id: r.id,
  recordingId: r.recording_id ?? r.id,
  part: r.part,
  segment: r.segment,
  contactId: r.contact_id,
  agentId: r.agent_id,
  mime: r.mime,
  bytes: r.bytes,
  chunks: r.chunks,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});

export class SqliteRecordingRows implements RecordingRows {
  private readonly stmt;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      insert: p(`INSERT INTO recordings(id, recording_id, part, segment, contact_id, agent_id, mime, bytes, chunks, status, started_at, ended_at)
        VALUES (@id, @recordingId, @part, @segment, @contactId, @agentId, @mime, @bytes, @chunks, @status, @startedAt, @endedAt)`),
      get: p('SELECT * FROM recordings WHERE id=?'),
      ofContact: p('SELECT * FROM recordings WHERE contact_id=? ORDER BY started_at, id'),
      ofRecording: p(`SELECT * FROM recordings WHERE id=@id OR recording_id=@id ORDER BY segment, CASE part WHEN 'mixed' THEN 0 WHEN 'in' THEN 1 ELSE 2 END`),
      setSize: p('UPDATE recordings SET bytes=?, chunks=? WHERE id=?'),
      complete: p("UPDATE recordings SET status='complete', ended_at=? WHERE id=? AND status='recording'"),
      unfinished: p("SELECT * FROM recordings WHERE status='recording'"),
    };
  }

  insert(recording: RecordingRecord): void {
    this.stmt.insert.run(recording);
  }

  get(id: string): RecordingRecord | undefined {
    const r = this.stmt.get.get(id) as Row | undefined;
    return r && recordingOf(r);
  }

  ofContact(contactId: string): RecordingRecord[] {
    return this.stmt.ofContact.all(contactId).map((r) => recordingOf(r as Row));
  }

  ofRecording(recordingId: string): RecordingRecord[] {
    return this.stmt.ofRecording.all({ id: recordingId }).map((r) => recordingOf(r as Row));
  }

  setSize(id: string, bytes: number, chunks: number): void {
    this.stmt.setSize.run(bytes, chunks, id);
  }

  complete(id: string, endedAt: number): void {
    this.stmt.complete.run(endedAt, id);
  }

  unfinished(): RecordingRecord[] {
    return this.stmt.unfinished.all().map((r) => recordingOf(r as Row));
  }
}
