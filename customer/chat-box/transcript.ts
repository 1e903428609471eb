/**
 * The chat box's transcript: messages with the agent's name and avatar and the time they were
 * sent (in the page's locale), their content (links, images, cards, buttons, quick replies),
 * an imported history above the live messages, notices, one "chat ended" line per chat, and who
 * is typing.
 */
import { messageView, type ChatMessage } from '../../protocol/index.ts';
import { avatar } from './avatar.ts';
import { el } from './dom.ts';
import { fileView, type FileLinks } from './file-view.ts';
import { renderContent, renderQuickReplies, type SendPostback } from './rich.ts';
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

/** A message as the transcript shows it: a stored one, or the customer's own while it is being sent. */
export type ShownMessage = Pick<ChatMessage, 'from' | 'text' | 'createdAt'> & Partial<Pick<ChatMessage, 'id' | 'sequence' | 'content'>>;

export interface TranscriptOptions {
  /** Names a sender as the header does (a message carries the agent's short name). */
  fullName?: (from: ChatMessage['from']) => string;
  /** Sends a button's post-back. */
  postback?: SendPostback;
  /** A delivery tick for the customer's own messages. */
  tickMark?: () => HTMLElement;
  /** Called with every message line shown (read marks, ticks). */
  track?: (item: HTMLLIElement, mine: boolean) => void;
  /** Opens files. */
  links?: FileLinks;
}

export function mountTranscript(list: HTMLOListElement, locale: Locale, options: TranscriptOptions = {}) {
  const fullName = options.fullName ?? ((from: ChatMessage['from']) => from.name);
  const postback = options.postback ?? (async () => false);
  const time = new Intl.DateTimeFormat(locale.tag, { hour: '2-digit', minute: '2-digit' });
  const typing = el('p', { className: 'sbc-typing', role: 'status', hidden: true });
  list.after(typing);
  const endedChats = new Set<string>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last line of the imported history (its heading at first): imported entries go after it. */
  let importedTail: HTMLElement | null = null;

  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const append = (item: HTMLLIElement, after?: HTMLElement | null) => {
    // Only follow new lines when the reader is at the bottom already.
    const follow = atBottom();
    if (after) after.after(item);
    else list.append(item);
    if (follow) list.scrollTop = list.scrollHeight;
    return item;
  };
  const stamp = (at: number) => el('time', { className: 'sbc-time', dateTime: new Date(at).toISOString(), textContent: time.format(at) });

  /** Where an imported entry goes: after the ones before it, above the live messages. */
  const importedPlace = () => {
    if (!importedTail) {
      importedTail = el('li', { className: 'sys sbc-earlier', textContent: locale.t('earlier') });
      list.prepend(importedTail);
    }
    return importedTail;
  };

  /** A message's line: the customer's own on the right, others' with avatar and name; a file as a thumbnail or a file line. */
  const line = (m: ShownMessage, pending: boolean) => {
    const imported = m.content?.kind === 'imported' ? m.content : null;
    const mine = imported ? imported.from === 'customer' : m.from.kind === 'customer';
    const name = mine ? '' : fullName(m.from) || locale.t(imported?.from === 'bot' ? 'bot' : 'agent');
    const view = messageView({ id: m.id ?? '', text: m.text, content: m.content });
    const body = m.content?.kind === 'file' && options.links ? [fileView(m.content, options.links, locale)] : renderContent(view, postback);
    const meta = el('span', { className: 'sbc-meta' }, stamp(m.createdAt), ...(mine && !imported && options.tickMark ? [options.tickMark()] : []));
    const bubble = el('div', { className: 'sbc-bubble' }, ...(mine ? [] : [el('span', { className: 'sbc-name', dir: 'auto', textContent: name })]), ...body, meta);
    const item = el('li', { className: `sbc-msg${mine ? ' me' : ''}${pending ? ' sbc-pending' : ''}${imported ? ' sbc-imported' : ''}` }, ...(mine ? [] : [avatar(name)]), bubble);
    if (m.sequence !== undefined) item.dataset.sequence = String(m.sequence);
    if (m.id) item.dataset.id = m.id;
    return { item, view, mine, imported };
  };

  /** A message joins the transcript (an imported one above the live messages), with its quick replies. */
  const message = (m: ShownMessage, pending = false) => {
    const { item, view, mine, imported } = line(m, pending);
    if (!mine && !imported) hideTyping();
    if (imported) {
      importedTail = append(item, importedPlace());
      options.track?.(item, false);
      return item;
    }
    append(item);
    options.track?.(item, mine);
    const quick = renderQuickReplies(view, postback);
    if (quick) append(quick);
    return item;
  };

  /** The customer's file on its way: its name and a progress bar, then the message once sent. */
  const uploading = (fileName: string) => {
    const item = message({ from: { kind: 'customer', id: '', name: '' }, text: fileName, createdAt: Date.now() }, true);
    const bar = el('progress', { className: 'sbc-progress', max: 1, value: 0 });
    item.dataset.uploading = '';
    item.querySelector('.sbc-text')!.after(bar);
    return {
      progress: (fraction: number) => (bar.value = fraction),
      sent: (m: ChatMessage) => {
        const sent = line(m, false).item;
        item.replaceWith(sent);
        options.track?.(sent, true);
      },
      failed: () => item.remove(),
    };
  };

  /** Messages loaded at once (a reopened chat): a rich message's quick replies show only when nothing of the customer's came after it. */
  const messages = (all: readonly ChatMessage[]) => {
    for (const m of all) {
      if (m.from.kind === 'customer') dropQuickReplies();
      message(m);
    }
  };
  /** The customer answered (a message or a button): quick replies above are no longer asked. */
  const dropQuickReplies = () => list.querySelectorAll('.sbc-quick').forEach((q) => q.remove());

  /** A notice from the chat box (queued, joined, ended, errors). */
  const notice = (content: string) => append(el('li', { className: 'sys', dir: 'auto', textContent: content }));
  /** The chat ended: said once, whether the customer's End or the server's chat:closed says it first. */
  const ended = (chatId: string) => {
    if (endedChats.has(chatId)) return;
    endedChats.add(chatId);
    hideTyping();
    dropQuickReplies();
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
    importedTail = null;
    hideTyping();
  };
  return { message, messages, uploading, notice, ended, activity, clear, dropQuickReplies, typing };
}

export type Transcript = ReturnType<typeof mountTranscript>;
