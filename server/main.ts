/** `npm start`: runs the server with the config file and environment overrides. */
import { loadConfig } from './config.ts';
import { startServer } from './app.ts';

const config = loadConfig();
const running = await startServer(config);
console.log(`Switchboard listening on ${running.url} (data: ${config.dataFile})`);
console.log(`SWITCHBOARD_PORT=${running.port}`);

const stop = () => {
  running.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
