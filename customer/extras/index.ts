/**
 * customer-extras.js: the chat SDK's calls that most pages make rarely or once (history, the
 * survey, adding a call and its media, searching an agent, closing, reloading after a long
 * disconnection). The SDK fetches this file from the server the first time one of them is made;
 * each is a method of the chat (`chat.setCsat(...)`) like the others.
 */
import {
  MAX_HISTORY_QUANTITY,
  OPEN_CHAT_STATES,
  isImported,
  type ChatMessage,
  type Csat,
  type CsatStatus,
  type CustomerChatView,
  type HistoryEntry,
  type Postback,
  type RequestBody,
  type UploadProgress,
  type UploadReply,
  type RoutingAlgorithm,
} from '../../protocol/index.ts';
import type { CustomerFiles, FilesModule } from '../files/types.ts';
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

/** A page of history: the last `maxQuantity` messages between the sequences (both included). */
export type HistoryQuery = Pick<RequestBody<'chat.history'>, 'sequenceMin' | 'sequenceMax' | 'maxQuantity'>;

/** The whole history, fetched page by page from the newest; imported entries first, then the live messages, each oldest first. */
async function wholeHistory(inside: SdkInside): Promise<ChatMessage[]> {
  const contactId = chatId(inside);
  const pages: ChatMessage[][] = [];
  for (let before = Number.MAX_SAFE_INTEGER; before > 0; ) {
    const { messages } = await inside.conn.request({ type: 'chat.history', contactId, sequenceMax: before, maxQuantity: MAX_HISTORY_QUANTITY });
    pages.unshift(messages);
    if (messages.length < MAX_HISTORY_QUANTITY) break;
    before = messages[0]!.sequence - 1;
  }
  const all = pages.flat();
  return [...all.filter(isImported), ...all.filter((m) => !isImported(m))];
}

export const calls = {
  /**
   * The chat's history: without a query the whole of it (paged from the server), imported
   * entries first; with one, that page as the server keeps it (sequence order).
   */
  async history(inside: SdkInside, query?: HistoryQuery): Promise<ChatMessage[]> {
    if (!query) return wholeHistory(inside);
    const { messages } = await inside.conn.request({ type: 'chat.history', contactId: chatId(inside), ...query });
    return messages;
  },

  /**
   * Seed 001's importHistory: stores entries of a conversation held elsewhere (a bot before the
   * agent, say) in the chat, where the agents read them too and clients show them before the live
   * messages. Resolves to the whole history. At most 100 entries per chat; texts of 8,000 characters.
   */
  async importHistory(inside: SdkInside, history: HistoryEntry[]): Promise<ChatMessage[]> {
    await inside.conn.request({ type: 'chat.import', contactId: chatId(inside), entries: history });
    return wholeHistory(inside);
  },

  /**
   * The customer pressed a button of an agent's rich message (a quick reply, a card's button):
   * its title and payload go back as a message of kind postback, `replyTo` the rich message.
   */
  sendPostback(inside: SdkInside, button: Pick<Postback, 'title' | 'payload'> & { replyTo?: string }): Promise<ChatMessage> {
    const { title, payload, replyTo } = button;
    return inside.conn.request({ type: 'chat.post', contactId: chatId(inside), content: { kind: 'postback', title, payload, replyTo } });
  },

  /** Files of the chat (customer-files.js, fetched when first needed): `sendMedia` sends one; `files().url(file)` gives a working link. */
  files(inside: SdkInside): Promise<CustomerFiles> {
    return import(/* @vite-ignore */ `${inside.server}/customer-files.js`).then((m: FilesModule) => m.createFiles(inside.sdk, inside.conn, inside.server));
  },

  /** Sends a file (seed 001): resolves to `{media: {id, name, size, senderId}}` (and the message); `onProgress({loaded, total})` as it uploads. */
  async sendMedia(inside: SdkInside, file: File, onProgress?: (progress: UploadProgress) => void): Promise<UploadReply> {
    return (await calls.files(inside)).send(file, onProgress);
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

  /** Closes the chat, storing `extraData` (a JSON object) with the close for the agents; success is false when it had ended already. */
  async close(inside: SdkInside, extraData?: Record<string, unknown>): Promise<{ success: boolean }> {
    const { success, chat } = await inside.conn.request({ type: 'chat.close', contactId: chatId(inside), extraData });
    follow(inside, chat);
    return { success };
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
