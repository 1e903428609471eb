/**
 * Attachments' bytes: one file per attachment, `<dir>/<id>`. An upload is written to
 * `<id>.part`, counted as it comes (refused past the limit), flushed, then renamed; its row is
 * committed after, so a crash leaves at most a file no row knows, which the next start removes.
 */
import { createWriteStream, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SIGNATURE_BYTES } from './file-kinds.ts';

export class AttachmentFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** The file name inside `dir` (ids are UUIDs: no path characters). */
  fileName(id: string): string {
    return id;
  }

  path(id: string): string {
    return join(this.dir, this.fileName(id));
  }

  /**
   * Writes `body` as attachment `id`, refusing it (`tooLarge()`) once it passes `maxBytes`;
   * resolves to its size and first bytes once it is on disk. A refused or failed upload leaves nothing.
   */
  receive(id: string, body: Readable, maxBytes: number, tooLarge: () => Error): Promise<{ bytes: number; head: Uint8Array }> {
    const part = `${this.path(id)}.part`;
    return new Promise((resolve, reject) => {
      const out = createWriteStream(part, { mode: 0o600, flags: 'wx' });
      let bytes = 0;
      let head = Buffer.alloc(0);
      let failed: Error | null = null;
      const fail = (err: Error) => {
        if (failed) return;
        failed = err;
        body.unpipe(out);
        body.resume(); // drained, not kept: the answer goes out now
        out.destroy();
        out.once('close', () => {
          rmSync(part, { force: true });
          reject(err);
        });
      };
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < SIGNATURE_BYTES) head = Buffer.concat([head, chunk.subarray(0, SIGNATURE_BYTES - head.length)]);
        if (bytes > maxBytes) fail(tooLarge());
      });
      body.on('error', fail);
      body.on('close', () => !body.readableEnded && fail(new Error('the upload was cut off')));
      out.on('error', fail);
      out.on('finish', () => {
        if (failed) return;
        try {
          const fd = openSync(part, 'r');
          try {
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
          renameSync(part, this.path(id));
          resolve({ bytes, head });
        } catch (err) {
          rmSync(part, { force: true });
          reject(err);
        }
      });
      body.pipe(out);
    });
  }

  remove(id: string): void {
    rmSync(this.path(id), { force: true });
  }

  /** Removes files no row knows (uploads a crash cut short, or whose row was never committed); returns how many. */
  sweep(known: Set<string>): number {
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (known.has(name)) continue;
      rmSync(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}
