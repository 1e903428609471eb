/** Host API: session and agent state. */
import {
  invalidArgs,
  NOT_READY_REASONS,
  availabilityFor,
  hostAgentState,
  notSuitableState,
  serverError,
  type WidgetHostApi,
} from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { HostEvents } from './host-events.ts';
import { loginState } from './login-state.ts';
import type { Results } from './results.ts';

type Methods = Pick<WidgetHostApi, 'getLoginState' | 'login' | 'openLogin' | 'logout' | 'getAgentState' | 'setAgentState' | 'getAgentNotReadyReasons'>;

export function sessionMethods(session: AgentSession, r: Results, events: HostEvents, openLogin: () => void): Methods {
  const { store } = session;
  return {
    getLoginState: () => r.run(() => loginState(session)),
    login: (loginData, force) =>
      r.run(async () => {
        if (typeof loginData?.username !== 'string' || typeof loginData?.password !== 'string') throw invalidArgs('loginData needs a username and a password');
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
        if (!availability) throw invalidArgs(`cannot set ${state}${notReadyReason ? ` (${notReadyReason})` : ''}: ready, or not_ready with one of ${Object.keys(NOT_READY_REASONS).join(', ')}`);
        await session.actions.setAgentState(availability);
      }),
    getAgentNotReadyReasons: () => r.act(() => Object.keys(NOT_READY_REASONS)),
  };
}
