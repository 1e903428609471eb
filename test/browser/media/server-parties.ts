/**
 * The two parties of a contact on a real Switchboard server, inside the test page: a customer
 * through the real customer SDK, and an agent's WireConnection logged in as a demo agent.
 *
 * The server takes agent sessions only on sockets from its own origin (the widget's), so the
 * agent's socket is opened by a frame of the server's origin and bridged to the page over a
 * MessagePort: the agent's WireConnection and MediaContact run here, the bytes go out from there.
 */
import { WireConnection, type ContactView, type ServerEvent } from '../../../protocol/index.ts';
import { createChat, type CustomerChat } from '../../../customer/index.ts';
import { MediaContact, wireTransport, type MediaContactOptions } from '../../../media/index.ts';
import { addIframe, eventually, frame, type TestServer } from '../harness.ts';
import { loopbackOnly } from './harness.ts';

const BRIDGE = 'sb-socket-bridge';

/** Runs in the frame of the server's origin: one WebSocket per MessagePort it is given. */
const BRIDGE_SOURCE = `(() => {
  if (window.__sbBridge) return true;
  window.__sbBridge = true;
  window.addEventListener('message', (e) => {
    if (e.data?.type !== ${JSON.stringify(BRIDGE)} || !e.ports[0]) return;
    const port = e.ports[0];
    const ws = new WebSocket(e.data.url);
    ws.onopen = () => port.postMessage({ open: true });
    ws.onmessage = (m) => port.postMessage({ data: String(m.data) });
    ws.onclose = (c) => { port.postMessage({ close: c.code }); port.close(); };
    port.onmessage = (m) => {
      if (m.data === null) ws.close();
      else if (ws.readyState === WebSocket.OPEN) ws.send(m.data);
    };
  });
  return true;
})()`;

/** A WebSocket class whose sockets are opened by `target` (a window of the server's origin). */
function bridgedWebSocket(target: Window, origin: string): typeof WebSocket {
  class BridgedSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readyState = 0;
    onopen: ((e: Event) => void) | null = null;
    onmessage: ((e: MessageEvent) => void) | null = null;
    onclose: ((e: CloseEvent) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    readonly #port: MessagePort;

    constructor(url: string) {
      const channel = new MessageChannel();
      this.#port = channel.port1;
      this.#port.onmessage = ({ data }) => {
        if (data.open) {
          this.readyState = 1;
          this.onopen?.(new Event('open'));
        } else if (typeof data.data === 'string') {
          this.onmessage?.(new MessageEvent('message', { data: data.data }));
        } else if ('close' in data) {
          this.readyState = 3;
          this.#port.close();
          this.onclose?.(new CloseEvent('close', { code: data.close }));
        }
      };
      target.postMessage({ type: BRIDGE, url }, origin, [channel.port2]);
    }

    send(text: string): void {
      if (this.readyState !== 1) throw new DOMException('the socket is not open', 'InvalidStateError');
      this.#port.postMessage(text);
    }

    close(): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      this.#port.postMessage(null);
    }
  }
  return BridgedSocket as unknown as typeof WebSocket;
}

const bridges = new Map<number, Promise<typeof WebSocket>>();

/** A frame of the server's origin with the socket bridge in it (one per server). */
function serverOriginSockets(server: TestServer): Promise<typeof WebSocket> {
  let made = bridges.get(server.id);
  if (!made) {
    made = (async () => {
      const path = `/demo/index.html?bridge=${server.id}`;
      const iframe = await addIframe(`${server.url}${path}`, `bridge-${server.id}`, { width: 200, height: 100 });
      await frame(path).eval(BRIDGE_SOURCE);
      return bridgedWebSocket(iframe.contentWindow!, server.url);
    })();
    bridges.set(server.id, made);
  }
  return made;
}

type EventData<T extends ServerEvent['topic']> = Extract<ServerEvent, { topic: T }>['data'];

export interface AgentParty {
  conn: WireConnection;
  events: ServerEvent[];
  /** The first event, past or future, of `topic` matching `where`. */
  waitFor<T extends ServerEvent['topic']>(topic: T, where?: (data: EventData<T>) => boolean, timeoutMs?: number): Promise<EventData<T>>;
}

/** A demo agent (password = username), logged in and ONLINE, on a socket of the server's origin. */
export async function agentOn(server: TestServer, username: string): Promise<AgentParty> {
  const WebSocketImpl = await serverOriginSockets(server);
  const conn = new WireConnection(`${server.url.replace(/^http/, 'ws')}/ws`, { WebSocketImpl });
  const events: ServerEvent[] = [];
  conn.on('event', (e) => events.push(e));
  await conn.open();
  const login = await conn.request({ type: 'agent.login', username, password: username });
  conn.setSession(login.token, login.seq);
  await conn.request({ type: 'agent.setState', state: 'ONLINE' });
  return {
    conn,
    events,
    async waitFor<T extends ServerEvent['topic']>(topic: T, where: (data: EventData<T>) => boolean = () => true, timeoutMs = 10_000) {
      const found = () => events.find((e) => e.topic === topic && where(e.data as EventData<T>));
      return (await eventually(found, timeoutMs, `${topic} at the agent`)).data as EventData<T>;
    },
  };
}

/** The agent's media contact for `contactId` over its WireConnection (loopback candidates only). */
export const agentMedia = (agent: AgentParty, contactId: string, extra: Partial<MediaContactOptions> = {}) =>
  new MediaContact({ contactId, transport: wireTransport(agent.conn), role: 'agent', candidateFilter: loopbackOnly, requestTimeoutMs: 3_000, ...extra });

/** A customer of the real SDK (nothing kept across reloads). */
export const customerOn = (server: TestServer): CustomerChat => createChat({ server: server.url, storage: null });

/** The agent is offered the customer's contact and accepts it; resolves to the accepted contact. */
export async function acceptOffer(agent: AgentParty, contactId: string): Promise<ContactView> {
  await agent.waitFor('contact.offered', (d) => d.contact.id === contactId);
  return agent.conn.request({ type: 'contact.accept', contactId });
}
