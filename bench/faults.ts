/**
 * Fault figures from the test helpers that run them (test/helpers/crash-run.ts: kill -9 mid-stream
 * and restart; test/helpers/fuzz-run.ts: bad frames at a live server). A helper that is not there
 * yet gives no figures: left out, never faked. Each runner's numeric result fields are printed
 * under its prefix in snake case ({ackedLost, resyncMs} -> crash_acked_lost, crash_resync_ms).
 */
import { existsSync } from 'node:fs';

interface FaultRun {
  file: string;
  prefix: string;
  /** Names the runner may be exported under, besides `default`. */
  exportNames: string[];
  /** Result fields that must be there. */
  required: string[];
}

const RUNS: FaultRun[] = [
  { file: 'test/helpers/crash-run.ts', prefix: 'crash', exportNames: ['runCrash', 'crashRun', 'runCrashTest'], required: ['ackedLost', 'resyncMs'] },
  { file: 'test/helpers/fuzz-run.ts', prefix: 'fuzz', exportNames: ['runFuzz', 'fuzzRun', 'runFuzzTest'], required: ['frames', 'crashes'] },
];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The module's runner: a known name, `default`, or its only exported function. */
function runnerOf(module: Record<string, unknown>, run: FaultRun): () => Promise<Record<string, unknown>> {
  for (const name of [...run.exportNames, 'default']) if (typeof module[name] === 'function') return module[name] as () => Promise<Record<string, unknown>>;
  const functions = Object.entries(module).filter(([, v]) => typeof v === 'function');
  if (functions.length === 1) return functions[0][1] as () => Promise<Record<string, unknown>>;
  throw new Error(`${run.file}: no runner among its exports (${Object.keys(module).join(', ')}); export ${run.exportNames[0]}()`);
}

export async function faultFigures(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const run of RUNS) {
    if (!existsSync(run.file)) continue;
    const module = (await import(new URL(`../${run.file}`, import.meta.url).href)) as Record<string, unknown>;
    const result = await runnerOf(module, run)();
    for (const field of run.required) {
      if (typeof result?.[field] !== 'number') throw new Error(`${run.file}: the runner's result has no number ${field}`);
    }
    for (const [field, value] of Object.entries(result)) {
      if (typeof value === 'number' && Number.isFinite(value)) figures[`${run.prefix}_${snake(field)}`] = value;
    }
  }
  return figures;
}
