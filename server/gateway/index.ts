import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { Connection, type GatewayDeps } from './connection.ts';

export type { GatewayDeps } from './connection.ts';

/** Mounts the WebSocket gateway on `/ws` of an HTTP server. */
export function attachGateway(server: Server, deps: GatewayDeps): WebSocketServer {
  // Frames up to 16x the protocol limit are read so that an oversized one can be refused with a reply.
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: MAX_FRAME_BYTES * 16 });
  wss.on('connection', (ws) => new Connection(ws, deps));
  return wss;
}
