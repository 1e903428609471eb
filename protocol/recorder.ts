/**
 * The call recorder's states (seed 000), one event each:
 *   ready     — not recording, ready to start (event `recready`)
 *   starting  — a new recording is being set up (event `recstart`)
 *   recording — MediaRecorder runs and chunks are uploaded (event `recstarted`)
 *   stopping  — the last chunks are flushed and uploaded (event `recstopping`)
 */
export const RECORDER_STATES = ['ready', 'starting', 'recording', 'stopping'] as const;
export type RecorderState = (typeof RECORDER_STATES)[number];

export const RECORDER_TRANSITIONS: Readonly<Record<RecorderState, readonly RecorderState[]>> = {
  ready: ['starting'],
  // A start that fails (no audio, uploader refused) goes back to ready.
  starting: ['recording', 'stopping', 'ready'],
  recording: ['stopping'],
  stopping: ['ready'],
};

/** The seed's event for entering each state. */
export const RECORDER_STATE_EVENT = { ready: 'recready', starting: 'recstart', recording: 'recstarted', stopping: 'recstopping' } as const satisfies Record<RecorderState, string>;

/** Which part of a call a recording file holds: both directions mixed, or one direction. */
export type RecordingPart = 'mixed' | 'in' | 'out';

/** Limits of recording uploads, shared by the recorder and the server. */
export const RECORDING_CHUNK_MAX_BYTES = 1024 * 1024;
