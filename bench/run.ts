/** `npm run bench`: prints every figure of shared BENCH.md whose part is built, as name=value lines. */
import { callFigures } from './calls.ts';
import { chatLatency } from './chat-latency.ts';
import { commitModes } from './commit.ts';
import { dispatchThroughput } from './dispatch.ts';
import { faultFigures } from './faults.ts';
import { enqueueToPending, routerPlanThroughput } from './routing.ts';
import { measureRoundTrips } from './rtt.ts';
import { sessionsMemory } from './sessions.ts';
import { bundleSizes } from './sizes.ts';

const print = (figures: Record<string, number>) => {
  for (const [name, value] of Object.entries(figures)) console.log(`${name}=${value}`);
};

print(bundleSizes());
print(await measureRoundTrips());
print(await callFigures());
print(routerPlanThroughput());
print(await dispatchThroughput());
print(await enqueueToPending());
print(await chatLatency());
print(await sessionsMemory());
print(await commitModes());
print(await faultFigures());
