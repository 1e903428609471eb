/** Server configuration: defaults first, then the config file, then environment overrides; validated once. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import {
  ABANDON_THRESHOLD_MS,
  AGENT_ROLES,
  BrandingSchema,
  DEFAULT_ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_BYTES_PER_CHAT,
  MAX_ATTACHMENTS_PER_CHAT,
  RECORDING_LAYOUTS,
  ROUTING_ALGORITHMS,
} from '../protocol/index.ts';

const AgentConfig = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)),
  username: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  nickname: v.optional(v.string()),
  passwordHash: v.pipe(v.string(), v.startsWith('scrypt$')),
  skills: v.optional(v.array(v.string()), []),
  capacity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 3),
  /** A supervisor also reads any conversation. */
  role: v.optional(v.picklist(AGENT_ROLES), 'agent'),
});

const QueueConfig = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)),
  name: v.string(),
  /** Skills (tags) an agent needs to take this queue's contacts. */
  skills: v.optional(v.array(v.string()), []),
  /** Contacts of higher-priority queues are served first. */
  priority: v.optional(v.pipe(v.number(), v.integer()), 0),
  mode: v.optional(v.picklist(['direct', 'broadcast']), 'direct'),
  algorithm: v.optional(v.picklist(ROUTING_ALGORITHMS), 'longest-idle'),
  /** Seconds a direct offer waits for the agent before it is re-routed (and the agent paused). */
  assignTimeout: v.optional(v.pipe(v.number(), v.minValue(0.05)), 30),
  /** Direct offers in a row before the agents who let them lapse may be offered again. */
  assignMaxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 3),
  /** Seconds in queue before the customer is dissuaded; 0 for no limit. */
  maxWaitSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  /** How many agents a broadcast offer rings at once; 0 for all that qualify. */
  broadcastSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The agent must pick a disposition before completing the wrap-up. */
  requireDisposition: v.optional(v.boolean(), false),
});

const TeamConfig = v.object({ id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)), name: v.string(), agents: v.array(v.string()) });

const DispositionConfig = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)),
  name: v.string(),
  code: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  type: v.optional(v.picklist(['SUCCESS', 'FAILURE', 'CONTINUE', 'SPAM', 'DO_NOT_CALL'])),
});

/** "self", or exactly an origin (scheme, host, port; no path). */
export function isOriginEntry(entry: string): boolean {
  if (entry === 'self') return true;
  try {
    const url = new URL(entry);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry;
  } catch {
    return false;
  }
}

const JwtTrust = {
  issuer: v.pipe(v.string(), v.minLength(1)),
  audience: v.pipe(v.string(), v.minLength(1)),
  jwksUrl: v.optional(v.pipe(v.string(), v.url())),
  jwks: v.optional(v.object({ keys: v.array(v.record(v.string(), v.unknown())) })),
  secret: v.optional(v.pipe(v.string(), v.minLength(32, 'a shared secret needs at least 32 characters'))),
};
const hasKey = <T extends { jwksUrl?: string; jwks?: unknown; secret?: string }>(t: T) => Boolean(t.jwksUrl || t.jwks || t.secret);

/** STUN/TURN for media endpoints (server/media/ice.ts): fixed servers, and coturn credentials minted per endpoint. */
const IceServerConfig = v.object({
  urls: v.pipe(v.array(v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):/, 'an ICE server url starts with stun:, stuns:, turn: or turns:'))), v.minLength(1)),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});
const IceConfigSchema = v.object({
  servers: v.optional(v.array(IceServerConfig), []),
  turn: v.optional(
    v.object({
      urls: v.pipe(v.array(v.pipe(v.string(), v.regex(/^turns?:/, 'a TURN url starts with turn: or turns:'))), v.minLength(1)),
      /** coturn's static-auth-secret. */
      secret: v.pipe(v.string(), v.minLength(16, 'the TURN secret needs at least 16 characters')),
      ttlSeconds: v.optional(v.pipe(v.number(), v.minValue(60)), 3600),
    }),
  ),
  transportPolicy: v.optional(v.picklist(['all', 'relay']), 'all'),
});

const ServerConfig = v.object({
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535)), 8080),
  /** Where to listen: loopback unless a host is configured (HOST=0.0.0.0 to accept other machines). */
  host: v.optional(v.string(), '127.0.0.1'),
  dataFile: v.optional(v.string(), './data/switchboard.db'),
  /** Host page origins the widget answers; "self" stands for this server's own origins. */
  allowedOrigins: v.optional(v.array(v.pipe(v.string(), v.check(isOriginEntry, 'each allowedOrigins entry is "self" or an origin like https://crm.example.com'))), ['self']),
  /** Pages whose customers may open chats: origins, or "*" for any (the default: a chat box can be put on any site). */
  customerOrigins: v.optional(v.array(v.pipe(v.string(), v.check((o) => o === '*' || isOriginEntry(o), 'each customerOrigins entry is "*" or an origin'))), ['*']),
  queues: v.pipe(v.array(QueueConfig), v.minLength(1)),
  agents: v.array(AgentConfig),
  dispositions: v.optional(v.array(DispositionConfig), []),
  /** Teams for the directory (getTeams); without any, all agents are one team. */
  teams: v.optional(v.array(TeamConfig), []),
  /** White-label settings of the widget (the embedding page may override them); the schema is protocol/'s, shared with the widget. */
  branding: v.optional(BrandingSchema, {}),
  /** A customer who leaves the queue after this many seconds abandons; before, cancels. */
  abandonAfterSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), ABANDON_THRESHOLD_MS / 1000),
  /** Seconds a subject may have no connection before it counts as gone (agent OFFLINE, customer left). */
  presenceGraceSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 60),
  /** Seconds between WebSocket pings; a socket that missed one pong is closed as half-open. */
  heartbeatSeconds: v.optional(v.pipe(v.number(), v.minValue(0.05)), 15),
  /** `group`: requests of one tick share one commit (one fsync); `each`: one commit per request. */
  commitMode: v.optional(v.picklist(['group', 'each']), 'group'),
  /** Agent sessions end after this long with no connection, or this long after login. */
  sessionIdleTtlSeconds: v.optional(v.pipe(v.number(), v.minValue(0.1)), 2 * 3600),
  sessionAbsoluteTtlSeconds: v.optional(v.pipe(v.number(), v.minValue(0.1)), 24 * 3600),
  /** Failed password logins allowed per username and per IP address in `loginWindowSeconds`. */
  loginFailuresPerUser: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 5),
  loginFailuresPerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 30),
  loginWindowSeconds: v.optional(v.pipe(v.number(), v.minValue(1)), 15 * 60),
  /** Requests one connection may make per second, steadily; past it (and the burst) a request is refused `rate_limited`. */
  requestsPerSecond: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 50),
  /** Requests a connection may make beyond requestsPerSecond within any 10 seconds (a reload, a reconnect's resends). */
  requestBurst: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 100),
  /** WebSocket connections one IP address may hold at once (raise it when many agents share an office's address). */
  connectionsPerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 200),
  /** How a call recording is laid out unless the request says: both directions mixed in one file, or one file per direction. */
  recordingLayout: v.optional(v.picklist(RECORDING_LAYOUTS), 'mixed'),
  /** Most bytes one call recording may hold; chunks past it are refused (413). */
  recordingMaxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 200 * 1024 * 1024),
  /** Folder of the recordings' files; by default `recordings/` beside the data file. */
  recordingsDir: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** How long a recording's playback link works (a player fetches ranges while it plays). */
  recordingLinkTtlSeconds: v.optional(v.pipe(v.number(), v.minValue(1)), 30 * 60),
  /** The bounds of a customer's own offer rules (seed 001's init config `assignMaxAttempts` / `assignTimeout`): values past them are brought within. */
  customerAssign: v.optional(
    v.object({
      maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 10),
      minTimeoutSeconds: v.optional(v.pipe(v.number(), v.minValue(0.05)), 5),
      maxTimeoutSeconds: v.optional(v.pipe(v.number(), v.minValue(0.05)), 300),
    }),
    {},
  ),
  /** Most bytes one attached file may hold (413 past it). */
  attachmentMaxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), MAX_ATTACHMENT_BYTES),
  /** Media types a chat takes as files (415 for others). Whatever is listed, only png, jpeg, gif and webp are ever shown inline. */
  attachmentTypes: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.regex(/^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/, 'each attachmentTypes entry is a lower-case media type like "application/pdf"'))), v.minLength(1)),
    [...DEFAULT_ATTACHMENT_TYPES],
  ),
  /** Most files, and most bytes together, one chat may hold. */
  attachmentsPerChat: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), MAX_ATTACHMENTS_PER_CHAT),
  attachmentBytesPerChat: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), MAX_ATTACHMENT_BYTES_PER_CHAT),
  /** Folder of attached files; by default `attachments/` beside the data file. */
  attachmentsDir: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** How long a file's download link works (a party gets a fresh one with chat.fileLink). */
  attachmentLinkTtlSeconds: v.optional(v.pipe(v.number(), v.minValue(1)), 3600),
  /** Seconds without a message before a chat's agents hear `contact.idle` (seed 000's isidle); 0: never. */
  chatIdleSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 300),
  /** Seconds without a message before a chat closes (`timeout`); 0: idle chats stay open. */
  chatExpirySeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 0),
  /** The customer hears `chat.expiryAlert` this many seconds before an idle chat closes. */
  chatExpiryAlertSeconds: v.optional(v.pipe(v.number(), v.minValue(0)), 60),
  /** Seconds a call rings its called party before it ends `no_answer`. */
  callRingSeconds: v.optional(v.pipe(v.number(), v.minValue(0.05)), 30),
  /** Seconds a call waits, parked, for a party's media endpoint to come back before it ends `media_lost`. */
  callReattachSeconds: v.optional(v.pipe(v.number(), v.minValue(0.05)), 20),
  /** ICE servers and policy given to media endpoints when they attach. */
  ice: v.optional(IceConfigSchema, { servers: [], transportPolicy: 'all' }),
  /** Single sign-on: agents log in with a JWT from the CRM's identity provider. */
  sso: v.optional(
    v.pipe(
      v.object({ ...JwtTrust, usernameClaim: v.optional(v.string(), 'preferred_username') }),
      v.check((t) => hasKey(t), 'sso needs jwksUrl, jwks or secret'),
    ),
  ),
  /** Customers authenticated by a JWT the brand signs (anonymous without one). */
  customerAuth: v.optional(v.pipe(v.object(JwtTrust), v.check((t) => hasKey(t), 'customerAuth needs jwksUrl, jwks or secret'))),
});

export type ServerConfig = v.InferOutput<typeof ServerConfig>;
export type QueueConfig = v.InferOutput<typeof QueueConfig>;

export function parseConfig(input: unknown): ServerConfig {
  const result = v.safeParse(ServerConfig, input);
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`invalid config at ${issue.path?.map((p) => String(p.key)).join('.') ?? '(root)'}: ${issue.message}`);
  }
  return result.output;
}

/** Reads the config file (SB_CONFIG or ./config/switchboard.json) and applies PORT, HOST, SB_DATA_FILE, SB_RECORDINGS_DIR, SB_ATTACHMENTS_DIR, SB_ALLOWED_ORIGINS, SB_PRESENCE_GRACE_SECONDS, SB_HEARTBEAT_SECONDS, SB_COMMIT_MODE. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const file = resolve(env.SB_CONFIG ?? 'config/switchboard.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (env.PORT) raw.port = Number(env.PORT);
  if (env.HOST) raw.host = env.HOST;
  if (env.SB_DATA_FILE) raw.dataFile = env.SB_DATA_FILE;
  if (env.SB_RECORDINGS_DIR) raw.recordingsDir = env.SB_RECORDINGS_DIR;
  if (env.SB_ATTACHMENTS_DIR) raw.attachmentsDir = env.SB_ATTACHMENTS_DIR;
  if (env.SB_PRESENCE_GRACE_SECONDS) raw.presenceGraceSeconds = Number(env.SB_PRESENCE_GRACE_SECONDS);
  if (env.SB_HEARTBEAT_SECONDS) raw.heartbeatSeconds = Number(env.SB_HEARTBEAT_SECONDS);
  if (env.SB_COMMIT_MODE) raw.commitMode = env.SB_COMMIT_MODE;
  if (env.SB_ALLOWED_ORIGINS) {
    raw.allowedOrigins = [...((raw.allowedOrigins as string[]) ?? ['self']), ...env.SB_ALLOWED_ORIGINS.split(',').map((s) => s.trim())];
  }
  return parseConfig(raw);
}
