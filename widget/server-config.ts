/**
 * The widget's configuration from its server (host allowlist, branding). A failed fetch is
 * retried with backoff, a bounded number of times, instead of leaving an empty allowlist for good.
 */
import type { Branding } from '../protocol/index.ts';

export interface ServerWidgetConfig {
  allowedOrigins: string[];
  branding: Branding;
}

const CONFIG_RETRY_FIRST_DELAY_MS = 250;
const CONFIG_RETRY_MAX_DELAY_MS = 5_000;
const CONFIG_MAX_RETRIES = 8; // about 25 s in all

/** Delay before retry number `retryCount` (from 0), with jitter; null: give up. */
export function nextConfigRetryDelayMs({ retryCount }: { retryCount: number }): number | null {
  if (retryCount >= CONFIG_MAX_RETRIES) return null;
  return Math.min(CONFIG_RETRY_MAX_DELAY_MS, CONFIG_RETRY_FIRST_DELAY_MS * 2 ** retryCount) * (0.75 + Math.random() / 2);
}

/** Fetches `url` until it answers 200 with JSON; rejects with the last error once the policy gives up. */
export async function fetchServerConfig(
  url: string,
  nextRetryDelayMs = nextConfigRetryDelayMs,
  fetchImpl: typeof fetch = fetch,
): Promise<ServerWidgetConfig> {
  for (let retryCount = 0; ; retryCount++) {
    try {
      const response = await fetchImpl(url, { cache: 'no-store' });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return (await response.json()) as ServerWidgetConfig;
    } catch (err) {
      const delay = nextRetryDelayMs({ retryCount });
      if (delay === null) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
