export type { RecordingService } from './service.ts';
export { Recordings, MAX_CHUNK_BYTES, RECORDING_MIME, tooLarge, type ChunkResult, type RecordingsOptions } from './recordings.ts';
export { LinkSigner, loadOrCreateSecret } from './link-signer.ts';
export { openRecordings } from './open.ts';
