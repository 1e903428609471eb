/** Opens the recordings service where the config says: files and link secret beside the data file by default. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ServerConfig } from '../config.ts';
import type { RecordingRows } from '../store/index.ts';
import { loadOrCreateSecret } from './link-signer.ts';
import { Recordings } from './recordings.ts';

type RecordingsConfig = Pick<ServerConfig, 'dataFile' | 'recordingsDir' | 'recordingMaxBytes' | 'recordingLinkTtlSeconds'>;

export function openRecordings(
  config: RecordingsConfig,
  rows: RecordingRows,
  canAccess: (contactId: string, agentId: string) => boolean,
  log?: (line: string) => void,
): Recordings {
  // An in-memory database (tests) keeps its recordings in a fresh temporary folder.
  const dataDir = config.dataFile === ':memory:' ? mkdtempSync(join(tmpdir(), 'switchboard-recordings-')) : dirname(resolve(config.dataFile));
  return new Recordings(rows, {
    dir: config.recordingsDir ? resolve(config.recordingsDir) : join(dataDir, 'recordings'),
    secret: loadOrCreateSecret(join(dataDir, 'recording-links.key')),
    maxBytes: config.recordingMaxBytes,
    linkTtlMs: config.recordingLinkTtlSeconds * 1000,
    canAccess,
    log,
  });
}
