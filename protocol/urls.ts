/**
 * URLs that come from data (a host's branding, a CRM record, a config file) and end up in an
 * `href` or a `src`: only http(s) is used. `javascript:` would run in the widget's origin, `data:`
 * and the rest load what nobody vetted.
 */

/** Longest URL accepted from data. */
export const MAX_URL_CHARS = 2_048;

/** The base a relative URL is checked against: it resolves on an http(s) page, so it stays http(s). */
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * True for an http: or https: URL, absolute or relative (`/brand/logo.svg`), as the browser's
 * own parser reads it (so ` javascript:`, `JaVaScRiPt:` and `java\tscript:` are refused too).
 * @example isHttpUrl('https://cdn.example.com/logo.svg') // true
 * @example isHttpUrl('javascript:alert(1)') // false
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !value.trim() || value.length > MAX_URL_CHARS) return false;
  try {
    const { protocol } = new URL(value, RELATIVE_BASE);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
