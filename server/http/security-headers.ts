/**
 * What every response says about itself: a strict Content-Security-Policy (scripts only from
 * this server, no inline script), `nosniff`, a Referrer-Policy, and `frame-ancestors` limited to
 * the host allowlist, so that only allowed CRM pages can frame the widget (a page off the list
 * cannot have an agent work inside it). The host bundles are importable from any origin (CORS).
 */
import type { ServerResponse } from 'node:http';

/** Files a CRM page on another origin loads with a script tag or an ES-module import. */
const CROSS_ORIGIN_FILES = /^\/(client-api|communicator|customer-sdk|customer-chat|customer-voice|customer-extras|customer-files)\.(js|js\.map|d\.ts)$|^\/agent\/(communicator|crmembedded)\/adapters\/api\.js$/;

export function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Preact and branding set styles through the CSSOM; inline style attributes are kept for the theme.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
  ].join('; ');
}

/** Sets the headers every response of the server carries; `frameAncestors` are the allowed host origins. */
export function setSecurityHeaders(res: ServerResponse, pathname: string, frameAncestors: readonly string[]): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  res.setHeader('content-security-policy', contentSecurityPolicy(frameAncestors));
  if (CROSS_ORIGIN_FILES.test(pathname)) {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
  }
}
