/**
 * What a message carries besides text, drawn in the agent's chat: a link (http and https only,
 * opened with rel=noopener noreferrer), an action by its code and arguments, rich content with its
 * quick replies, a customer's post-back. A chunk of its own (prefetched after login): plain text
 * needs none of it.
 */
import type { MessageContent } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import { isWebUrl } from '../../session/agent-contact.ts';

export function ContentView({ content: c, text }: { content: MessageContent; text: string }) {
  switch (c.kind) {
    case 'link':
      return isWebUrl(c.url) ? (
        <>
          <a class="sb-link-message" href={c.url} target="_blank" rel="noopener noreferrer" data-link>
            {c.desc || c.url}
          </a>
          {c.desc && <span class="sb-link-url">{c.url}</span>}
        </>
      ) : (
        <>{text}</>
      );
    case 'action':
      return (
        <span class="sb-action-message" data-action-code={c.code}>
          {t('chat.action', { code: c.code })}
          {c.args?.length ? <code class="sb-action-args">{JSON.stringify(c.args)}</code> : null}
        </span>
      );
    case 'rich': {
      // Until the structured-content view is shared with the customer page: its texts and quick replies.
      const texts = c.rich.elements.flatMap((e) => (e.type === 'text' ? [e.text] : e.type === 'card' && e.title ? [e.title] : []));
      return (
        <>
          {texts.join('\n') || text}
          {c.rich.quickReplies?.length ? (
            <span class="sb-quick-replies" data-quick-replies>
              {c.rich.quickReplies.map((q) => (
                <span dir="auto">{q.title}</span>
              ))}
            </span>
          ) : null}
        </>
      );
    }
    case 'postback':
    case 'file':
      return <>{text}</>;
  }
}
