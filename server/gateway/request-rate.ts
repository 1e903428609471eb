/**
 * How fast one connection may send: `requestsPerSecond` steadily, plus a burst of `requestBurst`
 * more within any `REQUEST_BURST_WINDOW_SECONDS` (rate-limiter-flexible's BurstyRateLimiter over
 * two in-memory limiters). A frame over the rate is answered `rate_limited {retryAfterMs}`; the
 * socket stays open.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../../protocol/index.ts';

/** The burst allowance refills over this window. */
export const REQUEST_BURST_WINDOW_SECONDS = 10;

export interface RequestRateOptions {
  requestsPerSecond: number;
  requestBurst: number;
}

export class RequestRate {
  private readonly limiter: BurstyRateLimiter;

  constructor(private readonly options: RequestRateOptions) {
    this.limiter = new BurstyRateLimiter(
      new RateLimiterMemory({ keyPrefix: 'requests', points: options.requestsPerSecond, duration: 1 }),
      new RateLimiterMemory({ keyPrefix: 'request-burst', points: options.requestBurst, duration: REQUEST_BURST_WINDOW_SECONDS }),
    );
  }

  /** Counts one request of connection `key`; rejects with `rate_limited {retryAfterMs}` when it is over the rate. */
  async admit(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      throw rateLimited(`more than ${this.options.requestsPerSecond} requests a second: slow down`, res.msBeforeNext);
    }
  }
}
