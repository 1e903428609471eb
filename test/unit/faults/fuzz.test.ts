/**
 * Fuzz (issue 8): over 100,000 random and mutated frames from several sockets against a real
 * server process: bad JSON, invalid UTF-8, binary frames, 10,000-deep nesting, frames over the
 * 64 KiB limit and over 16 times it, a wrong type in every field of every request type (read
 * from the RequestFrame schema), unknown ids, __proto__ and constructor keys, valid frames with
 * hostile values. The server never crashes, answers every frame or closes its socket with a
 * close code, stays within its memory bound, and leaves a chat stored before untouched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../../protocol/index.ts';
import { serverFiles, spawnServer } from '../../helpers/child-server.ts';
import { runFuzz } from '../../helpers/fuzz-run.ts';

const FRAMES = 100_000;
const RSS_LIMIT_MB = 300;
/** How much longer than a flat frame of the same size a deeply nested over-limit frame may take to be refused. */
const PARSE_MARGIN_MS = 50;

describe('fuzzing the gateway', () => {
  it(`survives ${FRAMES} bad frames and answers each`, { timeout: 90_000 }, async () => {
    const r = await runFuzz({ frames: FRAMES, deadlineMs: 55_000, log: (line) => console.log(`  ${line}`) });
    console.log(`  ${JSON.stringify({ ...r, acceptedBad: r.acceptedBad.length, crashOutput: r.crashOutput.length })}`);
    const problems: string[] = [];
    if (r.crashes) problems.push(`the server crashed ${r.crashes} times: ${r.crashOutput[0]}`);
    if (r.frames < FRAMES) problems.push(`only ${r.frames} frames in ${(r.durationMs / 1000).toFixed(0)} s`);
    if (r.unanswered) problems.push(`${r.unanswered} frames got neither a reply nor a close frame (closes: ${JSON.stringify(r.closeCodes)})`);
    if (r.acceptedBad.length) problems.push(`invalid frames accepted: ${r.acceptedBad.slice(0, 3).join(' | ')}`);
    if (!(r.rssMaxMb < RSS_LIMIT_MB)) problems.push(`server RSS reached ${r.rssMaxMb.toFixed(0)} MB`);
    if (!r.historyIntact) problems.push('the chat stored before the fuzz changed');
    if (!r.healthy) problems.push('the server no longer answers');
    assert.deepEqual(problems, [], `seed ${r.seed} (SB_FAULT_SEED repeats it)`);
    // The run covered what it claims to.
    assert.ok((r.kinds['wrong-type'] ?? 0) >= r.wrongTypeCombinations, 'not every wrong-type combination was sent');
    for (const kind of ['bad-json', 'bad-utf8', 'binary', 'deep', 'large', 'huge', 'proto', 'unknown-ids', 'mutated'] as const) {
      assert.ok((r.kinds[kind] ?? 0) > 0, `no ${kind} frame was sent`);
    }
  });

  it('refuses an over-limit frame before parsing it: deep nesting costs no more than a flat frame', { timeout: 60_000 }, async () => {
    const server = await spawnServer(serverFiles());
    try {
      // Both just under the size the socket reads (16 x the limit), both over the limit.
      const size = MAX_FRAME_BYTES * 16 - 1_024;
      const depth = size / 2;
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const flat = JSON.stringify({ id: 1, type: 'chat.send', contactId: 'x', text: 'f'.repeat(size - 60) });
      const deepMs: number[] = [];
      const flatMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        flatMs.push(await refusalMs(server.wsUrl, flat));
        deepMs.push(await refusalMs(server.wsUrl, deep));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      assert.ok(server.alive(), 'the server died');
      assert.ok(
        median(deepMs) < median(flatMs) + PARSE_MARGIN_MS,
        `a ${(size / 1024).toFixed(0)} KiB frame nested ${depth} deep took ${median(deepMs).toFixed(0)} ms to refuse, a flat one ${median(flatMs).toFixed(0)} ms: it was parsed first`,
      );
    } finally {
      await server.kill();
    }
  });
});

/** Time from sending `frame` on a fresh socket to its reply or the socket's close. */
async function refusalMs(url: string, frame: string): Promise<number> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  await new Promise((resolve) => ws.once('open', resolve));
  const started = performance.now();
  const done = new Promise<number>((resolve) => {
    ws.once('message', () => resolve(performance.now() - started));
    ws.once('close', () => resolve(performance.now() - started));
  });
  ws.send(frame);
  const ms = await Promise.race([done, new Promise<number>((r) => setTimeout(() => r(10_000), 10_000))]);
  ws.terminate();
  return ms;
}
