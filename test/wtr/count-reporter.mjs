// Counts the browser tests; writes them to SB_TEST_COUNTS (JSON) for scripts/test.sh's closing line.
import { writeFileSync } from 'node:fs';
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function countReporter() {
  const totals = { passed: 0, failed: 0 };
  return {
    onTestRunFinished({ sessions }) {
      totals.passed = totals.failed = 0;
      for (const session of sessions) {
        count(session.testResults, totals);
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.failed++;
      }
    },
    stop() {
      if (process.env.SB_TEST_COUNTS) writeFileSync(process.env.SB_TEST_COUNTS, JSON.stringify(totals));
    },
  };
}
