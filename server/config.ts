/** Server configuration: defaults first, then the config file, then environment overrides; validated once. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';

const AgentConfig = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)),
  username: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  nickname: v.optional(v.string()),
  passwordHash: v.pipe(v.string(), v.startsWith('scrypt$')),
  skills: v.optional(v.array(v.string()), []),
  capacity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 3),
});

const QueueConfig = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/)),
  name: v.string(),
  skills: v.optional(v.array(v.string()), []),
});

const ServerConfig = v.object({
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_535)), 8080),
  host: v.optional(v.string()),
  dataFile: v.optional(v.string(), './data/switchboard.db'),
  /** Host page origins the widget answers; "self" stands for this server's own origins. */
  allowedOrigins: v.optional(v.array(v.string()), ['self']),
  queues: v.pipe(v.array(QueueConfig), v.minLength(1)),
  agents: v.array(AgentConfig),
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

/** Reads the config file (SB_CONFIG or ./config/switchboard.json) and applies PORT, HOST, SB_DATA_FILE, SB_ALLOWED_ORIGINS. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const file = resolve(env.SB_CONFIG ?? 'config/switchboard.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (env.PORT) raw.port = Number(env.PORT);
  if (env.HOST) raw.host = env.HOST;
  if (env.SB_DATA_FILE) raw.dataFile = env.SB_DATA_FILE;
  if (env.SB_ALLOWED_ORIGINS) {
    raw.allowedOrigins = [...((raw.allowedOrigins as string[]) ?? ['self']), ...env.SB_ALLOWED_ORIGINS.split(',').map((s) => s.trim())];
  }
  return parseConfig(raw);
}
