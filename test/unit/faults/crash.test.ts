/**
 * kill -9 mid-chat (issue 8): a real server process is killed with SIGKILL within a millisecond
 * of a send, a dozen times, and restarted on the same data file; nothing acknowledged is lost,
 * nothing is stored twice, no event is lost or reuses a seq, both sides resume within 2 s, and
 * the queue and the assignment survive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrash, type CrashRunResult } from '../../helpers/crash-run.ts';

const RESYNC_LIMIT_MS = 2_000;

describe('kill -9 mid-chat', () => {
  let result: CrashRunResult;
  let running: Promise<CrashRunResult> | undefined;
  // One run for the three tests; a run that throws fails them all without running again.
  const run = async () => (result = await (running ??= runCrash({ kills: 12, log: (line) => console.log(`  ${line}`) })));
  const seed = () => `(seed ${result.seed}: SB_FAULT_SEED=${result.seed} repeats its random choices)`;

  it('keeps every acknowledged message, once and in order', { timeout: 90_000 }, async () => {
    await run();
    assert.ok(result.acked > 100, `only ${result.acked} messages went through ${seed()}`);
    assert.equal(result.ackedLost, 0, `acknowledged messages missing from the history ${seed()}`);
    assert.deepEqual(result.doubled, [], `messages stored twice after a retry with the same clientMessageId ${seed()}`);
    assert.deepEqual(result.outOfOrder, [], `senders whose messages are out of order ${seed()}`);
  });

  it('delivers every stored message as an event to both sides, and never reuses a seq', { timeout: 90_000 }, async () => {
    await run();
    const problems: string[] = [];
    const { reusedSeqs: reused, lostEvents: lost, doubledEvents: doubled } = result;
    if (reused.agent || reused.customer) problems.push(`seqs sent again for other events: agent ${reused.agent}, customer ${reused.customer}; ${reused.examples[0]}`);
    if (lost.agent || lost.customer) problems.push(`stored messages never delivered as chat.message: agent ${lost.agent}, customer ${lost.customer}`);
    if (doubled.agent || doubled.customer) problems.push(`messages delivered twice: agent ${doubled.agent}, customer ${doubled.customer}`);
    if (result.snapshots) problems.push(`${result.snapshots} resumes answered with a snapshot though the client was never far behind`);
    assert.deepEqual(problems, [], seed());
  });

  it('resumes both sides within 2 s of each restart and keeps queue and assignment', { timeout: 90_000 }, async () => {
    await run();
    assert.equal(result.resyncsMs.length, result.kills);
    assert.ok(result.resyncMs < RESYNC_LIMIT_MS, `slowest resync ${result.resyncMs.toFixed(0)} ms ${seed()}`);
    assert.ok(result.queueIntact, `queue after the kills: ${result.problems.join('; ')}`);
    assert.ok(result.assignmentIntact, `assignment after the kills: ${result.problems.join('; ')}`);
    assert.deepEqual(result.problems, []);
  });
});
