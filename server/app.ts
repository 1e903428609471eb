/** Builds the whole server: store, agents, contacts, router, WebSocket gateway and HTTP. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BRANDING, mergeBranding } from '../protocol/index.ts';
import { AgentDirectory, AgentLogin } from './agents/index.ts';
import { JwtVerifier, LoginGuard } from './auth/index.ts';
import type { ServerConfig } from './config.ts';
import { ChatExchange, ChatIdleWatch, Conference, ContactCenter, isAgentOfContact, WrapUp, type Logger } from './contacts/index.ts';
import { attachGateway } from './gateway/index.ts';
import { attachmentRoutes, recordingRoutes, serveHostAccess, setSecurityHeaders, staticFiles, type Mount } from './http/index.ts';
import { openAttachments, type Attachments } from './attachments/index.ts';
import { openRecordings, type Recordings } from './recordings/index.ts';
import { Dispatcher } from './routing/index.ts';
import { Outbox, SessionHub } from './sessions/index.ts';
import { Presence } from './presence/index.ts';
import { SqliteStore, type Store } from './store/index.ts';
import { Calls } from './calls/index.ts';
import { MediaSignalling } from './media/index.ts';
import { LiveFeed, Watches } from './supervision/index.ts';
import type { RecordingService } from './recordings/service.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  store: Store;
  contacts: ContactCenter;
  dispatcher: Dispatcher;
  recordings: Recordings;
  calls: Calls;
  media: MediaSignalling;
  /** Chat beyond text; the attachments service calls `chat.accessed` when a file is opened (ACCESS receipt). */
  chat: ChatExchange;
  /** The supervisors' live feed and watches. */
  supervision: { feed: LiveFeed; watches: Watches };
  /** Files sent in chats: uploads, links, downloads. */
  attachments: Attachments;
  close(): Promise<void>;
}

/** Parts a deployment (or a test) plugs in. */
export interface ServerParts {
  /** Another home for call recordings than the server's own files (tests record what is asked). */
  recordings?: RecordingService;
}

/** This server's own origins, for the "self" entry of the allowlist. */
const selfOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];

export async function startServer(config: ServerConfig, log: Logger = (line) => console.log(line), parts: ServerParts = {}): Promise<RunningServer> {
  const store = new SqliteStore(config.dataFile);
  const outbox = new Outbox(store, log);
  const hub = new SessionHub(store, outbox);
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
  // Who may hear a contact's recordings: its agents and supervisors (the recording's own agent always).
  const recordings = openRecordings(
    config,
    store.recordings,
    (contactId, agentId) => {
      if (agents.isSupervisor(agentId)) return true;
      const contact = contacts.findLive(contactId) ?? store.getContact(contactId);
      return contact !== undefined && isAgentOfContact(contact, agentId);
    },
    log,
  );
  const recordingRequest = recordingRoutes({ recordings, sessions: hub, log });
  const dispatcher = new Dispatcher(agents, contacts, conference);
  const wrapUp = new WrapUp(contacts);
  const chat = new ChatExchange(contacts, hub);
  const attachments = openAttachments(config, store.attachments, { center: contacts, chat, isSupervisor: (id) => agents.isSupervisor(id) }, log);
  const attachmentRequest = attachmentRoutes({ attachments, sessions: hub, customerOrigins: config.customerOrigins, log });
  const idleWatch = new ChatIdleWatch(contacts, { idleSeconds: config.chatIdleSeconds, expirySeconds: config.chatExpirySeconds, alertSeconds: config.chatExpiryAlertSeconds }, log);
  const login = new AgentLogin(
    agents,
    new LoginGuard({ failuresPerUser: config.loginFailuresPerUser, failuresPerIp: config.loginFailuresPerIp, windowSeconds: config.loginWindowSeconds, concurrency: 2, maxWaiting: 64 }),
    config.sso,
  );
  const removed = outbox.run(() => hub.endSessionsOfRemovedAgents(agents.ids()));
  if (removed) log(`ended ${removed} sessions of agents no longer in the config`);
  const lifetimes = { idleMs: config.sessionIdleTtlSeconds * 1000, absoluteMs: config.sessionAbsoluteTtlSeconds * 1000 };
  const sweeper = setInterval(() => {
    try {
      const ended = outbox.run(() => hub.sweep(lifetimes));
      if (ended) log(`ended ${ended} expired sessions`);
    } catch (err) {
      log(`session sweep failed: ${(err as Error).stack ?? err}`);
    }
  }, Math.min(60_000, lifetimes.idleMs / 4));
  sweeper.unref();
  const calls = new Calls(contacts, dispatcher, hub, parts.recordings ?? recordings, { ringSeconds: config.callRingSeconds, recordingLayout: config.recordingLayout }, log, conference);
  const media = new MediaSignalling(contacts, calls, hub, { ice: config.ice, reattachSeconds: config.callReattachSeconds }, log);
  const presence = new Presence(hub, outbox, agents, contacts, config.presenceGraceSeconds * 1000, log, (agentId) => calls.agentGone(agentId));
  outbox.onRebuild(() => agents.reload());
  agents.onStateChange((agent) =>
    hub.emit('agent', agent.id, 'agent.state', { state: agent.state, since: agent.stateSince, forcedPause: agent.forcedPause, watching: agent.watching }),
  );
  // After agents.reload among the rebuilders: the feed reads the agents again.
  const supervision = { feed: new LiveFeed(contacts, agents, log), watches: new Watches(contacts, agents, hub, conference) };
  presence.onAgentGone((agentId) => supervision.watches.stopAll(agentId));

  const mounts: Mount[] = [
    { prefix: '/demo/', dir: `${ROOT}demo` },
    { prefix: '/', dir: `${ROOT}dist`, maps: true },
  ];
  const serveFile = staticFiles(mounts);
  let port = config.port;
  const allowedOrigins = () => config.allowedOrigins.flatMap((o) => (o === 'self' ? selfOrigins(port) : [o]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    setSecurityHeaders(res, path, allowedOrigins());
    if (path === '/') {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    if (path === '/api/host-access') {
      serveHostAccess(req, res, allowedOrigins());
      return;
    }
    if (recordingRequest(req, res)) return;
    if (attachmentRequest(req, res)) return;
    if (path === '/api/widget-config') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ allowedOrigins: allowedOrigins(), branding: mergeBranding(DEFAULT_BRANDING, config.branding) }));
      return;
    }
    try {
      serveFile(req, res, () => res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`));
    } catch (err) {
      log(`http error: ${err}`);
      if (!res.headersSent) res.writeHead(500).end('internal error');
    }
  });
  const wss = attachGateway(server, { hub, outbox, agents, login, customerAuth: config.customerAuth ? new JwtVerifier(config.customerAuth) : null, contacts, dispatcher, wrapUp, chat, attachments, conference, presence, calls, media, recordings: parts.recordings ?? recordings, supervision, config, log });
  await new Promise<void>((resolveListen) => server.listen(config.port, config.host, resolveListen));
  port = (server.address() as AddressInfo).port;
  dispatcher.schedule(); // contacts left queued by a previous run
  presence.start(); // who was here before a restart gets the grace period to come back
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    store,
    contacts,
    dispatcher,
    recordings,
    calls,
    media,
    chat,
    supervision,
    attachments,
    async close() {
      dispatcher.stop();
      calls.stop();
      media.stop();
      presence.stop();
      idleWatch.stop();
      supervision.feed.stop();
      clearInterval(sweeper);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      store.close();
    },
  };
}
