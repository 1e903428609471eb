/**
 * Signed, expiring links (recordings' playback, attachments' downloads): `access` =
 * base64url(JSON {a: subject, e: expiresAt}) + "." + base64url(HMAC-SHA256(secret, resourceId \n
 * subject \n expiresAt)), where the subject is whom the link was made for (an agent's id for
 * recordings). The secret is made once and kept in a 0600 file beside the database, so links
 * survive a restart and a copy of the files alone does not mint them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const SECRET_BYTES = 32;

/** Reads the secret in `file`, creating it (mode 0600) the first time. */
export function loadOrCreateSecret(file: string): Buffer {
  try {
    const secret = readFileSync(file);
    if (secret.length >= SECRET_BYTES) return secret;
    throw new Error(`${file} holds ${secret.length} bytes; a link secret needs ${SECRET_BYTES}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(SECRET_BYTES);
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' }); // wx: another process that won the race keeps its secret
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file);
    throw err;
  }
}

export interface LinkClaims {
  /** Whom the link was made for: checked again when it is used. */
  subject: string;
  expiresAt: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: string };

export class LinkSigner {
  constructor(private readonly secret: Buffer) {}

  /** The `access` value for a link to `resourceId` for `subject`, valid until `expiresAt` (ms). */
  sign(resourceId: string, { subject, expiresAt }: LinkClaims): string {
    const claims = Buffer.from(JSON.stringify({ a: subject, e: expiresAt })).toString('base64url');
    return `${claims}.${this.mac(resourceId, subject, expiresAt).toString('base64url')}`;
  }

  /** Checks the signature first, then expiry; says why a link is refused. */
  verify(resourceId: string, access: string, now: number): LinkCheck {
    const [claimsPart, macPart, extra] = access.split('.');
    if (!claimsPart || !macPart || extra !== undefined) return { ok: false, reason: 'malformed access token' };
    let claims: { a?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed access token' };
    }
    if (typeof claims?.a !== 'string' || typeof claims.e !== 'number' || !Number.isSafeInteger(claims.e)) return { ok: false, reason: 'malformed access token' };
    const given = Buffer.from(macPart, 'base64url');
    const expected = this.mac(resourceId, claims.a, claims.e);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
    if (claims.e <= now) return { ok: false, reason: 'link expired' };
    return { ok: true, claims: { subject: claims.a, expiresAt: claims.e } };
  }

  private mac(resourceId: string, subject: string, expiresAt: number): Buffer {
    return createHmac('sha256', this.secret).update(`${resourceId}\n${subject}\n${expiresAt}`).digest();
  }
}
