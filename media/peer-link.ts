/**
 * One RTCPeerConnection to one remote endpoint, negotiated with the perfect-negotiation pattern
 * (either side may renegotiate: add video, share a screen, restart ICE). A re-attach makes a new
 * PeerLink (the remote certificate of an existing one cannot change); the local tracks move over.
 * ICE that drops is restarted, again and again with back-off while it stays down, and only while
 * signalling can reach the remote (a restart's offer needs it); then the link gives up (`failed`).
 */
import { createNanoEvents } from 'nanoevents';
import { exponentialBackoff, type IceConfig, type SignalPayload } from '../protocol/index.ts';
import { PEER_CHANNEL_ID, PEER_CHANNEL_LABEL } from './data-channels.ts';
import type { TrackSlot } from './local-media.ts';

export interface PeerLinkOptions {
  remoteEndpointId: string;
  polite: boolean;
  ice: IceConfig;
  /** This side offers first; the other waits for that offer before offering anything itself. */
  initiator: boolean;
  send(payload: SignalPayload): Promise<void>;
  /** Which local candidates to send (tests keep loopback ones only). */
  candidateFilter?: (candidate: RTCIceCandidate) => boolean;
  log(line: string): void;
}

interface PeerLinkEvents {
  state: (state: RTCPeerConnectionState) => void;
  track: (track: MediaStreamTrack, streamId: string) => void;
  untrack: (track: MediaStreamTrack) => void;
  /** ICE did not come back after every restart. */
  failed: () => void;
}

/** A candidate that comes before the remote description waits, up to this many. */
const MAX_QUEUED_CANDIDATES = 64;
/** `disconnected` often heals by itself; restart only if it lasts this long (the polite side a little longer, so restarts rarely cross). */
const DISCONNECTED_GRACE_MS = 1_500;
const POLITE_EXTRA_GRACE_MS = 1_000;
/** After a restart, how long to wait for ICE before the next one; given up after ICE has been down this long with signalling up. */
const RESTART_POLICY = exponentialBackoff({ baseMs: 2_000, maxDelayMs: 8_000, giveUpAfterMs: 60_000 });
/** An offer unanswered this long is stale (its answer was lost): a restart rolls it back first. */
const STALE_OFFER_MS = 3_000;

export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  readonly events = createNanoEvents<PeerLinkEvents>();
  readonly senders = new Map<TrackSlot, RTCRtpSender>();
  /** How many times ICE was restarted (by us) on this link. */
  iceRestarts = 0;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private awaitingOffer: boolean;
  private queue: RTCIceCandidateInit[] = [];
  private chain: Promise<void> = Promise.resolve();
  private restartsInARow = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** The ICE state as last reported, and since when ICE has been down (0: up). */
  private ice: RTCIceConnectionState = 'new';
  private iceDownSince = 0;
  /** Descriptions can reach the remote (both sides' connections to the server are up). */
  private signalling = true;
  /** When our last offer went out, and whether it failed to (it will never be answered). */
  private offeredAt = 0;
  private offerLost = false;
  private closed = false;

  get remoteId(): string {
    return this.opts.remoteEndpointId;
  }

  constructor(private readonly opts: PeerLinkOptions) {
    this.awaitingOffer = !opts.initiator;
    this.pc = new RTCPeerConnection({ iceServers: opts.ice.iceServers, iceTransportPolicy: opts.ice.iceTransportPolicy });
    // Negotiated with a fixed id on both sides: it is in the first offer and needs no in-band open.
    this.channel = this.pc.createDataChannel(PEER_CHANNEL_LABEL, { negotiated: true, id: PEER_CHANNEL_ID });
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && opts.candidateFilter && !opts.candidateFilter(candidate)) return;
      void opts.send({ kind: 'candidate', candidate: candidate ? candidate.toJSON() as SignalPayloadCandidate : null }).catch(() => {});
    };
    this.pc.ontrack = ({ track, streams }) => {
      const stream = streams[0];
      if (stream) stream.onremovetrack = (e) => this.events.emit('untrack', e.track);
      this.events.emit('track', track, stream?.id ?? '');
    };
    this.pc.onconnectionstatechange = () => this.events.emit('state', this.pc.connectionState);
    this.pc.oniceconnectionstatechange = () => this.onIceState();
  }

  /** Puts `track` in the slot: replaced in place when the slot has a sender (no renegotiation), added otherwise; null removes it. */
  async setTrack(slot: TrackSlot, track: MediaStreamTrack | null, stream: MediaStream, keepSender = false): Promise<void> {
    if (this.closed) return;
    const sender = this.senders.get(slot);
    if (sender) {
      if (track || keepSender) return void (await sender.replaceTrack(track));
      this.pc.removeTrack(sender);
      this.senders.delete(slot);
      return;
    }
    if (track) this.senders.set(slot, this.pc.addTrack(track, stream));
  }

  /** A description or candidate from the remote endpoint; handled one at a time, in order. */
  handle(payload: SignalPayload): Promise<void> {
    this.chain = this.chain.then(() => this.apply(payload)).catch((err) => this.opts.log(`signal failed: ${(err as Error)?.message ?? err}`));
    return this.chain;
  }

  /** Asks for new ICE credentials (a network change); the renegotiation follows by itself. */
  restartIce(): void {
    if (this.closed) return;
    this.iceRestarts++;
    this.restartsInARow++;
    this.opts.log(`ice restart ${this.restartsInARow}`);
    this.chain = this.chain.then(async () => {
      // An offer that will never be answered blocks renegotiation: take it back first.
      const stale = this.offerLost || Date.now() - this.offeredAt > STALE_OFFER_MS;
      if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer && stale) await this.pc.setLocalDescription({ type: 'rollback' });
      this.pc.restartIce();
    }).catch((err) => this.opts.log(`ice restart failed: ${(err as Error)?.message ?? err}`));
  }

  /**
   * Whether descriptions can reach the remote now. While they cannot, ICE restarts wait (the link
   * goes on carrying whatever media still flow); once they can, a link whose ICE is down restarts
   * at once, and an offer lost meanwhile is made again.
   */
  setSignalling(up: boolean): void {
    if (this.closed || this.signalling === up) return;
    this.signalling = up;
    this.opts.log(`signalling ${up ? 'up' : 'down'}`);
    if (!up) return;
    if (this.iceDownSince) return this.schedule(0);
    if (this.offerLost && this.pc.signalingState === 'have-local-offer') {
      // Rolled back, the change that needed negotiating raises negotiationneeded again.
      this.chain = this.chain.then(() => this.pc.setLocalDescription({ type: 'rollback' })).catch(() => {});
    }
  }

  /** New ICE servers (fresh TURN credentials) for the restarts to come. */
  setIceServers(ice: IceConfig): void {
    if (this.closed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers: ice.iceServers });
    } catch (err) {
      this.opts.log(`ice servers not updated: ${(err as Error)?.message ?? err}`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.watchdog);
    this.queue = [];
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.onconnectionstatechange = this.pc.oniceconnectionstatechange = null;
    this.channel.onmessage = null;
    this.pc.close();
    this.events.events = {};
  }

  private async offer(): Promise<void> {
    // The side that did not start waits for the first offer: its own tracks ride in that answer.
    if (this.closed || this.awaitingOffer) return;
    try {
      this.makingOffer = true;
      this.offerLost = false;
      this.offeredAt = Date.now();
      await this.pc.setLocalDescription();
      await this.sendDescription();
    } catch (err) {
      this.offerLost = true; // made again when signalling is back (setSignalling) or by the next restart
      this.opts.log(`offer failed: ${(err as Error)?.message ?? err}`);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(payload: SignalPayload): Promise<void> {
    if (this.closed) return;
    if (payload.kind === 'candidate') {
      if (!payload.candidate) return; // end of candidates: nothing to do in current browsers
      if (!this.pc.remoteDescription) {
        if (this.queue.length < MAX_QUEUED_CANDIDATES) this.queue.push(payload.candidate);
        return;
      }
      try {
        await this.pc.addIceCandidate(payload.candidate);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
      return;
    }
    const description = payload.description as RTCSessionDescriptionInit;
    const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.opts.polite && collision;
    if (this.ignoreOffer) return this.opts.log('offer collision: ignored (impolite)');
    this.settingRemoteAnswer = description.type === 'answer';
    await this.pc.setRemoteDescription(description);
    this.settingRemoteAnswer = false;
    for (const c of this.queue.splice(0)) await this.pc.addIceCandidate(c).catch(() => {});
    if (description.type === 'offer') {
      this.awaitingOffer = false;
      await this.pc.setLocalDescription();
      await this.sendDescription();
    }
  }

  private async sendDescription(): Promise<void> {
    const d = this.pc.localDescription;
    if (!d || this.closed) return;
    await this.opts.send({ kind: 'description', description: { type: d.type, sdp: d.sdp } });
  }

  private onIceState(): void {
    this.ice = this.pc.iceConnectionState;
    if (this.ice === 'connected' || this.ice === 'completed') {
      clearTimeout(this.watchdog);
      this.watchdog = undefined;
      this.restartsInARow = 0;
      this.iceDownSince = 0;
      return;
    }
    if (this.ice !== 'disconnected' && this.ice !== 'failed') return;
    if (!this.iceDownSince) this.iceDownSince = Date.now();
    if (this.watchdog === undefined) this.schedule(this.ice === 'failed' ? 0 : DISCONNECTED_GRACE_MS + (this.opts.polite ? POLITE_EXTRA_GRACE_MS : 0));
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.check(), delayMs);
  }

  /** ICE is down: restart it, and look again after the policy's delay (a restart may not connect either). */
  private check(): void {
    this.watchdog = undefined;
    if (this.closed || !this.iceDownSince || this.ice === 'connected' || this.ice === 'completed') return;
    if (!this.signalling) return; // setSignalling(true) comes back here
    const next = RESTART_POLICY({ retryCount: this.restartsInARow, elapsedMs: Date.now() - this.iceDownSince });
    if (next === null) return void this.events.emit('failed');
    this.restartIce();
    this.schedule(next);
  }
}

type SignalPayloadCandidate = Extract<SignalPayload, { kind: 'candidate' }>['candidate'];
