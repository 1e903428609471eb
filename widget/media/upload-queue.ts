/**
 * Chunks go out one at a time, in order, each retried until stored; the queue holds at most
 * `maxChunks` waiting (with ~1 s chunks, that many seconds), so a crash loses only what waits
 * here. A full queue or a refusal that no retry can fix fails the queue: the caller stops.
 */
import { exponentialBackoff, type ReconnectPolicy } from '../../protocol/index.ts';

/** Retries from ~250 ms up to 5 s apart; a chunk the server has not taken in 30 s fails the upload. */
const defaultPolicy = exponentialBackoff({ baseMs: 250, maxDelayMs: 5_000, giveUpAfterMs: 30_000 });
import { UploadError, type RecordingUploader } from './recording-uploader.ts';

export interface UploadQueueOptions {
  /** Most chunks waiting to upload (the one in flight included). */
  maxChunks?: number;
  /** Delay before retrying a chunk; null gives up. */
  retryDelayMs?: ReconnectPolicy;
  /** Called once when the queue fails; nothing more is uploaded after it. */
  onFailure?: (error: UploadError) => void;
}

export class UploadQueue {
  private readonly waiting: Blob[] = [];
  private nextSeq = 0;
  private running: Promise<void> | null = null;
  private failure: UploadError | null = null;
  /** Settles when the queue fails: a flush need not wait for an attempt that may never answer. */
  private failed_!: () => void;
  private readonly whenFailed = new Promise<void>((resolve) => (this.failed_ = resolve));
  private readonly maxChunks: number;
  private readonly retryDelayMs: ReconnectPolicy;
  /** Chunks stored by the server. */
  uploaded = 0;
  /** Bytes stored by the server. */
  uploadedBytes = 0;

  constructor(
    private readonly uploader: RecordingUploader,
    private readonly options: UploadQueueOptions = {},
  ) {
    this.maxChunks = options.maxChunks ?? 30;
    this.retryDelayMs = options.retryDelayMs ?? defaultPolicy;
  }

  get failed(): UploadError | null {
    return this.failure;
  }

  /** Chunks not stored yet. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Queues a chunk; an empty one is skipped. Returns false when the queue has failed (or fails now, being full). */
  push(chunk: Blob): boolean {
    if (this.failure) return false;
    if (chunk.size === 0) return true;
    if (this.waiting.length >= this.maxChunks) {
      this.fail(new UploadError(`the server has not taken the recording for a while (${this.maxChunks} chunks waiting): it is out of reach or overloaded`, false));
      return false;
    }
    this.waiting.push(chunk);
    this.running ??= this.drain().finally(() => (this.running = null));
    return true;
  }

  /** Resolves when every queued chunk is stored (rejects as soon as the queue failed). */
  async flush(): Promise<void> {
    while (this.running && !this.failure) await Promise.race([this.running, this.whenFailed]);
    if (this.failure) throw this.failure;
  }

  /** Flushes, then tells the uploader the recording is complete (retried like a chunk). */
  async finish(): Promise<void> {
    await this.flush();
    await this.retrying(() => this.uploader.finish());
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length && !this.failure) {
      const chunk = this.waiting[0];
      const seq = this.nextSeq;
      await this.retrying(() => this.uploader.upload(seq, chunk));
      if (this.failure) return;
      this.waiting.shift();
      this.nextSeq++;
      this.uploaded++;
      this.uploadedBytes += chunk.size;
    }
  }

  private async retrying(attempt: () => Promise<void>): Promise<void> {
    const started = Date.now();
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await attempt();
      } catch (err) {
        const error = err instanceof UploadError ? err : new UploadError(String((err as Error)?.message ?? err), false);
        const elapsedMs = Date.now() - started;
        const delay = error.retryable ? this.retryDelayMs({ retryCount, elapsedMs }) : null;
        if (delay === null) return this.fail(error.retryable ? new UploadError(`the server could not store the recording for ${Math.round(elapsedMs / 1000)} s (${error.message})`, false, error.status) : error);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private fail(error: UploadError): void {
    if (this.failure) return;
    this.failure = error;
    this.waiting.length = 0;
    this.failed_();
    this.options.onFailure?.(error);
  }
}
