/**
 * What the call handlers need from recordings: a recording begins when the agent starts it and
 * ends when they stop it (or the call ends); its bytes arrive over HTTP in chunks. Links to play
 * one are short-lived and signed; only agents of its contact and supervisors get them.
 */
import type { RecordingFileSpec } from './recordings.ts';

export interface RecordingService {
  /** A new recording file of the contact's call by `agentId` (a first file starts a recording); returns its id. */
  begin(contactId: string, agentId: string, spec?: RecordingFileSpec): string;
  /** No more chunks are expected (chunks already sent are kept). */
  end(recordingId: string): void;
  /** A signed link to play or download it; throws forbidden/not_found for anyone else. */
  link(recordingId: string, requester: { agentId: string; supervisor: boolean }): { url: string; expiresAt: number };
}
