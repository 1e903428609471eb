/**
 * The chat's transcript as a text file the shopper downloads: the whole history (the SDK pages it
 * from the server), an imported history first, each line with its time and who said it, in the
 * page's language.
 */
import type { ChatMessage, CustomerChatView } from '../../protocol/index.ts';
import type { Locale } from './strings.ts';

/** The transcript's text: a heading, then one entry per message (a message's further lines indented). */
export function transcriptText(chat: CustomerChatView, messages: readonly ChatMessage[], locale: Locale): string {
  const { t } = locale;
  const when = new Intl.DateTimeFormat(locale.tag, { dateStyle: 'medium', timeStyle: 'short' });
  const who = (m: ChatMessage) => {
    const imported = m.content?.kind === 'imported' ? m.content.from : null;
    if (imported === 'customer' || (!imported && m.from.kind === 'customer')) return m.from.name || chat.customer.name;
    return m.from.name || t(imported === 'bot' ? 'bot' : 'agent');
  };
  const heading = t('transcriptHeading', { queue: chat.queueName, date: when.format(chat.createdAt) });
  const lines = messages.map((m) => `[${when.format(m.createdAt)}] ${who(m)}: ${m.text.replace(/\r?\n/g, '\n    ')}`);
  return `${heading}\n\n${lines.join('\n')}\n`;
}

/** `chat-<id>-<when downloaded>.txt` (local time): each download of a chat gets its own file. */
export function transcriptFileName(chatId: string, at = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `chat-${chatId.slice(0, 8)}-${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}.txt`;
}

/** Downloads the current chat's transcript. */
export async function downloadTranscript(chat: { getChat(): CustomerChatView | null; history(): Promise<ChatMessage[]> }, locale: Locale): Promise<void> {
  const view = chat.getChat();
  if (!view) return;
  const text = transcriptText(view, await chat.history(), locale);
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: transcriptFileName(view.id) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
