/** Host API: session and agent state. */
import { NOT_READY_REASONS, availabilityFor, hostAgentState, notSuitableState, type WidgetHostApi } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { invalid, type Results } from './results.ts';

type Methods = Pick<WidgetHostApi, 'getLoginState' | 'login' | 'logout' | 'getAgentState' | 'setAgentState' | 'getAgentNotReadyReasons'>;

export function sessionMethods(session: AgentSession, r: Results): Methods {
  const { store } = session;
  const loginState = () => (session.status === 'logged_in' && store.agent ? { loggedIn: true, agentId: store.agent.id, name: store.agent.name } : { loggedIn: false });
  const agentState = () => hostAgentState(store.agent!, [...store.contacts.values()]);
  return {
    getLoginState: () => r.run(loginState),
    login: (credentials, force) =>
      r.run(async () => {
        if (typeof credentials?.username !== 'string' || typeof credentials?.password !== 'string') throw invalid('credentials need a username and a password');
        if (session.status === 'logged_in') {
          if (!force) throw notSuitableState(`${store.agent?.name} is logged in here: pass force to replace`);
          await session.link.logout();
        }
        await session.link.login(credentials.username, credentials.password);
        return loginState();
      }),
    logout: () => r.act(() => session.link.logout()),
    getAgentState: () => r.act(agentState),
    setAgentState: (state, notReadyReason) =>
      r.act(async () => {
        const availability = availabilityFor(state, notReadyReason);
        if (!availability) throw invalid(`cannot set ${state}${notReadyReason ? ` (${notReadyReason})` : ''}`);
        await session.actions.setAgentState(availability);
        return agentState();
      }),
    getAgentNotReadyReasons: () => r.act(() => Object.keys(NOT_READY_REASONS)),
  };
}
