/**
 * Guards password logins: failed attempts are counted per username and per IP address
 * (rate-limiter-flexible) and, past the limit, refused with `rate_limited {retryAfterMs}` before
 * any scrypt work; and only a few scrypt checks run at once, with a bounded queue, so that a
 * burst of logins cannot starve the server.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../../protocol/index.ts';

export interface LoginGuardOptions {
  /** Failed attempts per username in `windowSeconds` before further attempts are refused. */
  failuresPerUser: number;
  /** Failed attempts per IP address in `windowSeconds`. */
  failuresPerIp: number;
  windowSeconds: number;
  /** scrypt checks running at once; more wait in a queue of `maxWaiting`. */
  concurrency: number;
  maxWaiting: number;
}

export const DEFAULT_LOGIN_GUARD: LoginGuardOptions = { failuresPerUser: 5, failuresPerIp: 30, windowSeconds: 15 * 60, concurrency: 2, maxWaiting: 64 };

export class LoginGuard {
  private readonly byUser: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: LoginGuardOptions = DEFAULT_LOGIN_GUARD) {
    this.byUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: options.failuresPerUser, duration: options.windowSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: options.failuresPerIp, duration: options.windowSeconds });
  }

  /**
   * Runs `check` (the scrypt verification) unless the username or the IP is blocked; counts a
   * failure when it returns false, and clears the username's count on success.
   */
  async attempt(username: string, ip: string, check: () => Promise<boolean>): Promise<boolean> {
    await this.refuseIfBlocked(username, ip);
    const ok = await this.withSlot(check);
    if (ok) await this.byUser.delete(username);
    else await Promise.all([this.byUser.penalty(username), this.byIp.penalty(ip)]);
    return ok;
  }

  private async refuseIfBlocked(username: string, ip: string): Promise<void> {
    const [user, addr] = await Promise.all([this.byUser.get(username), this.byIp.get(ip)]);
    const blocked = [user, addr].filter((r): r is RateLimiterRes => r !== null && r.consumedPoints >= (r === user ? this.options.failuresPerUser : this.options.failuresPerIp));
    if (blocked.length) {
      const retryAfterMs = Math.max(...blocked.map((r) => r.msBeforeNext));
      throw rateLimited('too many failed logins: try again later', retryAfterMs);
    }
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) throw rateLimited('too many logins at once: try again shortly', 1_000);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
