/**
 * When to try to reconnect (LiveKit's ReconnectPolicy): a function of how many retries were
 * made and how long the connection has been down, answering a delay or null to give up.
 */
export interface RetryContext {
  /** Retries made since the connection was lost (0 before the first). */
  retryCount: number;
  /** Time since the connection was lost (or first failed), in ms. */
  elapsedMs: number;
}
export type ReconnectPolicy = (context: RetryContext) => number | null;

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseMs?: number;
  /** Longest delay between two retries. */
  maxDelayMs?: number;
  /** Give up (null) once the connection has been down this long; Infinity retries forever. */
  giveUpAfterMs?: number;
  /** A number in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so clients
 * dropped together by a server restart do not come back in step.
 *   const policy = exponentialBackoff({ baseMs: 250, maxDelayMs: 10_000 });
 */
export function exponentialBackoff({ baseMs = 250, maxDelayMs = 5_000, giveUpAfterMs = Infinity, random = Math.random }: BackoffOptions = {}): ReconnectPolicy {
  return ({ retryCount, elapsedMs }) => {
    if (elapsedMs >= giveUpAfterMs) return null;
    const ceiling = Math.min(maxDelayMs, baseMs * 2 ** Math.min(retryCount, 30));
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  };
}

/** The default: from 125–250 ms up to 2.5–5 s between retries, forever (an agent wants to be back soon after the server). */
export const nextRetryDelayMs: ReconnectPolicy = exponentialBackoff();
