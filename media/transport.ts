/**
 * What the media engine needs from the server, and nothing more: it mirrors the call frames
 * (`media.attach`, `media.detach`, `media.signal`, `media.data`) and the unstored signal events.
 * The widget and the customer SDK implement it over their WireConnection; tests use an in-memory one.
 */
import type { MediaAttachReply, SignalEvent, SignalPayload } from '../protocol/index.ts';

export interface MediaTransport {
  /**
   * `media.attach`: this endpoint carries the party's media; the reply names the peer endpoint and
   * ICE config. `rejoin`: the same endpoint again after its connection came back.
   */
  attach(contactId: string, endpointId: string, rejoin?: boolean): Promise<MediaAttachReply>;
  /** `media.detach`: this endpoint leaves (the other side is told its peer is gone). */
  detach(contactId: string, endpointId: string): Promise<void>;
  /** `media.signal`: a description or candidate for the peer endpoint `to`. */
  signal(contactId: string, to: string, payload: SignalPayload): Promise<void>;
  /** `media.data`: JSON text for the other party, relayed by the server. */
  relay(contactId: string, channel: string, data: string, topic?: string): Promise<void>;
  /** Signal events of every contact (`media.signal`, `media.peer`, `media.data`, `media.replaced`); returns an unsubscribe. */
  on(event: 'signal', cb: (e: SignalEvent) => void): () => void;
  /** The connection to the server dropped (false) or is back, its session resumed (true); returns an unsubscribe. */
  on(event: 'connection', cb: (up: boolean) => void): () => void;
}

export type { MediaAttachReply, SignalEvent, SignalPayload };
