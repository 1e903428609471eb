/**
 * The server as `npm start` runs it (config file and environment overrides), without its log
 * lines: a bench times the server, not a terminal. Prints SWITCHBOARD_PORT= once it listens.
 */
import { loadConfig, startServer } from '../server/index.ts';

const running = await startServer(loadConfig(), () => {});
console.log(`SWITCHBOARD_PORT=${running.port}`);
process.on('SIGTERM', () => {
  running.close().finally(() => process.exit(0));
});
