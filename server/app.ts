/** Builds the whole server: store, agents, contacts, router, WebSocket gateway and HTTP. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BRANDING, mergeBranding } from '../protocol/index.ts';
import { AgentDirectory } from './agents/index.ts';
import type { ServerConfig } from './config.ts';
import { Conference, ContactCenter, WrapUp, type Logger } from './contacts/index.ts';
import { attachGateway } from './gateway/index.ts';
import { serveHostAccess, serveStatic, type Mount } from './http/index.ts';
import { Dispatcher } from './routing/index.ts';
import { SessionHub } from './sessions/index.ts';
import { SqliteStore, type Store } from './store/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  store: Store;
  contacts: ContactCenter;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** This server's own origins, for the "self" entry of the allowlist. */
const selfOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];

export async function startServer(config: ServerConfig, log: Logger = (line) => console.log(line)): Promise<RunningServer> {
  const store = new SqliteStore(config.dataFile);
  const hub = new SessionHub(store);
  const agents = new AgentDirectory(
    store,
    config.agents.map((a) => ({ ...a, nickname: a.nickname ?? a.name.split(' ')[0] })),
  );
  const contacts = new ContactCenter(
    store,
    hub,
    agents,
    { queues: config.queues, dispositions: config.dispositions, abandonAfterSeconds: config.abandonAfterSeconds },
    Date.now,
    log,
  );
  const conference = new Conference(contacts);
  const dispatcher = new Dispatcher(agents, contacts, conference);
  const wrapUp = new WrapUp(contacts);
  agents.onStateChange((agent) =>
    hub.emit('agent', agent.id, 'agent.state', { state: agent.state, since: agent.stateSince, forcedPause: agent.forcedPause }),
  );

  const mounts: Mount[] = [
    { prefix: '/demo/', dir: `${ROOT}demo` },
    { prefix: '/', dir: `${ROOT}dist` },
  ];
  let port = config.port;
  const allowedOrigins = () => config.allowedOrigins.flatMap((o) => (o === 'self' ? selfOrigins(port) : [o]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    if (path === '/api/host-access') {
      serveHostAccess(req, res, allowedOrigins());
      return;
    }
    if (path === '/api/widget-config') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ allowedOrigins: allowedOrigins(), branding: mergeBranding(DEFAULT_BRANDING, config.branding) }));
      return;
    }
    serveStatic(req, res, mounts)
      .then((served) => {
        if (!served) res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      })
      .catch((err) => {
        log(`http error: ${err}`);
        if (!res.headersSent) res.writeHead(500).end('internal error');
      });
  });
  const wss = attachGateway(server, { hub, agents, contacts, dispatcher, wrapUp, conference, config, log });
  await new Promise<void>((resolveListen) => server.listen(config.port, config.host, resolveListen));
  port = (server.address() as AddressInfo).port;
  dispatcher.schedule(); // contacts left queued by a previous run
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    store,
    contacts,
    dispatcher,
    async close() {
      dispatcher.stop();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      store.close();
    },
  };
}
