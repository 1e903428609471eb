export { startServer, type RunningServer, type ServerParts } from './app.ts';
export { loadConfig, parseConfig, type ServerConfig } from './config.ts';
