/**
 * GET /api/host-access: tells a host page whether the widget will talk to it (protocol/host-api.ts
 * `HostAccess`), so a page off the allowlist learns it at once, even when the widget page refuses
 * to be framed there. Any origin may ask (CORS); it only learns about itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostRefused, type HostAccess } from '../../protocol/index.ts';

export function serveHostAccess(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): void {
  const header = req.headers.origin;
  // A same-origin fetch sends no Origin header: the page names itself in the query.
  const origin = header ?? new URL(req.url ?? '/', 'http://host').searchParams.get('origin');
  const body: HostAccess =
    origin !== null && allowedOrigins.includes(origin)
      ? { allowed: true, origin }
      : { allowed: false, origin, error: hostRefused(origin ?? 'this page') };
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    vary: 'Origin',
    ...(header && { 'access-control-allow-origin': header }),
  });
  res.end(JSON.stringify(body));
}
