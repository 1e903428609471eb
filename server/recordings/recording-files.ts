/**
 * A recording's bytes: one file per recording, `<dir>/<id>.webm`. The row's byte count is the
 * truth: a chunk is written, then the row counted; bytes past the count (a write cut short by a
 * crash or a full disk) are cut off before the next append, so the file never holds a chunk the
 * row does not count.
 */
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class RecordingFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** The file name inside `dir` (ids are UUIDs: no path characters). */
  fileName(id: string): string {
    return `${id}.webm`;
  }

  path(id: string): string {
    return join(this.dir, this.fileName(id));
  }

  /** An empty file for a new recording. */
  create(id: string): void {
    writeFileSync(this.path(id), new Uint8Array(0), { flag: 'w', mode: 0o600 });
  }

  /** Bytes on disk, or null when the file is missing. */
  size(id: string): number | null {
    try {
      return statSync(this.path(id)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Writes `chunk` at offset `counted` (the row's byte count), dropping anything past it first. */
  append(id: string, counted: number, chunk: Uint8Array): void {
    const fd = openSync(this.path(id), 'r+');
    try {
      const size = fstatSync(fd).size;
      if (size < counted) throw new Error(`recording ${id}: the file holds ${size} bytes, its row counts ${counted}`);
      if (size > counted) ftruncateSync(fd, counted);
      let written = 0;
      while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written, counted + written);
    } finally {
      closeSync(fd);
    }
  }

  /** Cuts the file to `bytes` (recovery after a crash). */
  truncate(id: string, bytes: number): void {
    const fd = openSync(this.path(id), 'r+');
    try {
      ftruncateSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
  }

  /** Flushes the file to disk (once, when the recording ends). */
  sync(id: string): void {
    const fd = openSync(this.path(id), 'r');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
