/** min+gzip sizes of the shipped bundles (they are minified by the build). */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export function bundleSizes(): Record<string, number> {
  return {
    client_api_gzip_bytes: gzipBytes('dist/client-api.js'),
    loader_gzip_bytes: gzipBytes('dist/communicator.js'),
    // Bright Pattern's adapter script (the host library as a classic script defining brightpattern.AdApi).
    bp_adapter_gzip_bytes: gzipBytes('dist/agent/communicator/adapters/api.js'),
    // The widget page loads exactly one script before it is usable.
    widget_initial_gzip_bytes: gzipBytes('dist/widget/widget.js'),
    // The media of calls: a chunk the widget imports when its first call needs it.
    widget_media_gzip_bytes: gzipBytes(`dist/widget/${readdirSync('dist/widget').find((f) => /^call-media-.*\.js$/.test(f))}`),
    customer_sdk_gzip_bytes: gzipBytes('dist/customer-sdk.js'),
    // The media side of customer calls, fetched by the SDK when a call first needs it.
    customer_voice_gzip_bytes: gzipBytes('dist/customer-voice.js'),
    // The chat SDK's rarely made calls (history, survey, close, ...), fetched by the SDK when one is first made.
    customer_extras_gzip_bytes: gzipBytes('dist/customer-extras.js'),
  };
}
