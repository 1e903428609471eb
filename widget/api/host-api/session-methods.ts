/** Host API: session and agent state. */
import {
  NOT_READY_REASONS,
  availabilityFor,
  hostAgentState,
  notSuitableState,
  serverError,
  type LoginStateData,
  type WidgetHostApi,
} from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { HostEvents } from './host-events.ts';
import { invalid, type Results } from './results.ts';

type Methods = Pick<WidgetHostApi, 'getLoginState' | 'login' | 'openLogin' | 'logout' | 'getAgentState' | 'setAgentState' | 'getAgentNotReadyReasons'>;

/** A public name of the session (never its token): the host may log it, show it, compare it. */
async function sessionId(token: string): Promise<string> {
  const text = `switchboard-session-id:${token}`;
  let bytes: Uint8Array;
  if (crypto.subtle) bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  else {
    // Not a secure context (plain http off loopback): three FNV-1a rounds are name enough.
    bytes = new Uint8Array(12);
    for (let round = 0; round < 3; round++) {
      let h = 0x811c9dc5 ^ round;
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      new DataView(bytes.buffer).setUint32(round * 4, h >>> 0);
    }
  }
  return [...bytes.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function loginState(session: AgentSession): Promise<LoginStateData> {
  const { agent } = session.store;
  const token = session.link.conn.token;
  if (session.status !== 'logged_in' || !agent || !token) return { isLoggedIn: false };
  return { isLoggedIn: true, agentId: agent.id, username: agent.username, sessionId: await sessionId(token) };
}

export function sessionMethods(session: AgentSession, r: Results, events: HostEvents, openLogin: () => void): Methods {
  const { store } = session;
  return {
    getLoginState: () => r.run(() => loginState(session)),
    login: (loginData, force) =>
      r.run(async () => {
        if (typeof loginData?.username !== 'string' || typeof loginData?.password !== 'string') throw invalid('loginData needs a username and a password');
        if (session.status === 'logged_in') {
          if (!force) {
            const message = `${store.agent?.username} is logged in in this widget: pass force to replace the session`;
            events.notify('ON_SERVER_ERROR', serverError('already_logged_in_with_the_same_session', message));
            throw notSuitableState(message);
          }
          await session.link.logout();
        }
        // A refusal is also an ON_SERVER_ERROR (host-event-wiring.ts): user_already_logged_in (108) is the cue to log in with force.
        await session.link.login(loginData.username, loginData.password, force === true);
      }),
    openLogin: () =>
      r.run(() => {
        if (session.status === 'logged_in') throw notSuitableState(`${store.agent?.username} is already logged in`);
        openLogin();
      }),
    logout: () => r.act(() => session.link.logout()),
    getAgentState: () => r.act(() => hostAgentState(store.agent!, [...store.contacts.values()])),
    setAgentState: (state, notReadyReason) =>
      r.act(async () => {
        const availability = availabilityFor(state, notReadyReason);
        if (!availability) throw invalid(`cannot set ${state}${notReadyReason ? ` (${notReadyReason})` : ''}: ready, or not_ready with one of ${Object.keys(NOT_READY_REASONS).join(', ')}`);
        await session.actions.setAgentState(availability);
      }),
    getAgentNotReadyReasons: () => r.act(() => Object.keys(NOT_READY_REASONS)),
  };
}
