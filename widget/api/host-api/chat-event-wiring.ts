/**
 * The agent's chats as the host hears them: seed 000's contact events (contact-events.ts, the one
 * source the UI hears too) become Switchboard's chat events (protocol/host-chat.ts).
 */
import type { ChatMessage, HostChatMessage, HostChatParty } from '../../../protocol/index.ts';
import { messageOf } from '../../session/contact-events.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { HostEvents } from './host-events.ts';

export const hostChatMessage = (m: ChatMessage): HostChatMessage => ({
  interactionId: m.contactId,
  messageId: m.id,
  text: m.text,
  from: m.from.name,
  fromType: m.from.kind === 'customer' || (m.content?.kind === 'imported' && m.content.from === 'customer') ? 'external' : 'internal',
  private: m.private === true,
  sequence: m.sequence,
  createdAt: m.createdAt,
  ...(m.content && { content: m.content }),
  ...(m.content?.kind === 'file' && { file: { ...m.content, url: new URL(m.content.url!, location.href).href } }),
  ...(m.lang && { lang: m.lang }),
});

export function wireChatEvents(session: AgentSession, events: HostEvents): void {
  const { store } = session;
  const party = (id: string, name: string, agent: boolean): HostChatParty => ({ id, name, type: agent ? 'internal' : 'external' });
  store.events.on('contact', (id, e) => {
    const list = store.listOf(id);
    if (list === undefined || list === 'hidden') return;
    const message = messageOf(e);
    if (message) {
      events.notify('ON_CHAT_MESSAGE', hostChatMessage(message));
      if (e.name.startsWith('local')) events.notify('ON_CHAT_DELIVERY_STATUS', id, { status: 'ACCEPT', messageId: message.id });
      return;
    }
    switch (e.name) {
      case 'activity': {
        const [fromId, fromNick, agent, activity] = e.args;
        return events.notify('ON_CHAT_TYPING', id, party(fromId, fromNick, agent), activity);
      }
      case 'localiswriting': {
        const me = store.agent;
        return me && events.notify('ON_CHAT_TYPING', id, party(me.id, me.nickname, true), 'writing');
      }
      case 'ack': {
        const [ref, fromId, fromNick, agent, status] = e.args;
        return events.notify('ON_CHAT_DELIVERY_STATUS', id, { status, messageId: ref, by: party(fromId, fromNick, agent) });
      }
      case 'nack': {
        const [clientMessageId, error] = e.args;
        return events.notify('ON_CHAT_DELIVERY_STATUS', id, { status: 'NACK', clientMessageId, error });
      }
      case 'isidle':
      case 'isactive':
        return events.notify('ON_CHAT_IDLE_CHANGE', id, e.name === 'isidle');
      default:
        return; // joined, left, iswriting (told as `activity`): in the interaction's state and parties
    }
  });
}
