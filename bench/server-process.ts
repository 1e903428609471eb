/**
 * The server as `npm start` runs it (config file and environment overrides), without its log
 * lines: a bench times the server, not a terminal. Prints SWITCHBOARD_PORT= once it listens.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig, startServer } from '../server/index.ts';

const running = await startServer(loadConfig(), () => {});
console.log(`SWITCHBOARD_PORT=${running.port}`);
// SIGUSR2 prints how long the event loop held what came in since the last SIGUSR2 (a bench's debug output).
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
process.on('SIGUSR2', () => {
  const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
  console.log(`SWITCHBOARD_LOOP_DELAY=${JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) })}`);
  delay.reset();
});
process.on('SIGTERM', () => {
  running.close().finally(() => process.exit(0));
});
