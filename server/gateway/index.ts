import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { Connection } from './connection.ts';
import type { GatewayDeps } from './context.ts';
import { RequestScheduler } from './scheduler.ts';

export type { GatewayDeps } from './context.ts';

/** Mounts the WebSocket gateway on `/ws` of an HTTP server, with a ping/pong heartbeat. */
export function attachGateway(server: Server, deps: GatewayDeps): WebSocketServer {
  // A frame over the protocol's limit closes the socket (1009) before any of it is buffered whole.
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_FRAME_BYTES });
  const scheduler = new RequestScheduler(deps.outbox, deps.config.commitMode);
  const connections = new Set<Connection>();
  wss.on('connection', (ws, req) => {
    const connection = new Connection(ws, deps, scheduler, req.socket.remoteAddress ?? 'unknown');
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
