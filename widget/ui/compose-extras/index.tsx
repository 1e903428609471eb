/**
 * The reply box's rarer tools, a chunk of their own: send a link (http or https, with a
 * description; seed 000's sendLink), and add quick replies to the reply (it then goes as rich
 * content, whose buttons post back what the customer picks).
 */
import { useState } from 'preact/hooks';
import type { ContactView } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import { isWebUrl } from '../../session/agent-contact.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { ComposeTool } from '../chat-pane/composer.tsx';
import type { OnError } from '../errors.ts';
import { useGuard } from '../use-guard.ts';

/** The schema's bounds on quick replies (protocol/chat.ts): 13 at most, 200 characters each. */
const MAX_REPLIES = 13;
const MAX_REPLY_CHARS = 200;

function LinkForm({ session, contact, onDone, onError }: { session: AgentSession; contact: ContactView; onDone: () => void; onError: OnError }) {
  const [url, setUrl] = useState('');
  const [desc, setDesc] = useState('');
  const [invalid, setInvalid] = useState(false);
  const guard = useGuard(onError);
  // A button, not a form: this sits inside the reply box's form.
  const send = () => {
    const href = url.trim();
    if (!isWebUrl(href)) return setInvalid(true);
    guard.run('link', () => session.contact(contact.id).sendLink(href, desc.trim() || undefined).then(onDone), undefined, contact.id);
  };
  return (
    <div class="sb-compose-extra sb-link-form" data-tool="link">
      <input
        name="link-url"
        type="url"
        inputMode="url"
        placeholder={t('chat.linkUrl')}
        value={url}
        aria-invalid={invalid ? 'true' : undefined}
        onInput={(e) => (setUrl(e.currentTarget.value), setInvalid(false))}
        onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), send())}
      />
      <input name="link-desc" dir="auto" placeholder={t('chat.linkDesc')} maxLength={1000} value={desc} onInput={(e) => setDesc(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), send())} />
      <button type="button" data-action="send-link" disabled={guard.pending !== null} onClick={send}>
        {t('chat.sendLink')}
      </button>
      {invalid && (
        <p class="sb-composer-error" role="alert">
          {t('chat.linkInvalid')}
        </p>
      )}
    </div>
  );
}

function RepliesForm({ session, contact }: { session: AgentSession; contact: ContactView }) {
  const { store } = session;
  const current = store.marks.quickRepliesOf(contact.id);
  const [text, setText] = useState(current.join(', '));
  const replies = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const wrong = replies.length > MAX_REPLIES || replies.some((r) => r.length > MAX_REPLY_CHARS);
  return (
    <div class="sb-compose-extra sb-replies-form" data-tool="replies">
      <input
        name="quick-replies"
        dir="auto"
        placeholder={t('chat.quickRepliesHint')}
        value={text}
        aria-invalid={wrong ? 'true' : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          const next = e.currentTarget.value.split(',').map((r) => r.trim()).filter(Boolean);
          if (next.length <= MAX_REPLIES && next.every((r) => r.length <= MAX_REPLY_CHARS)) {
            store.marks.setQuickReplies(contact.id, next);
            store.changed();
          }
        }}
      />
      {wrong && (
        <p class="sb-composer-error" role="alert">
          {t('chat.quickRepliesLimit', { count: String(MAX_REPLIES), chars: String(MAX_REPLY_CHARS) })}
        </p>
      )}
      {current.length > 0 && (
        <ul class="sb-quick-replies" aria-label={t('chat.quickReplies')}>
          {current.map((r) => (
            <li dir="auto">{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ComposeExtras({ session, contact, tool, onDone, onError }: { session: AgentSession; contact: ContactView; tool: ComposeTool; onDone: () => void; onError: OnError }) {
  return tool === 'link' ? <LinkForm session={session} contact={contact} onDone={onDone} onError={onError} /> : <RepliesForm session={session} contact={contact} />;
}
