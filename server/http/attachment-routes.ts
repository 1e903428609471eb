/**
 * Attachment routes:
 *   POST /api/attachments?contactId=<chat>&name=<file name>  (Authorization: Bearer <session token>,
 *        Content-Type: the file's type, the file as the body) posts it into the chat: 201 UploadReply
 *   GET  /api/attachments/<id>?access=<signed>[&preview=1][&download=1]  the file, for whom the link was made
 * Raster images (png, jpeg, gif, webp) are served inline, anything else as a download, always with
 * nosniff and a sandboxing CSP; opening a file (not a `preview`, as thumbnails are) gives its sender
 * an ACCESS receipt. Customer pages on other origins upload through CORS (`customerOrigins`).
 * Refusals answer 4xx with `{error: {name, message}}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { badRequest, forbidden } from '../../protocol/index.ts';
import { baseType, contentDisposition, type Attachments } from '../attachments/index.ts';
import { originKind } from '../gateway/index.ts';
import { bearerSession, sendError, sendJson, type SessionLookup } from './replies.ts';

export interface AttachmentRouteDeps {
  attachments: Attachments;
  sessions: SessionLookup;
  /** Origins of customer pages (`customerOrigins` of the config; "*" for any). */
  customerOrigins: readonly string[];
  log?: (line: string) => void;
}

const PATH = /^\/api\/attachments(?:\/([^/]+))?$/;
/** What a downloaded file may do when opened as a page: nothing (no scripts, no plugins, no requests). */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

/** Bytes of a refused upload read and dropped before its connection is cut. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

function drain(req: IncomingMessage, limit: number): void {
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > limit) req.socket.destroy();
  });
  req.resume();
}

/** CORS headers for a customer page on another origin; null when the origin may not use the API. */
function corsFor(req: IncomingMessage, customerOrigins: readonly string[]): Record<string, string> | null {
  const origin = req.headers.origin;
  const kind = originKind(origin, req.headers.host, customerOrigins);
  if (kind === null) return null;
  return kind === 'customer' && origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** A handler for /api/attachments...; returns false for any other path. */
export function attachmentRoutes(deps: AttachmentRouteDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { attachments, sessions, customerOrigins, log } = deps;
  const serve = sirv(attachments.files.dir, { dev: true, etag: true, extensions: [], dotfiles: false }) as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

  const upload = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, cors: Record<string, string>) => {
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    const session = bearerSession(req, sessions);
    // Agent sessions only from the widget's own origin, as on the WebSocket.
    if (session.kind === 'agent' && Object.keys(cors).length > 0) throw forbidden('agent sessions are only for the widget of this server');
    const contactId = query.get('contactId');
    if (!contactId) throw badRequest('?contactId=<chat> is required');
    const length = req.headers['content-length'];
    const reply = await attachments.upload(session, contactId, {
      name: query.get('name') ?? 'file',
      type: baseType(req.headers['content-type']),
      declaredBytes: length === undefined || !/^\d+$/.test(length) ? null : Number(length),
      body: req,
    });
    sendJson(res, 201, reply);
  };

  const download = (req: IncomingMessage, res: ServerResponse, id: string, query: URLSearchParams) => {
    const { attachment, viewer, inline } = attachments.authorizeDownload(id, query.get('access'));
    // Set before sirv: it keeps headers already on the response over its own.
    res.setHeader('content-type', attachment.type);
    res.setHeader('content-disposition', contentDisposition(inline && !query.has('download') ? 'inline' : 'attachment', attachment.name));
    res.setHeader('content-security-policy', FILE_CSP);
    res.setHeader('cache-control', 'private, max-age=300');
    // Opened: the file went out (a thumbnail's `preview` and a HEAD do not count).
    if (!query.has('preview') && req.method === 'GET') {
      res.once('finish', () => {
        if (res.statusCode >= 300) return;
        try {
          attachments.opened(attachment, viewer);
        } catch (err) {
          log?.(`attachment ${id}: ACCESS receipt failed: ${(err as Error).stack ?? err}`);
        }
      });
    }
    req.url = `/${attachments.files.fileName(id)}`;
    serve(req, res, () => sendJson(res, 404, { error: { name: 'not_found', message: `file ${id} is missing` } }));
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const match = PATH.exec(url.pathname);
    if (!match) return false;
    const [, id] = match;
    const method = req.method ?? 'GET';
    const cors = corsFor(req, customerOrigins);
    if (!id && method === 'OPTIONS' && cors) {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' }).end();
      return true;
    }
    const allowed = id ? 'GET, HEAD' : 'POST';
    if (!allowed.split(', ').includes(method)) {
      req.resume();
      sendJson(res, 405, { error: { name: 'bad_request', message: `${method} not allowed here; use ${allowed}` } }, { allow: allowed });
      return true;
    }
    const run = async () => {
      if (id) return download(req, res, id, url.searchParams);
      if (!cors) throw forbidden(`pages of ${req.headers.origin} may not send files`);
      await upload(req, res, url.searchParams, cors);
    };
    run().catch((err) => {
      sendError(res, err, log, 'attachment route');
      // A refused upload is answered at once; the rest of its body is read and dropped (a client
      // reads an answer only after sending), up to a bound past which the connection is cut.
      if (!id && !req.readableEnded) drain(req, DRAIN_LIMIT_BYTES);
    });
    return true;
  };
}
