/**
 * The desk's parts that load on demand (lazy.tsx), loaded ahead of need once the agent is logged
 * in and the page is idle: a call answered, a transfer form or a chat's CRM panel opened, shows
 * at once, without waiting on a fetch. What the first load must show stays in widget.js.
 */
import type { LazyComponent } from './lazy.tsx';

/** The prefetch waits for an idle moment, but no longer than this. */
const IDLE_TIMEOUT_MS = 2_000;
/** Without requestIdleCallback (Safari): a short delay lets the first render and the session's frames go first. */
const FALLBACK_DELAY_MS = 300;

/** Loads `parts` when the page is next idle; returns what cancels it (before it started). */
export function prefetchWhenIdle(parts: readonly Pick<LazyComponent<never>, 'load'>[]): () => void {
  // A failed load is not remembered (load-once.ts): showing the part tries again.
  const run = () => void Promise.allSettled(parts.map((p) => p.load()));
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(run, FALLBACK_DELAY_MS);
  return () => clearTimeout(timer);
}
