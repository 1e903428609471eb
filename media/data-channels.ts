/**
 * Seed 000's data channels. Every named channel rides on one negotiated RTCDataChannel of the
 * current peer connection (a `{c, t, d}` envelope, so adding a channel never renegotiates and a
 * fresh peer connection after a re-attach carries them all again), and falls back to the server
 * relay (`media.data`) when there is no open peer channel or the channel's type is `sio`.
 * Channels named `sb.*` are the engine's own (RPC, capabilities, media announcements).
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import { MAX_RELAYED_DATA_CHARS } from '../protocol/index.ts';
import { MediaError, invalidArgs } from './errors.ts';
import type { MediaTransport } from './transport.ts';

/** `sio`: always through the server; `auto`: peer to peer when a peer connection is open. */
export type DataChannelType = 'auto' | 'sio';
export interface DataMessage {
  channel: string;
  topic?: string;
  data: unknown;
}

/** The label and SCTP id both ends use for the negotiated channel (no in-band open, no glare). */
export const PEER_CHANNEL_LABEL = 'switchboard';
export const PEER_CHANNEL_ID = 0;
export const ENGINE_CHANNEL_PREFIX = 'sb.';
const MAX_CHANNELS = 64;
const MAX_CHANNEL_CHARS = 64;
const MAX_TOPIC_CHARS = 64;
/** One message on the peer channel (Chromium's SCTP takes 256 KiB; we keep to a quarter). */
const MAX_PEER_MESSAGE_CHARS = 64 * 1024;
/** Past this much unsent data on the peer channel a send fails instead of queueing more. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface ChannelEvents {
  data: (message: { topic?: string; data: unknown }) => void;
}

/**
 * A named data channel: `send(data, topic)`, `on('data', cb)`. Its type is set by the first local
 * `getDataChannel(id, type)` (or `sendData`); one the remote opened travels `auto` until then.
 */
export class MediaDataChannel {
  readonly #events = createNanoEvents<ChannelEvents>();
  #type: DataChannelType;
  #claimed: boolean;
  constructor(
    readonly id: string,
    type: DataChannelType,
    private readonly hub: ChannelHub,
    claimed = true,
  ) {
    this.#type = type;
    this.#claimed = claimed;
  }
  get type(): DataChannelType {
    return this.#type;
  }
  /** @internal The local side asks for this channel: the first ask fixes its type. */
  claim(type: DataChannelType): this {
    if (!this.#claimed) {
      this.#claimed = true;
      this.#type = type;
    }
    return this;
  }
  /** How the next message would travel: `webrtc` (peer to peer) or `sio` (the server relay). */
  get via(): 'webrtc' | 'sio' {
    return this.type !== 'sio' && this.hub.peerOpen ? 'webrtc' : 'sio';
  }
  /** Sends JSON-serialisable data; resolves once handed to the peer channel or accepted by the server. */
  send(data: unknown, topic?: string): Promise<void> {
    return this.hub.sendOn(this, data, topic);
  }
  on<E extends keyof ChannelEvents>(event: E, cb: ChannelEvents[E]): Unsubscribe {
    return this.#events.on(event, cb);
  }
  /** @internal */
  deliver(topic: string | undefined, data: unknown): void {
    this.#events.emit('data', topic === undefined ? { data } : { topic, data });
  }
}

interface HubEvents {
  data: (message: DataMessage) => void;
  datachannel: (channel: MediaDataChannel) => void;
  /** A message on an engine channel (`sb.*`). */
  engine: (message: DataMessage) => void;
}

export class ChannelHub {
  readonly events = createNanoEvents<HubEvents>();
  private readonly channels = new Map<string, MediaDataChannel>();
  private peer: RTCDataChannel | null = null;

  constructor(
    private readonly contactId: string,
    private readonly transport: MediaTransport,
  ) {}

  get peerOpen(): boolean {
    return this.peer?.readyState === 'open';
  }

  /** The negotiated channel of a new peer connection (null: none, e.g. parked). */
  bindPeer(channel: RTCDataChannel | null): void {
    if (this.peer) this.peer.onmessage = null;
    this.peer = channel;
    if (channel) channel.onmessage = (e) => this.receivePeer(e.data);
  }

  /** The channel with this id, created (and announced by `datachannel`) the first time. */
  get(id: string, type: DataChannelType = 'auto'): MediaDataChannel {
    if (typeof id !== 'string' || !id || id.length > MAX_CHANNEL_CHARS) throw invalidArgs(`a channel id is 1 to ${MAX_CHANNEL_CHARS} characters`);
    if (id.startsWith(ENGINE_CHANNEL_PREFIX)) throw invalidArgs(`channel ids starting with "${ENGINE_CHANNEL_PREFIX}" are the engine's`);
    return this.channels.get(id)?.claim(type) ?? this.channelFor(id, type, true);
  }

  async sendOn(channel: MediaDataChannel, data: unknown, topic?: string): Promise<void> {
    await this.send(channel.id, data, topic, channel.type);
  }

  /** Sends on a channel by name (engine channels included); see MediaDataChannel.send. */
  async send(channel: string, data: unknown, topic: string | undefined, type: DataChannelType): Promise<void> {
    if (topic !== undefined && (typeof topic !== 'string' || topic.length > MAX_TOPIC_CHARS)) throw invalidArgs(`a topic is at most ${MAX_TOPIC_CHARS} characters`);
    const json = JSON.stringify(data === undefined ? null : data);
    if (type !== 'sio' && this.peer && this.peer.readyState === 'open') {
      const envelope = JSON.stringify(topic === undefined ? { c: channel, d: data ?? null } : { c: channel, t: topic, d: data ?? null });
      if (envelope.length > MAX_PEER_MESSAGE_CHARS) throw invalidArgs(`data is over ${MAX_PEER_MESSAGE_CHARS} characters of JSON`);
      if (this.peer.bufferedAmount > MAX_BUFFERED_BYTES) throw new MediaError('too_many', 'the peer data channel is backed up');
      this.peer.send(envelope);
      return;
    }
    if (json.length > MAX_RELAYED_DATA_CHARS) throw invalidArgs(`data is over ${MAX_RELAYED_DATA_CHARS} characters of JSON (relayed)`);
    await this.transport.relay(this.contactId, channel, json, topic);
  }

  /**
   * A `media.data` event relayed by the server: `data` is the value, parsed by the server from the
   * JSON text we sent (a string stays a string: parsing it again would drop 'text' and turn '42' into 42).
   */
  receiveRelay(channel: string, topic: string | undefined, data: unknown): void {
    if (typeof channel !== 'string' || (topic !== undefined && typeof topic !== 'string')) return;
    this.dispatch(channel, topic, data === undefined ? null : data);
  }

  close(): void {
    this.bindPeer(null);
    this.channels.clear();
    this.events.events = {};
  }

  private receivePeer(raw: unknown): void {
    if (typeof raw !== 'string' || raw.length > MAX_PEER_MESSAGE_CHARS) return;
    let msg: { c?: unknown; t?: unknown; d?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof msg?.c !== 'string') return;
    this.dispatch(msg.c, typeof msg.t === 'string' ? msg.t : undefined, msg.d);
  }

  private dispatch(channel: string, topic: string | undefined, data: unknown): void {
    if (!channel || channel.length > MAX_CHANNEL_CHARS) return;
    const message: DataMessage = topic === undefined ? { channel, data } : { channel, topic, data };
    if (channel.startsWith(ENGINE_CHANNEL_PREFIX)) return void this.events.emit('engine', message);
    // A channel the remote opened is created here too (seed 000's `datachannel`), within the bound.
    const ch = this.channels.get(channel) ?? (this.channels.size < MAX_CHANNELS ? this.channelFor(channel, 'auto', false) : null);
    ch?.deliver(topic, data);
    this.events.emit('data', message);
  }

  private channelFor(id: string, type: DataChannelType, claimed: boolean): MediaDataChannel {
    if (this.channels.size >= MAX_CHANNELS) throw new MediaError('too_many', `at most ${MAX_CHANNELS} data channels`);
    const ch = new MediaDataChannel(id, type, this, claimed);
    this.channels.set(id, ch);
    this.events.emit('datachannel', ch);
    return ch;
  }
}
