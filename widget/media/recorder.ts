/**
 * Call recording in the widget (seed 000's startRecording(audioIn, audioOut, videoIn, videoOut),
 * stopRecording, isRecording): what is chosen goes to the files `recordingFilesFor` names, both
 * directions mixed into one file or one file per direction (`layout`), audio/webm or, with video,
 * video/webm. Each file records stable tracks made from the call's streams (a WebAudio mix, a
 * canvas for video), so when the other side re-attaches with a fresh peer connection `refresh()`
 * swaps the sources and the file goes on. MediaRecorder slices ~1 s chunks that upload in order
 * while recording, so a crash loses at most a few seconds. A pause keeps a sensitive part (card
 * numbers) out of the files: MediaRecorder skips the span.
 *
 *   const recorder = new CallRecorder({ local, remote, uploader: (file) => httpUploader(origin, idOf(file), token) });
 *   recorder.on('recstarted', () => show('REC'));
 *   await recorder.startRecording(true, true);
 */
import { createNanoEvents } from 'nanoevents';
import {
  invalidArgs,
  notSuitableState,
  recordingFilesFor,
  RECORDER_STATE_EVENT,
  RECORDER_TRANSITIONS,
  type ReconnectPolicy,
  type RecorderState,
  type RecordingFile,
  type RecordingLayout,
  type RecordingPart,
  type RecordingTracks,
} from '../../protocol/index.ts';
import { mixAudio, type AudioMix } from './audio-mix.ts';
import type { RecordingUploader, UploadError } from './recording-uploader.ts';
import { UploadQueue } from './upload-queue.ts';
import { mixVideo, type VideoMix } from './video-mix.ts';

export interface CallRecorderEvents {
  /** Not recording; ready to start. */
  recready: () => void;
  /** A new recording is being set up. */
  recstart: () => void;
  /** Recording. */
  recstarted: () => void;
  /** The recording is stopping (last chunks uploading). */
  recstopping: () => void;
  /** Switchboard: paused (true) or resumed (false). */
  recpause: (paused: boolean) => void;
  /** Switchboard: the upload failed; the recording stops and keeps what was stored. */
  recerror: (error: UploadError) => void;
}

/** The call's streams a recording is made from. */
export interface RecorderSources {
  /** The agent's microphone (what the call sends). */
  local?: MediaStream | null;
  /** The agent's camera. */
  localVideo?: MediaStream | null;
  /** What the other party sends: its voice and its camera. */
  remote?: MediaStream | null;
}
type SourceName = keyof RecorderSources;

/** Which file a take fills: its part and whether it has video. */
export type RecordingFileSpec = Omit<RecordingFile, 'id'>;

export interface CallRecorderOptions extends RecorderSources {
  /** Where chunks go: one uploader (one file), or one per file. */
  uploader: RecordingUploader | ((file: RecordingFileSpec) => RecordingUploader | Promise<RecordingUploader>);
  /** Both directions in one file (`mixed`, the default) or one file per direction. */
  layout?: RecordingLayout;
  /** MediaRecorder's timeslice: how often a chunk is cut and uploaded. */
  timesliceMs?: number;
  /** Most chunks waiting to upload per file before the recording fails. */
  maxQueuedChunks?: number;
  retryDelayMs?: ReconnectPolicy;
  log?: (line: string) => void;
}

interface Take {
  file: RecordingFileSpec;
  recorder: MediaRecorder;
  queue: UploadQueue;
  audio: AudioMix | null;
  video: VideoMix | null;
  from: { audio: SourceName[]; video: SourceName[] };
}

const DEFAULTS = { layout: 'mixed' as RecordingLayout, timesliceMs: 1_000, maxQueuedChunks: 30 };

const once = (target: EventTarget, type: string) => new Promise<Event>((resolve) => target.addEventListener(type, resolve, { once: true }));
const live = (stream: MediaStream | null | undefined, kind: 'audio' | 'video') => !!stream?.getTracks().some((t) => t.kind === kind && t.readyState === 'live');

/** Which sources fill a file of `part`, for the chosen tracks. */
function sourcesOf(part: RecordingPart, t: RecordingTracks): Take['from'] {
  const audioIn: SourceName[] = t.audioIn ? ['remote'] : [];
  const audioOut: SourceName[] = t.audioOut ? ['local'] : [];
  const videoIn: SourceName[] = t.videoIn ? ['remote'] : [];
  const videoOut: SourceName[] = t.videoOut ? ['localVideo'] : [];
  if (part === 'in') return { audio: audioIn, video: videoIn };
  if (part === 'out') return { audio: audioOut, video: videoOut };
  return { audio: [...audioIn, ...audioOut], video: [...videoIn, ...videoOut] };
}

/** What each chosen track needs live, and what is said when it is not. */
const NEEDS: [keyof RecordingTracks, SourceName, 'audio' | 'video', string][] = [
  ['audioIn', 'remote', 'audio', 'no live incoming audio to record'],
  ['audioOut', 'local', 'audio', 'no live outgoing audio to record'],
  ['videoIn', 'remote', 'video', 'no incoming video to record: the other party sends none'],
  ['videoOut', 'localVideo', 'video', 'no outgoing video to record: the camera is off'],
];

export class CallRecorder {
  private readonly emitter = createNanoEvents<CallRecorderEvents>();
  private readonly options: CallRecorderOptions & typeof DEFAULTS;
  private current: RecorderState = 'ready';
  private takes: Take[] = [];
  private paused = false;
  private stopping: Promise<void> | null = null;
  private sources: RecorderSources;

  constructor(options: CallRecorderOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.sources = { local: options.local ?? null, localVideo: options.localVideo ?? null, remote: options.remote ?? null };
    if (this.options.layout === 'perDirection' && typeof options.uploader !== 'function') throw invalidArgs('a file per direction needs an uploader per file: pass (file) => uploader');
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof CallRecorderEvents>(event: E, listener: CallRecorderEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  get state(): RecorderState {
    return this.current;
  }

  /** The call's streams (the media engine hands new tracks after a re-attach): a running recording records them from now on. */
  setStreams(sources: RecorderSources): void {
    this.sources = { ...this.sources, ...sources };
    this.refresh();
  }

  /** The sources' tracks changed (the other side re-attached, the camera went on or off): the files go on with the tracks there now. */
  refresh(): void {
    for (const take of this.takes) {
      take.audio?.rebind(take.from.audio.map((name) => this.sources[name] ?? null));
      take.video?.rebind(take.from.video.map((name) => this.sources[name] ?? null));
    }
  }

  /** Resolves true while a recording runs (seed 000). */
  async isRecording(): Promise<boolean> {
    return this.current === 'recording';
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Starts recording the chosen directions (seed 000's order: audioIn, audioOut, videoIn, videoOut); each must be live. */
  startRecording(audioIn = true, audioOut = true, videoIn = false, videoOut = false): Promise<void> {
    return this.begin({ audioIn: !!audioIn, audioOut: !!audioOut, videoIn: !!videoIn, videoOut: !!videoOut }, true);
  }

  /**
   * Records the next segment of a recording begun elsewhere (a page that re-attached): the same
   * tracks, recorded from when they are live (silence or black until then; `refresh()` binds them).
   */
  continueRecording(tracks: RecordingTracks): Promise<void> {
    return this.begin(tracks, false);
  }

  private async begin(tracks: RecordingTracks, strict: boolean): Promise<void> {
    if (this.current !== 'ready') throw notSuitableState(`cannot start recording while ${this.current}`);
    if (!Object.values(tracks).some(Boolean)) throw invalidArgs('choose at least one of audioIn, audioOut, videoIn, videoOut');
    if (strict) for (const [flag, source, kind, missing] of NEEDS) if (tracks[flag] && !live(this.sources[source], kind)) throw notSuitableState(missing);
    this.setState('starting');
    try {
      for (const file of recordingFilesFor(tracks, this.options.layout)) this.takes.push(await this.take(file, sourcesOf(file.part, tracks)));
      await Promise.all(
        this.takes.map(async (take) => {
          const started = once(take.recorder, 'start');
          take.recorder.start(this.options.timesliceMs);
          if (this.paused) take.recorder.pause(); // a recording paused before (a reload mid-pause) starts paused
          await started;
        }),
      );
    } catch (err) {
      await this.release();
      this.setState('ready');
      throw err;
    }
    this.setState('recording');
  }

  /** Stops recording; resolves once every chunk is stored and the recording is complete on the server. */
  stopRecording(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.current === 'ready') return Promise.resolve();
    if (this.current !== 'recording') return Promise.reject(notSuitableState(`cannot stop recording while ${this.current}`));
    this.setState('stopping');
    this.stopping = this.stopTakes().finally(() => {
      this.stopping = null;
      this.paused = false;
      this.setState('ready');
    });
    return this.stopping;
  }

  /** Leaves what follows out of the files until resume() (a card number being read). */
  pause(): void {
    if (this.current !== 'recording') throw notSuitableState('not recording');
    this.setPaused(true);
  }

  resume(): void {
    if (this.current !== 'recording') throw notSuitableState('not recording');
    this.setPaused(false);
  }

  /** Paused or not, in any state: a recording that starts while paused starts paused. */
  setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    for (const take of this.takes) {
      if (paused && take.recorder.state === 'recording') take.recorder.pause();
      if (!paused && take.recorder.state === 'paused') take.recorder.resume();
    }
    this.emitter.emit('recpause', paused);
  }

  private async take(file: RecordingFileSpec, from: Take['from']): Promise<Take> {
    const uploader = typeof this.options.uploader === 'function' ? await this.options.uploader(file) : this.options.uploader;
    const queue = new UploadQueue(uploader, {
      maxChunks: this.options.maxQueuedChunks,
      retryDelayMs: this.options.retryDelayMs,
      onFailure: (error) => this.uploadFailed(error),
    });
    let audio: AudioMix | null = null;
    let video: VideoMix | null = null;
    try {
      if (from.audio.length) audio = await mixAudio(from.audio.map((name) => this.sources[name] ?? null));
      if (from.video.length) video = mixVideo(from.video.map((name) => this.sources[name] ?? null));
      const tracks = [...(audio?.stream.getAudioTracks() ?? []), ...(video?.stream.getVideoTracks() ?? [])];
      const mimeType = video ? (audio ? 'video/webm;codecs=vp8,opus' : 'video/webm;codecs=vp8') : 'audio/webm;codecs=opus';
      const recorder = new MediaRecorder(new MediaStream(tracks), { mimeType });
      recorder.addEventListener('dataavailable', (e) => queue.push((e as BlobEvent).data));
      return { file, recorder, queue, audio, video, from };
    } catch (err) {
      video?.close();
      await audio?.close();
      throw err;
    }
  }

  private async stopTakes(): Promise<void> {
    const results = await Promise.allSettled(
      this.takes.map(async (take) => {
        if (take.recorder.state !== 'inactive') {
          const stopped = once(take.recorder, 'stop'); // the last dataavailable comes before it
          take.recorder.stop();
          await stopped;
        }
        await take.queue.finish();
      }),
    );
    await this.release();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async release(): Promise<void> {
    const takes = this.takes;
    this.takes = [];
    for (const take of takes) {
      if (take.recorder.state !== 'inactive') take.recorder.stop();
      take.video?.close();
      await take.audio?.close();
    }
  }

  private uploadFailed(error: UploadError): void {
    this.options.log?.(`recording upload failed: ${error.message}`);
    this.emitter.emit('recerror', error);
    if (this.current === 'recording') this.stopRecording().catch(() => {}); // keeps what was stored
  }

  /** The one setter of the recorder's state: checks the table, logs, emits the seed's event. */
  private setState(to: RecorderState): void {
    const from = this.current;
    if (!RECORDER_TRANSITIONS[from].includes(to)) throw new Error(`recorder: ${from} -> ${to} is not a transition`);
    this.current = to;
    this.options.log?.(`recorder: ${from} -> ${to}`);
    this.emitter.emit(RECORDER_STATE_EVENT[to]);
  }
}
