/** Which local tracks a peer connection sends, from the media state and the voice flags (one place for the rule). */
import type { MediaState } from '../protocol/index.ts';
import type { LocalMedia } from './local-media.ts';
import type { PeerLink } from './peer-link.ts';

export interface VoiceFlags {
  /** The microphone track is disabled (silence is sent). */
  muted: boolean;
  /** We put the call on hold. */
  held: boolean;
  /** The remote put the call on hold: we stop sending too. */
  remoteHeld: boolean;
  /** Sent instead of the microphone while set (a conference mix of the microphone and another call). */
  outgoing?: MediaStreamTrack | null;
}

/** The media as the devices really are: a medium sends only if its track exists. */
export function mediaForTracks(media: MediaState, local: LocalMedia): MediaState {
  const out: MediaState = { ...media };
  const slots = [
    ['Voice', 'audio'],
    ['Video', 'video'],
    ['Sharing', 'screen'],
  ] as const;
  for (const [kind, slot] of slots) {
    const m = out[kind];
    if (!m) continue;
    const tx = m.tx && !!local.track(slot);
    out[kind] = { ...m, tx, data: tx ? { ...m.data, stream: local.streams[slot] } : undefined };
    if (!tx) delete out[kind]!.data;
  }
  return out;
}

/** Puts the right track in each of the link's slots (audio keeps its sender on hold, so resuming needs no renegotiation). */
export async function applyTracks(link: PeerLink, local: LocalMedia, media: MediaState, voice: VoiceFlags): Promise<void> {
  const sendAudio = !!media.Voice?.tx && !voice.held && !voice.remoteHeld;
  await link.setTrack('audio', sendAudio ? voice.outgoing ?? local.track('audio') : null, local.streams.audio, true);
  await link.setTrack('video', media.Video?.tx ? local.track('video') : null, local.streams.video);
  await link.setTrack('screen', media.Sharing?.tx ? local.track('screen') : null, local.streams.screen);
}
