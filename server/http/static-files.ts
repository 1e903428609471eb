/** Serves files from a few mounted folders, never outside them. */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', // the shipped .d.ts files
};

export interface Mount {
  /** URL prefix, with a trailing slash. */
  prefix: string;
  dir: string;
}

/** Returns true when it answered the request. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, mounts: readonly Mount[]): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://x');
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  for (const mount of mounts) {
    if (!pathname.startsWith(mount.prefix)) continue;
    const root = resolve(mount.dir);
    let file = resolve(join(root, normalize(pathname.slice(mount.prefix.length))));
    if (file !== root && !file.startsWith(root + sep)) return false;
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) continue;
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    // Bundles ship without a sourceMappingURL comment; devtools find the map through this header.
    if (file.endsWith('.js') && (await stat(`${file}.map`).catch(() => null))) headers.sourcemap = `${pathname.split('/').pop()}.map`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  return false;
}
