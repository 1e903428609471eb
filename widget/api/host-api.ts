/** The widget's side of the host API: each method answers an OperationResult and never throws. */
import {
  HOST_ERROR_OF_WIRE,
  NOT_READY_REASONS,
  ProtocolError,
  availabilityFor,
  failure,
  hostAgentState,
  success,
  type HostEventName,
  type OperationResult,
  type WidgetHostApi,
} from '../../protocol/index.ts';
import type { AgentSession } from '../session/agent-session.ts';

export function createHostApi(session: AgentSession): WidgetHostApi {
  const { store } = session;
  const agentState = () => hostAgentState(store.agent!, [...store.contacts.values()]);

  /** Runs `fn` for a logged-in agent; server errors become Bright Pattern's error names. */
  async function act<T>(fn: () => Promise<T> | T): Promise<OperationResult<T>> {
    if (session.status !== 'logged_in' || !store.agent) return failure('not_logged_in', 'the agent is not logged in');
    try {
      return success(await fn());
    } catch (err) {
      if (err instanceof ProtocolError) return failure(HOST_ERROR_OF_WIRE[err.name], err.message);
      return failure('unknown_error', (err as Error).message);
    }
  }
  /** The same, for an interaction this agent has. */
  function withInteraction<T>(interactionId: string, fn: () => Promise<T> | T): Promise<OperationResult<T>> {
    if (typeof interactionId !== 'string') return Promise.resolve(failure('invalid_args', 'interactionId must be a string'));
    if (session.status === 'logged_in' && (!store.contacts.has(interactionId) || store.listOf(interactionId) === 'hidden')) {
      return Promise.resolve(failure('no_interaction', `no interaction ${interactionId}`));
    }
    return act(fn);
  }
  const interaction = (id: string) => store.interactions().find((i) => i.interactionId === id)!;

  return {
    getInteractionsState: () => act(() => ({ activeInteractionId: store.activeId, interactions: store.interactions() })),
    getAgentState: () => act(agentState),
    setAgentState: (state, notReadyReason) =>
      act(async () => {
        const availability = availabilityFor(state, notReadyReason);
        if (!availability) throw new ProtocolError('invalid_args', `cannot set ${state}${notReadyReason ? ` (${notReadyReason})` : ''}`);
        await session.setAgentState(availability);
        return agentState();
      }),
    getAgentNotReadyReasons: () => act(() => Object.keys(NOT_READY_REASONS)),
    acceptInteraction: (id) => withInteraction(id, async () => (await session.accept(id), interaction(id))),
    rejectInteraction: (id) => withInteraction(id, () => session.decline(id)),
    completeInteraction: (id) => withInteraction(id, () => session.complete(id)),
    setDisposition: (id, dispositionId) => withInteraction(id, async () => (await session.setDisposition(id, dispositionId), interaction(id))),
    addNote: (id, note) => withInteraction(id, () => session.addNote(id, note)),
    getDispositionsList: () => act(() => store.dispositions),
    getTeamMembers: () => act(() => session.teamMembers()),
    async subscribe(listener) {
      const forward = (name: HostEventName, data: unknown) => {
        Promise.resolve(listener(name, data)).catch(() => offs.forEach((off) => off())); // host gone: stop forwarding
      };
      let lastState = '';
      const offs = [
        store.events.on('host', forward),
        store.events.on('change', () => {
          if (session.status !== 'logged_in' || !store.agent) return;
          const state = agentState();
          const key = JSON.stringify(state);
          if (key !== lastState) forward('ON_AGENT_STATE_CHANGE', state);
          lastState = key;
        }),
        session.events.on('status', (status) => {
          if (status === 'logged_in' && store.agent) forward('ON_LOGIN', { agentId: store.agent.id, name: store.agent.name });
          if (status === 'logged_out') forward('ON_LOGOUT', {});
        }),
      ];
    },
  };
}
