import { useEffect, useState } from 'preact/hooks';
import { inConversation, type Features } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { formatTime, t } from '../../i18n/index.ts';
import { lazy } from '../lazy.tsx';

/** Opened on a click: its code (and the team list) come then. */
export const TransferForm = lazy(() => import('../transfer-form/index.tsx').then((m) => m.TransferForm));
import { useGuard } from '../use-guard.ts';
import { WrapUp } from '../wrap-up/index.tsx';

import { ChatSide, SIDE_PARTS } from '../chat-side/index.tsx';
/** Files: the attach button and received files, a chunk asked for when a chat is shown. */
const Attach = lazy(() => import('../attachments/index.tsx').then((m) => m.Attach));
const FileMessage = lazy(() => import('../attachments/index.tsx').then((m) => m.FileMessage));
/** The chat pane's parts that load on demand (prefetched after login). */
export const CHAT_PANE_PARTS = [TransferForm, ...SIDE_PARTS, Attach, FileMessage];
import type { OnError } from '../errors.ts';

export function ChatPane({ session, features, calls, onError }: { session: AgentSession; features: Features; calls?: CallController; onError: OnError }) {
  const { store } = session;
  // The transfer form belongs to the chat it was opened for: another chat shown, it is gone.
  const [transferFor, setTransferFor] = useState<string | null>(null);
  const calling = useGuard(onError);
  const acting = useGuard(onError);
  const [privateNote, setPrivateNote] = useState(false);
  const contact = store.activeId ? store.contacts.get(store.activeId) : undefined;
  const lastFromCustomer = contact && [...(store.messages.get(contact.id) ?? [])].reverse().find((m) => m.from.kind === 'customer')?.sequence;
  // The chat on screen is read up to the customer's last message: the customer gets a READ receipt.
  useEffect(() => {
    if (contact && lastFromCustomer && document.visibilityState === 'visible') session.actions.read(contact.id, lastFromCustomer);
  }, [contact?.id, lastFromCustomer]);
  if (!contact) return <section class="sb-chat sb-chat-none">{t('chat.none')}</section>;
  // The input box's text lives in the store: the host may suggest a reply there, the knowledge base insert an answer.
  const draft = store.drafts.get(contact.id) ?? '';
  const messages = store.messages.get(contact.id) ?? [];
  const open = inConversation(contact.state);
  // A call in progress is handled in its call panel (transfer, hang up); a voice contact has no chat to type in or end.
  const inCall = isLiveCall(contact.call);
  const chat = contact.type !== 'voice';
  const transferring = transferFor === contact.id;
  // An agent who joined someone else's chat (a conference, a supervisor who intervened) leaves it; its own agent ends it.
  const me = store.agent?.id;
  const joined = contact.agent?.id !== me;
  const send = (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    // The message shows as outgoing at once (it waits there while the connection is down).
    store.setDraft(contact.id, '');
    session.actions.send(contact.id, text, { private: privateNote }).catch((err) => {
      if (!store.drafts.get(contact.id)) store.setDraft(contact.id, text); // not sent: the agent gets the text back
      onError(err, contact.id);
    });
  };
  const outgoing = store.outgoing.get(contact.id) ?? [];
  return (
    <section class="sb-chat" data-contact-id={contact.id}>
      <header class="sb-chat-head">
        <strong dir="auto">{contact.customer.name}</strong>
        {contact.customer.authType === 'CONSUMER_AUTHENTICATED' && (
          <span class="sb-verified" data-verified title={[contact.customer.verified?.email, contact.customer.verified?.id].filter(Boolean).join(' · ')}>
            {t('customer.verified')}
            {contact.customer.verified?.email && <span class="sb-verified-email"> {contact.customer.verified.email}</span>}
          </span>
        )}
        {open && calls && contact.type === 'chat' && !inCall && !joined && calls.softphone().ready && (
          <button type="button" class="sb-secondary" data-action="call-customer" disabled={calling.pending !== null} onClick={() => calling.run('call', () => calls.startCall({ contactId: contact.id }), undefined, contact.id)}>
            {t('call.start')}
          </button>
        )}
        {open && !inCall && !joined && features.transfer && (
          <button type="button" class="sb-secondary" data-action="transfer" aria-expanded={transferring ? 'true' : 'false'} onPointerEnter={() => TransferForm.load()} onClick={() => setTransferFor(transferring ? null : contact.id)}>
            {t('transfer.open')}
          </button>
        )}
        {open && chat && !inCall && (joined ? (
          <button type="button" class="sb-secondary" data-action="leave" disabled={acting.pending !== null} onClick={() => acting.run('leave', () => session.actions.removeParticipant(contact.id, me!), undefined, contact.id)}>
            {t('chat.leave')}
          </button>
        ) : (
          <button type="button" data-action="end" disabled={acting.pending !== null} onClick={() => acting.run('end', () => session.actions.end(contact.id), undefined, contact.id)}>
            {t('chat.end')}
          </button>
        ))}
      </header>
      {open && !inCall && transferring && <TransferForm session={session} contact={contact} onDone={() => setTransferFor(null)} onError={onError} />}
      <ol class="sb-messages" aria-live="polite">
        {messages.map((m) => (
          <li key={m.sequence} class={`sb-message sb-from-${m.from.kind}${m.private ? ' sb-private' : ''}`} data-sequence={m.sequence} data-private={m.private || undefined}>
            <span class="sb-from">
              <bdi>{m.from.name}</bdi> · <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt)}</time>
              {m.private && <> · {t('chat.private')}</>}
              {m.from.kind === 'agent' && !m.private && (
                <span class="sb-tick" data-read={contact.customerReadUpTo >= m.sequence || undefined} aria-label={t(contact.customerReadUpTo >= m.sequence ? 'chat.read' : 'chat.delivered')}>
                  {contact.customerReadUpTo >= m.sequence ? ' ✓✓' : ' ✓'}
                </span>
              )}
            </span>
            <span class="sb-text" dir="auto">
              {m.content?.kind === 'file' ? <FileMessage session={session} contactId={contact.id} file={m.content} /> : m.text}
            </span>
          </li>
        ))}
        {outgoing.map((m) => (
          <li key={m.clientMessageId} class="sb-message sb-from-agent sb-outgoing" data-outgoing>
            <span class="sb-from">{t('chat.sending')}</span>
            <span class="sb-text" dir="auto">
              {m.text}
            </span>
          </li>
        ))}
        {open && store.typing.has(contact.id) && (
          <li class="sb-system sb-typing" role="status" data-typing>
            {t('chat.typing', { name: contact.customer.name })}
          </li>
        )}
        {contact.endReason === 'customer' && <li class="sb-system">{t('chat.closedBy.customer')}</li>}
        {contact.endReason === 'agent' && <li class="sb-system">{t('chat.closedBy.agent')}</li>}
        {contact.call?.state === 'ended' && contact.call.endReason && (
          <li class="sb-system" role="status" data-call-ended={contact.call.endReason}>
            {t(`call.ended.${contact.call.endReason}`)}
          </li>
        )}
      </ol>
      <WrapUp session={session} contact={contact} onError={onError} />
      <ChatSide session={session} contact={contact} onError={onError} open={open} />
      {open && chat && (
        <form class="sb-composer" key={contact.id} onSubmit={send}>
          {features.attachments && <Attach session={session} contact={contact} onError={onError} />}
          <input
            name="message"
            dir="auto"
            value={draft}
            placeholder={t(privateNote ? 'chat.privatePlaceholder' : 'chat.placeholder')}
            maxLength={8000}
            onInput={(e) => {
              store.setDraft(contact.id, e.currentTarget.value);
              if (e.currentTarget.value && !privateNote) session.actions.isWriting(contact.id);
            }}
          />
          <label class="sb-private-toggle" title={t('chat.privateHint')}>
            <input type="checkbox" name="private" checked={privateNote} onChange={(e) => setPrivateNote(e.currentTarget.checked)} /> {t('chat.private')}
          </label>
          <button type="submit" data-action="send">
            {t('chat.send')}
          </button>
        </form>
      )}
    </section>
  );
}
