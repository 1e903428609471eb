/**
 * The call's link to the remote endpoint: attach/detach, and one PeerLink at a time, replaced by a
 * fresh one whenever either side (re-)attaches and closed when the remote leaves (the call is
 * parked: local media stay). Routes `media.signal`, `media.peer` and `media.replaced`.
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
}

export class CallLink {
  link: PeerLink | null = null;
  private reply: MediaAttachReply | null = null;

  constructor(
    private readonly contactId: string,
    private readonly endpointId: string,
    private readonly transport: MediaTransport,
    private readonly opts: { candidateFilter?: (c: RTCIceCandidate) => boolean; log: (line: string) => void },
    private readonly hooks: CallLinkHooks,
  ) {}

  get attached(): boolean {
    return this.reply !== null;
  }

  /** `media.attach`; with the peer there, this side offers a fresh peer connection to it. */
  async attach(): Promise<MediaAttachReply> {
    const reply = await this.transport.attach(this.contactId, this.endpointId);
    this.reply = reply;
    if (reply.peer) this.connect(reply.peer.endpointId, true);
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
      case 'media.peer':
        // The remote (re-)attached: it offers a fresh connection; or it left: park.
        if (e.data.endpointId) return void this.connect(e.data.endpointId, false);
        this.drop();
        return this.hooks.parked();
      case 'media.replaced':
        if (e.data.endpointId !== this.endpointId) return;
        this.reply = null;
        this.drop();
        return this.hooks.replaced();
      case 'chat.activity':
        return; // chat typing, not media
      default:
        return assertNeverTopic(e);
    }
  }

  private connect(remoteId: string, initiator: boolean): PeerLink {
    this.drop();
    const reply = this.reply!;
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
