/** Server events into the agent's InteractionStore, and the notices they give the agent. */
import { assertNever, type ServerEvent, type SessionEndReason } from '../../protocol/index.ts';
import type { InteractionStore } from './interaction-store.ts';
import type { NoticeKey } from './session-events.ts';

export interface ReducerOutput {
  /** `contactId`: the notice is about that interaction on the desk and goes with it. */
  notice(key: NoticeKey, params: Record<string, string>, contactId?: string): void;
  /** The session was ended elsewhere: a logout in another tab, a forced login, expiry, removal. */
  sessionEnded(reason: SessionEndReason): void;
}

export function reduceServerEvent(event: ServerEvent, store: InteractionStore, out: ReducerOutput): void {
  const customerName = (contactId: string) => store.contacts.get(contactId)?.customer.name ?? '';
  /** The interaction, when it is on the desk: a notice about it goes when it does. */
  const onDesk = (contactId: string) => ((store.listOf(contactId) ?? 'hidden') !== 'hidden' ? contactId : undefined);
  switch (event.topic) {
    case 'agent.state':
      if (store.agent) store.setAgent({ ...store.agent, ...event.data });
      return;
    case 'contact.offered':
    case 'contact.updated':
      return store.upsertContact(event.data.contact);
    case 'contact.removed':
      return store.removeContact(event.data.contactId);
    case 'chat.message':
      if (event.data.message.from.kind === 'customer') store.setTyping(event.data.message.contactId, false);
      return store.addMessage(event.data.message);
    case 'contact.transferred': {
      const { to } = event.data;
      // Back with this agent, the notice lasts while the chat is here; gone elsewhere, it is a farewell (it times out).
      const back = to.toAgent === store.agent?.id;
      const key = back ? 'notice.bouncedBack' : to.toAgent ? 'notice.transferred' : 'notice.backToQueue';
      return out.notice(key, { contact: customerName(event.data.id), agent: to.toAgent ? store.agentName(to.toAgent) : '' }, back ? onDesk(event.data.id) : undefined);
    }
    case 'contact.cleared':
      return out.notice('notice.cleared', { contact: customerName(event.data.id), reason: event.data.reason });
    case 'contact.declined':
      return out.notice('notice.declined', { contact: customerName(event.data.id), agent: event.data.nick }, onDesk(event.data.id));
    case 'session.ended':
      return out.sessionEnded(event.data.reason);
    case 'chat.intervened':
      return out.notice('notice.intervened', { contact: customerName(event.data.contactId), agent: event.data.interventor.name });
    case 'user.joined':
    case 'user.left':
    case 'chat.closed':
    case 'contact.left':
    case 'conversation.transfer-agent':
    case 'conversation.transfer-skill':
    case 'conversation.back-to-queue':
    case 'conversation.participant-added':
    case 'conversation.participant-removed':
    case 'queue.update':
    case 'chat.foreverAlone':
    case 'chat.updated':
    case 'chat.receipt': // issue 12's receipts, TTR and idle: not shown by the widget yet
    case 'conversation.ttr-change':
    case 'contact.idle':
    case 'chat.expiryAlert':
      return; // the contact.updated that goes with them carries the state, or they are the customer's
    default:
      return assertNever(event);
  }
}
