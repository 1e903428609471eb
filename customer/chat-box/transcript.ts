/**
 * The chat box's transcript: messages with the agent's name and avatar and the time they were
 * sent (in the page's locale), notices, one "chat ended" line per chat, and who is typing.
 */
import type { ChatMessage } from '../../protocol/index.ts';
import { avatar } from './avatar.ts';
import { el } from './dom.ts';
import { fileView, type FileLinks } from './file-view.ts';
import type { Locale } from './strings.ts';

/** How long "is typing…" stays without news (a lost stop-writing must not leave it forever). */
const TYPING_SHOWN_MS = 6_000;

/** What the SDK's `user:activity` event may carry; the names follow seed 002's `sendUserActivity`. */
export interface UserActivity {
  userId?: string;
  name?: string;
  /** writing | stop-writing | not-writing */
  type?: string;
  activity?: string;
}

/** `fullName` names a sender as the header does (a message carries the agent's short name); `links` open files. */
export function mountTranscript(list: HTMLOListElement, locale: Locale, fullName: (from: ChatMessage['from']) => string = (from) => from.name, links?: FileLinks) {
  const time = new Intl.DateTimeFormat(locale.tag, { hour: '2-digit', minute: '2-digit' });
  const typing = el('p', { className: 'sbc-typing', role: 'status', hidden: true });
  list.after(typing);
  const endedChats = new Set<string>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const append = (item: HTMLLIElement) => {
    // Only follow new lines when the reader is at the bottom already.
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    if (atBottom) list.scrollTop = list.scrollHeight;
    return item;
  };
  const stamp = (at: number) => el('time', { className: 'sbc-time', dateTime: new Date(at).toISOString(), textContent: time.format(at) });

  type Shown = Pick<ChatMessage, 'from' | 'text' | 'createdAt' | 'content'> & { sequence?: number };
  /** A message's line: the customer's own on the right, others' with avatar and name; a file as a thumbnail or a file line. */
  const line = (m: Shown, pending: boolean) => {
    const mine = m.from.kind === 'customer';
    const name = mine ? '' : fullName(m.from);
    const body = m.content?.kind === 'file' && links ? fileView(m.content, links, locale) : el('span', { className: 'sbc-text', dir: 'auto', textContent: m.text });
    const bubble = el('div', { className: 'sbc-bubble' }, ...(mine ? [] : [el('span', { className: 'sbc-name', dir: 'auto', textContent: name })]), body, stamp(m.createdAt));
    const item = el('li', { className: `sbc-msg${mine ? ' me' : ''}${pending ? ' sbc-pending' : ''}` }, ...(mine ? [] : [avatar(name)]), bubble);
    if (m.sequence !== undefined) item.dataset.sequence = String(m.sequence);
    return item;
  };
  const message = (m: Shown, pending = false) => {
    if (m.from.kind !== 'customer') hideTyping();
    return append(line(m, pending));
  };
  /** The customer's file on its way: its name and a progress bar, then the message once sent. */
  const uploading = (fileName: string) => {
    const item = message({ from: { kind: 'customer', id: '', name: '' }, text: fileName, createdAt: Date.now() }, true);
    const bar = el('progress', { className: 'sbc-progress', max: 1, value: 0 });
    item.dataset.uploading = '';
    item.querySelector('.sbc-text')!.after(bar);
    return {
      progress: (fraction: number) => (bar.value = fraction),
      sent: (m: ChatMessage) => item.replaceWith(line(m, false)),
      failed: () => item.remove(),
    };
  };
  /** A notice from the chat box (queued, joined, ended, errors). */
  const notice = (content: string) => append(el('li', { className: 'sys', dir: 'auto', textContent: content }));
  /** The chat ended: said once, whether the customer's End or the server's chat:closed says it first. */
  const ended = (chatId: string) => {
    if (endedChats.has(chatId)) return;
    endedChats.add(chatId);
    hideTyping();
    notice(locale.t('ended')).classList.add('sbc-ended');
  };
  const hideTyping = () => {
    clearTimeout(typingTimer);
    typing.hidden = true;
  };
  /** `user:activity`: "Alice is typing…" while the agent writes. */
  const activity = (event: UserActivity, fallbackName: string) => {
    const kind = event.type ?? event.activity;
    if (kind !== 'writing') return hideTyping();
    typing.textContent = locale.t('typing', { name: event.name || fallbackName || locale.t('agent') });
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  };
  const clear = () => {
    list.replaceChildren();
    hideTyping();
  };
  return { message, uploading, notice, ended, activity, clear, typing };
}
