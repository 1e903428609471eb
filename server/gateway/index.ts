import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { Connection } from './connection.ts';
import type { GatewayDeps } from './context.ts';
import { RequestScheduler } from './scheduler.ts';

export type { GatewayDeps } from './context.ts';

/** `any`: this server's own page, or no browser; `customer`: a customer page; null: refused. */
export function originKind(origin: string | undefined, host: string | undefined, customerOrigins: readonly string[]): 'any' | 'customer' | null {
  if (!origin) return 'any';
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return null;
  }
  if (originHost === host) return 'any';
  return customerOrigins.includes('*') || customerOrigins.includes(origin) ? 'customer' : null;
}

/** Mounts the WebSocket gateway on `/ws` of an HTTP server, with a ping/pong heartbeat. */
export function attachGateway(server: Server, deps: GatewayDeps): WebSocketServer {
  // A frame over the protocol's limit closes the socket (1009) before any of it is buffered whole.
  // Browsers always send Origin: a page of this server (the widget) may be agent or customer;
  // other pages only customers, and only from the configured customer origins. A client that is
  // no browser sends none.
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_FRAME_BYTES,
    verifyClient: ({ origin, req }, done) => {
      const ok = originKind(origin, req.headers.host, deps.config.customerOrigins) !== null;
      if (!ok) deps.log(`websocket from ${origin} refused: not a customer origin`);
      done(ok, 403, 'origin not allowed');
    },
  });
  const scheduler = new RequestScheduler(deps.outbox, deps.config.commitMode);
  const connections = new Set<Connection>();
  wss.on('connection', (ws, req) => {
    const kind = originKind(req.headers.origin, req.headers.host, deps.config.customerOrigins);
    const connection = new Connection(ws, deps, scheduler, req.socket.remoteAddress ?? 'unknown', kind === 'any');
    connections.add(connection);
    ws.on('close', () => connections.delete(connection));
  });
  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, deps.config.heartbeatSeconds * 1000);
  heartbeat.unref();
  wss.on('close', () => clearInterval(heartbeat));
  return wss;
}
