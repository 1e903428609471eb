import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { Connection } from './connection.ts';
import { ConnectionCap } from './connection-cap.ts';
import type { GatewayDeps } from './context.ts';
import { RequestRate } from './request-rate.ts';
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
  // no browser sends none. An address holding `connectionsPerIp` sockets is refused (429) until
  // one of them closes: the slot is given back when the TCP socket closes, upgraded or not.
  const cap = new ConnectionCap(deps.config.connectionsPerIp);
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_FRAME_BYTES,
    verifyClient: ({ origin, req }, done) => {
      if (originKind(origin, req.headers.host, deps.config.customerOrigins) === null) {
        deps.log(`websocket from ${origin} refused: not a customer origin`);
        return done(false, 403, 'origin not allowed');
      }
      const ip = req.socket.remoteAddress ?? 'unknown';
      if (!cap.take(ip)) {
        deps.log(`websocket from ${ip} refused: it has ${cap.perIp} open already`);
        return done(false, 429, `too many connections from this address (at most ${cap.perIp} at once)`);
      }
      req.socket.once('close', () => cap.release(ip));
      done(true);
    },
  });
  const requestRate = new RequestRate(deps.config);
  const scheduler = new RequestScheduler(deps.outbox, deps.config.commitMode);
  const connections = new Set<Connection>();
  wss.on('connection', (ws, req) => {
    const kind = originKind(req.headers.origin, req.headers.host, deps.config.customerOrigins);
    const connection = new Connection(ws, deps, scheduler, requestRate, req.socket.remoteAddress ?? 'unknown', kind === 'any');
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
