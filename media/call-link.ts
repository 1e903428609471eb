/**
 * The call's link to the remote endpoint: attach/detach, and one PeerLink at a time. A new remote
 * endpoint (the other page reloaded, another tab took over) gets a fresh PeerLink; the same one
 * coming back keeps it. When either side's connection to the server drops, the endpoint stays
 * attached on the server (away) and the PeerLink goes on carrying whatever media still flow; our
 * own connection coming back re-attaches the same endpoint (`rejoin`), and ICE, if it dropped
 * meanwhile, is restarted once signalling can reach the remote again. The remote leaving on purpose
 * closes the PeerLink (the call is parked: local media stay). Routes `media.signal`, `media.peer`
 * and `media.replaced`.
 */
import type { MediaAttachReply, SignalEvent } from '../protocol/index.ts';
import { PeerLink } from './peer-link.ts';
import type { MediaTransport } from './transport.ts';

export interface CallLinkHooks {
  /** A fresh peer connection to `remoteId` (wire its events, put the local tracks on it). */
  linked(link: PeerLink, remoteId: string): void;
  /** The peer connection was closed (parked, replaced, detached, closed). */
  dropped(): void;
  parked(): void;
  replaced(): void;
  /** Signalling to the remote went down or came back (`local`: our own connection). */
  signalling(e: { away: boolean; local: boolean }): void;
  /** Our connection came back and this endpoint is attached again; `kept`: the peer connection went on. */
  reattached(e: { kept: boolean }): void;
}

type Peer = MediaAttachReply['peer'];

export class CallLink {
  link: PeerLink | null = null;
  private reply: MediaAttachReply | null = null;
  /** Our connection to the server is down / the remote's is (its endpoint is away). */
  private localAway = false;
  private remoteAway = false;
  private readonly offConnection: () => void;

  constructor(
    private readonly contactId: string,
    private readonly endpointId: string,
    private readonly transport: MediaTransport,
    private readonly opts: { candidateFilter?: (c: RTCIceCandidate) => boolean; log: (line: string) => void },
    private readonly hooks: CallLinkHooks,
  ) {
    this.offConnection = transport.on('connection', (up) => this.connection(up));
  }

  get attached(): boolean {
    return this.reply !== null;
  }

  /** `media.attach`: with the peer there, this side offers a fresh peer connection to it. */
  async attach(): Promise<MediaAttachReply> {
    const reply = await this.transport.attach(this.contactId, this.endpointId);
    this.reply = reply;
    this.follow(reply.peer);
    return reply;
  }

  async detach(): Promise<void> {
    if (!this.reply) return;
    this.reply = null;
    this.drop();
    await this.transport.detach(this.contactId, this.endpointId);
  }

  /** Detaches without waiting (the contact is closing). */
  close(): void {
    this.offConnection();
    if (this.reply) void this.transport.detach(this.contactId, this.endpointId).catch(() => {});
    this.reply = null;
    this.drop();
  }

  /** A signal event of this contact about endpoints or signalling. */
  signal(e: Exclude<SignalEvent, { topic: 'media.data' }>): void {
    if (!this.reply) return;
    switch (e.topic) {
      case 'media.signal': {
        const { from, payload } = e.data;
        if (this.link?.remoteId === from) return void this.link.handle(payload);
        // An offer from an endpoint we were not told of (its media.peer was missed): it is the peer now.
        if (payload.kind === 'description' && payload.description.type === 'offer') void this.connect(from, false).handle(payload);
        return;
      }
      case 'media.peer': {
        const { endpointId, away } = e.data;
        if (!endpointId) {
          // The remote left on purpose: park.
          this.drop();
          return this.hooks.parked();
        }
        if (this.link?.remoteId === endpointId) return this.setRemoteAway(!!away); // the same endpoint: the link goes on
        // Another endpoint that attached offers a fresh connection; one that is away is waited for.
        if (!away) this.connect(endpointId, false);
        return;
      }
      case 'media.replaced':
        if (e.data.endpointId !== this.endpointId) return;
        return this.replacedHere();
      case 'chat.activity':
        return; // chat typing, not media
      default:
        return assertNeverTopic(e);
    }
  }

  /** Our connection dropped or came back (its session resumed). */
  private connection(up: boolean): void {
    if (!this.reply) return;
    if (!up) {
      if (this.localAway) return;
      this.localAway = true;
      this.updateSignalling();
      return this.hooks.signalling({ away: true, local: true });
    }
    if (this.localAway) void this.rejoin();
  }

  /** Attaches the same endpoint again; the server kept it for us, unless another of our endpoints took the call. */
  private async rejoin(): Promise<void> {
    let reply: MediaAttachReply;
    try {
      reply = await this.transport.attach(this.contactId, this.endpointId, true);
    } catch (err) {
      if ((err as { name?: unknown })?.name === 'not_connected') return; // down again: the next `up` tries again
      this.opts.log(`re-attach refused: ${(err as Error)?.message ?? err}`);
      // The call ended or went to another endpoint of ours meanwhile: this one no longer carries it.
      if (this.reply) this.replacedHere();
      return;
    }
    if (!this.reply) return; // detached or closed meanwhile
    this.reply = reply;
    this.localAway = false;
    this.link?.setIceServers(reply);
    const kept = this.follow(reply.peer);
    this.hooks.signalling({ away: false, local: true });
    this.hooks.reattached({ kept });
  }

  /**
   * Where the remote endpoint is after we (re-)attached: the same as our link's (or none attached):
   * the link goes on; another one: a fresh link, offered by us, or waited for while it is away.
   * Returns whether the link went on.
   */
  private follow(peer: Peer): boolean {
    if (this.link && (!peer || peer.endpointId === this.link.remoteId)) {
      this.setRemoteAway(!peer || !!peer.away);
      return true;
    }
    if (!peer) return false;
    if (peer.away) {
      this.drop();
      return false;
    }
    this.connect(peer.endpointId, true);
    return false;
  }

  private setRemoteAway(away: boolean): void {
    if (this.remoteAway === away) return;
    this.remoteAway = away;
    this.updateSignalling();
    this.hooks.signalling({ away, local: false });
  }

  private updateSignalling(): void {
    this.link?.setSignalling(!this.localAway && !this.remoteAway);
  }

  private replacedHere(): void {
    this.reply = null;
    this.drop();
    this.hooks.replaced();
  }

  private connect(remoteId: string, initiator: boolean): PeerLink {
    this.drop();
    const reply = this.reply!;
    this.remoteAway = false;
    const link = new PeerLink({
      remoteEndpointId: remoteId,
      polite: reply.polite,
      ice: reply,
      initiator,
      send: (payload) => this.transport.signal(this.contactId, remoteId, payload),
      candidateFilter: this.opts.candidateFilter,
      log: this.opts.log,
    });
    this.link = link;
    this.updateSignalling();
    this.hooks.linked(link, remoteId);
    return link;
  }

  private drop(): void {
    if (!this.link) return;
    this.link.close();
    this.link = null;
    this.hooks.dropped();
  }
}

function assertNeverTopic(e: never): void {
  void e; // a topic added to SignalEventMap without a case here fails to compile
}
