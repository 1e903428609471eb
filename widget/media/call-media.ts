/**
 * The media of one call in the widget: a MediaContact (media/) attached to the call, the remote
 * audio played to the agent's chosen speaker, a recorder, and whether audio flows (inbound RTP
 * grows). A page that reloads, or a tab that takes the session over, makes a new CallMedia: its
 * attach gives the customer's side a new peer endpoint and a fresh peer connection is made.
 */
import { createNanoEvents } from 'nanoevents';
import { MediaContact, wireTransport, type MediaContactOptions } from '../../media/index.ts';
import { notSuitableState, type WireConnection } from '../../protocol/index.ts';
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
  log?: (line: string) => void;
}

export interface CallMediaEvents {
  /** Audio started or stopped flowing, the microphone was muted, or remote video came or went. */
  change: () => void;
  /** Another tab of this agent took the call's media. */
  replaced: () => void;
}

export class CallMedia {
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
      this.events.emit('change'); // video or a shared screen may have come or gone
    });
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

  async startRecording(recordingId: string, token: string): Promise<void> {
    if (this.recorder && (await this.recorder.isRecording())) return;
    this.recorder = new CallRecorder({
      local: this.contact.localStream,
      remote: this.contact.remoteStream,
      uploader: httpUploader(location.origin, recordingId, token),
      log: this.options.log,
    });
    await this.recorder.startRecording(true, true);
  }

  async stopRecording(): Promise<void> {
    await this.recorder?.stopRecording();
    this.recorder = null;
  }

  setRecordingPaused(paused: boolean): void {
    if (!this.recorder) throw notSuitableState('the call is not being recorded here');
    if (paused) this.recorder.pause();
    else this.recorder.resume();
  }

  /** The media ends here (the call ended, or another tab took it): tracks stop, the recording's last chunks go out. */
  async close(detach: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    await this.stopRecording().catch(() => {});
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
