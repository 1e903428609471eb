/** Host API: interactions, transfer, chat conference and chat. */
import { invalidArgs, ProtocolError, inConversation, notSuitableState, type CustomTransferData, type WidgetHostApi } from '../../../protocol/index.ts';
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
  | 'requestCustomer'
>;

/** How the customer page's refusal of a request reads to the host. */
function requestFailure(err: unknown): HostFailure {
  const { name, message } = (err ?? {}) as { name?: string; message?: string };
  if (name === 'timeout') return new HostFailure('timeout', message ?? 'the customer page did not answer');
  if (name === 'not_supported') return new HostFailure('invalid_request', message ?? 'the customer page does not handle this request');
  return new HostFailure('unknown_error', message ?? String(err));
}

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
    acceptInteraction: (id) => r.withInteraction(id, (i) => (offered(i), session.actions.accept(i)), 'offered'),
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
    requestCustomer: (type, data, timeoutMs, id) =>
      r.withInteraction(id, async (i) => {
        if (!calls) throw new HostFailure('api_method_not_implemented', 'this widget has no media engine');
        if (typeof type !== 'string' || !/^[A-Za-z][\w.-]{0,63}$/.test(type)) throw invalidArgs('type must be a request name: a letter, then letters, digits, . _ - (64 at most)');
        if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 120_000)) throw invalidArgs('timeoutMs must be a number of milliseconds up to 120000');
        return calls.request(i, type, data, timeoutMs).catch((err) => {
          throw err instanceof ProtocolError ? err : requestFailure(err);
        });
      }),
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
