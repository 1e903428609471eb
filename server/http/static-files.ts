/** Serves the built bundles and the demo pages with sirv (ETag, Range, no path escapes). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export interface Mount {
  /** URL prefix, with a trailing slash. */
  prefix: string;
  dir: string;
  /** Its .js files have .map files beside them. */
  maps?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** One handler over the mounts: the first that has the file answers; `notFound` otherwise. */
export function staticFiles(mounts: readonly Mount[]): (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void {
  const handlers = mounts.map((mount) => ({
    prefix: mount.prefix,
    // dev: files are looked up on each request (a rebuild while running is served at once).
    serve: sirv(mount.dir, {
      dev: true,
      etag: true,
      extensions: ['html'],
      // Bundles ship without a sourceMappingURL comment; devtools find the map through this header.
      setHeaders: (res, pathname) => pathname.endsWith('.js') && mount.maps && res.setHeader('sourcemap', `${pathname.split('/').pop()}.map`),
    }) as Handler,
  }));
  return (req, res, notFound) => {
    const url = req.url ?? '/';
    const tryFrom = (i: number): void => {
      const handler = handlers[i];
      if (!handler) return notFound();
      if (!url.startsWith(handler.prefix)) return tryFrom(i + 1);
      const original = req.url;
      req.url = url.slice(handler.prefix.length - 1); // keep the leading slash
      handler.serve(req, res, () => {
        req.url = original;
        tryFrom(i + 1);
      });
    };
    tryFrom(0);
  };
}
