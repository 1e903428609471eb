/**
 * The reply box: its draft, private toggle and quick replies belong to the chat. Nothing is cut:
 * near a limit a counter shows, past it a clear error does and Send waits, the text staying in
 * the box (text 8,000 characters; with quick replies, rich content of 15,000 characters of JSON).
 */
import { useState } from 'preact/hooks';
import { MAX_RICH_CONTENT_CHARS, MAX_TEXT_CHARS, contentChars, type ContactView, type StructuredContent } from '../../../protocol/index.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';
import { lazy } from '../lazy.tsx';

/** The attach button and its uploads (widget/ui/attachments), a chunk asked for when a chat is shown. */
export const Attach = lazy(() => import('../attachments/index.tsx').then((m) => m.Attach));
/** The link and quick-reply editors: a chunk of their own, loaded when first opened. */
export const ComposeExtras = lazy(() => import('../compose-extras/index.tsx').then((m) => m.ComposeExtras));
export type ComposeTool = 'link' | 'replies';

/** The counter shows from this share of the limit. */
const COUNTER_FROM = 0.9;

/** A reply with quick replies, as the structured content both sides render. */
export const richReply = (text: string, replies: string[]): StructuredContent => ({
  elements: [{ type: 'text', text }],
  quickReplies: replies.map((title) => ({ type: 'postback', title, payload: title })),
});

export function Composer({ session, contact, attachments, onError }: { session: AgentSession; contact: ContactView; attachments: boolean; onError: OnError }) {
  const { store } = session;
  const [tool, setTool] = useState<ComposeTool | null>(null);
  const draft = store.drafts.get(contact.id) ?? '';
  const privateNote = store.marks.isPrivate(contact.id);
  const replies = privateNote ? [] : store.marks.quickRepliesOf(contact.id);
  const rich = replies.length > 0;
  const size = rich ? contentChars({ kind: 'rich', rich: richReply(draft, replies) }) : draft.length;
  const limit = rich ? MAX_RICH_CONTENT_CHARS : MAX_TEXT_CHARS;
  const tooLong = draft.length > MAX_TEXT_CHARS ? { count: draft.length, limit: MAX_TEXT_CHARS, key: 'chat.tooLong' as const } : size > limit ? { count: size, limit, key: 'chat.richTooLong' as const } : null;
  const send = (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text || tooLong) return;
    // The message shows as outgoing at once; refused, it stays marked with Retry (the box is free for the next one).
    store.setDraft(contact.id, '');
    store.marks.setQuickReplies(contact.id, []);
    const to = session.contact(contact.id);
    (rich ? to.sendRich(richReply(text, replies)) : to.sendText(text, undefined, { private: privateNote })).catch((err) => onError(err, contact.id));
  };
  const toggle = (which: ComposeTool) => setTool(tool === which ? null : which);
  return (
    <form class="sb-composer" onSubmit={send} data-private={privateNote || undefined}>
      {tool && <ComposeExtras session={session} contact={contact} tool={tool} onDone={() => setTool(null)} onError={onError} />}
      <div class="sb-composer-main">
        {attachments && <Attach session={session} contact={contact} onError={onError} />}
        <input
          name="message"
          dir="auto"
          value={draft}
          aria-invalid={tooLong ? 'true' : undefined}
          aria-describedby={tooLong ? `sb-too-long-${contact.id}` : undefined}
          placeholder={t(privateNote ? 'chat.privatePlaceholder' : 'chat.placeholder')}
          onInput={(e) => {
            store.setDraft(contact.id, e.currentTarget.value);
            if (e.currentTarget.value && !privateNote) session.contact(contact.id).sendIsWriting();
          }}
        />
        <button type="submit" data-action="send" disabled={tooLong !== null}>
          {t('chat.send')}
        </button>
      </div>
      <div class="sb-composer-tools">
        <label class="sb-private-toggle" title={t('chat.privateHint')}>
          <input
            type="checkbox"
            name="private"
            checked={privateNote}
            onChange={(e) => {
              store.marks.setPrivate(contact.id, e.currentTarget.checked);
              store.changed();
            }}
          />{' '}
          {t('chat.private')}
        </label>
        <button type="button" class="sb-link" data-action="compose-link" aria-expanded={tool === 'link' ? 'true' : 'false'} onPointerEnter={() => ComposeExtras.load()} onClick={() => toggle('link')}>
          {t('chat.link')}
        </button>
        {!privateNote && (
          <button type="button" class="sb-link" data-action="compose-replies" aria-expanded={tool === 'replies' ? 'true' : 'false'} onPointerEnter={() => ComposeExtras.load()} onClick={() => toggle('replies')}>
            {t('chat.quickReplies')}
            {rich && ` (${formatNumber(replies.length)})`}
          </button>
        )}
        {size >= COUNTER_FROM * limit && (
          <span class="sb-counter" data-counter data-over={tooLong ? 'true' : undefined} aria-live="polite">
            {formatNumber(size)} / {formatNumber(limit)}
          </span>
        )}
      </div>
      {tooLong && (
        <p class="sb-composer-error" id={`sb-too-long-${contact.id}`} role="alert" data-too-long>
          {t(tooLong.key, { count: formatNumber(tooLong.count), limit: formatNumber(tooLong.limit) })}
        </p>
      )}
    </form>
  );
}
