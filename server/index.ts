export { startServer, type RunningServer } from './app.ts';
export { loadConfig, parseConfig, type ServerConfig } from './config.ts';
