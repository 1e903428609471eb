/**
 * Password hashes as `scrypt$N$r$p$salt$hash` (base64url), checked in constant time. New hashes
 * use OWASP's recommended scrypt cost (N=2^17, r=8, p=1); a hash keeps the cost it was made with.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const KEY_BYTES = 32;
export const DEFAULT_COST = { N: 2 ** 17, r: 8, p: 1 };
/** Memory scrypt may use: 128 * N * r bytes for the default cost, with room to spare. */
const MAX_MEM_BYTES = 256 * 1024 * 1024;

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES, { ...cost, maxmem: MAX_MEM_BYTES });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEM_BYTES,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const newToken = () => randomBytes(24).toString('base64url');

let dummy: Promise<string> | null = null;
/**
 * Checks a password against a hash of the same cost as `like` (or the default), so that an
 * unknown username costs the same scrypt time as a wrong password; always false.
 */
export async function verifyNobody(password: string, like?: string): Promise<false> {
  const [, n, r, p] = like?.split('$') ?? [];
  const cost = like ? { N: Number(n), r: Number(r), p: Number(p) } : DEFAULT_COST;
  dummy ??= hashPassword(randomBytes(16).toString('base64url'), cost);
  await verifyPassword(password, await dummy);
  return false;
}
