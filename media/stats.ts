/** Audio counters of a peer connection from getStats: what tests, the bench and a call-quality view read. */
export interface AudioStats {
  /** Bytes of audio RTP received / sent (all audio streams of the connection). */
  inboundBytes: number;
  outboundBytes: number;
  packetsReceived: number;
  packetsSent: number;
  /** Level (0..1) of the audio last received, and its total energy so far (grows only while sound arrives). */
  inboundAudioLevel: number;
  inboundAudioEnergy: number;
  /** Level and energy of the local source being sent (0 while muted). */
  outboundAudioLevel: number;
  outboundAudioEnergy: number;
}

export const EMPTY_AUDIO_STATS: Readonly<AudioStats> = {
  inboundBytes: 0,
  outboundBytes: 0,
  packetsReceived: 0,
  packetsSent: 0,
  inboundAudioLevel: 0,
  inboundAudioEnergy: 0,
  outboundAudioLevel: 0,
  outboundAudioEnergy: 0,
};

export async function audioStats(pc: RTCPeerConnection | null): Promise<AudioStats> {
  const out = { ...EMPTY_AUDIO_STATS };
  if (!pc || pc.connectionState === 'closed') return out;
  const report = await pc.getStats();
  report.forEach((s: Record<string, unknown>) => {
    if (s.kind !== 'audio') return;
    const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
    if (s.type === 'inbound-rtp') {
      out.inboundBytes += n('bytesReceived');
      out.packetsReceived += n('packetsReceived');
      out.inboundAudioLevel = Math.max(out.inboundAudioLevel, n('audioLevel'));
      out.inboundAudioEnergy += n('totalAudioEnergy');
    } else if (s.type === 'outbound-rtp') {
      out.outboundBytes += n('bytesSent');
      out.packetsSent += n('packetsSent');
    } else if (s.type === 'media-source') {
      out.outboundAudioLevel = Math.max(out.outboundAudioLevel, n('audioLevel'));
      out.outboundAudioEnergy += n('totalAudioEnergy');
    }
  });
  return out;
}
