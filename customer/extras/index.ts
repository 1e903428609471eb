/**
 * customer-extras.js: the chat SDK's calls that most pages make rarely or once (history, the
 * survey, adding a call and its media, searching an agent, closing, reloading after a long
 * disconnection). The SDK fetches this file from the server the first time one of them is made;
 * each is a method of the chat (`chat.setCsat(...)`) like the others.
 */
import { OPEN_CHAT_STATES, type ChatMessage, type Csat, type CsatStatus, type CustomerChatView, type RoutingAlgorithm } from '../../protocol/index.ts';
import type { CustomerVoice, VoiceModule } from '../voice/types.ts';
import type { SdkInside } from './types.ts';

export type { ExtrasModule, LazyCalls, SdkInside } from './types.ts';

/** Each chat's media side, made once. */
const voices = new WeakMap<SdkInside['sdk'], Promise<CustomerVoice>>();

/** The current chat's id (before `init` there is none). */
function chatId({ sdk }: SdkInside): string {
  const id = sdk.getId();
  if (!id) throw new Error('call init() first');
  return id;
}

/** Makes `chat` the current chat, as a `chat.updated` from the server would (`chat:updated` is emitted). */
const follow = (inside: SdkInside, chat: CustomerChatView) => inside.apply({ topic: 'chat.updated', data: { chat } });

export const calls = {
  /** Messages so far, oldest first. */
  async history(inside: SdkInside): Promise<ChatMessage[]> {
    const { messages } = await inside.conn.request({ type: 'chat.history', contactId: chatId(inside) });
    return messages;
  },

  /** After the chat: the customer's rating (1-5), whether the issue was resolved, and how much of the survey they filled. */
  async setCsat(inside: SdkInside, rate?: number, resolutionConfirmation?: boolean, status?: CsatStatus): Promise<Csat> {
    return inside.conn.request({ type: 'chat.csat', contactId: chatId(inside), rate, resolutionConfirmation, status });
  },

  /** Adds a call to the chat (its agent answers); `voice()` then carries the media. */
  async call(inside: SdkInside): Promise<CustomerChatView> {
    const { contact } = await inside.conn.request({ type: 'call.request', contactId: chatId(inside) });
    follow(inside, contact);
    return contact;
  },

  /** The media side of calls: fetched from the server (customer-voice.js) the first time it is needed. */
  voice(inside: SdkInside): Promise<CustomerVoice> {
    let voice = voices.get(inside.sdk);
    if (!voice) voices.set(inside.sdk, (voice = import(/* @vite-ignore */ `${inside.server}/customer-voice.js`).then((m: VoiceModule) => m.createVoice(inside.sdk, inside.conn))));
    return voice;
  },

  /** Looks for an agent now with `algorithm` (longest-idle, least-busy, round-robin) and offers the chat. */
  async searchAgent(inside: SdkInside, algorithm?: RoutingAlgorithm): Promise<{ agent: { id: string; name: string; nickname: string; providerId: string } }> {
    return inside.conn.request({ type: 'chat.searchAgent', contactId: chatId(inside), algorithm }); // undefined: not sent
  },

  async close(inside: SdkInside): Promise<{ success: boolean }> {
    follow(inside, await inside.conn.request({ type: 'chat.close', contactId: chatId(inside) }));
    return { success: true };
  },

  /** After a resume that could not replay: the chat as it is now, and the messages missed meanwhile (each reported once). */
  async reload(inside: SdkInside): Promise<void> {
    const before = inside.sdk.getChat();
    if (!before) return;
    try {
      const reply = await inside.conn.request({ type: 'chat.init', room: before.queue, chatId: before.id });
      inside.conn.skipTo(reply.seq);
      const chat = reply.contact;
      follow(inside, chat);
      for (const message of reply.messages) inside.apply({ topic: 'chat.message', data: { message } });
      if (OPEN_CHAT_STATES.includes(before.state) && !OPEN_CHAT_STATES.includes(chat.state)) {
        const by = chat.endReason === 'agent' || chat.endReason === 'timeout' ? chat.endReason : 'customer';
        const userId = by === 'agent' ? (chat.agent?.id ?? '') : by === 'customer' ? chat.customer.id : '';
        inside.apply({ topic: 'chat.closed', data: { contactId: chat.id, by, userId } });
      }
    } catch {
      // The chat is gone (or the connection again): the next resume tries again.
    }
  },
};
