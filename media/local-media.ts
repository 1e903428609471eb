/**
 * The local side's devices for one call: the microphone is acquired once and kept for the life of
 * the call (a fresh peer connection after a re-attach reuses its track, so no second prompt); the
 * camera and the screen come and go. Each slot has its own MediaStream, whose id tells the remote
 * which of its incoming video tracks is the camera and which the screen.
 */
import { MediaError } from './errors.ts';

export type TrackSlot = 'audio' | 'video' | 'screen';

export class LocalMedia {
  /** One stream per slot, kept for the call: its id is announced to the remote once and stays valid. */
  readonly streams: Readonly<Record<TrackSlot, MediaStream>> = { audio: new MediaStream(), video: new MediaStream(), screen: new MediaStream() };
  private tracks: Record<TrackSlot, MediaStreamTrack | null> = { audio: null, video: null, screen: null };
  private closed = false;

  constructor(
    private readonly constraints: { audio?: MediaTrackConstraints | boolean; video?: MediaTrackConstraints | boolean },
    /** Called when a track ends by itself (the user stopped sharing from the browser's bar, a device unplugged). */
    private readonly onEnded: (slot: TrackSlot) => void,
  ) {}

  track(slot: TrackSlot): MediaStreamTrack | null {
    return this.tracks[slot];
  }

  /** The microphone's track, acquired the first time only. */
  async microphone(): Promise<MediaStreamTrack> {
    if (this.tracks.audio) return this.tracks.audio;
    const stream = await this.capture(() => navigator.mediaDevices.getUserMedia({ audio: this.constraints.audio ?? true }), 'microphone');
    return this.put('audio', stream.getAudioTracks()[0]!);
  }

  /** A new microphone (another input device; null: the browser's default) in place of the current one; the old track is stopped. */
  async switchMicrophone(deviceId: string | null): Promise<MediaStreamTrack> {
    const { deviceId: _chosen, ...base } = typeof this.constraints.audio === 'object' ? this.constraints.audio : {};
    const audio = deviceId === null ? (Object.keys(base).length ? base : true) : { ...base, deviceId: { exact: deviceId } };
    const stream = await this.capture(() => navigator.mediaDevices.getUserMedia({ audio }), 'microphone');
    const track = stream.getAudioTracks()[0]!;
    if (this.tracks.audio) track.enabled = this.tracks.audio.enabled; // a muted call stays muted
    this.stop('audio');
    return this.put('audio', track);
  }

  async camera(): Promise<MediaStreamTrack> {
    if (this.tracks.video) return this.tracks.video;
    const stream = await this.capture(() => navigator.mediaDevices.getUserMedia({ video: this.constraints.video === undefined || this.constraints.video === false ? true : this.constraints.video }), 'camera');
    return this.put('video', stream.getVideoTracks()[0]!);
  }

  async screen(): Promise<MediaStreamTrack> {
    if (this.tracks.screen) return this.tracks.screen;
    const stream = await this.capture(() => navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }), 'screen');
    return this.put('screen', stream.getVideoTracks()[0]!);
  }

  /** Stops and forgets the slot's track. */
  stop(slot: TrackSlot): void {
    const track = this.tracks[slot];
    if (!track) return;
    track.onended = null;
    track.stop();
    this.streams[slot].removeTrack(track);
    this.tracks[slot] = null;
  }

  close(): void {
    this.closed = true;
    for (const slot of ['audio', 'video', 'screen'] as const) this.stop(slot);
  }

  private put(slot: TrackSlot, track: MediaStreamTrack): MediaStreamTrack {
    if (this.closed) {
      track.stop();
      throw new MediaError('invalid_state', 'the contact is closed');
    }
    this.tracks[slot] = track;
    this.streams[slot].addTrack(track);
    track.onended = () => {
      if (this.tracks[slot] !== track) return;
      this.stop(slot);
      this.onEnded(slot);
    };
    return track;
  }

  private async capture(get: () => Promise<MediaStream>, what: string): Promise<MediaStream> {
    if (this.closed) throw new MediaError('invalid_state', 'the contact is closed');
    try {
      return await get();
    } catch (err) {
      throw new MediaError('device', `the ${what} could not be acquired: ${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? err}`.trim());
    }
  }
}
