/**
 * A WebSocket proxy between test clients and a real server, to break things on purpose: cut
 * every client socket (the server stays up), refuse new connections, and drop, repeat or cut
 * on chosen frames in either direction.
 */
import { WebSocket, WebSocketServer } from 'ws';

/** What to do with one frame: pass it on, drop it, pass it twice, pass another instead, or cut the client's socket. */
export type FrameAction = 'forward' | 'drop' | 'duplicate' | 'cut' | { replace: unknown };
export type Interceptor = (frame: any) => FrameAction;

export interface WsProxy {
  port: number;
  /** Frames the server sent to clients, and clients to the server, as parsed JSON, in order. */
  toClient: any[];
  toServer: any[];
  intercept: { toClient?: Interceptor; toServer?: Interceptor };
  /** New connections are refused (closed at once) while true. */
  refusing: boolean;
  /** Terminates every client socket (and its upstream): the clients see the connection drop. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startProxy(target: { port: number }): Promise<WsProxy> {
  // A refused connection fails its handshake (HTTP 503): the client never sees it open.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => done(!proxy.refusing, 503) });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const pairs = new Set<{ client: WebSocket; upstream: WebSocket }>();
  const proxy: WsProxy = {
    port: (wss.address() as { port: number }).port,
    toClient: [],
    toServer: [],
    intercept: {},
    refusing: false,
    cutAll() {
      for (const pair of pairs) cut(pair);
    },
    async close() {
      proxy.cutAll();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  const cut = (pair: { client: WebSocket; upstream: WebSocket }) => {
    pairs.delete(pair);
    pair.client.terminate();
    pair.upstream.terminate();
  };

  wss.on('connection', (client, req) => {
    const upstream = new WebSocket(`ws://127.0.0.1:${target.port}${req.url ?? '/ws'}`);
    const pair = { client, upstream };
    pairs.add(pair);
    const early: string[] = [];
    const relay = (text: string, log: any[], interceptor: Interceptor | undefined, to: WebSocket) => {
      let frame: unknown = text;
      try {
        frame = JSON.parse(text);
      } catch {}
      log.push(frame);
      const action = interceptor?.(frame) ?? 'forward';
      if (action === 'cut') return cut(pair);
      if (action === 'drop') return;
      if (typeof action === 'object') return to.send(JSON.stringify(action.replace));
      to.send(text);
      if (action === 'duplicate') to.send(text);
    };
    upstream.on('open', () => early.splice(0).forEach((text) => relay(text, proxy.toServer, proxy.intercept.toServer, upstream)));
    client.on('message', (raw) => {
      const text = raw.toString();
      if (upstream.readyState === WebSocket.OPEN) relay(text, proxy.toServer, proxy.intercept.toServer, upstream);
      else early.push(text);
    });
    upstream.on('message', (raw) => relay(raw.toString(), proxy.toClient, proxy.intercept.toClient, client));
    client.on('close', () => cut(pair));
    upstream.on('close', () => cut(pair));
    client.on('error', () => cut(pair));
    upstream.on('error', () => cut(pair));
  });
  return proxy;
}
