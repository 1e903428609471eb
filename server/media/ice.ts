/**
 * ICE settings for a media endpoint: the configured STUN/TURN servers, with TURN credentials
 * minted per endpoint as coturn's REST API expects them (`use-auth-secret`): the username is
 * `<expiry unix seconds>:<subject>`, the password base64(HMAC-SHA1(static-auth-secret, username)).
 * They expire on their own; nothing is stored.
 */
import { createHmac } from 'node:crypto';
import type { IceConfig } from '../../protocol/index.ts';

export interface IceSettings {
  /** STUN (or TURN with fixed credentials) servers, as RTCIceServer entries. */
  servers: { urls: string[]; username?: string; credential?: string }[];
  /** coturn with `static-auth-secret`: credentials are minted for each endpoint. */
  turn?: { urls: string[]; secret: string; ttlSeconds: number };
  /** `relay` forces media through TURN (to test it, or where peers must not learn addresses). */
  transportPolicy: 'all' | 'relay';
}

export function turnCredentials(secret: string, subject: string, ttlSeconds: number, nowMs: number): { username: string; credential: string } {
  const username = `${Math.floor(nowMs / 1000) + Math.ceil(ttlSeconds)}:${subject}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The ICE servers and policy for one endpoint of `subject` (an agent's or customer's id). */
export function iceConfigFor(settings: IceSettings, subject: string, nowMs = Date.now()): IceConfig {
  const iceServers: IceConfig['iceServers'] = settings.servers.map((s) => ({ ...s, urls: [...s.urls] }));
  if (settings.turn) iceServers.push({ urls: [...settings.turn.urls], ...turnCredentials(settings.turn.secret, subject, settings.turn.ttlSeconds, nowMs) });
  return { iceServers, iceTransportPolicy: settings.transportPolicy };
}
