/**
 * What the remote sends, as streams for <audio>/<video> elements: `stream` (its voice and camera)
 * and `screen` (its shared screen). An incoming video track is told apart by its stream id, which
 * the remote announces; the streams stay the same objects across re-attaches (tracks change).
 */
export class RemoteMedia {
  readonly stream = new MediaStream();
  readonly screen = new MediaStream();
  private readonly tracks = new Map<MediaStreamTrack, string>();
  private screenStreamId = '';
  private audioEnabled = true;

  constructor(private readonly changed: () => void) {}

  add(track: MediaStreamTrack, streamId: string): void {
    this.tracks.set(track, streamId);
    if (track.kind === 'audio') track.enabled = this.audioEnabled;
    this.place();
  }

  remove(track: MediaStreamTrack): void {
    if (!this.tracks.delete(track)) return;
    this.place();
  }

  /** Every track of a closed peer connection goes. */
  clear(): void {
    this.tracks.clear();
    this.place();
  }

  /** The remote said which of its streams is the screen. */
  setScreenStreamId(id: string): void {
    if (id === this.screenStreamId) return;
    this.screenStreamId = id;
    this.place();
  }

  /** Silences (or restores) playback of what the remote sends (hold). */
  setAudioEnabled(enabled: boolean): void {
    this.audioEnabled = enabled;
    for (const track of this.tracks.keys()) if (track.kind === 'audio') track.enabled = enabled;
  }

  private place(): void {
    let moved = false;
    const want = (t: MediaStreamTrack) => (t.kind === 'video' && this.screenStreamId && this.tracks.get(t) === this.screenStreamId ? this.screen : this.stream);
    for (const s of [this.stream, this.screen]) {
      for (const t of s.getTracks()) {
        if (!this.tracks.has(t) || want(t) !== s || t.readyState === 'ended') {
          s.removeTrack(t);
          moved = true;
        }
      }
    }
    for (const t of this.tracks.keys()) {
      const target = want(t);
      if (!target.getTrackById(t.id) && t.readyState !== 'ended') {
        target.addTrack(t);
        moved = true;
      }
    }
    if (moved) this.changed();
  }
}
