/**
 * Runs request handlers as units of work. In `group` mode the requests that arrive in one tick
 * (at most one per connection, so each connection's order holds) share one transaction, each in
 * its own savepoint: one fsync for all of them, and every reply and event still leaves only after
 * that commit. In `each` mode every request commits on its own.
 */
import type { Outbox } from '../sessions/index.ts';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
interface Job {
  run: () => unknown;
  settle: (outcome: Outcome) => void;
}

export class RequestScheduler {
  private jobs: Job[] = [];
  private scheduled = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly mode: 'group' | 'each',
  ) {}

  submit(run: () => unknown, settle: (outcome: Outcome) => void): void {
    if (this.mode === 'each') {
      let outcome: Outcome;
      try {
        outcome = { ok: true, value: this.outbox.run(run) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      return settle(outcome);
    }
    this.jobs.push({ run, settle });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runBatch());
  }

  private runBatch(): void {
    this.scheduled = false;
    const jobs = this.jobs;
    this.jobs = [];
    this.outbox.runBatch(
      jobs.map((j) => j.run),
      (i, outcome) => jobs[i].settle(outcome),
    );
  }
}
