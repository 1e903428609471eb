/**
 * Server events into the agent's InteractionStore, the notices they give the agent, and seed
 * 000's contact events they make (contact-events.ts): ack, left, isidle/isactive, iswriting.
 */
import { assertNever, type ChatActivity, type SenderKind, type ServerEvent, type ServerEventMap, type SessionEndReason } from '../../protocol/index.ts';
import { contactEvent } from './contact-events.ts';
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
      store.addMessage(event.data.message);
      return;
    case 'chat.receipt':
      return reduceReceipt(event.data, store);
    case 'conversation.ttr-change':
      return store.setTtr(event.data.contactId, event.data.ttr);
    case 'contact.idle':
      return store.setIdle(event.data.id, event.data.idle);
    case 'contact.left':
      return store.emitContact(event.data.id, contactEvent('left', event.data));
    case 'conversation.participant-removed': {
      // An agent left the conference: who stays is the customer and the agents still active.
      const { contactId, participant } = event.data;
      const contact = store.contacts.get(contactId);
      const agents = contact ? contact.participants.filter((p) => p.role !== 'CONSUMER' && p.state === 'ACTIVE' && p.id !== participant.id).length : 0;
      const channels = { total: agents + 1, vvcu: 1, user: agents };
      return store.emitContact(contactId, contactEvent('left', { id: contactId, reason: 'user', user: participant.id, channels }));
    }
    case 'contact.transferred': {
      const { to } = event.data;
      // Back with this agent, the notice lasts while the chat is here; gone elsewhere, it is a farewell (it times out).
      const back = to.toAgent === store.agent?.id;
      const key = back ? 'notice.bouncedBack' : to.toAgent ? 'notice.transferred' : 'notice.backToQueue';
      return out.notice(key, { contact: customerName(event.data.id), agent: to.toAgent ? store.agentName(to.toAgent) : '' }, back ? onDesk(event.data.id) : undefined);
    }
    case 'contact.cleared': {
      const { id, reason } = event.data;
      // Seed 000's `left` with abandon / cancel: the customer left the queue while it rang here.
      const contact = store.contacts.get(id);
      if (contact && (reason === 'abandon' || reason === 'cancel')) store.emitContact(id, contactEvent('left', { id, reason, vvcu: contact.customer.id, channels: { total: 0, vvcu: 0, user: 0 } }));
      return out.notice('notice.cleared', { contact: customerName(id), reason });
    }
    case 'contact.declined':
      return out.notice('notice.declined', { contact: customerName(event.data.id), agent: event.data.nick }, onDesk(event.data.id));
    case 'session.ended':
      return out.sessionEnded(event.data.reason);
    case 'chat.intervened':
      return out.notice('notice.intervened', { contact: customerName(event.data.contactId), agent: event.data.interventor.name });
    case 'user.joined':
    case 'user.left':
    case 'chat.closed':
    case 'conversation.transfer-agent':
    case 'conversation.transfer-skill':
    case 'conversation.back-to-queue':
    case 'conversation.participant-added': // `joined` comes from the participants of contact.updated (interaction-store.ts)
    case 'queue.update':
    case 'chat.foreverAlone':
    case 'chat.updated':
    case 'chat.expiryAlert':
      return; // the contact.updated that goes with them carries the state, or they are the customer's
    default:
      return assertNever(event);
  }
}

/** The customer read up to a sequence (READ) or opened a file (ACCESS): `ack` for each agent message it covers, once. */
function reduceReceipt(r: ServerEventMap['chat.receipt'], store: InteractionStore): void {
  const contact = store.contacts.get(r.contactId);
  const name = contact?.customer.id === r.by.id ? contact.customer.name : store.agentName(r.by.id);
  const ack = (ref: string, status: 'READ' | 'ACCESS') => store.emitContact(r.contactId, contactEvent('ack', ref, r.by.id, name, r.by.kind === 'agent', status));
  if (r.status === 'ACCESS' && r.messageId) {
    store.marks.opened(r.contactId, r.messageId);
    ack(r.messageId, 'ACCESS');
  } else if (r.status === 'READ' && r.upTo !== undefined) {
    const from = store.marks.readAcked(r.contactId, r.upTo);
    for (const m of store.messages.get(r.contactId) ?? []) {
      if (m.sequence > from && m.sequence <= r.upTo && m.from.kind === 'agent' && !m.private) ack(m.id, 'READ');
    }
  }
  store.changed();
}

/** Another party's typing activity (an unstored signal): the customer's shows as "… is typing". */
export function reduceActivity(store: InteractionStore, contactId: string, from: { kind: SenderKind; id: string; name: string }, activity: ChatActivity): void {
  if (from.kind === 'customer') store.setTyping(contactId, activity === 'writing');
  const agent = from.kind === 'agent';
  if (activity === 'writing') store.emitContact(contactId, contactEvent('iswriting', from.id, from.name, agent));
  store.emitContact(contactId, contactEvent('activity', from.id, from.name, agent, activity));
}
