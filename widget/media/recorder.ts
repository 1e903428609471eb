/**
 * Call recording in the widget (seed 000's startRecording/stopRecording/isRecording): both
 * directions mixed into one Opus track, or one file per direction; MediaRecorder slices ~1 s
 * chunks that upload in order while recording, so a crash loses at most a few seconds.
 * `pause()` keeps a sensitive part (card numbers) out of the file: MediaRecorder skips the span.
 *
 *   const recorder = new CallRecorder({ local, remote, uploader: httpUploader(origin, id, token) });
 *   recorder.on('recstarted', () => show('REC'));
 *   await recorder.startRecording(true, true);
 */
import { createNanoEvents } from 'nanoevents';
import {
  invalidArgs,
  notSuitableState,
  RECORDER_STATE_EVENT,
  RECORDER_TRANSITIONS,
  type ReconnectPolicy,
  type RecorderState,
  type RecordingPart,
} from '../../protocol/index.ts';
import { mixAudio, type AudioMix } from './audio-mix.ts';
import type { RecordingUploader, UploadError } from './recording-uploader.ts';
import { UploadQueue } from './upload-queue.ts';

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

export interface CallRecorderOptions {
  /** The call's outgoing stream (the agent's microphone). */
  local?: MediaStream | null;
  /** The call's incoming stream (the customer). */
  remote?: MediaStream | null;
  /** Where chunks go: one uploader, or one per part (needed for `perDirection`). */
  uploader: RecordingUploader | ((part: RecordingPart) => RecordingUploader | Promise<RecordingUploader>);
  /** One file per direction instead of both mixed into one. */
  perDirection?: boolean;
  /** MediaRecorder's timeslice: how often a chunk is cut and uploaded. */
  timesliceMs?: number;
  mimeType?: string;
  /** Most chunks waiting to upload per file before the recording fails. */
  maxQueuedChunks?: number;
  retryDelayMs?: ReconnectPolicy;
  log?: (line: string) => void;
}

interface Take {
  part: RecordingPart;
  recorder: MediaRecorder;
  queue: UploadQueue;
  mix: AudioMix | null;
}

const DEFAULTS = { perDirection: false, timesliceMs: 1_000, mimeType: 'audio/webm;codecs=opus', maxQueuedChunks: 30 };

const once = (target: EventTarget, type: string) => new Promise<Event>((resolve) => target.addEventListener(type, resolve, { once: true }));

export class CallRecorder {
  private readonly emitter = createNanoEvents<CallRecorderEvents>();
  private readonly options: CallRecorderOptions & typeof DEFAULTS;
  private current: RecorderState = 'ready';
  private takes: Take[] = [];
  private paused = false;
  private stopping: Promise<void> | null = null;
  private local: MediaStream | null;
  private remote: MediaStream | null;

  constructor(options: CallRecorderOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.local = options.local ?? null;
    this.remote = options.remote ?? null;
    if (this.options.perDirection && typeof options.uploader !== 'function') throw invalidArgs('perDirection needs an uploader per part: pass (part) => uploader');
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof CallRecorderEvents>(event: E, listener: CallRecorderEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  get state(): RecorderState {
    return this.current;
  }

  /** The streams of the call (the media engine hands new ones after a re-attach); used by the next start. */
  setStreams(local: MediaStream | null, remote: MediaStream | null): void {
    this.local = local;
    this.remote = remote;
  }

  /** Resolves true while a recording runs (seed 000). */
  async isRecording(): Promise<boolean> {
    return this.current === 'recording';
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Starts recording the chosen directions (seed 000's order: audioIn, audioOut, videoIn, videoOut). */
  async startRecording(audioIn = true, audioOut = true, videoIn = false, videoOut = false): Promise<void> {
    if (this.current !== 'ready') throw notSuitableState(`cannot start recording while ${this.current}`);
    if (videoIn || videoOut) throw invalidArgs('video recording is not supported: record audioIn and audioOut');
    if (!audioIn && !audioOut) throw invalidArgs('choose audioIn, audioOut or both');
    const sources: [RecordingPart, MediaStream | null][] = [];
    if (audioIn) sources.push(['in', this.remote]);
    if (audioOut) sources.push(['out', this.local]);
    for (const [part, stream] of sources) {
      if (!stream?.getAudioTracks().some((t) => t.readyState === 'live')) throw notSuitableState(`no live ${part === 'in' ? 'incoming' : 'outgoing'} audio to record`);
    }
    this.setState('starting');
    try {
      if (this.options.perDirection) {
        for (const [part, stream] of sources) this.takes.push(await this.take(part, new MediaStream(stream!.getAudioTracks()), null));
      } else {
        const mix = await mixAudio(sources.map(([, s]) => s!));
        this.takes.push(await this.take('mixed', mix.stream, mix));
      }
      await Promise.all(this.takes.map(async (take) => {
        const started = once(take.recorder, 'start');
        take.recorder.start(this.options.timesliceMs);
        await started;
      }));
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

  /** Leaves what follows out of the file until resume() (a card number being read). */
  pause(): void {
    if (this.current !== 'recording') throw notSuitableState('not recording');
    if (this.paused) return;
    for (const take of this.takes) take.recorder.pause();
    this.paused = true;
    this.emitter.emit('recpause', true);
  }

  resume(): void {
    if (this.current !== 'recording') throw notSuitableState('not recording');
    if (!this.paused) return;
    for (const take of this.takes) take.recorder.resume();
    this.paused = false;
    this.emitter.emit('recpause', false);
  }

  private async take(part: RecordingPart, stream: MediaStream, mix: AudioMix | null): Promise<Take> {
    const uploader = typeof this.options.uploader === 'function' ? await this.options.uploader(part) : this.options.uploader;
    const queue = new UploadQueue(uploader, {
      maxChunks: this.options.maxQueuedChunks,
      retryDelayMs: this.options.retryDelayMs,
      onFailure: (error) => this.uploadFailed(error),
    });
    const recorder = new MediaRecorder(stream, { mimeType: this.options.mimeType });
    recorder.addEventListener('dataavailable', (e) => queue.push((e as BlobEvent).data));
    return { part, recorder, queue, mix };
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
      await take.mix?.close();
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
