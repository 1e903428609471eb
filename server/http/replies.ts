/** What the HTTP API routes share: JSON answers, refusals as 4xx `{error: {name, message}}`, and the session of a bearer token. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notLoggedIn, ProtocolError, wireError, type WireErrorName } from '../../protocol/index.ts';
import type { SessionRecord } from '../store/index.ts';

/** Finds a session by its token (the session hub). */
export interface SessionLookup {
  get(token: string): SessionRecord | undefined;
}

const STATUS: Partial<Record<WireErrorName, number>> = {
  bad_request: 400,
  invalid_args: 400,
  not_logged_in: 401,
  forbidden: 403,
  not_found: 404,
  not_suitable_state: 409,
  too_large: 413,
  rate_limited: 429,
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A refusal by its error's name (or the `status` it carries); anything else is logged and answers 500. */
export function sendError(res: ServerResponse, err: unknown, log?: (line: string) => void, what = 'route'): void {
  if (err instanceof ProtocolError) {
    const status = (err as ProtocolError & { status?: number }).status ?? STATUS[err.name];
    if (status) {
      const retry: Record<string, string> = err.retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) };
      return sendJson(res, status, { error: wireError(err) }, retry);
    }
  }
  log?.(`${what} failed: ${(err as Error).stack ?? err}`);
  sendJson(res, 500, { error: { name: 'internal', message: 'internal error' } });
}

/** The session named by `Authorization: Bearer <token>`. */
export function bearerSession(req: IncomingMessage, sessions: SessionLookup): SessionRecord {
  const match = /^Bearer ([\w-]+)$/.exec(req.headers.authorization ?? '');
  if (!match) throw notLoggedIn('send Authorization: Bearer <session token>');
  const session = sessions.get(match[1]);
  if (!session) throw notLoggedIn('the session token is unknown or expired');
  return session;
}
