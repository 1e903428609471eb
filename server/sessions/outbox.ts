/**
 * Decide, commit, then tell. Every unit of work (a request, a timer, a routing pass) runs in one
 * transaction; the frames it produces wait here and leave only after the commit. If the unit
 * throws, its frames are dropped and the in-memory state is rebuilt from the store, so nothing a
 * client was told is ever rolled back and nothing rolled back is ever told.
 *
 * Group commit: `runBatch` runs several units in one transaction, each in its own savepoint, so
 * one fsync covers them all; a unit that throws undoes only its own writes and frames.
 */
import { ProtocolError } from '../../protocol/index.ts';
import type { Store } from '../store/index.ts';

type Delivery = () => void;

export class Outbox {
  private queue: Delivery[] = [];
  private depth = 0;
  private readonly rebuilders = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** True while a unit of work is running: deliveries wait for its commit. */
  get inUnit(): boolean {
    return this.depth > 0;
  }

  /** Runs `fn` as one unit of work (or as part of the unit already running). */
  run<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    const mark = this.store.changes();
    let result: T;
    try {
      result = this.store.transaction(fn);
    } catch (err) {
      this.depth--;
      this.queue = [];
      this.afterFailure(err, mark);
      throw err;
    }
    this.depth--;
    this.flush();
    return result;
  }

  /**
   * Runs each job as its own unit inside one transaction (one commit for all), then delivers the
   * frames of the jobs that succeeded. `settle` gets each job's result or error after the commit.
   */
  runBatch<T>(jobs: readonly (() => T)[], settle: (index: number, outcome: { ok: true; value: T } | { ok: false; error: unknown }) => void): void {
    if (this.depth > 0) throw new Error('runBatch inside a unit of work');
    const outcomes: ({ ok: true; value: T } | { ok: false; error: unknown })[] = [];
    this.depth++;
    try {
      this.store.transaction(() => {
        for (const job of jobs) {
          const queued = this.queue.length;
          const mark = this.store.changes();
          try {
            outcomes.push({ ok: true, value: this.store.savepoint(job) });
          } catch (error) {
            this.queue.length = queued; // its frames go nowhere
            outcomes.push({ ok: false, error });
            this.afterFailure(error, mark);
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch holds, nothing is told.
      this.depth--;
      this.queue = [];
      this.rebuild();
      jobs.forEach((_, i) => settle(i, { ok: false, error }));
      return;
    }
    this.depth--;
    this.flush();
    outcomes.forEach((outcome, i) => settle(i, outcome));
  }

  /** Queues a delivery for after the running unit's commit; outside a unit it happens now. */
  deliver(delivery: Delivery): void {
    if (this.depth > 0) this.queue.push(delivery);
    else this.safely(delivery);
  }

  /** Registers what rebuilds in-memory state from the store after a unit that wrote failed. */
  onRebuild(rebuild: () => void): () => void {
    this.rebuilders.add(rebuild);
    return () => this.rebuilders.delete(rebuild);
  }

  private afterFailure(err: unknown, changesBefore: number): void {
    // A refused request normally throws before it touches anything; anything else may have
    // changed in-memory records before it threw, so they are read again from the store.
    if (err instanceof ProtocolError && this.store.changes() === changesBefore) return;
    this.rebuild();
  }

  private rebuild(): void {
    for (const rebuild of this.rebuilders) this.safely(rebuild);
  }

  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    for (const delivery of queue) this.safely(delivery);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log(`delivery failed: ${(err as Error).stack ?? err}`);
    }
  }
}
