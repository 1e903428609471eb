/**
 * Seed 000's capabilities: what each side's engine can do, exchanged once on request
 * (`updateRemoteCapabilities`) over the engine's RPC (peer data channel, or the relay), then kept
 * in sync: after the first exchange every local change is sent, and the remote's come as `capabilities`.
 */
import { MEDIA_KINDS } from '../protocol/index.ts';
import { invalidArgs } from './errors.ts';
import type { RpcEndpoint } from './rpc.ts';

export type MediaCapabilities = Record<string, unknown> & { engines?: Record<string, unknown> };
/** A media engine: its id and what it offers (listed under `engines.<id>` of the capabilities). */
export interface MediaEngine {
  readonly id: string;
  readonly capabilities: Record<string, unknown>;
}

export const CAPS_RPC = 'sb.caps';
const MAX_ENGINES = 16;
const MAX_CAPS_CHARS = 8_000;
const MAX_PATH_DEPTH = 8;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export class Capabilities {
  private local: MediaCapabilities;
  private remote: MediaCapabilities | null = null;
  private exchanged = false;
  private readonly engines = new Map<string, MediaEngine>();

  constructor(
    private readonly rpc: RpcEndpoint,
    private readonly emit: (event: 'localcapabilities' | 'capabilities', caps: MediaCapabilities) => void,
    private readonly timeoutMs: number,
  ) {
    this.local = { media: [...MEDIA_KINDS], engines: {} };
    rpc.handle(CAPS_RPC, (data, cb) => {
      this.acceptRemote(data);
      this.exchanged = true;
      cb(null, this.getLocal());
    });
  }

  getLocal(): MediaCapabilities {
    return structuredClone(this.local);
  }

  /** Sets `a.b.c` to a JSON value; the remote is told if an exchange has happened. */
  async set(path: string, value: unknown): Promise<MediaCapabilities> {
    const keys = typeof path === 'string' ? path.split('.') : [];
    if (!keys.length || keys.length > MAX_PATH_DEPTH || keys.some((k) => !k || FORBIDDEN_KEYS.has(k))) throw invalidArgs(`bad capability path ${JSON.stringify(path)}`);
    const next = this.getLocal();
    let node: Record<string, unknown> = next;
    for (const k of keys.slice(0, -1)) {
      const child = node[k];
      node = node[k] = child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
    }
    node[keys[keys.length - 1]!] = jsonValue(value);
    return this.replace(next);
  }

  /** Replaces the local capabilities (registered engines stay listed). */
  async setAll(caps: MediaCapabilities): Promise<MediaCapabilities> {
    if (!caps || typeof caps !== 'object' || Array.isArray(caps)) throw invalidArgs('capabilities are an object');
    return this.replace(jsonValue(caps) as MediaCapabilities);
  }

  async register(engine: MediaEngine): Promise<MediaCapabilities> {
    if (!engine || typeof engine.id !== 'string' || !engine.id || FORBIDDEN_KEYS.has(engine.id)) throw invalidArgs('a media engine has an id');
    if (!this.engines.has(engine.id) && this.engines.size >= MAX_ENGINES) throw invalidArgs(`at most ${MAX_ENGINES} media engines`);
    this.engines.set(engine.id, engine);
    return this.replace(this.getLocal());
  }

  engine(id: string): MediaEngine | undefined {
    return this.engines.get(id);
  }

  /** The remote's capabilities, exchanging them first if they are not known yet. */
  async getRemote(): Promise<MediaCapabilities> {
    return this.remote ? structuredClone(this.remote) : this.updateRemote();
  }

  /** Sends ours, gets theirs. */
  async updateRemote(): Promise<MediaCapabilities> {
    const theirs = await this.rpc.request(CAPS_RPC, this.local, this.timeoutMs, 1);
    this.exchanged = true;
    this.acceptRemote(theirs);
    return structuredClone(this.remote ?? {});
  }

  private async replace(next: MediaCapabilities): Promise<MediaCapabilities> {
    const engines: Record<string, unknown> = { ...(next.engines && typeof next.engines === 'object' ? next.engines : {}) };
    for (const [id, e] of this.engines) engines[id] = jsonValue(e.capabilities);
    const caps = { ...next, engines };
    if (JSON.stringify(caps).length > MAX_CAPS_CHARS) throw invalidArgs(`capabilities are over ${MAX_CAPS_CHARS} characters of JSON`);
    this.local = caps;
    this.emit('localcapabilities', this.getLocal());
    if (this.exchanged) await this.updateRemote();
    return this.getLocal();
  }

  private acceptRemote(data: unknown): void {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return;
    this.remote = data as MediaCapabilities;
    this.emit('capabilities', structuredClone(this.remote));
  }
}

/** How deep capabilities nest (a cycle is refused at this depth too). */
const MAX_JSON_DEPTH = 16;

/**
 * A copy of a JSON value. What JSON would silently drop or change (a function, undefined, a
 * symbol, a non-finite number, a Date or any other class, a cycle) is refused, not lost.
 */
function jsonValue(value: unknown, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw invalidArgs(`capabilities nest at most ${MAX_JSON_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((v) => jsonValue(v, depth + 1));
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as object)) {
      if (FORBIDDEN_KEYS.has(key)) throw invalidArgs(`bad capability key ${JSON.stringify(key)}`);
      copy[key] = jsonValue(v, depth + 1);
    }
    return copy;
  }
  throw invalidArgs('a capability must be a JSON value (null, a boolean, a finite number, a string, an array or a plain object of them)');
}
