/** `npm run bench`: prints every figure of shared BENCH.md whose part is built, as name=value lines. */
import { bundleSizes } from './sizes.ts';
import { measureRoundTrips } from './rtt.ts';
import { enqueueToPending, routerThroughput } from './routing.ts';

const print = (figures: Record<string, number>) => {
  for (const [name, value] of Object.entries(figures)) console.log(`${name}=${value}`);
};

print(bundleSizes());
print(await measureRoundTrips());
print(routerThroughput());
print(await enqueueToPending());
