/** Host API: interactions, transfer, chat conference and chat (requestCustomer, which needs the media engine, is in call-methods.ts). */
import { invalidArgs, inConversation, notSuitableState, type CustomTransferData, type WidgetHostApi } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { findAgent, transferDestination } from './destinations.ts';
import { dispositionId } from './directory-methods.ts';
import { HostFailure, str, type Results } from './results.ts';

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
  | 'inviteToChatConference'
  | 'removeFromChatConference'
  | 'sendChatMessage'
  | 'suggestChatMessage'
>;

/** Data a transfer carries: flat values only, as Bright Pattern's CustomTransferData. */
export function transferData(value: unknown): CustomTransferData | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidArgs('customTransferData must be an object');
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && v !== undefined && !['string', 'number', 'boolean'].includes(typeof v)) throw invalidArgs(`customTransferData.${key} must be a string, number or boolean`);
  }
  return value as CustomTransferData;
}

/** `calls`: a contact with a call in progress is transferred by the call controller (its media goes along). */
export function interactionMethods(session: AgentSession, r: Results, calls: CallController | null): Methods {
  const { store } = session;
  const text = (value: unknown) => {
    if (typeof value !== 'string' || !value.trim()) throw invalidArgs('message must be a non-empty string');
    return value;
  };
  const offered = (id: string) => {
    if (store.listOf(id) !== 'pending') throw notSuitableState(`interaction ${id} is not offered to this agent`);
  };
  const agentOf = async (partyId: unknown) => {
    const agent = findAgent(await session.actions.teamMembers(), str(partyId, 'partyId'));
    if (!agent) throw new HostFailure('object_not_found', `no agent ${partyId}`);
    return agent.id;
  };
  return {
    getInteractionsState: () => r.act(() => ({ activeInteractionId: store.activeId, interactions: store.interactions() })),
    // A call is answered by the call controller: it first makes sure the microphone can be used.
    acceptInteraction: (id) => r.withInteraction(id, (i) => (offered(i), calls && store.contacts.get(i)!.call ? calls.answer(i) : session.actions.accept(i)), 'offered'),
    rejectInteraction: (id) => r.withInteraction(id, (i) => (offered(i), session.actions.decline(i)), 'offered'),
    switchActiveInteraction: (id) =>
      typeof id === 'string' && id
        ? r.withInteraction(id, (i) => {
            if (store.listOf(i) !== 'assigned') throw notSuitableState(`interaction ${i} is not assigned to this agent`);
            store.setActive(i);
          })
        : r.act(() => {
            throw invalidArgs('interactionId must be a non-empty string');
          }),
    leaveInteraction: (id) => r.withInteraction(id, (i) => session.actions.end(i)),
    completeInteraction: (id) => r.withInteraction(id, (i) => session.actions.complete(i)),
    leaveAndCompleteInteraction: (disposition, note, id) =>
      r.withInteraction(id, async (i) => {
        const chosen = disposition ? dispositionId(store, str(disposition, 'disposition')) : null;
        if (note !== undefined && note !== null && typeof note !== 'string') throw invalidArgs('note must be a string');
        if (inConversation(store.contacts.get(i)!.state)) await session.actions.end(i);
        if (chosen) await session.actions.setDisposition(i, chosen);
        if (note) await session.actions.addNote(i, note);
        await session.actions.complete(i);
      }),
    blindTransfer: (phone, customTransferData, id) =>
      r.withInteraction(id, async (i) => {
        const data = transferData(customTransferData);
        const to = await transferDestination(session, phone);
        if (calls && isLiveCall(store.contacts.get(i)!.call)) await calls.blindTransfer(i, to, data);
        else await session.actions.transfer(i, to, data);
      }),
    inviteToChatConference: (partyId, id) => r.withInteraction(id, async (i) => session.actions.invite(i, await agentOf(partyId))),
    removeFromChatConference: (partyId, id) => r.withInteraction(id, async (i) => session.actions.removeParticipant(i, await agentOf(partyId))),
    sendChatMessage: (message, id) =>
      r.withInteraction(id, async (i) => {
        await session.contact(i).sendText(text(message));
      }),
    suggestChatMessage: (message, allowOverwrite, id) =>
      r.withInteraction(id, (i) => {
        const draft = store.drafts.get(i);
        if (draft?.trim() && allowOverwrite !== true && draft !== message) {
          throw notSuitableState('the agent is typing a reply there: pass allowOverwrite to replace it');
        }
        store.setDraft(i, text(message));
      }),
  };
}
