/** What a request handler gets besides its frame: the server's parts and its connection's session. */
import { forbidden, notLoggedIn, type RequestOf, type RequestType, type ReplyDataMap, type EventFrame, type SignalFrame, type SupervisorSignalFrame } from '../../protocol/index.ts';
import type { AgentDirectory, AgentLogin } from '../agents/index.ts';
import type { JwtVerifier } from '../auth/index.ts';
import type { ServerConfig } from '../config.ts';
import type { ChatExchange, Conference, ContactCenter, Logger, WrapUp } from '../contacts/index.ts';
import type { Presence } from '../presence/index.ts';
import type { Dispatcher } from '../routing/index.ts';
import type { Outbox, SessionHub } from '../sessions/index.ts';
import type { SessionRecord } from '../store/index.ts';
import type { Calls } from '../calls/index.ts';
import type { MediaSignalling } from '../media/index.ts';
import type { SignalSink } from '../media/index.ts';
import type { RecordingService } from '../recordings/service.ts';
import type { LiveFeed, Watches } from '../supervision/index.ts';
import type { Attachments } from '../attachments/index.ts';

export interface GatewayDeps {
  hub: SessionHub;
  outbox: Outbox;
  agents: AgentDirectory;
  login: AgentLogin;
  /** Checks the brand's tokens of authenticated customers; null when none are configured. */
  customerAuth: JwtVerifier | null;
  contacts: ContactCenter;
  dispatcher: Dispatcher;
  wrapUp: WrapUp;
  /** Content messages, typing, read marks and receipts, CSAT, time to respond. */
  chat: ChatExchange;
  conference: Conference;
  /** Files sent in chats: fresh links for chat.fileLink (uploads and downloads go over HTTP). */
  attachments: Pick<Attachments, 'linkFor'>;
  presence: Presence;
  calls: Calls;
  media: MediaSignalling;
  /** Recordings of calls: begun and ended by call.recording, linked by recording.link. */
  recordings: RecordingService;
  /** Supervisors: the live feed of agents and queues, and watching, whispering, intervening. */
  supervision: { feed: LiveFeed; watches: Watches };
  config: ServerConfig;
  log: Logger;
}

/** The connection as its handlers see it (it also carries unstored signal frames). */
export interface RequestContext extends SignalSink {
  readonly deps: GatewayDeps;
  readonly session: SessionRecord | null;
  /** The client's IP address. */
  readonly ip: string;
  /** The socket comes from this server's own page (or from no browser): agent sessions may use it. */
  readonly agentOrigin: boolean;
  /** Makes this connection carry `session`'s events (leaving any other session). */
  attach(session: SessionRecord): void;
  /** Stops carrying events; the connection stays open. */
  detach(): void;
  /** Counts a new chat started on this connection; returns how many it started so far. */
  countChatInit(): number;
  /** Sends an event frame to this connection alone, after the unit of work commits. */
  tell(frame: EventFrame): void;
  /** Sends an unstored frame to this connection now (signalling, a supervisor's live feed). */
  sendSignal(frame: SignalFrame | SupervisorSignalFrame): void;
}

/** A request handler, checked against its own reply type. */
export type Handler<K extends RequestType> = (frame: RequestOf<K>, ctx: RequestContext) => ReplyDataMap[K] | Promise<ReplyDataMap[K]>;
/** One handler per request type: a new request type without a handler fails to compile. */
export type HandlerMap = { [K in RequestType]: Handler<K> };

/** Agent sessions only on sockets from the widget's own origin: another site's page cannot drive an agent. */
export function requireAgentOrigin(ctx: RequestContext): void {
  if (!ctx.agentOrigin) throw forbidden('agent sessions are only for the widget of this server');
}

export function requireSession(ctx: RequestContext): SessionRecord {
  if (!ctx.session) throw notLoggedIn();
  return ctx.session;
}

export function requireAgent(ctx: RequestContext): string {
  const session = requireSession(ctx);
  if (session.kind !== 'agent') throw forbidden('agent session required');
  return session.subjectId;
}

export function requireCustomer(ctx: RequestContext): string {
  const session = requireSession(ctx);
  if (session.kind !== 'customer') throw forbidden('customer session required');
  return session.subjectId;
}
