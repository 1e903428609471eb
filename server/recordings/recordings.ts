/**
 * The recordings service: the call handlers begin and end recordings and ask for playback links
 * (RecordingService); the HTTP routes append chunks, finish, and check links before serving.
 * Metadata is a row in the store; bytes are a file (RecordingFiles); links are signed (LinkSigner).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, forbidden, notFound, notSuitableState, ProtocolError, RECORDING_CHUNK_MAX_BYTES, type RecordingKind, type RecordingPart } from '../../protocol/index.ts';
import type { RecordingRecord, RecordingRows } from '../store/index.ts';
import { LinkSigner, type LinkClaims } from './link-signer.ts';
import { RecordingFiles } from './recording-files.ts';
import type { RecordingService } from './service.ts';

/** One chunk's most bytes (MediaRecorder's ~1 s slices of Opus are a few KB). */
export const MAX_CHUNK_BYTES = RECORDING_CHUNK_MAX_BYTES;
/** The stored type of a file: what MediaRecorder writes, by whether the file has video. */
export const RECORDING_MIME: Readonly<Record<RecordingKind, string>> = { audio: 'audio/webm', video: 'video/webm' };

/** What one recording file holds: its part, audio or video, and (a continuation) the recording and segment it belongs to. */
export interface RecordingFileSpec {
  part: RecordingPart;
  kind: RecordingKind;
  /** The recording it continues or completes (the id of its first file); none: it starts one. */
  recordingId?: string;
  segment?: number;
}

/** One file of a recording as its listing shows it, with a link of its own. */
export interface RecordingFileListing {
  id: string;
  part: RecordingPart;
  segment: number;
  mime: string;
  bytes: number;
  status: RecordingRecord['status'];
  startedAt: number;
  endedAt: number | null;
  url: string;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface RecordingsOptions {
  /** Folder of the recordings' files (created if missing). */
  dir: string;
  /** The HMAC secret of links: made once, kept at this path. */
  secret: Buffer;
  /** Most bytes one recording may hold. */
  maxBytes: number;
  /** How long a playback link works. */
  linkTtlMs: number;
  /** Whether the agent may hear the contact's recordings (its agents, ever, and supervisors). */
  canAccess: (contactId: string, agentId: string) => boolean;
  now?: () => number;
  log?: (line: string) => void;
}

/** How long after its call ended a recording still takes the chunks its uploader had under way. */
const LATE_CHUNK_GRACE_MS = 10_000;

/** What a chunk upload did: `duplicate` when it was the last chunk again (a retry) and nothing was appended. */
export interface ChunkResult {
  seq: number;
  bytes: number;
  chunks: number;
  duplicate: boolean;
}

export const tooLarge = (message: string) => new ProtocolError('too_large', message);

export class Recordings implements RecordingService {
  readonly files: RecordingFiles;
  private readonly signer: LinkSigner;
  private readonly now: () => number;

  constructor(
    private readonly rows: RecordingRows,
    private readonly options: RecordingsOptions,
  ) {
    this.files = new RecordingFiles(options.dir);
    this.signer = new LinkSigner(options.secret);
    this.now = options.now ?? Date.now;
    this.recover();
  }

  /** Recordings whose uploader said they are over (no late chunk is taken for them), by when. */
  private readonly finishedByUploader = new Map<string, number>();

  begin(contactId: string, agentId: string, spec: RecordingFileSpec = { part: 'mixed', kind: 'audio' }): string {
    const id = randomUUID();
    this.files.create(id);
    const { part, kind, recordingId = id, segment = 0 } = spec;
    this.rows.insert({ id, recordingId, part, segment, contactId, agentId, mime: RECORDING_MIME[kind], bytes: 0, chunks: 0, status: 'recording', startedAt: this.now(), endedAt: null });
    return id;
  }

  end(recordingId: string): void {
    const recording = this.rows.get(recordingId);
    if (!recording) throw notFound(`recording ${recordingId}`);
    if (recording.status === 'complete') return;
    this.files.sync(recordingId);
    this.rows.complete(recordingId, this.now());
  }

  link(recordingId: string, requester: { agentId: string; supervisor: boolean }): { url: string; expiresAt: number } {
    const recording = this.rows.get(recordingId);
    if (!recording) throw notFound(`recording ${recordingId}`);
    if (!requester.supervisor && !this.mayHear(recording, requester.agentId)) throw forbidden('only agents of the contact and supervisors may hear its recordings');
    const expiresAt = this.now() + this.options.linkTtlMs;
    return { url: this.signedUrl(recordingId, requester.agentId, expiresAt), expiresAt };
  }

  /**
   * Every file of the recording the file `fileId` belongs to (its parts, and the segments made
   * after re-attaches), each with a link of its own for the holder of `access`, valid as long as it.
   */
  listing(fileId: string, access: string | null): { recordingId: string; files: RecordingFileListing[] } {
    const { recording: file, claims } = this.authorize(fileId, access);
    const { subject: agentId, expiresAt } = claims;
    const files = this.rows.ofRecording(file.recordingId).map((r) => ({
      id: r.id,
      part: r.part,
      segment: r.segment,
      mime: r.mime,
      bytes: r.bytes,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      url: this.signedUrl(r.id, agentId, expiresAt),
    }));
    return { recordingId: file.recordingId, files };
  }

  private signedUrl(fileId: string, agentId: string, expiresAt: number): string {
    return `/api/recordings/${fileId}?access=${this.signer.sign(fileId, { subject: agentId, expiresAt })}`;
  }

  /** The recording's row, if any. */
  get(recordingId: string): RecordingRecord | undefined {
    return UUID.test(recordingId) ? this.rows.get(recordingId) : undefined;
  }

  /** The contact's recordings, oldest first. */
  ofContact(contactId: string): RecordingRecord[] {
    return this.rows.ofContact(contactId);
  }

  /**
   * Appends chunk `seq` (0, 1, 2, ...) uploaded by `agentId`. The last accepted seq again is a
   * retry whose answer was lost: accepted without appending.
   */
  appendChunk(recordingId: string, agentId: string, seq: number, chunk: Uint8Array): ChunkResult {
    const recording = this.uploadable(recordingId, agentId);
    if (seq === recording.chunks - 1) return { seq, bytes: recording.bytes, chunks: recording.chunks, duplicate: true };
    if (recording.status === 'complete' && !this.takesLateChunks(recording)) throw notSuitableState(`recording ${recordingId} has ended`);
    if (seq !== recording.chunks) throw notSuitableState(`chunk ${recording.chunks} expected, got ${seq}`);
    if (chunk.length === 0) throw badRequest('empty chunk');
    if (chunk.length > MAX_CHUNK_BYTES) throw tooLarge(`a chunk may hold ${MAX_CHUNK_BYTES} bytes`);
    if (recording.bytes + chunk.length > this.options.maxBytes) throw tooLarge(`a recording may hold ${this.options.maxBytes} bytes`);
    this.files.append(recordingId, recording.bytes, chunk);
    const bytes = recording.bytes + chunk.length;
    this.rows.setSize(recordingId, bytes, seq + 1);
    return { seq, bytes, chunks: seq + 1, duplicate: false };
  }

  /** The uploader says the recording is over. */
  finish(recordingId: string, agentId: string): RecordingRecord {
    const recording = this.uploadable(recordingId, agentId);
    const now = this.now();
    for (const [id, at] of this.finishedByUploader) if (now - at > LATE_CHUNK_GRACE_MS) this.finishedByUploader.delete(id);
    this.finishedByUploader.set(recordingId, now);
    if (recording.status === 'complete') this.files.sync(recordingId); // late chunks came after the end
    else this.end(recordingId);
    return this.rows.get(recordingId)!;
  }

  /**
   * The call ended (the customer hung up) while the agent's last chunks were on their way: they
   * are taken for a short while, until the uploader says it is done.
   */
  private takesLateChunks(recording: RecordingRecord): boolean {
    return !this.finishedByUploader.has(recording.id) && recording.endedAt !== null && this.now() - recording.endedAt < LATE_CHUNK_GRACE_MS;
  }

  /** Checks a link's `access` value at play time (signature, expiry, and access again); returns the recording. */
  authorizePlayback(recordingId: string, access: string | null): RecordingRecord {
    return this.authorize(recordingId, access).recording;
  }

  private authorize(recordingId: string, access: string | null): { recording: RecordingRecord; claims: LinkClaims } {
    const recording = this.get(recordingId);
    if (!recording) throw notFound(`recording ${recordingId}`);
    if (!access) throw new ProtocolError('not_logged_in', 'a recording link carries ?access=...; ask for one with recording.link');
    const check = this.signer.verify(recordingId, access, this.now());
    if (!check.ok) throw forbidden(check.reason);
    if (!this.mayHear(recording, check.claims.subject)) throw forbidden('this agent may no longer hear the recording');
    return { recording, claims: check.claims };
  }

  private mayHear(recording: RecordingRecord, agentId: string): boolean {
    return recording.agentId === agentId || this.options.canAccess(recording.contactId, agentId);
  }

  private uploadable(recordingId: string, agentId: string): RecordingRecord {
    const recording = this.get(recordingId);
    if (!recording) throw notFound(`recording ${recordingId}`);
    if (recording.agentId !== agentId) throw forbidden('only the agent recording it uploads its chunks');
    return recording;
  }

  /**
   * After a crash: bytes written but never counted are cut off; a file shorter than its row
   * (data the disk lost) cannot take further chunks in order, so that recording ends where it is.
   */
  private recover(): void {
    for (const recording of this.rows.unfinished()) {
      const size = this.files.size(recording.id);
      if (size === null) {
        this.files.create(recording.id);
        this.rows.setSize(recording.id, 0, recording.chunks);
        this.rows.complete(recording.id, this.now());
        this.options.log?.(`recording ${recording.id}: file missing, ended`);
      } else if (size > recording.bytes) {
        this.files.truncate(recording.id, recording.bytes);
      } else if (size < recording.bytes) {
        this.rows.setSize(recording.id, size, recording.chunks);
        this.rows.complete(recording.id, this.now());
        this.options.log?.(`recording ${recording.id}: ${recording.bytes - size} bytes lost in a crash, ended at ${size}`);
      }
    }
  }
}
