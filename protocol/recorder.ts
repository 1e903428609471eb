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

/** What a recording holds (seed 000's startRecording flags): audio and video, incoming and outgoing. */
export interface RecordingTracks {
  audioIn: boolean;
  audioOut: boolean;
  videoIn: boolean;
  videoOut: boolean;
}
/** How a recording is laid out in files: both directions in one file, or one file per direction. */
export const RECORDING_LAYOUTS = ['mixed', 'perDirection'] as const;
export type RecordingLayout = (typeof RECORDING_LAYOUTS)[number];
export type RecordingKind = 'audio' | 'video';
/** One file of a recording: which part of the call it holds, and whether it has video (video/webm) or not (audio/webm). */
export interface RecordingFile {
  id: string;
  part: RecordingPart;
  kind: RecordingKind;
}
/** What a recording started (or continued) on the server is: its files, and how to record them. */
export interface RecordingPlan {
  /** The recording (the id of its first file); null when none runs. */
  recordingId: string | null;
  /** The files to write now: a continuation (after a reload or a tab taking over) gets new ones. */
  files: RecordingFile[];
  tracks: RecordingTracks;
  layout: RecordingLayout;
  /** Paused (a card number is being read): the recorder starts paused too. */
  paused: boolean;
}

/**
 * The files a recording of `tracks` laid out as `layout` is written to, in this order: one `mixed`
 * (video when any video is recorded), or per direction an `in` and an `out` file, each with the
 * audio and the video of that direction that are recorded. The server makes them; the recorder fills them.
 */
export function recordingFilesFor(tracks: RecordingTracks, layout: RecordingLayout): Omit<RecordingFile, 'id'>[] {
  const kind = (video: boolean): RecordingKind => (video ? 'video' : 'audio');
  if (layout === 'mixed') return tracks.audioIn || tracks.audioOut || tracks.videoIn || tracks.videoOut ? [{ part: 'mixed', kind: kind(tracks.videoIn || tracks.videoOut) }] : [];
  const files: Omit<RecordingFile, 'id'>[] = [];
  if (tracks.audioIn || tracks.videoIn) files.push({ part: 'in', kind: kind(tracks.videoIn) });
  if (tracks.audioOut || tracks.videoOut) files.push({ part: 'out', kind: kind(tracks.videoOut) });
  return files;
}

/** Limits of recording uploads, shared by the recorder and the server. */
export const RECORDING_CHUNK_MAX_BYTES = 1024 * 1024;
