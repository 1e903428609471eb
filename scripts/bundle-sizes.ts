/**
 * What the shipped bundles weigh, min+gzip (they are minified by the build), and what they may
 * weigh: `npm run bench` prints the sizes (bench/sizes.ts), test/unit/bundle-sizes.test.ts holds
 * the budgets after `npm run build`.
 *
 *   widgetInitialFiles('dist/widget') // ['widget.js', ...the chunks it imports statically]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const gzipBytes = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

// `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"` (rollup's static imports
// between chunks); `import("./x.js")` is a lazy chunk and does not match.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g;

/** An ES module's file and every chunk it imports statically, transitively: what loads before it runs. */
export function staticGraph(dir: string, entry: string): string[] {
  const seen = new Set<string>([entry]);
  for (const file of seen) {
    for (const [, spec] of readFileSync(join(dir, file), 'utf8').matchAll(STATIC_IMPORT)) seen.add(join(file, '..', spec));
  }
  return [...seen];
}

/** The widget page loads widget.js and its static imports before it is usable (the rest are lazy chunks). */
export const widgetInitialFiles = (dir = 'dist/widget'): string[] => staticGraph(dir, 'widget.js');

const sumGzip = (dir: string, files: string[]) => files.reduce((sum, f) => sum + gzipBytes(join(dir, f)), 0);
const chunk = (dir: string, name: string) => join(dir, readdirSync(dir).find((f) => new RegExp(`^${name}-.*\\.js$`).test(f)) ?? `${name}-(missing).js`);

/** name=bytes, as `npm run bench` prints them. */
export function bundleSizes(): Record<string, number> {
  return {
    client_api_gzip_bytes: gzipBytes('dist/client-api.js'),
    loader_gzip_bytes: gzipBytes('dist/communicator.js'),
    // Bright Pattern's adapter script (the host library as a classic script defining brightpattern.AdApi).
    bp_adapter_gzip_bytes: gzipBytes('dist/agent/communicator/adapters/api.js'),
    widget_initial_gzip_bytes: sumGzip('dist/widget', widgetInitialFiles()),
    // The media of calls: a chunk the widget imports when its first call needs it.
    widget_media_gzip_bytes: gzipBytes(chunk('dist/widget', 'call-media')),
    // What links a host page (the host API's methods, Comlink, the branding schema): loaded with the first host.
    widget_host_link_gzip_bytes: gzipBytes(chunk('dist/widget', 'host-link')),
    customer_sdk_gzip_bytes: gzipBytes('dist/customer-sdk.js'),
    // The media side of customer calls, fetched by the SDK when a call first needs it.
    customer_voice_gzip_bytes: gzipBytes('dist/customer-voice.js'),
    // Files in the customer's chat (upload with progress), fetched by the SDK when first needed.
    customer_files_gzip_bytes: gzipBytes('dist/customer-files.js'),
    // The chat SDK's rarely made calls (history, survey, close, ...), fetched by the SDK when one is first made.
    customer_extras_gzip_bytes: gzipBytes('dist/customer-extras.js'),
    // Files in the agent's chat: a chunk the widget loads when a chat is shown (prefetched after login).
    widget_attachments_gzip_bytes: gzipBytes(chunk('dist/widget', 'attachments')),
  };
}

/** The budgets, one per bundle that must stay small (bytes, gzip -9). */
export const BUDGETS = {
  widget_initial_gzip_bytes: { bundle: 'widget initial JS (dist/widget/widget.js and its static imports)', maxBytes: 40_000 },
  customer_sdk_gzip_bytes: { bundle: 'dist/customer-sdk.js', maxBytes: 4_096 },
  client_api_gzip_bytes: { bundle: 'dist/client-api.js', maxBytes: 2_560 },
} as const;
