/** `npm start`: runs the server with the config file and environment overrides. */
import { loadConfig } from './config.ts';
import { startServer } from './app.ts';

const config = loadConfig();
const running = await startServer(config);
console.log(`Switchboard listening on ${running.url} (data: ${config.dataFile})`);
console.log(`SWITCHBOARD_PORT=${running.port}`);
if (config.host === '127.0.0.1' || config.host === 'localhost') console.log('Listening on loopback only: set HOST=0.0.0.0 (or a host in the config) to accept other machines.');
if (config.agents.some((a) => ['alice', 'bob', 'carol'].includes(a.username))) {
  console.log('The demo agents (alice/alice, bob/bob, carol/carol) are for the demo only: replace them with your own (npm run hash-password) before real use.');
}

const stop = () => {
  running.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
