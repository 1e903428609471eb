/** One message of the chat: who and when, what it carries (text, a file, content drawn by its own chunk), and how far it got (✓ stored, ✓✓ read, opened). */
import { Component } from 'preact';
import type { ChatMessage } from '../../../protocol/index.ts';
import { formatTime, t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OutgoingMessage } from '../../session/interaction-store.ts';
import { lazy } from '../lazy.tsx';

/** A file in the chat (widget/ui/attachments): a thumbnail or a download line, a chunk asked for when a chat is shown. */
export const FileMessage = lazy(() => import('../attachments/index.tsx').then((m) => m.FileMessage));
/** Links, actions, rich content and post-backs (widget/ui/message-content): a chunk of their own, prefetched after login. */
export const ContentView = lazy(() => import('../message-content/index.tsx').then((m) => m.ContentView));
/** What the customer's page stored with its close, drawn by the same chunk. */
export const CloseData = lazy(() => import('../message-content/index.tsx').then((m) => m.CloseData));

/** What the customer did with an agent's message, as its tick shows it. */
export type DeliveryMark = 'accept' | 'read' | 'access';

/** Text that may hold a link is drawn by the content chunk too (its URLs become links). */
const MAY_LINK = /https?:\/\//i;

function Body({ message, session }: { message: Pick<ChatMessage, 'id' | 'contactId' | 'text' | 'content'>; session?: AgentSession }) {
  const c = message.content;
  if (c?.kind === 'file' && session) {
    return (
      <span class="sb-text" dir="auto">
        <FileMessage session={session} contactId={message.contactId} file={c} />
      </span>
    );
  }
  if ((c && c.kind !== 'imported') || MAY_LINK.test(message.text)) {
    return (
      <span class={`sb-text sb-content-${c?.kind ?? 'text'}`} dir="auto">
        <ContentView message={message} />
      </span>
    );
  }
  return (
    <span class="sb-text" dir="auto">
      {message.text}
    </span>
  );
}

interface MessageProps {
  message: ChatMessage;
  mark: DeliveryMark | null;
  /** For a file's fresh links. */
  session: AgentSession;
}

/** A stored message draws again only when it or its mark changed (a chat of hundreds re-renders on every event). */
export class Message extends Component<MessageProps> {
  override shouldComponentUpdate(next: MessageProps): boolean {
    return next.message !== this.props.message || next.mark !== this.props.mark;
  }

  override render() {
    return <MessageItem {...this.props} />;
  }
}

function MessageItem({ message, mark, session }: MessageProps) {
  const m = message;
  // An imported entry: drawn on the side of who said it, marked, named by its role when it has no name.
  const role = m.content?.kind === 'imported' ? m.content.from : null;
  const side = role ? (role === 'customer' ? 'customer' : 'agent') + ' sb-imported' : m.from.kind;
  const name = m.from.name || (role && role !== 'customer' ? t(`chat.importedFrom.${role}`) : '');
  return (
    <li class={`sb-message sb-from-${side}${m.private ? ' sb-private' : ''}`} data-sequence={m.sequence} data-private={m.private || undefined} data-kind={m.content?.kind} data-imported={role ?? undefined} lang={m.lang}>
      <span class="sb-from">
        <bdi>{name}</bdi> · <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt)}</time>
        {m.private && <> · {t('chat.private')}</>}
        {mark && (
          <span class="sb-tick" data-status={mark} data-read={mark !== 'accept' || undefined} aria-label={t(mark === 'accept' ? 'chat.delivered' : mark === 'read' ? 'chat.read' : 'chat.opened')}>
            {mark === 'accept' ? ' ✓' : mark === 'read' ? ' ✓✓' : ` ✓✓ ${t('chat.opened')}`}
          </span>
        )}
      </span>
      <Body message={m} session={session} />
    </li>
  );
}

/** A message on its way, or refused (NACK): marked, with Retry and Discard. */
export function Outgoing({ message, onRetry, onDiscard }: { message: OutgoingMessage; onRetry: () => void; onDiscard: () => void }) {
  const failed = message.failed;
  return (
    <li class={`sb-message sb-from-agent sb-outgoing${failed ? ' sb-failed' : ''}${message.private ? ' sb-private' : ''}`} data-outgoing data-status={failed ? 'nack' : 'sending'}>
      <span class="sb-from" role={failed ? 'alert' : undefined}>
        {failed ? t('chat.failed', { reason: failed.message }) : t('chat.sending')}
      </span>
      <Body message={{ ...message, id: message.clientMessageId, contactId: '' }} />
      {failed && (
        <span class="sb-row sb-failed-actions">
          <button type="button" class="sb-secondary" data-action="retry" onClick={onRetry}>
            {t('chat.retry')}
          </button>
          <button type="button" class="sb-link" data-action="discard" onClick={onDiscard}>
            {t('chat.discard')}
          </button>
        </span>
      )}
    </li>
  );
}
