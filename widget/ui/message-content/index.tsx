/**
 * What a message carries besides plain text, drawn in the agent's chat from the one reading of
 * the structured-content schema the customer's chat box draws too (protocol/structured-content-view.ts):
 * text with its links (http and https only, opened with rel=noopener noreferrer), images, cards,
 * buttons and quick replies (shown as what the customer may press: the agent does not press
 * them), an action by its code and arguments, and the button a customer pressed (its post-back,
 * marked with what it answers). A chunk of its own, prefetched after login.
 */
import type { ChatMessage } from '../../../protocol/index.ts';
import { messageView, type ActionNode, type ContentNode, type TextRun } from '../../../protocol/structured-content-view.ts';
import { t } from '../../i18n/index.ts';

function Runs({ runs }: { runs: TextRun[] }) {
  return (
    <>
      {runs.map((r) =>
        'href' in r ? (
          <a class="sb-link-message" href={r.href} target="_blank" rel="noopener noreferrer" data-link>
            {r.text}
          </a>
        ) : (
          r.text
        ),
      )}
    </>
  );
}

function Action({ action }: { action: ActionNode }) {
  return action.kind === 'link' ? (
    <a class="sb-rich-button" href={action.href} target="_blank" rel="noopener noreferrer" data-link>
      {action.text}
    </a>
  ) : (
    <span class="sb-rich-button" data-postback={action.postback.payload} dir="auto">
      {action.text}
    </span>
  );
}

function Node({ node }: { node: ContentNode }) {
  switch (node.kind) {
    case 'text':
      return (
        <span class={`sb-rich-text sb-rich-${node.style}`} dir="auto">
          <Runs runs={node.runs} />
        </span>
      );
    case 'image':
      return <img class="sb-rich-image" src={node.src} alt={node.alt} loading="lazy" referrerpolicy="no-referrer" />;
    case 'card':
      return (
        <span class="sb-rich-card">
          {node.image && <img class="sb-rich-image" src={node.image.src} alt={node.image.alt} loading="lazy" referrerpolicy="no-referrer" />}
          {node.title && <strong dir="auto">{node.title}</strong>}
          {node.subtitle && <span class="sb-rich-subtitle" dir="auto">{node.subtitle}</span>}
          {node.actions.length > 0 && (
            <span class="sb-rich-actions">
              {node.actions.map((a) => (
                <Action action={a} />
              ))}
            </span>
          )}
        </span>
      );
    case 'actions':
      return (
        <span class="sb-rich-actions">
          {node.actions.map((a) => (
            <Action action={a} />
          ))}
        </span>
      );
  }
}

export function ContentView({ message }: { message: Pick<ChatMessage, 'id' | 'text' | 'content'> }) {
  const c = message.content;
  if (c?.kind === 'action') {
    return (
      <span class="sb-action-message" data-action-code={c.code}>
        {t('chat.action', { code: c.code })}
        {c.args?.length ? <code class="sb-action-args">{JSON.stringify(c.args)}</code> : null}
      </span>
    );
  }
  if (c?.kind === 'postback') {
    return (
      <span class="sb-postback-message" data-postback={c.payload} data-reply-to={c.replyTo} dir="auto">
        ↩ {t('chat.postback', { title: c.title })}
      </span>
    );
  }
  const view = messageView(message);
  return (
    <>
      {view.nodes.map((n) => (
        <Node node={n} />
      ))}
      {view.quickReplies.length > 0 && (
        <span class="sb-quick-replies" data-quick-replies>
          {view.quickReplies.map((q) => (
            <span dir="auto" data-postback={q.postback.payload}>
              {q.text}
            </span>
          ))}
        </span>
      )}
    </>
  );
}

export { CloseData } from './close-data.tsx';
