/** Mixes the audio of several streams into one track (WebAudio), for a recording of both directions. */

export interface AudioMix {
  /** One stream carrying the mixed audio track. */
  readonly stream: MediaStream;
  close(): Promise<void>;
}

/** Mixes every audio track of `streams` (streams without audio are skipped). */
export async function mixAudio(streams: readonly MediaStream[]): Promise<AudioMix> {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const sources = streams
    .filter((s) => s.getAudioTracks().some((t) => t.readyState === 'live'))
    .map((s) => {
      const source = context.createMediaStreamSource(s);
      source.connect(destination);
      return source;
    });
  // A context made without a user gesture may start suspended: it would record nothing.
  if (context.state === 'suspended') await context.resume().catch(() => {});
  return {
    stream: destination.stream,
    async close() {
      for (const source of sources) source.disconnect();
      if (context.state !== 'closed') await context.close();
    },
  };
}
