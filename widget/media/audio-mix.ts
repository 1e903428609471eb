/**
 * Mixes the audio of several streams into one track (WebAudio), for a recording: the recorded
 * track stays the same when a source's track changes (the other side re-attached with a fresh
 * peer connection): `rebind` connects the new tracks in place of the old ones.
 */

export interface AudioMix {
  /** One stream carrying the mixed audio track. */
  readonly stream: MediaStream;
  /** Mixes the live audio of these streams from now on (what changed is swapped, the rest goes on). */
  rebind(streams: readonly (MediaStream | null)[]): void;
  close(): Promise<void>;
}

const liveAudio = (s: MediaStream | null) => s?.getAudioTracks().find((t) => t.readyState === 'live') ?? null;

/** Mixes the first live audio track of each of `streams` (streams without one are skipped). */
export async function mixAudio(streams: readonly (MediaStream | null)[]): Promise<AudioMix> {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const bound = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();
  const rebind = (list: readonly (MediaStream | null)[]) => {
    const tracks = list.map(liveAudio).filter((t): t is MediaStreamTrack => t !== null);
    for (const [track, source] of bound) {
      if (tracks.includes(track)) continue;
      source.disconnect();
      bound.delete(track);
    }
    for (const track of tracks) {
      if (bound.has(track)) continue;
      const source = context.createMediaStreamSource(new MediaStream([track]));
      source.connect(destination);
      bound.set(track, source);
    }
  };
  rebind(streams);
  // A context made without a user gesture may start suspended: it would record nothing.
  if (context.state === 'suspended') await context.resume().catch(() => {});
  return {
    stream: destination.stream,
    rebind,
    async close() {
      for (const source of bound.values()) source.disconnect();
      bound.clear();
      if (context.state !== 'closed') await context.close();
    },
  };
}
