import { useState } from 'preact/hooks';
import { inConversation, type Features } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import { IdleMark, TtrCountdown } from '../chat-status/index.tsx';
import { lazy } from '../lazy.tsx';
import { Attach, ComposeExtras, Composer } from './composer.tsx';
import { ContentView, FileMessage } from './message.tsx';
import { MessageList } from './message-list.tsx';

/** Opened on a click: its code (and the team list) come then. */
export const TransferForm = lazy(() => import('../transfer-form/index.tsx').then((m) => m.TransferForm));
import { useGuard } from '../use-guard.ts';
import { WrapUp } from '../wrap-up/index.tsx';

import { ChatSide, SIDE_PARTS } from '../chat-side/index.tsx';
/** Setting the time to respond: opened from the header. */
const TtrSettings = lazy(() => import('../ttr-settings/index.tsx').then((m) => m.TtrSettings));
/** The chat pane's parts that load on demand (prefetched after login). */
export const CHAT_PANE_PARTS = [TransferForm, ...SIDE_PARTS, Attach, FileMessage, ContentView, ComposeExtras, TtrSettings];
import type { OnError } from '../errors.ts';

export function ChatPane({ session, features, calls, onError }: { session: AgentSession; features: Features; calls?: CallController; onError: OnError }) {
  const { store } = session;
  // The transfer form belongs to the chat it was opened for: another chat shown, it is gone.
  const [transferFor, setTransferFor] = useState<string | null>(null);
  const calling = useGuard(onError);
  const acting = useGuard(onError);
  // The TTR settings, as the transfer form, belong to the chat they were opened for.
  const [ttrFor, setTtrFor] = useState<string | null>(null);
  const contact = store.activeId ? store.contacts.get(store.activeId) : undefined;
  if (!contact) return <section class="sb-chat sb-chat-none">{t('chat.none')}</section>;
  const open = inConversation(contact.state);
  // A call in progress is handled in its call panel (transfer, hang up); a voice contact has no chat to type in or end.
  const inCall = isLiveCall(contact.call);
  const chat = contact.type !== 'voice';
  const transferring = transferFor === contact.id;
  const settingTtr = ttrFor === contact.id;
  // An agent who joined someone else's chat (a conference, a supervisor who intervened) leaves it; its own agent ends it.
  const me = store.agent?.id;
  const joined = contact.agent?.id !== me;
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
        <IdleMark contact={contact} />
        {chat && <TtrCountdown contact={contact} messages={store.messages.get(contact.id)} />}
        {open && chat && contact.ttr && (
          <button type="button" class="sb-link" data-action="ttr" aria-expanded={settingTtr ? 'true' : 'false'} title={t('ttr.title')} onPointerEnter={() => TtrSettings.load()} onClick={() => setTtrFor(settingTtr ? null : contact.id)}>
            {t('ttr.open')}
          </button>
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
      {open && chat && settingTtr && <TtrSettings session={session} contact={contact} onDone={() => setTtrFor(null)} onError={onError} />}
      <MessageList session={session} contact={contact} open={open} onError={onError} />
      <WrapUp key={contact.id} session={session} contact={contact} onError={onError} />
      <ChatSide session={session} contact={contact} onError={onError} open={open} />
      {open && chat && <Composer key={contact.id} session={session} contact={contact} attachments={features.attachments} onError={onError} />}
    </section>
  );
}
