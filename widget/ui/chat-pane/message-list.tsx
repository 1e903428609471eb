/** The chat's messages: history paged in at the top, the newest in view, a pill for what came while the agent read above. */
import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage, ContactView } from '../../../protocol/index.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';
import { CloseData, Message, Outgoing, type DeliveryMark } from './message.tsx';
import { useChatScroll } from './scroll.ts';

export function MessageList({ session, contact, open, onError }: { session: AgentSession; contact: ContactView; open: boolean; onError: OnError }) {
  const { store } = session;
  const list = useRef<HTMLOListElement>(null);
  const stored = store.messages.get(contact.id) ?? [];
  // (protocol's isImported lives with the schemas: the first load carries no valibot.)
  const isImported = (m: ChatMessage) => m.content?.kind === 'imported';
  // An imported history (seed 001's importHistory) comes first, in its own time order, whenever it was stored.
  const imported = stored.filter(isImported).sort((a, b) => a.createdAt - b.createdAt || a.sequence - b.sequence);
  const messages = imported.length ? stored.filter((m) => !isImported(m)) : stored;
  const outgoing = store.outgoing.get(contact.id) ?? [];
  const history = store.marks.historyOf(contact.id);
  const me = store.agent?.id;
  // What is newest: the last stored message and the messages on their way (a failed one stays last while others arrive).
  const newest = `${messages.at(-1)?.id ?? ''}/${outgoing.length}`;
  // The agent's own news is always shown: a message just sent, or theirs stored.
  const sending = outgoing.at(-1);
  const mine = (sending !== undefined && !sending.failed) || messages.at(-1)?.from.id === me;
  const loadOlder = () => void session.link.loadOlder(contact.id);
  // Entries imported while the agent reads come in above, like an older page.
  const scroll = useChatScroll(list, contact.id, `${imported.length}:${messages[0]?.id ?? ''}`, newest, mine, loadOlder);
  // The chat on screen, at its newest message, is read up to the customer's last message: the customer gets a READ receipt.
  const lastFromCustomer = [...messages].reverse().find((m) => m.from.kind === 'customer')?.sequence;
  useEffect(() => {
    if (lastFromCustomer && scroll.atBottom && document.visibilityState === 'visible') session.actions.read(contact.id, lastFromCustomer);
  }, [contact.id, lastFromCustomer, scroll.atBottom]);
  const mark = (m: (typeof messages)[number]): DeliveryMark | null => {
    if (m.from.kind !== 'agent' || m.private) return null;
    if (store.marks.wasOpened(contact.id, m.id)) return 'access';
    return contact.customerReadUpTo >= m.sequence ? 'read' : 'accept';
  };
  const csat = contact.csat;
  return (
    <div class="sb-messages-box">
      <ol class="sb-messages" ref={list} aria-live="polite" onScroll={scroll.onScroll} onLoadCapture={scroll.onLoad} data-history={history.complete ? 'complete' : 'partial'}>
        {stored.length > 0 && (
          <li class="sb-system sb-history-edge" data-history-edge={history.complete ? 'start' : history.failed ? 'failed' : history.loading ? 'loading' : 'more'}>
            {history.failed ? (
              <button type="button" class="sb-link" data-action="load-older" onClick={() => void session.link.loadOlder(contact.id, true)}>
                {t('chat.olderFailed')}
              </button>
            ) : history.loading ? (
              t('chat.loadingOlder')
            ) : history.complete ? (
              t('chat.historyStart')
            ) : (
              ''
            )}
          </li>
        )}
        {imported.length > 0 && (
          <li class="sb-system" data-imported-edge>
            {t('chat.imported')}
          </li>
        )}
        {imported.map((m) => (
          <Message key={m.id} message={m} mark={null} session={session} />
        ))}
        {messages.map((m) => (
          <Message key={m.id} message={m} mark={mark(m)} session={session} />
        ))}
        {outgoing.map((m) => (
          <Outgoing
            key={m.clientMessageId}
            message={m}
            onRetry={() => session.contact(contact.id).retry(m.clientMessageId).catch((err) => onError(err, contact.id))}
            onDiscard={() => session.contact(contact.id).discard(m.clientMessageId)}
          />
        ))}
        {open && store.typing.has(contact.id) && (
          <li class="sb-system sb-typing" role="status" data-typing>
            {t('chat.typing', { name: contact.customer.name })}
          </li>
        )}
        {contact.endReason === 'customer' && <li class="sb-system">{t('chat.closedBy.customer')}</li>}
        {contact.endReason === 'agent' && <li class="sb-system">{t('chat.closedBy.agent')}</li>}
        {contact.closeData && <CloseData data={contact.closeData} />}
        {contact.call?.state === 'ended' && contact.call.endReason && (
          <li class="sb-system" role="status" data-call-ended={contact.call.endReason}>
            {t(`call.ended.${contact.call.endReason}`)}
          </li>
        )}
        {csat && (
          <li class="sb-system sb-csat" role="status" data-csat={csat.rate ?? 'skipped'}>
            {csat.rate === null
              ? t('csat.skipped')
              : t('csat.rated', { rate: formatNumber(csat.rate) }) + (csat.resolutionConfirmation === null ? '' : t(csat.resolutionConfirmation ? 'csat.resolved' : 'csat.unresolved'))}
          </li>
        )}
      </ol>
      {scroll.unseen > 0 && (
        <button type="button" class="sb-new-messages" data-action="new-messages" onClick={scroll.toBottom}>
          {t('chat.newMessages', { count: formatNumber(scroll.unseen) })} ↓
        </button>
      )}
    </div>
  );
}
