/**
 * Recording routes:
 *   POST /api/recordings/<id>/chunks?seq=<n>  (Authorization: Bearer <agent session token>) appends chunk n
 *   POST /api/recordings/<id>/finish          (same) ends the recording
 *   GET  /api/recordings/<id>?access=<signed> plays it (sirv: Range, ETag), for whom the link was made
 *   GET  /api/recordings/<id>/files?access=<same> lists every file of its recording (parts, and the
 *        segments made after re-attaches), each with a link of its own
 * Refusals answer 4xx with `{error: {name, message}}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { badRequest, forbidden } from '../../protocol/index.ts';
import { MAX_CHUNK_BYTES, tooLarge, type Recordings } from '../recordings/index.ts';
import { bearerSession, sendError, sendJson, type SessionLookup } from './replies.ts';

export interface RecordingRouteDeps {
  recordings: Recordings;
  /** Finds a session by its token (the session hub). */
  sessions: SessionLookup;
  log?: (line: string) => void;
}

const PATH = /^\/api\/recordings\/([^/]+)(?:\/(chunks|finish|files))?$/;

/** The agent session named by `Authorization: Bearer <token>`. */
function agentOf(req: IncomingMessage, sessions: SessionLookup): string {
  const session = bearerSession(req, sessions);
  if (session.kind !== 'agent') throw forbidden('only agents upload recordings');
  return session.subjectId;
}

/** The request body, refused past `max` bytes (as soon as it is known: Content-Length or the bytes so far). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > max) return reject(tooLarge(`a chunk may hold ${max} bytes`));
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume(); // drained, not kept: the answer goes out now
        reject(tooLarge(`a chunk may hold ${max} bytes`));
      } else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts, size)));
    req.on('error', reject);
  });
}

/** A handler for /api/recordings/...; returns false for any other path. */
export function recordingRoutes(deps: RecordingRouteDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { recordings, sessions, log } = deps;
  const serve = sirv(recordings.files.dir, { dev: true, etag: true, extensions: [], dotfiles: false }) as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

  const upload = async (req: IncomingMessage, res: ServerResponse, id: string, query: URLSearchParams) => {
    const agentId = agentOf(req, sessions);
    const seqText = query.get('seq');
    if (seqText === null || !/^\d{1,9}$/.test(seqText)) throw badRequest('?seq=<chunk number from 0> is required');
    const chunk = await readBody(req, MAX_CHUNK_BYTES).catch((err) => {
      res.setHeader('connection', 'close');
      throw err;
    });
    sendJson(res, 200, recordings.appendChunk(id, agentId, Number(seqText), chunk));
  };

  const finish = (req: IncomingMessage, res: ServerResponse, id: string) => {
    const agentId = agentOf(req, sessions);
    const recording = recordings.finish(id, agentId);
    req.resume();
    sendJson(res, 200, { id, status: recording.status, bytes: recording.bytes, chunks: recording.chunks });
  };

  const play = (req: IncomingMessage, res: ServerResponse, id: string, query: URLSearchParams) => {
    const recording = recordings.authorizePlayback(id, query.get('access'));
    // Set before sirv: it keeps headers already on the response over its own.
    res.setHeader('content-type', recording.mime);
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('content-disposition', `inline; filename="recording-${id}.webm"`);
    req.url = `/${recordings.files.fileName(id)}`;
    serve(req, res, () => sendJson(res, 404, { error: { name: 'not_found', message: `recording ${id} has no file` } }));
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const match = PATH.exec(url.pathname);
    if (!match) return false;
    const [, id, action] = match;
    const method = req.method ?? 'GET';
    const allowed = action === 'chunks' || action === 'finish' ? 'POST' : 'GET, HEAD';
    if (!allowed.split(', ').includes(method)) {
      sendJson(res, 405, { error: { name: 'bad_request', message: `${method} not allowed here; use ${allowed}` } }, { allow: allowed });
      return true;
    }
    const run = async () => {
      if (action === 'chunks') await upload(req, res, id, url.searchParams);
      else if (action === 'finish') finish(req, res, id);
      else if (action === 'files') sendJson(res, 200, recordings.listing(id, url.searchParams.get('access')));
      else play(req, res, id, url.searchParams);
    };
    run().catch((err) => sendError(res, err, log, 'recording route'));
    return true;
  };
}
