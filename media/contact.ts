/**
 * The media of one contact on one side (the agent's widget or the customer's page): seed 000's
 * media state, capabilities, data channels and RPC, and the call itself (microphone, peer
 * connection, hold, mute, DTMF, video, screen sharing). It talks to the server only through a
 * MediaTransport.
 *
 *   const contact = new MediaContact({ contactId, transport, role: 'customer' });
 *   await contact.start({ audio: true });
 *   await contact.attach();
 *   audioElement.srcObject = contact.remoteStream;
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import { cloneMedia, diffMedia, mergeMedia } from '../protocol/index.ts';
import type { MediaAttachReply, MediaOffer, MediaState, MediaStateDiff, MediaStatePatch, MediaTransitionState } from '../protocol/index.ts';
import type { MediaTransport } from './transport.ts';
import { Capabilities, type MediaCapabilities, type MediaEngine } from './capabilities.ts';
import { ChannelHub, type DataChannelType, type DataMessage, type MediaDataChannel } from './data-channels.ts';
import { MediaError, invalidArgs, invalidState } from './errors.ts';
import { LocalMedia, type TrackSlot } from './local-media.ts';
import { MediaNegotiation, type MediaOfferAnswer, type TransitOptions } from './media-negotiation.ts';
import { CallLink } from './call-link.ts';
import type { PeerLink } from './peer-link.ts';
import { RemoteMedia } from './remote-media.ts';
import { RpcEndpoint, type RpcHandler, type RpcWire } from './rpc.ts';
import { audioStats, type AudioStats } from './stats.ts';
import { applyTracks, mediaForTracks, type VoiceFlags } from './tracks.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, DTMF_CHANNEL, MEDIA_CHANNEL, RPC_CHANNEL, SHARE_SCREEN_RPC, type MediaContactEvents, type MediaContactOptions } from './contact-types.ts';
import { DtmfQueue, isDtmfTone } from './dtmf.ts';

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export class MediaContact {
  readonly contactId: string;
  readonly endpointId: string;
  readonly role: 'agent' | 'customer';
  readonly #events = createNanoEvents<MediaContactEvents>();
  readonly #transport: MediaTransport;
  readonly #local: LocalMedia;
  readonly #remote: RemoteMedia;
  readonly #hub: ChannelHub;
  readonly #rpc: RpcEndpoint;
  readonly #caps: Capabilities;
  readonly #neg: MediaNegotiation;
  readonly #opts: MediaContactOptions;
  readonly #log: (line: string) => void;
  readonly #call: CallLink;
  #voice: VoiceFlags = { muted: false, held: false, remoteHeld: false };
  #offSignal: Unsubscribe;
  #closed = false;
  readonly #dtmf = new DtmfQueue();

  constructor(opts: MediaContactOptions) {
    if (!opts?.contactId || !opts.transport || (opts.role !== 'agent' && opts.role !== 'customer')) throw invalidArgs('a media contact needs contactId, transport and role');
    this.#opts = opts;
    this.contactId = opts.contactId;
    this.role = opts.role;
    this.endpointId = opts.endpointId ?? randomId();
    this.#transport = opts.transport;
    this.#log = opts.log ?? (() => {});
    this.#local = new LocalMedia(opts.constraints ?? {}, (slot) => this.#trackEnded(slot));
    this.#remote = new RemoteMedia(() => this.#events.emit('remotestream'));
    this.#hub = new ChannelHub(this.contactId, this.#transport);
    this.#hub.events.on('data', (m) => this.#events.emit('data', m));
    this.#hub.events.on('datachannel', (c) => this.#events.emit('datachannel', c));
    this.#hub.events.on('engine', (m) => this.#engineMessage(m));
    this.#rpc = new RpcEndpoint((msg) => this.#hub.send(RPC_CHANNEL, msg, undefined, 'auto'));
    const timeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#caps = new Capabilities(this.#rpc, (name, caps) => this.#events.emit(name, caps), timeout);
    this.#neg = new MediaNegotiation(this.#rpc, {
      apply: (next, prev, o) => this.#applyMedia(next, prev, o),
      announce: () => this.#announce(),
      mediaoffer: (offer, cb) => {
        if (!this.#events.events.mediaoffer?.length) return false;
        this.#events.emit('mediaoffer', offer, cb);
        return true;
      },
      mediachange: (media, diff) => this.#events.emit('mediachange', media, diff),
      mediastate: (to, from) => this.#events.emit('mediastate', to, from),
      log: this.#log,
    });
    void this.#caps.register({ id: 'WebRTC', capabilities: { audio: true, video: true, sharing: true, dtmf: true, dataChannels: true } });
    this.#call = new CallLink(this.contactId, this.endpointId, this.#transport, { candidateFilter: opts.candidateFilter, log: (line) => this.#log(`[${this.role}] ${line}`) }, {
      linked: (link, remoteId) => this.#linked(link, remoteId),
      dropped: () => {
        this.#hub.bindPeer(null);
        this.#remote.clear();
        this.#voice.remoteHeld = false;
      },
      parked: () => this.#events.emit('parked'),
      replaced: () => this.#events.emit('replaced'),
    });
    this.#offSignal = this.#transport.on('signal', (e) => {
      if (e.data.contactId !== this.contactId || this.#closed) return;
      if (e.topic === 'media.data') this.#hub.receiveRelay(e.data.channel, e.data.topic, e.data.data);
      else this.#call.signal(e);
    });
  }

  /** Subscribes to an event, or (a name starting with a capital, seed 000's RPC) registers the handler of that request type. */
  on<E extends keyof MediaContactEvents>(event: E, cb: MediaContactEvents[E]): Unsubscribe;
  on(requestType: string, handler: RpcHandler): Unsubscribe;
  on(name: string, cb: (...args: never[]) => unknown): Unsubscribe {
    if (/^[A-Z]/.test(name)) return this.#rpc.handle(name, cb as unknown as RpcHandler);
    return this.#events.on(name as keyof MediaContactEvents, cb as never);
  }

  // --- the call's life ---------------------------------------------------------------------------

  /** Readies the contact's media (init -> idle); with `audio` the microphone is acquired, once for the call. */
  async start(media: { audio?: boolean; video?: boolean } = {}): Promise<MediaState> {
    this.#open();
    if (this.#neg.mediaState !== 'init') throw invalidState('start() was called already');
    this.#neg.ready();
    const patch: MediaStatePatch = {};
    if (media.audio) patch.Voice = { tx: true, rx: true };
    if (media.video) patch.Video = { tx: true, rx: true };
    return Object.keys(patch).length ? this.#neg.mergeAndTransitMedia(patch) : this.#neg.getMedia(true);
  }

  /** `media.attach`: this endpoint carries the call; with the peer there, a fresh peer connection is offered to it. */
  async attach(): Promise<MediaAttachReply> {
    this.#open();
    return this.#call.attach();
  }

  /** `media.detach`: this endpoint leaves the call (the remote parks it). */
  async detach(): Promise<void> {
    await this.#call.detach();
  }

  /** Releases everything: tracks stopped, peer connection closed, pending requests failed, listeners removed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#offSignal();
    this.#call.close();
    this.#local.close();
    this.#rpc.close(invalidState('the contact is closed'));
    this.#hub.close();
    this.#events.events = {};
  }

  get closed(): boolean {
    return this.#closed;
  }
  /** What the remote sends (voice and camera), for an <audio> or <video> element. */
  get remoteStream(): MediaStream {
    return this.#remote.stream;
  }
  /** The remote's shared screen. */
  get remoteScreen(): MediaStream {
    return this.#remote.screen;
  }
  /** The local microphone (and the camera and the screen, in their own streams). */
  get localStream(): MediaStream {
    return this.#local.streams.audio;
  }
  get localVideo(): MediaStream {
    return this.#local.streams.video;
  }
  get localScreen(): MediaStream {
    return this.#local.streams.screen;
  }
  /** The current peer connection (null before attach, or while parked). */
  get peerConnection(): RTCPeerConnection | null {
    return this.#call.link?.pc ?? null;
  }
  get connectionState(): RTCPeerConnectionState | 'none' {
    return this.#call.link?.pc.connectionState ?? 'none';
  }
  get muted(): boolean {
    return this.#voice.muted;
  }
  get held(): boolean {
    return this.#voice.held;
  }

  // --- seed 000: media state -----------------------------------------------------------------------

  get mediaState(): MediaTransitionState {
    return this.#neg.mediaState;
  }
  getMediaState(): MediaTransitionState {
    return this.#neg.mediaState;
  }
  /** The media of every medium; `clone` leaves out native objects (streams). */
  async getMedia(clone = false): Promise<MediaState> {
    return this.#neg.getMedia(clone);
  }
  async getMediaOffer(): Promise<MediaOffer> {
    return this.#neg.getMediaOffer();
  }
  /** Sends an offer, waits for the remote's answer and transits to it; only in state idle. */
  offerMedia(offer: MediaOffer): Promise<MediaStatePatch> {
    return this.#guard(() => this.#neg.offerMedia(offer));
  }
  transitMedia(current: MediaState, next: MediaState, opts?: TransitOptions): Promise<MediaState> {
    return this.#guard(() => this.#neg.transitMedia(current, next, opts));
  }
  mergeAndTransitMedia(media: MediaStatePatch, opts?: TransitOptions): Promise<MediaState> {
    return this.#guard(() => this.#neg.mergeAndTransitMedia(media, opts));
  }

  /** The current media with `patch` merged in (nothing changes). */
  async mergeMedia(patch: MediaStatePatch): Promise<MediaState> {
    return mergeMedia(this.#neg.getMedia(false), patch);
  }
  diffMedia(oldMedia: MediaState, newMedia: MediaState): MediaStateDiff {
    return diffMedia(oldMedia, newMedia);
  }
  cloneMedia(media: MediaState, includeData: boolean): MediaState {
    return cloneMedia(media, includeData);
  }

  // --- seed 000: capabilities ----------------------------------------------------------------------

  setLocalCapability(path: string, value: unknown): Promise<MediaCapabilities> {
    return this.#guard(() => this.#caps.set(path, value));
  }
  setLocalCapabilities(caps: MediaCapabilities): Promise<MediaCapabilities> {
    return this.#guard(() => this.#caps.setAll(caps));
  }
  async getLocalCapabilities(): Promise<MediaCapabilities> {
    return this.#caps.getLocal();
  }
  getRemoteCapabilities(): Promise<MediaCapabilities> {
    return this.#guard(() => this.#caps.getRemote());
  }
  updateRemoteCapabilities(): Promise<MediaCapabilities> {
    return this.#guard(() => this.#caps.updateRemote());
  }
  registerMediaEngine(engine: MediaEngine): Promise<MediaCapabilities> {
    return this.#guard(() => this.#caps.register(engine));
  }
  getMediaEngine(id: string): MediaEngine | undefined {
    return this.#caps.engine(id);
  }

  // --- seed 000: data channels and RPC -------------------------------------------------------------

  /** The data channel `id` (created on first use); `sio` keeps it on the server relay. */
  async getDataChannel(id: string, type: DataChannelType = 'auto'): Promise<MediaDataChannel> {
    this.#open();
    return this.#hub.get(id, type);
  }
  async sendData(channel: string, data: unknown, topic?: string, type: DataChannelType = 'auto'): Promise<void> {
    this.#open();
    await this.#hub.get(channel, type).send(data, topic);
  }
  /** Asks the remote's handler of `type`; rejects `timeout` after `retries` more attempts, `not_supported` without a handler. */
  request(type: string, data?: unknown, timeout?: number, retries?: number): Promise<unknown> {
    return this.#guard(() => this.#rpc.request(type, data, timeout, retries));
  }

  // --- voice, video, sharing -----------------------------------------------------------------------

  /** Stops (or restores) what the microphone sends; the call goes on. */
  setMuted(muted: boolean): void {
    this.#open();
    this.#voice.muted = !!muted;
    const track = this.#local.track('audio');
    if (track) track.enabled = !this.#voice.muted;
    this.#events.emit('mute', this.#voice.muted);
  }

  /** Hold: no audio either way (we stop sending, the remote is told to stop, playback is silenced); false resumes. */
  async setHold(hold: boolean): Promise<void> {
    this.#open();
    this.#voice.held = !!hold;
    this.#remote.setAudioEnabled(!this.#voice.held);
    await this.#syncTracks();
    this.#events.emit('hold', { hold: this.#voice.held, local: true });
    await this.#announce();
  }

  /** Plays DTMF tones through RTCDTMFSender (RFC 4733) and tells the remote each tone; resolves when all played. */
  sendDtmf(tones: string): Promise<void> {
    return this.#guard(async () => {
      await this.#dtmf.play(() => this.#call.link?.senders.get('audio'), tones, (tone) => {
        this.#events.emit('dtmf', { tone, local: true });
        void this.#hub.send(DTMF_CHANNEL, { tone }, undefined, 'auto').catch(() => {});
      });
    });
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
    this.#open();
    await this.#local.switchMicrophone(deviceId);
    await this.#syncTracks();
  }

  /** Sends `track` in place of the microphone (a conference mix made from it), or the microphone again with null; kept across re-attaches. */
  async setOutgoingAudio(track: MediaStreamTrack | null): Promise<void> {
    this.#open();
    this.#voice.outgoing = track;
    await this.#syncTracks();
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

  #open(): void {
    if (this.#closed) throw invalidState('the contact is closed');
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    this.#open();
    return work();
  }

  /** A fresh peer connection: its events wired, the local tracks put on it. */
  #linked(link: PeerLink, remoteId: string): void {
    link.events.on('state', (s) => this.#events.emit('connectionstate', s));
    link.events.on('track', (t, id) => this.#remote.add(t, id));
    link.events.on('untrack', (t) => this.#remote.remove(t));
    link.events.on('failed', () => this.#events.emit('failed'));
    link.channel.addEventListener('open', () => void this.#announce());
    this.#hub.bindPeer(link.channel);
    void this.#syncTracks();
    this.#events.emit('peer', remoteId);
  }

  async #syncTracks(): Promise<void> {
    if (this.#call.link) await applyTracks(this.#call.link, this.#local, this.#neg.getMedia(false), this.#voice);
  }

  async #applyMedia(next: MediaState, prev: MediaState, _opts: TransitOptions): Promise<MediaState> {
    // Devices first: a refused device leaves the media as they were (the transition rejects).
    if (next.Voice?.tx) {
      const mic = await this.#local.microphone();
      mic.enabled = !this.#voice.muted;
    }
    if (next.Video?.tx && !prev.Video?.tx) await this.#local.camera();
    if (!next.Video?.tx) this.#local.stop('video');
    if (next.Sharing?.tx && !prev.Sharing?.tx) await this.#local.screen();
    if (!next.Sharing?.tx) this.#local.stop('screen');
    const reached = mediaForTracks(next, this.#local);
    if (this.#call.link) await applyTracks(this.#call.link, this.#local, reached, this.#voice);
    return reached;
  }

  /** A track ended by itself (sharing stopped from the browser's bar, camera unplugged). */
  #trackEnded(slot: TrackSlot): void {
    if (this.#closed) return;
    this.#neg.commit(mediaForTracks(this.#neg.getMedia(false), this.#local), true);
    if (slot !== 'audio') void this.#syncTracks();
  }

  /** Tells the remote our media (its rx follows our tx), our screen's stream id and our hold. */
  async #announce(): Promise<void> {
    if (this.#closed) return;
    const message = { media: this.#neg.getMedia(true), screen: this.#local.streams.screen.id, hold: this.#voice.held };
    await this.#hub.send(MEDIA_CHANNEL, message, undefined, 'auto').catch((err) => this.#log(`announce failed: ${(err as Error).message}`));
  }

  #engineMessage({ channel, data }: DataMessage): void {
    const d = data as Record<string, unknown> | null;
    if (!d || typeof d !== 'object') return;
    if (channel === RPC_CHANNEL) return this.#rpc.receive(d as RpcWire);
    if (channel === DTMF_CHANNEL) {
      if (typeof d.tone === 'string' && isDtmfTone(d.tone)) this.#events.emit('dtmf', { tone: d.tone, local: false });
      return;
    }
    if (channel !== MEDIA_CHANNEL) return;
    if (typeof d.screen === 'string') this.#remote.setScreenStreamId(d.screen);
    if (d.media && typeof d.media === 'object') this.#neg.applyRemote(d.media as MediaState);
    const hold = d.hold === true;
    if (hold !== this.#voice.remoteHeld) {
      this.#voice.remoteHeld = hold;
      void this.#syncTracks();
      this.#events.emit('hold', { hold, local: false });
    }
  }
}

