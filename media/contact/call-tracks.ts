/**
 * The call's tracks on one side: the local devices (microphone, camera, screen), what the remote
 * sends, mute, hold (ours and the remote's), DTMF, and the effects of a media transition on the
 * devices and on the current peer connection. The contact owns one; it knows nothing of the server.
 */
import type { Emitter } from 'nanoevents';
import type { MediaState } from '../../protocol/index.ts';
import { LocalMedia, type TrackSlot } from '../local-media.ts';
import type { PeerLink } from '../peer-link.ts';
import { RemoteMedia } from '../remote-media.ts';
import { applyTracks, mediaForTracks, type VoiceFlags } from '../tracks.ts';
import { DtmfQueue, isDtmfTone } from '../dtmf.ts';
import type { TransitOptions } from '../media-negotiation.ts';
import { DTMF_CHANNEL, type MediaContactEvents, type MediaContactOptions } from './types.ts';

export interface CallTracksHooks {
  /** The current peer connection, if any. */
  link(): PeerLink | null;
  /** The contact's media as they stand. */
  media(): MediaState;
  /** A track ended by itself: the media change without a transition (announced to the remote). */
  commit(next: MediaState): void;
  /** Tells the remote our media, screen stream and hold. */
  announce(): Promise<void>;
  /** Sends on one of the engine's data channels. */
  send(channel: string, data: unknown): Promise<void>;
}

/** What a side announces of itself on the engine's media channel. */
export interface MediaAnnouncement {
  media: MediaState;
  screen: string;
  hold: boolean;
}

export class CallTracks {
  readonly local: LocalMedia;
  readonly remote: RemoteMedia;
  readonly voice: VoiceFlags = { muted: false, held: false, remoteHeld: false };
  private readonly dtmf = new DtmfQueue();
  private closed = false;

  constructor(
    constraints: MediaContactOptions['constraints'],
    private readonly events: Emitter<MediaContactEvents>,
    private readonly hooks: CallTracksHooks,
  ) {
    this.local = new LocalMedia(constraints ?? {}, (slot) => this.trackEnded(slot));
    this.remote = new RemoteMedia(() => events.emit('remotestream'));
  }

  close(): void {
    this.closed = true;
    this.local.close();
  }

  /** Puts the right local track in each slot of the current peer connection. */
  async sync(): Promise<void> {
    const link = this.hooks.link();
    if (link) await applyTracks(link, this.local, this.hooks.media(), this.voice);
  }

  /** A fresh peer connection: its remote tracks go to the remote streams, the local tracks go on it. */
  linked(link: PeerLink): void {
    link.events.on('track', (t, id) => this.remote.add(t, id));
    link.events.on('untrack', (t) => this.remote.remove(t));
    void this.sync();
  }

  /** The peer connection closed: what came from it goes. */
  dropped(): void {
    this.remote.clear();
    this.voice.remoteHeld = false;
  }

  setMuted(muted: boolean): void {
    this.voice.muted = !!muted;
    const track = this.local.track('audio');
    if (track) track.enabled = !this.voice.muted;
    this.events.emit('mute', this.voice.muted);
  }

  async setHold(hold: boolean): Promise<void> {
    this.voice.held = !!hold;
    this.remote.setAudioEnabled(!this.voice.held);
    await this.sync();
    this.events.emit('hold', { hold: this.voice.held, local: true });
    await this.hooks.announce();
  }

  sendDtmf(tones: string): Promise<void> {
    return this.dtmf.play(() => this.hooks.link()?.senders.get('audio'), tones, (tone) => {
      this.events.emit('dtmf', { tone, local: true });
      void this.hooks.send(DTMF_CHANNEL, { tone }).catch(() => {});
    });
  }

  async setInputDevice(deviceId: string): Promise<void> {
    await this.local.switchMicrophone(deviceId);
    await this.sync();
  }

  async setOutgoingAudio(track: MediaStreamTrack | null): Promise<void> {
    this.voice.outgoing = track;
    await this.sync();
  }

  /**
   * Makes a transition's devices real and returns the media reached. A plain transition is all or
   * nothing: a device refused rejects it and the devices it opened are let go. A `restore` is best
   * effort, medium by medium (what cannot be had stays off), and never re-opens the screen: the
   * browser asks the user to pick it again, which only the user's own action may do.
   */
  async apply(next: MediaState, prev: MediaState, opts: TransitOptions): Promise<MediaState> {
    const opened: TrackSlot[] = [];
    const want: [TrackSlot, boolean, () => Promise<MediaStreamTrack>][] = [
      ['audio', !!next.Voice?.tx, () => this.local.microphone()],
      ['video', !!next.Video?.tx && !prev.Video?.tx, () => this.local.camera()],
      ['screen', !!next.Sharing?.tx && !prev.Sharing?.tx && !opts.restore, () => this.local.screen()],
    ];
    for (const [slot, on, open] of want) {
      if (!on) continue;
      const had = !!this.local.track(slot);
      try {
        const track = await open();
        if (slot === 'audio') track.enabled = !this.voice.muted;
        if (!had) opened.push(slot);
      } catch (err) {
        if (opts.restore) continue; // left off: mediaForTracks reports it so
        for (const s of opened) this.local.stop(s);
        throw err;
      }
    }
    if (!next.Video?.tx) this.local.stop('video');
    if (!next.Sharing?.tx) this.local.stop('screen');
    const reached = mediaForTracks(next, this.local);
    const link = this.hooks.link();
    if (link) await applyTracks(link, this.local, reached, this.voice);
    return reached;
  }

  /** What the remote announced on the engine's DTMF channel. */
  receiveDtmf(d: Record<string, unknown>): void {
    if (typeof d.tone === 'string' && isDtmfTone(d.tone)) this.events.emit('dtmf', { tone: d.tone, local: false });
  }

  /** The remote's screen stream id and hold, from its announcement (its media go to the negotiation). */
  receiveAnnouncement(d: Partial<MediaAnnouncement>): void {
    if (typeof d.screen === 'string') this.remote.setScreenStreamId(d.screen);
    const hold = d.hold === true;
    if (hold === this.voice.remoteHeld) return;
    this.voice.remoteHeld = hold;
    void this.sync();
    this.events.emit('hold', { hold, local: false });
  }

  announcement(media: MediaState): MediaAnnouncement {
    return { media, screen: this.local.streams.screen.id, hold: this.voice.held };
  }

  /** A track ended by itself (sharing stopped from the browser's bar, camera unplugged). */
  private trackEnded(slot: TrackSlot): void {
    if (this.closed) return;
    this.hooks.commit(mediaForTracks(this.hooks.media(), this.local));
    if (slot !== 'audio') void this.sync();
  }
}
