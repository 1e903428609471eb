/**
 * An in-memory stand-in for the server's call signalling, for the media engine's browser tests:
 * `media.attach` replies with the other party's endpoint and tells that party (`media.peer`), a
 * second endpoint of the same party replaces the first (`media.replaced`), signals go to the named
 * endpoint, `media.data` is relayed to the other party, and a dropped connection detaches its
 * endpoints. Everything crosses as JSON, one macrotask later, in order, like frames on a socket.
 */
import type { MediaTransport } from '../../../media/index.ts';
import type { MediaAttachReply, SignalEvent, SignalPayload } from '../../../protocol/index.ts';

type Party = 'agent' | 'customer';
const other = (p: Party): Party => (p === 'agent' ? 'customer' : 'agent');

export class LoopbackServer {
  /** contactId -> party -> attached endpoint and the connection that holds it. */
  private readonly calls = new Map<string, Partial<Record<Party, { endpointId: string; conn: LoopbackTransport }>>>();
  readonly connections = new Set<LoopbackTransport>();
  /** Counts of frames by type, for tests that check what went through the server. */
  readonly counts: Record<string, number> = {};

  constructor(readonly ice: Pick<MediaAttachReply, 'iceServers' | 'iceTransportPolicy'> = { iceServers: [], iceTransportPolicy: 'all' }) {}

  /** A party's connection (a widget tab, the customer's page). */
  connect(party: Party): LoopbackTransport {
    const conn = new LoopbackTransport(this, party);
    this.connections.add(conn);
    return conn;
  }

  /** @internal */
  handle(conn: LoopbackTransport, type: string, frame: Record<string, unknown>): unknown {
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    const contactId = frame.contactId as string;
    const call = this.calls.get(contactId) ?? {};
    this.calls.set(contactId, call);
    const mine = call[conn.party];
    const theirs = call[other(conn.party)];
    switch (type) {
      case 'media.attach': {
        const endpointId = frame.endpointId as string;
        if (mine && mine.endpointId !== endpointId) mine.conn.deliver({ topic: 'media.replaced', data: { contactId, endpointId: mine.endpointId } });
        call[conn.party] = { endpointId, conn };
        theirs?.conn.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId } });
        const reply: MediaAttachReply = { ...this.ice, peer: theirs ? { kind: other(conn.party), endpointId: theirs.endpointId } : null, polite: conn.party === 'customer' };
        return reply;
      }
      case 'media.detach':
        if (mine?.endpointId !== frame.endpointId) return {};
        delete call[conn.party];
        theirs?.conn.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId: null } });
        return {};
      case 'media.signal':
        if (!mine || mine.conn !== conn) throw Object.assign(new Error('attach first'), { name: 'not_suitable_state' });
        if (theirs && theirs.endpointId === frame.to) theirs.conn.deliver({ topic: 'media.signal', data: { contactId, from: mine.endpointId, payload: frame.payload as SignalPayload } });
        return {};
      case 'media.data':
        // A chat contact has no endpoints: data goes to every connection of the other party.
        for (const c of this.connections) {
          if (c.party === other(conn.party)) c.deliver({ topic: 'media.data', data: { contactId, channel: frame.channel as string, topic: frame.topic as string | undefined, data: frame.data, from: { kind: conn.party, id: conn.party } } });
        }
        return {};
      default:
        throw new Error(`unknown frame ${type}`);
    }
  }

  /** The connection dropped (page reload, tab closed): its endpoints are detached. */
  drop(conn: LoopbackTransport): void {
    this.connections.delete(conn);
    for (const [contactId, call] of this.calls) {
      const mine = call[conn.party];
      if (mine?.conn !== conn) continue;
      delete call[conn.party];
      call[other(conn.party)]?.conn.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId: null } });
    }
  }
}

export class LoopbackTransport implements MediaTransport {
  private readonly listeners = new Set<(e: SignalEvent) => void>();
  closed = false;
  /** Frames this connection sent, by type. */
  readonly sent: Record<string, number> = {};

  constructor(
    private readonly server: LoopbackServer,
    readonly party: Party,
  ) {}

  attach(contactId: string, endpointId: string) {
    return this.send<MediaAttachReply>('media.attach', { contactId, endpointId });
  }
  async detach(contactId: string, endpointId: string) {
    await this.send('media.detach', { contactId, endpointId });
  }
  async signal(contactId: string, to: string, payload: SignalPayload) {
    await this.send('media.signal', { contactId, to, payload });
  }
  async relay(contactId: string, channel: string, data: string, topic?: string) {
    await this.send('media.data', { contactId, channel, data: JSON.parse(data), topic });
  }
  on(_event: 'signal', cb: (e: SignalEvent) => void) {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  }

  /** The socket drops: no more frames either way, and the server detaches this connection's endpoints. */
  drop(): void {
    this.closed = true;
    this.server.drop(this);
  }

  /** @internal */
  deliver(e: SignalEvent): void {
    const copy = JSON.parse(JSON.stringify(e)) as SignalEvent;
    setTimeout(() => {
      if (!this.closed) for (const cb of [...this.listeners]) cb(copy);
    }, 0);
  }

  private send<T>(type: string, frame: Record<string, unknown>): Promise<T> {
    this.sent[type] = (this.sent[type] ?? 0) + 1;
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (this.closed) return reject(Object.assign(new Error('not connected'), { name: 'not_connected' }));
        try {
          resolve(JSON.parse(JSON.stringify(this.server.handle(this, type, JSON.parse(JSON.stringify(frame))) ?? {})) as T);
        } catch (err) {
          reject(err);
        }
      }, 0),
    );
  }
}
