export { serveHostAccess } from './host-access.ts';
export { staticFiles, type Mount } from './static-files.ts';
export { setSecurityHeaders, contentSecurityPolicy } from './security-headers.ts';
export { recordingRoutes, type RecordingRouteDeps } from './recording-routes.ts';
export { attachmentRoutes, type AttachmentRouteDeps } from './attachment-routes.ts';
export { sendJson, sendError, bearerSession, type SessionLookup } from './replies.ts';
