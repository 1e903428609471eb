import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { OnError } from './errors.ts';

/** A shortcut pressed twice in a row comes within this of the first one's action end. */
export const DOUBLE_ACTION_MS = 500;

/**
 * Runs one action at a time: a second click while the first is under way does nothing (a
 * double click must not answer twice or toggle mute back). `pending` names the running action;
 * `endedAt()` is when the last one ended (performance.now()).
 */
export function useGuard(onError: OnError): {
  pending: string | null;
  run: (key: string, action: () => Promise<unknown>, onFail?: () => void, contactId?: string) => void;
  endedAt: () => number;
} {
  const running = useRef<string | null>(null); // a ref: two clicks in one tick both see the first
  const ended = useRef(-Infinity);
  const [pending, setPending] = useState<string | null>(null);
  /** `contactId`: the interaction the action is about (its error goes when it does). */
  const run = (key: string, action: () => Promise<unknown>, onFail?: () => void, contactId?: string) => {
    if (running.current) return;
    running.current = key;
    setPending(key);
    action()
      .then(() => onError.ok?.()) // it worked: an error shown before is stale
      .catch((err) => {
        onFail?.();
        onError(err, contactId);
      })
      .finally(() => {
        running.current = null;
        ended.current = performance.now();
        setPending(null);
      });
  };
  return { pending, run, endedAt: () => ended.current };
}

/** The time now, re-read every `everyMs` while the component is mounted (timers, countdowns). */
export function useNow(everyMs = 1_000): number {
  const [, tick] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(() => tick(), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return Date.now();
}
