/**
 * An in-memory stand-in for the server's call signalling, for the media engine's browser tests:
 * `media.attach` replies with the other party's endpoint and tells that party (`media.peer`), a
 * second endpoint of the same party replaces the first (`media.replaced`), signals go to the named
 * endpoint, `media.data` is relayed to the other party, and a dropped connection leaves its
 * endpoints away (the other party hears `away`) until they rejoin or another endpoint replaces
 * them. Everything crosses as JSON, one macrotask later, in order, like frames on a socket.
 */
import type { MediaTransport } from '../../../media/index.ts';
import type { MediaAttachReply, SignalEvent, SignalPayload } from '../../../protocol/index.ts';

type Party = 'agent' | 'customer';
const other = (p: Party): Party => (p === 'agent' ? 'customer' : 'agent');

export class LoopbackServer {
  /** contactId -> party -> attached endpoint and the connection that holds it (null: away). */
  private readonly calls = new Map<string, Partial<Record<Party, { endpointId: string; conn: LoopbackTransport | null }>>>();
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
        if (frame.rejoin && mine && mine.endpointId !== endpointId) throw Object.assign(new Error('another endpoint took the call'), { name: 'not_suitable_state' });
        if (mine?.conn && mine.endpointId !== endpointId) mine.conn.deliver({ topic: 'media.replaced', data: { contactId, endpointId: mine.endpointId } });
        call[conn.party] = { endpointId, conn };
        theirs?.conn?.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId } });
        const peer = theirs ? { kind: other(conn.party), endpointId: theirs.endpointId, ...(!theirs.conn && { away: true as const }) } : null;
        const reply: MediaAttachReply = { ...this.ice, peer, polite: conn.party === 'customer' };
        return reply;
      }
      case 'media.detach':
        if (mine?.endpointId !== frame.endpointId) return {};
        delete call[conn.party];
        theirs?.conn?.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId: null } });
        return {};
      case 'media.signal':
        if (!mine || mine.conn !== conn) throw Object.assign(new Error('attach first'), { name: 'not_suitable_state' });
        if (theirs && theirs.endpointId === frame.to && !theirs.conn) throw Object.assign(new Error('the other party is reconnecting'), { name: 'not_suitable_state' });
        if (theirs && theirs.endpointId === frame.to) theirs.conn!.deliver({ topic: 'media.signal', data: { contactId, from: mine.endpointId, payload: frame.payload as SignalPayload } });
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

  /** The connection dropped (network loss, page reload, tab closed): its endpoints are away; the other party hears it. */
  drop(conn: LoopbackTransport): void {
    this.connections.delete(conn);
    for (const [contactId, call] of this.calls) {
      const mine = call[conn.party];
      if (mine?.conn !== conn) continue;
      mine.conn = null;
      call[other(conn.party)]?.conn?.deliver({ topic: 'media.peer', data: { contactId, kind: conn.party, endpointId: mine.endpointId, away: true } });
    }
  }
}

export class LoopbackTransport implements MediaTransport {
  private readonly listeners = new Set<(e: SignalEvent) => void>();
  private readonly connectionListeners = new Set<(up: boolean) => void>();
  closed = false;
  /** Frames this connection sent, by type. */
  readonly sent: Record<string, number> = {};

  constructor(
    private readonly server: LoopbackServer,
    readonly party: Party,
  ) {}

  attach(contactId: string, endpointId: string, rejoin?: boolean) {
    return this.send<MediaAttachReply>('media.attach', { contactId, endpointId, ...(rejoin && { rejoin }) });
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
  on(event: 'signal', cb: (e: SignalEvent) => void): () => void;
  on(event: 'connection', cb: (up: boolean) => void): () => void;
  on(event: 'signal' | 'connection', cb: ((e: SignalEvent) => void) | ((up: boolean) => void)) {
    const set = (event === 'signal' ? this.listeners : this.connectionListeners) as Set<typeof cb>;
    set.add(cb);
    return () => void set.delete(cb);
  }

  /** The socket drops: no more frames either way; the server keeps this connection's endpoints away. */
  drop(): void {
    this.closed = true;
    this.server.drop(this);
    setTimeout(() => this.connectionListeners.forEach((cb) => cb(false)), 0);
  }

  /** The connection is back (its session resumed): the media engine rejoins. */
  reconnect(): void {
    this.closed = false;
    this.server.connections.add(this);
    setTimeout(() => this.connectionListeners.forEach((cb) => cb(true)), 0);
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
