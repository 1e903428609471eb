/** Host API: interactions, transfer and chat. */
import { inConversation, type WidgetHostApi } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { TransferRequest } from '../../session/transfer-request.ts';
import { invalid, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  | 'getInteractionsState'
  | 'acceptInteraction'
  | 'rejectInteraction'
  | 'switchActiveInteraction'
  | 'leaveInteraction'
  | 'completeInteraction'
  | 'leaveAndCompleteInteraction'
  | 'blindTransfer'
  | 'startChat'
  | 'inviteToChatConference'
  | 'removeFromChatConference'
  | 'sendChatMessage'
  | 'suggestChatMessage'
>;

export function interactionMethods(session: AgentSession, r: Results): Methods {
  const { store } = session;
  const interaction = (id: string) => store.interactions().find((i) => i.interactionId === id)!;
  const text = (value: unknown) => {
    if (typeof value !== 'string' || !value.trim()) throw invalid('text must be a non-empty string');
    return value;
  };
  return {
    getInteractionsState: () => r.act(() => ({ activeInteractionId: store.activeId, interactions: store.interactions() })),
    acceptInteraction: (id) => r.withInteraction(id, async () => (await session.actions.accept(id), interaction(id))),
    rejectInteraction: (id) => r.withInteraction(id, () => session.actions.decline(id)),
    switchActiveInteraction: (id) =>
      r.withInteraction(id, () => {
        if (store.listOf(id) !== 'assigned') throw invalid(`interaction ${id} is not assigned to this agent`);
        store.setActive(id);
      }),
    leaveInteraction: (id) => r.withInteraction(id, () => session.actions.end(id)),
    completeInteraction: (id) => r.withInteraction(id, () => session.actions.complete(id)),
    leaveAndCompleteInteraction: (id, dispositionId, note) =>
      r.withInteraction(id, async () => {
        if (inConversation(store.contacts.get(id)!.state)) await session.actions.end(id);
        if (dispositionId) await session.actions.setDisposition(id, dispositionId);
        if (note) await session.actions.addNote(id, note);
        await session.actions.complete(id);
      }),
    blindTransfer: (id, destination, message) =>
      r.withInteraction(id, () => {
        const options = { message: typeof message === 'string' ? message : undefined };
        let request: TransferRequest;
        if (destination && 'agentId' in destination) request = { toAgent: destination.agentId, ...options };
        else if (destination && 'skill' in destination) request = { toSkill: destination.skill, ...options };
        else if (destination && 'tags' in destination && Array.isArray(destination.tags)) request = { toTags: destination.tags, ...options };
        else throw invalid('destination must be {agentId}, {skill} or {tags}');
        return session.actions.transfer(id, request);
      }),
    startChat: (customerId) =>
      r.act(async () => {
        if (typeof customerId !== 'string' || !customerId) throw invalid('customerId must be a non-empty string');
        const contact = await session.actions.startChat(customerId);
        return interaction(contact.id);
      }),
    inviteToChatConference: (id, agentId) => r.withInteraction(id, () => session.actions.invite(id, agentId)),
    removeFromChatConference: (id, agentId) => r.withInteraction(id, () => session.actions.removeParticipant(id, agentId)),
    sendChatMessage: (id, message) =>
      r.withInteraction(id, async () => ({ messageId: (await session.actions.send(id, text(message))).id })),
    suggestChatMessage: (id, message) => r.withInteraction(id, () => store.suggest(id, text(message))),
  };
}
