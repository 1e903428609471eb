/**
 * Seed 000's contact API that does not need a call: media state and transitions, capabilities,
 * data channels and RPC, and the contact's events. MediaContact adds the call (devices, peer
 * connection) by supplying what a transition does to the devices and what is announced.
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import { cloneMedia, diffMedia, mergeMedia } from '../../protocol/index.ts';
import type { MediaOffer, MediaState, MediaStateDiff, MediaStatePatch, MediaTransitionState } from '../../protocol/index.ts';
import type { MediaTransport } from '../transport.ts';
import { Capabilities, type MediaCapabilities, type MediaEngine } from '../capabilities.ts';
import { ChannelHub, type DataChannelType, type DataMessage, type MediaDataChannel } from '../data-channels.ts';
import { invalidArgs, invalidState } from '../errors.ts';
import { MediaNegotiation, type TransitOptions } from '../media-negotiation.ts';
import { RpcEndpoint, type RpcHandler, type RpcWire } from '../rpc.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, RPC_CHANNEL, isContactEvent, type MediaContactEvents, type MediaContactOptions } from './types.ts';

export abstract class SeedContact {
  readonly contactId: string;
  readonly role: 'agent' | 'customer';
  protected readonly events = createNanoEvents<MediaContactEvents>();
  protected readonly transport: MediaTransport;
  protected readonly hub: ChannelHub;
  protected readonly rpc: RpcEndpoint;
  protected readonly neg: MediaNegotiation;
  protected readonly log: (line: string) => void;
  readonly #caps: Capabilities;
  #closed = false;

  constructor(opts: MediaContactOptions) {
    if (!opts?.contactId || !opts.transport || (opts.role !== 'agent' && opts.role !== 'customer')) throw invalidArgs('a media contact needs contactId, transport and role');
    this.contactId = opts.contactId;
    this.role = opts.role;
    this.transport = opts.transport;
    this.log = opts.log ?? (() => {});
    this.hub = new ChannelHub(this.contactId, this.transport);
    this.hub.events.on('data', (m) => this.events.emit('data', m));
    this.hub.events.on('datachannel', (c) => this.events.emit('datachannel', c));
    this.hub.events.on('engine', (m) => this.engineMessage(m));
    this.rpc = new RpcEndpoint((msg) => this.hub.send(RPC_CHANNEL, msg, undefined, 'auto'));
    this.#caps = new Capabilities(this.rpc, (name, caps) => this.events.emit(name, caps), opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.neg = new MediaNegotiation(this.rpc, {
      apply: (next, prev, o) => this.applyMedia(next, prev, o),
      announce: () => this.announce(),
      mediaoffer: (offer, cb) => {
        if (!this.events.events.mediaoffer?.length) return false;
        this.events.emit('mediaoffer', offer, cb);
        return true;
      },
      mediachange: (media, diff) => this.events.emit('mediachange', media, diff),
      mediastate: (to, from) => this.events.emit('mediastate', to, from),
      log: this.log,
    });
    void this.#caps.register({ id: 'WebRTC', capabilities: { audio: true, video: true, sharing: true, dtmf: true, dataChannels: true } });
  }

  /** Makes a transition's media real (devices, tracks); returns the media reached. */
  protected abstract applyMedia(next: MediaState, prev: MediaState, opts: TransitOptions): Promise<MediaState>;
  /** Tells the remote our media. */
  protected abstract announce(): Promise<void>;
  /** A message of one of the engine's own channels other than RPC. */
  protected abstract engineChannel(channel: string, data: Record<string, unknown>): void;

  /**
   * Subscribes to one of the contact's events (MediaContactEvents); any other name registers the
   * handler of that RPC request type, as seed 000 does (`contact.on('PrintDocument', (data, cb) => ...)`).
   * Use `handle()` for a request type that is also an event name.
   */
  on<E extends keyof MediaContactEvents>(event: E, cb: MediaContactEvents[E]): Unsubscribe;
  on(requestType: string, handler: RpcHandler): Unsubscribe;
  on(name: string, cb: (...args: never[]) => unknown): Unsubscribe {
    if (typeof cb !== 'function') throw invalidArgs('on() takes a function');
    if (isContactEvent(name)) return this.events.on(name, cb as never);
    return this.handle(name, cb as unknown as RpcHandler);
  }

  /** Registers the handler of the RPC request type `type`, whatever its name; returns the unsubscribe. */
  handle(type: string, handler: RpcHandler): Unsubscribe {
    if (typeof type !== 'string' || !type || typeof handler !== 'function') throw invalidArgs('handle(type, handler) takes a request type and a function');
    return this.rpc.handle(type, handler);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Releases what this part holds: pending requests fail, listeners go. Returns false when closed already. */
  protected closeSeed(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    this.rpc.close(invalidState('the contact is closed'));
    this.hub.close();
    return true;
  }

  // --- media state ---------------------------------------------------------------------------------

  get mediaState(): MediaTransitionState {
    return this.neg.mediaState;
  }
  getMediaState(): MediaTransitionState {
    return this.neg.mediaState;
  }
  /** The media of every medium; `clone` leaves out native objects (streams). */
  async getMedia(clone = false): Promise<MediaState> {
    return this.neg.getMedia(clone);
  }
  async getMediaOffer(): Promise<MediaOffer> {
    return this.neg.getMediaOffer();
  }
  /** Sends an offer, waits for the remote's answer and transits to it; only in state idle. */
  offerMedia(offer: MediaOffer): Promise<MediaStatePatch> {
    return this.guard(() => this.neg.offerMedia(offer));
  }
  /** Transits to the complete state `next`; `wasOffered` answers the remote's waiting offer, `restore` is best effort. */
  transitMedia(current: MediaState, next: MediaState, opts?: TransitOptions): Promise<MediaState> {
    return this.guard(() => this.neg.transitMedia(current, next, opts));
  }
  mergeAndTransitMedia(media: MediaStatePatch, opts?: TransitOptions): Promise<MediaState> {
    return this.guard(() => this.neg.mergeAndTransitMedia(media, opts));
  }
  /** The current media with `patch` applied (nothing changes). */
  async mergeMedia(patch: MediaStatePatch): Promise<MediaState> {
    return mergeMedia(this.neg.getMedia(false), patch);
  }
  diffMedia(oldMedia: MediaState, newMedia: MediaState): MediaStateDiff {
    return diffMedia(oldMedia, newMedia);
  }
  cloneMedia(media: MediaState, includeData: boolean): MediaState {
    return cloneMedia(media, includeData);
  }

  // --- capabilities ----------------------------------------------------------------------------------

  setLocalCapability(path: string, value: unknown): Promise<MediaCapabilities> {
    return this.guard(() => this.#caps.set(path, value));
  }
  setLocalCapabilities(caps: MediaCapabilities): Promise<MediaCapabilities> {
    return this.guard(() => this.#caps.setAll(caps));
  }
  async getLocalCapabilities(): Promise<MediaCapabilities> {
    return this.#caps.getLocal();
  }
  getRemoteCapabilities(): Promise<MediaCapabilities> {
    return this.guard(() => this.#caps.getRemote());
  }
  updateRemoteCapabilities(): Promise<MediaCapabilities> {
    return this.guard(() => this.#caps.updateRemote());
  }
  registerMediaEngine(engine: MediaEngine): Promise<MediaCapabilities> {
    return this.guard(() => this.#caps.register(engine));
  }
  getMediaEngine(id: string): MediaEngine | undefined {
    return this.#caps.engine(id);
  }

  // --- data channels and RPC -------------------------------------------------------------------------

  /** The data channel `id` (created on first use); `sio` keeps it on the server relay. */
  async getDataChannel(id: string, type: DataChannelType = 'auto'): Promise<MediaDataChannel> {
    this.open();
    return this.hub.get(id, type);
  }
  async sendData(channel: string, data: unknown, topic?: string, type: DataChannelType = 'auto'): Promise<void> {
    this.open();
    await this.hub.get(channel, type).send(data, topic);
  }
  /** Asks the remote's handler of `type`; rejects `timeout` after `retries` more attempts, `not_supported` without a handler. */
  request(type: string, data?: unknown, timeout?: number, retries?: number): Promise<unknown> {
    return this.guard(() => this.rpc.request(type, data, timeout, retries));
  }

  // --- inside ------------------------------------------------------------------------------------------

  protected open(): void {
    if (this.#closed) throw invalidState('the contact is closed');
  }

  protected async guard<T>(work: () => Promise<T>): Promise<T> {
    this.open();
    return work();
  }

  private engineMessage({ channel, data }: DataMessage): void {
    const d = data as Record<string, unknown> | null;
    if (!d || typeof d !== 'object') return;
    if (channel === RPC_CHANNEL) return this.rpc.receive(d as RpcWire);
    this.engineChannel(channel, d);
  }
}
