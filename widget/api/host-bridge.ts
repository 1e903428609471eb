/** Answers host pages on the allowlist: handshake, then the host API over Comlink on a private port. */
import { expose } from 'comlink';
import {
  HOST_PROTOCOL_VERSION,
  failure,
  success,
  type HostEventName,
  type HostHello,
  type WidgetHelloReply,
  type WidgetHostApi,
} from '../../protocol/index.ts';
import type { AgentSession } from '../session/agent-session.ts';
import { interactionData } from './interaction-data.ts';

export function createHostApi(session: AgentSession): WidgetHostApi {
  const { store } = session;
  return {
    async getInteractionsState() {
      if (session.status !== 'logged_in') return failure('not_logged_in', 'the agent is not logged in');
      const now = Date.now();
      return success({
        activeInteractionId: store.activeId,
        interactions: [...store.contacts.values()].map((c) => interactionData(c, now)),
      });
    },
    async subscribe(listener) {
      const forward = (name: HostEventName, data: unknown) => {
        Promise.resolve(listener(name, data)).catch(() => offs.forEach((off) => off())); // host gone: stop forwarding
      };
      const offs = [
        store.events.on('host', forward),
        session.events.on('status', (status) => {
          if (status === 'logged_in' && store.agent) forward('ON_LOGIN', { agentId: store.agent.id, name: store.agent.name });
          if (status === 'logged_out') forward('ON_LOGOUT', {});
        }),
      ];
    },
  };
}

const isHello = (data: unknown): data is HostHello => typeof (data as HostHello | null)?.sbHello === 'number';

/** Listens for host handshakes; `allowedOrigins` resolves once the server told us the allowlist. */
export function listenForHosts(api: WidgetHostApi, allowedOrigins: Promise<readonly string[]>, log = console.warn): void {
  addEventListener('message', async (event) => {
    if (!isHello(event.data) || !event.ports[0]) return;
    const port = event.ports[0];
    if (!(await allowedOrigins).includes(event.origin)) {
      log(`switchboard: refused host ${event.origin}: not on the allowlist`);
      return;
    }
    const reply: WidgetHelloReply =
      event.data.sbHello === HOST_PROTOCOL_VERSION
        ? { sbReady: HOST_PROTOCOL_VERSION }
        : { sbRefused: `host speaks version ${event.data.sbHello}, widget ${HOST_PROTOCOL_VERSION}`, version: HOST_PROTOCOL_VERSION };
    if ('sbReady' in reply) expose(api, port);
    port.postMessage(reply);
  });
}
