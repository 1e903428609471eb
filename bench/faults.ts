/**
 * Fault figures from the test helpers that run them (test/helpers/crash-run.ts: kill -9 mid-chat
 * and restart; test/helpers/fuzz-run.ts: bad frames at a live server), at bench sizes (the fault
 * tests run them bigger). A helper that is not there gives no figures: left out, never faked.
 */
import { existsSync } from 'node:fs';

type Result = Record<string, unknown>;

interface FaultRun {
  file: string;
  runner: string;
  options: Record<string, unknown>;
  figures(r: Result): Record<string, unknown>;
}

const RUNS: FaultRun[] = [
  {
    file: 'test/helpers/crash-run.ts',
    runner: 'runCrash',
    options: { kills: 8 },
    figures: (r) => ({
      crash_acked_lost: r.ackedLost,
      crash_acked_n: r.acked,
      // The slowest restart of the run, until both sides resumed.
      crash_resync_ms: typeof r.resyncMs === 'number' ? Number(r.resyncMs.toFixed(1)) : r.resyncMs,
      crash_resync_n: (r.resyncsMs as unknown[] | undefined)?.length,
    }),
  },
  {
    file: 'test/helpers/fuzz-run.ts',
    runner: 'runFuzz',
    options: { frames: 30_000, deadlineMs: 25_000 },
    figures: (r) => ({ fuzz_frames: r.frames, fuzz_crashes: r.crashes }),
  },
];

export async function faultFigures(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const run of RUNS) {
    if (!existsSync(run.file)) continue;
    const module = (await import(new URL(`../${run.file}`, import.meta.url).href)) as Record<string, unknown>;
    const runner = module[run.runner];
    if (typeof runner !== 'function') throw new Error(`${run.file} does not export ${run.runner}()`);
    const result = (await runner(run.options)) as Result;
    for (const [name, value] of Object.entries(run.figures(result))) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${run.file}: ${run.runner}() gave no number for ${name}`);
      figures[name] = value;
    }
  }
  return figures;
}
