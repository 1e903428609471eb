/**
 * A three-party call as a star around the agent's widget: the customer's call and the
 * consultation with a colleague stay two peer connections, and the widget sends each of them the
 * agent's microphone mixed with the other's audio (WebAudio). The customer's side never changes
 * (one peer, as in any call) and no media server is needed; the agent's uplink carries two streams.
 */
import type { CallMedia } from './call-media.ts';

export class ConferenceMix {
  private readonly context = new AudioContext();

  constructor(
    private readonly customer: CallMedia,
    private readonly colleague: CallMedia,
  ) {}

  /** Each side hears the agent and the other side. */
  async start(): Promise<void> {
    await this.context.resume().catch(() => {});
    for (const [self, other] of [
      [this.customer, this.colleague],
      [this.colleague, this.customer],
    ] as const) {
      const out = this.context.createMediaStreamDestination();
      for (const stream of [self.contact.localStream, other.contact.remoteStream]) {
        if (stream.getAudioTracks().length) this.context.createMediaStreamSource(stream).connect(out);
      }
      await self.contact.setOutgoingAudio(out.stream.getAudioTracks()[0]);
    }
  }

  /** Back to two separate calls: each sends the microphone alone. */
  async stop(): Promise<void> {
    await Promise.all([this.customer, this.colleague].map((m) => m.contact.setOutgoingAudio(null).catch(() => {})));
    await this.context.close().catch(() => {});
  }
}
