/**
 * The media of one call in the widget: a MediaContact (media/) attached to the call, the remote
 * audio played to the agent's chosen speaker, the call's recorder, and whether audio flows
 * (inbound RTP grows). A page that reloads, or a tab that takes the session over, makes a new
 * CallMedia: its attach gives the customer's side a new peer endpoint and a fresh peer connection
 * is made, and a recording that ran goes on in the next files of the same recording.
 */
import { createNanoEvents } from 'nanoevents';
import { MediaContact, RECORDER_EVENTS, wireTransport, type ContactRecorder, type MediaContactOptions } from '../../media/index.ts';
import { notSuitableState, type CallView, type RecorderState, type RecordingPlan, type WireConnection } from '../../protocol/index.ts';
import { CallRecorder } from './recorder.ts';
export { ConferenceMix } from './conference-mix.ts';
import { httpUploader } from './recording-uploader.ts';

const liveVideo = (stream: MediaStream) => (stream.getVideoTracks().some((t) => t.readyState === 'live') ? stream : null);

/** A seed-000 contact of a chat, without media: data channels and RPC go through the server's relay. */
export const dataContact = (contactId: string, conn: WireConnection): MediaContact => new MediaContact({ contactId, transport: wireTransport(conn), role: 'agent' });

/** How often inbound audio is checked to tell whether it flows. */
const FLOW_POLL_MS = 500;

export interface CallMediaOptions {
  contactId: string;
  conn: WireConnection;
  /** getUserMedia's microphone constraint (the chosen input). */
  microphone?: ConstrainDOMString;
  /** Routes the call's audio element to the chosen speaker; returns the function that lets it go. */
  attachOutput?: (sink: HTMLAudioElement) => () => void;
  /** Which local ICE candidates to send (tests keep loopback ones). */
  candidateFilter?: MediaContactOptions['candidateFilter'];
  /** The call as the server says it is now (whether a recording runs, to go on with it). */
  call?: () => CallView | null | undefined;
  log?: (line: string) => void;
}

export interface CallMediaEvents {
  /** Audio started or stopped flowing, the microphone was muted, remote video came or went, the recorder changed state. */
  change: () => void;
  /** Another tab of this agent took the call's media. */
  replaced: () => void;
  /** seed 000's recorder events (also on the contact). */
  recready: () => void;
  recstart: () => void;
  recstarted: () => void;
  recstopping: () => void;
}

export class CallMedia implements ContactRecorder {
  readonly events = createNanoEvents<CallMediaEvents>();
  readonly contact: MediaContact;
  audioFlowing = false;
  private readonly audio: HTMLAudioElement;
  private readonly releaseOutput: () => void;
  private recorder: CallRecorder | null = null;
  private poll: ReturnType<typeof setInterval> | undefined;
  private lastInbound = 0;
  private joining: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: CallMediaOptions) {
    this.contact = new MediaContact({
      contactId: options.contactId,
      transport: wireTransport(options.conn),
      role: 'agent',
      constraints: { audio: options.microphone ? { deviceId: options.microphone } : true },
      candidateFilter: options.candidateFilter,
      log: options.log,
    });
    this.audio = Object.assign(document.createElement('audio'), { autoplay: true });
    this.audio.dataset.contactId = options.contactId;
    document.body.append(this.audio);
    this.releaseOutput = options.attachOutput?.(this.audio) ?? (() => {});
    this.contact.on('remotestream', () => {
      this.audio.srcObject = this.contact.remoteStream;
      this.recorder?.refresh(); // a fresh peer connection's tracks go on in the same files
      this.events.emit('change'); // video or a shared screen may have come or gone
    });
    this.contact.on('mediachange', () => this.recorder?.refresh()); // the camera went on or off
    this.contact.useRecorder(this);
    this.contact.on('parked', () => this.setFlowing(false));
    this.contact.on('replaced', () => this.events.emit('replaced'));
    this.contact.on('mute', () => this.events.emit('change'));
  }

  /** Opens the microphone (once for the call) and attaches to it; a second call waits for the first. */
  join(): Promise<void> {
    return (this.joining ??= (async () => {
      await this.contact.start({ audio: true });
      this.audio.srcObject = this.contact.remoteStream;
      await this.contact.attach();
      this.poll = setInterval(() => void this.checkFlow(), FLOW_POLL_MS);
      // A recording ran while this page was not there (it reloaded, or took over from another tab): it goes on here.
      if (this.options.call?.()?.recording) void this.continueRecording().catch((err) => this.options.log?.(`recording not continued: ${(err as Error).message}`));
    })().catch((err) => {
      this.joining = null;
      throw err;
    }));
  }

  /** The agent's camera is on for this call. */
  get cameraOn(): boolean {
    return liveVideo(this.contact.localVideo) !== null;
  }

  /** The remote camera's stream while it carries video (the call panel shows it). */
  get remoteVideo(): MediaStream | null {
    return liveVideo(this.contact.remoteStream);
  }

  /** The remote's shared screen while it shares. */
  get remoteScreen(): MediaStream | null {
    return liveVideo(this.contact.remoteScreen);
  }

  get micMuted(): boolean {
    return this.contact.muted;
  }

  /** The recorder's state here ('ready' when this page records nothing). */
  get recorderState(): RecorderState {
    return this.recorder?.state ?? 'ready';
  }

  on<E extends keyof CallMediaEvents>(event: E, cb: CallMediaEvents[E]): () => void {
    return this.events.on(event, cb);
  }

  /** The call panel's Record: both voices, and the video of each side that sends it now. */
  setRecording(on: boolean): Promise<void> {
    return on ? this.startRecording(true, true, this.remoteVideo !== null, this.cameraOn) : this.stopRecording();
  }

  /** seed 000: records the chosen directions; the server makes the files (mixed, or one per direction as configured). */
  async startRecording(audioIn = true, audioOut = true, videoIn = false, videoOut = false): Promise<void> {
    if (this.recorder && this.recorder.state !== 'ready') return;
    const plan = await this.requestRecording({ recording: true, tracks: { audioIn, audioOut, videoIn, videoOut } });
    await this.record(plan, true).catch(async (err) => {
      await this.requestRecording({ recording: false }).catch(() => {});
      throw err;
    });
  }

  /** seed 000: stops recording here and on the server (the last chunks are stored first: the server takes none once it ended). */
  async stopRecording(): Promise<void> {
    await this.finishRecording().catch((err) => this.options.log?.(`recording stopped badly: ${(err as Error).message}`));
    if (this.options.call?.()?.recording !== false) await this.requestRecording({ recording: false });
  }

  async isRecording(): Promise<boolean> {
    return this.recorderState === 'recording';
  }

  /** Pauses (a card number is read) or resumes the recording: here at once, then on the server (so a reload keeps it paused). */
  async setRecordingPaused(paused: boolean): Promise<void> {
    this.recorder?.setPaused(paused);
    this.events.emit('change');
    await this.options.conn.request({ type: 'call.recordingPause', contactId: this.options.contactId, paused });
  }

  /** The next files of the recording that runs on the server, recorded here from now on. */
  private async continueRecording(): Promise<void> {
    await this.record(await this.requestRecording({ recording: true, continue: true }), false);
  }

  private requestRecording(body: { recording: boolean; tracks?: RecordingPlan['tracks']; continue?: boolean }): Promise<RecordingPlan> {
    return this.options.conn.request({ type: 'call.recording', contactId: this.options.contactId, ...body });
  }

  /** Records the plan's files (`strict`: every chosen track must be live now). */
  private async record(plan: RecordingPlan, strict: boolean): Promise<void> {
    const token = this.options.conn.token;
    if (!plan.files.length) return;
    if (!token) throw notSuitableState('not signed in');
    const recorder = new CallRecorder({
      local: this.contact.localStream,
      localVideo: this.contact.localVideo,
      remote: this.contact.remoteStream,
      layout: plan.layout,
      uploader: (file) => httpUploader(location.origin, plan.files.find((f) => f.part === file.part)!.id, token),
      log: this.options.log,
    });
    this.recorder = recorder;
    for (const name of RECORDER_EVENTS) {
      recorder.on(name, () => {
        this.events.emit(name);
        this.events.emit('change');
      });
    }
    recorder.setPaused(plan.paused);
    const t = plan.tracks;
    await (strict ? recorder.startRecording(t.audioIn, t.audioOut, t.videoIn, t.videoOut) : recorder.continueRecording(t));
  }

  /** The recorder here stops and its last chunks are stored; the server's recording goes on (another page may continue it). */
  private async finishRecording(): Promise<void> {
    await this.recorder?.stopRecording();
    this.recorder = null;
  }

  /** The media ends here (the call ended, or another tab took it): tracks stop, the recording's last chunks go out. */
  async close(detach: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    await this.finishRecording().catch(() => {});
    if (detach) await this.contact.detach().catch(() => {});
    this.contact.close();
    this.releaseOutput();
    this.audio.remove();
  }

  private async checkFlow(): Promise<void> {
    const { inboundBytes } = await this.contact.getAudioStats().catch(() => ({ inboundBytes: this.lastInbound }));
    const grew = inboundBytes > this.lastInbound;
    this.lastInbound = inboundBytes;
    this.setFlowing(grew && !this.contact.held);
  }

  private setFlowing(flowing: boolean): void {
    if (this.audioFlowing === flowing) return;
    this.audioFlowing = flowing;
    this.events.emit('change');
  }
}
