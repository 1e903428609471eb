/**
 * The media of one contact on one side (the agent's widget or the customer's page): seed 000's
 * contact API (SeedContact: media state, capabilities, data channels, RPC) and the call itself
 * (microphone, peer connection, hold, mute, DTMF, video, screen sharing). It talks to the server
 * only through a MediaTransport.
 *
 *   const contact = new MediaContact({ contactId, transport, role: 'customer' });
 *   await contact.start({ audio: true });
 *   await contact.attach();
 *   audioElement.srcObject = contact.remoteStream;
 */
import type { MediaAttachReply, MediaState, MediaStatePatch } from '../../protocol/index.ts';
import { MediaError, invalidState } from '../errors.ts';
import type { TransitOptions } from '../media-negotiation.ts';
import { CallLink } from '../call-link.ts';
import type { PeerLink } from '../peer-link.ts';
import { audioStats, type AudioStats } from '../stats.ts';
import { CallTracks, type MediaAnnouncement } from './call-tracks.ts';
import { SeedContact } from './seed-contact.ts';
import { DTMF_CHANNEL, MEDIA_CHANNEL, RECORDER_EVENTS, SHARE_SCREEN_RPC, type ContactRecorder, type MediaContactOptions } from './types.ts';

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export class MediaContact extends SeedContact {
  readonly endpointId: string;
  readonly #tracks: CallTracks;
  readonly #call: CallLink;
  readonly #offSignal: () => void;
  #recorder: ContactRecorder | null = null;
  #offRecorder: (() => void)[] = [];

  constructor(opts: MediaContactOptions) {
    super(opts);
    this.endpointId = opts.endpointId ?? randomId();
    this.#tracks = new CallTracks(opts.constraints, this.events, {
      link: () => this.#call.link,
      media: () => this.neg.getMedia(false),
      commit: (next) => this.neg.commit(next, true),
      announce: () => this.announce(),
      send: (channel, data) => this.hub.send(channel, data, undefined, 'auto'),
    });
    this.#call = new CallLink(this.contactId, this.endpointId, this.transport, { candidateFilter: opts.candidateFilter, log: (line) => this.log(`[${this.role}] ${line}`) }, {
      linked: (link, remoteId) => this.#linked(link, remoteId),
      dropped: () => {
        this.hub.bindPeer(null);
        this.#tracks.dropped();
      },
      parked: () => this.events.emit('parked'),
      replaced: () => this.events.emit('replaced'),
      signalling: (e) => this.events.emit('signalling', e),
      reattached: (e) => this.events.emit('reattached', e),
    });
    this.#offSignal = this.transport.on('signal', (e) => {
      if (e.data.contactId !== this.contactId || this.closed) return;
      if (e.topic === 'media.data') this.hub.receiveRelay(e.data.channel, e.data.topic, e.data.data);
      else this.#call.signal(e);
    });
  }

  // --- the call's life ---------------------------------------------------------------------------

  /** Readies the contact's media (init -> idle); with `audio` the microphone is acquired, once for the call. */
  async start(media: { audio?: boolean; video?: boolean } = {}): Promise<MediaState> {
    this.open();
    if (this.neg.mediaState !== 'init') throw invalidState('start() was called already');
    this.neg.ready();
    const patch: MediaStatePatch = {};
    if (media.audio) patch.Voice = { tx: true, rx: true };
    if (media.video) patch.Video = { tx: true, rx: true };
    return Object.keys(patch).length ? this.neg.mergeAndTransitMedia(patch) : this.neg.getMedia(true);
  }

  /** `media.attach`: this endpoint carries the call; with the peer there, a fresh peer connection is offered to it. */
  async attach(): Promise<MediaAttachReply> {
    this.open();
    return this.#call.attach();
  }

  /** `media.detach`: this endpoint leaves the call (the remote parks it). */
  async detach(): Promise<void> {
    await this.#call.detach();
  }

  /** Releases everything: tracks stopped, peer connection closed, pending requests failed, listeners removed. */
  close(): void {
    if (!this.closeSeed()) return;
    this.useRecorder(null);
    this.#offSignal();
    this.#call.close();
    this.#tracks.close();
    this.events.events = {};
  }

  /** What the remote sends (voice and camera), for an <audio> or <video> element. */
  get remoteStream(): MediaStream {
    return this.#tracks.remote.stream;
  }
  /** The remote's shared screen. */
  get remoteScreen(): MediaStream {
    return this.#tracks.remote.screen;
  }
  /** The local microphone (and the camera and the screen, in their own streams). */
  get localStream(): MediaStream {
    return this.#tracks.local.streams.audio;
  }
  get localVideo(): MediaStream {
    return this.#tracks.local.streams.video;
  }
  get localScreen(): MediaStream {
    return this.#tracks.local.streams.screen;
  }
  /** The current peer connection (null before attach, or while parked). */
  get peerConnection(): RTCPeerConnection | null {
    return this.#call.link?.pc ?? null;
  }
  get connectionState(): RTCPeerConnectionState | 'none' {
    return this.#call.link?.pc.connectionState ?? 'none';
  }
  get muted(): boolean {
    return this.#tracks.voice.muted;
  }
  get held(): boolean {
    return this.#tracks.voice.held;
  }

  // --- voice, video, sharing -----------------------------------------------------------------------

  /** Stops (or restores) what the microphone sends; the call goes on. */
  setMuted(muted: boolean): void {
    this.open();
    this.#tracks.setMuted(muted);
  }

  /** Hold: no audio either way (we stop sending, the remote is told to stop, playback is silenced); false resumes. */
  async setHold(hold: boolean): Promise<void> {
    this.open();
    await this.#tracks.setHold(hold);
  }

  /** Plays DTMF tones through RTCDTMFSender (RFC 4733) and tells the remote each tone; resolves when all played. */
  sendDtmf(tones: string): Promise<void> {
    return this.guard(() => this.#tracks.sendDtmf(tones));
  }

  /** Turns the camera on for the call (renegotiated; the remote's `remoteStream` gets the video). */
  addVideo(): Promise<MediaState> {
    return this.mergeAndTransitMedia({ Video: { tx: true } });
  }
  removeVideo(): Promise<MediaState> {
    return this.mergeAndTransitMedia({ Video: { tx: false } });
  }
  /** Shares a screen, window or tab (the browser asks the user which). */
  shareScreen(): Promise<MediaState> {
    return this.mergeAndTransitMedia({ Sharing: { tx: true } });
  }
  stopSharing(): Promise<MediaState> {
    return this.mergeAndTransitMedia({ Sharing: { tx: false } });
  }
  /** Agent side: asks the customer to share their screen; resolves once the customer's handler accepted. */
  requestScreenShare(timeoutMs = 60_000): Promise<unknown> {
    return this.request(SHARE_SCREEN_RPC, null, timeoutMs);
  }

  /** Another microphone, put in place without renegotiating (replaceTrack). */
  async setInputDevice(deviceId: string): Promise<void> {
    this.open();
    await this.#tracks.setInputDevice(deviceId);
  }

  /** Sends `track` in place of the microphone (a conference mix made from it), or the microphone again with null; kept across re-attaches. */
  async setOutgoingAudio(track: MediaStreamTrack | null): Promise<void> {
    this.open();
    await this.#tracks.setOutgoingAudio(track);
  }

  // --- seed 000: recording (where a recorder is plugged in) -----------------------------------------

  /** The agent's widget plugs its recorder in: startRecording, stopRecording, isRecording and the rec* events then work here. */
  useRecorder(recorder: ContactRecorder | null): void {
    this.#offRecorder.forEach((off) => off());
    this.#recorder = recorder;
    this.#offRecorder = recorder ? RECORDER_EVENTS.map((name) => recorder.on(name, () => this.events.emit(name))) : [];
  }
  /** Records the chosen directions of the call (seed 000's order); the files are stored by the server. */
  startRecording(audioIn?: boolean, audioOut?: boolean, videoIn?: boolean, videoOut?: boolean): Promise<void> {
    return this.guard(() => this.#needRecorder().startRecording(audioIn, audioOut, videoIn, videoOut));
  }
  stopRecording(): Promise<void> {
    return this.guard(() => this.#needRecorder().stopRecording());
  }
  async isRecording(): Promise<boolean> {
    return (await this.#recorder?.isRecording()) ?? false;
  }

  /** Plays the remote audio on another output device. */
  static async setSinkId(element: HTMLMediaElement, deviceId: string): Promise<void> {
    const el = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
    if (typeof el.setSinkId !== 'function') throw new MediaError('not_supported', 'this browser cannot choose the audio output');
    await el.setSinkId(deviceId);
  }

  /** Audio byte counters and levels of the current peer connection. */
  getAudioStats(): Promise<AudioStats> {
    return audioStats(this.#call.link?.pc ?? null);
  }

  /** Restarts ICE on the current peer connection (it also happens by itself when ICE drops). */
  restartIce(): void {
    this.#call.link?.restartIce();
  }

  // --- inside ------------------------------------------------------------------------------------

  #needRecorder(): ContactRecorder {
    if (!this.#recorder) throw new MediaError('not_supported', 'calls are recorded by the agent\u2019s widget: this side has no recorder');
    return this.#recorder;
  }

  protected applyMedia(next: MediaState, prev: MediaState, opts: TransitOptions): Promise<MediaState> {
    return this.#tracks.apply(next, prev, opts);
  }

  /** Tells the remote our media (its rx follows our tx), our screen's stream id and our hold. */
  protected async announce(): Promise<void> {
    if (this.closed) return;
    const message = this.#tracks.announcement(this.neg.getMedia(true));
    await this.hub.send(MEDIA_CHANNEL, message, undefined, 'auto').catch((err) => this.log(`announce failed: ${(err as Error).message}`));
  }

  protected engineChannel(channel: string, d: Record<string, unknown>): void {
    if (channel === DTMF_CHANNEL) return this.#tracks.receiveDtmf(d);
    if (channel !== MEDIA_CHANNEL) return;
    this.#tracks.receiveAnnouncement(d as Partial<MediaAnnouncement>);
    if (d.media && typeof d.media === 'object') this.neg.applyRemote(d.media as MediaState);
  }

  /** A fresh peer connection: its events wired, the local tracks put on it. */
  #linked(link: PeerLink, remoteId: string): void {
    link.events.on('state', (s) => this.events.emit('connectionstate', s));
    link.events.on('failed', () => this.events.emit('failed'));
    link.channel.addEventListener('open', () => void this.announce());
    this.hub.bindPeer(link.channel);
    this.#tracks.linked(link);
    this.events.emit('peer', remoteId);
  }
}
