export { serveHostAccess } from './host-access.ts';
export { serveStatic, type Mount } from './static-files.ts';
