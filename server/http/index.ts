export { serveStatic, type Mount } from './static-files.ts';
