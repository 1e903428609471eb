import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UploadError, type RecordingUploader } from '../../../widget/media/recording-uploader.ts';
import { UploadQueue } from '../../../widget/media/upload-queue.ts';

const blob = (text: string) => new Blob([text]);

/** Stores chunks; `plan(seq, attempt)` may throw to fail an attempt. */
function uploader(plan: (seq: number, attempt: number) => void = () => {}, delayMs = 0) {
  const stored: string[] = [];
  const attempts = new Map<number, number>();
  let finished = 0;
  const up: RecordingUploader = {
    async upload(seq, chunk) {
      const attempt = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, attempt);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      plan(seq, attempt);
      assert.equal(seq, stored.length, 'chunks arrive in order');
      stored.push(await chunk.text());
    },
    async finish() {
      finished++;
    },
  };
  return { up, stored, attempts, finished: () => finished };
}

describe('UploadQueue', () => {
  it('uploads in order, retrying what fails for a retryable reason', async () => {
    const sink = uploader((seq, attempt) => {
      if (seq === 1 && attempt < 3) throw new UploadError('network error', true);
    });
    const queue = new UploadQueue(sink.up, { retryDelayMs: () => 1 });
    for (const t of ['a', 'b', 'c', '']) assert.equal(queue.push(blob(t)), true);
    await queue.finish();
    assert.deepEqual(sink.stored, ['a', 'b', 'c'], 'the empty chunk is skipped');
    assert.equal(sink.attempts.get(1), 3);
    assert.equal(sink.finished(), 1);
    assert.equal(queue.uploadedBytes, 3);
  });

  it('fails at once on a refusal no retry fixes, and takes nothing more', async () => {
    const failures: string[] = [];
    const sink = uploader((seq) => {
      if (seq === 1) throw new UploadError('recording ended', false, 409);
    });
    const queue = new UploadQueue(sink.up, { retryDelayMs: () => 1, onFailure: (e) => failures.push(e.message) });
    queue.push(blob('a'));
    queue.push(blob('b'));
    await assert.rejects(queue.flush(), { message: 'recording ended' });
    assert.equal(queue.push(blob('c')), false);
    assert.deepEqual(sink.stored, ['a']);
    assert.deepEqual(failures, ['recording ended']);
    assert.equal(sink.attempts.get(1), 1);
  });

  it('gives up when the retry policy does', async () => {
    const sink = uploader(() => {
      throw new UploadError('HTTP 503', true, 503);
    });
    const queue = new UploadQueue(sink.up, { retryDelayMs: ({ retryCount }) => (retryCount < 2 ? 1 : null) });
    queue.push(blob('a'));
    // Said for the agent: how long the server could not store it, and the last answer.
    await assert.rejects(queue.finish(), { message: /^the server could not store the recording for \d+ s \(HTTP 503\)$/ });
    assert.equal(queue.failed!.retryable, false);
    assert.equal(queue.failed!.status, 503);
    assert.equal(sink.attempts.get(0), 3);
    assert.equal(sink.finished(), 0);
  });

  it('holds at most maxChunks: a backlog past it fails the upload rather than growing', async () => {
    const sink = uploader(() => {}, 50);
    const queue = new UploadQueue(sink.up, { maxChunks: 3 });
    assert.equal(queue.push(blob('a')), true);
    assert.equal(queue.push(blob('b')), true);
    assert.equal(queue.push(blob('c')), true);
    assert.equal(queue.push(blob('d')), false);
    assert.match(queue.failed!.message, /the server has not taken the recording for a while \(3 chunks waiting\)/);
    assert.equal(queue.pending, 0);
  });

  it('a flush rejects as soon as the queue fails, without waiting for an attempt that never answers', async () => {
    const never: RecordingUploader = { upload: () => new Promise(() => {}), finish: async () => {} };
    const queue = new UploadQueue(never, { maxChunks: 2 });
    queue.push(blob('a'));
    queue.push(blob('b'));
    const flushed = queue.flush();
    assert.equal(queue.push(blob('c')), false); // the backlog fails the queue while chunk 0 hangs
    await assert.rejects(flushed, /chunks waiting/);
    await assert.rejects(queue.finish(), /chunks waiting/);
  });
});
