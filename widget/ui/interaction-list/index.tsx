import { useEffect } from 'preact/hooks';
import type { ContactList, ContactView } from '../../../protocol/index.ts';
import { ringsForAgent } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { formatNumber, stringsVersion, t, type StringKey } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';
import { Keep } from '../keep.tsx';
import { useGuard, useNow } from '../use-guard.ts';

/** Runs a list action once at a time (a double click must not accept twice). */
type Act = (key: string, contactId: string, action: () => Promise<void>) => void;

export const ACCEPT_KEYS = 'Alt+A';
export const SWITCH_KEYS = 'Alt+ArrowUp Alt+ArrowDown';

/** 65 s -> "1:05"; an hour and more -> "1:02:05". */
const elapsed = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
};

/** A chat offered to the agent (not a call: calls ring in their own panel). */
const isOffer = (session: AgentSession, c: ContactView) => session.store.listOf(c.id) === 'pending' && !ringsForAgent(c.call, 'pending');

function Item({ session, contact, act, pending, now }: { session: AgentSession; contact: ContactView; act: Act; pending: string | null; now: number }) {
  const { store } = session;
  const list = store.listOf(contact.id);
  const offer = isOffer(session, contact);
  const messages = store.messages.get(contact.id) ?? [];
  const last = messages.at(-1);
  const unread = store.unread.get(contact.id) ?? 0;
  // An offer shows what the customer wrote first; a chat the last line, and how long the customer has waited for an answer.
  const preview = offer ? messages.find((m) => m.from.kind === 'customer') : last;
  const waitingSince = offer ? contact.createdAt : list === 'assigned' && last?.from.kind === 'customer' ? last.createdAt : null;
  const left = offer && contact.offerExpiresAt !== null ? Math.ceil(Math.max(0, contact.offerExpiresAt - now) / 1000) : null;
  const busy = pending !== null;
  return (
    <li
      key={contact.id}
      data-contact-id={contact.id}
      data-state={contact.state}
      data-list={list}
      data-unread={unread || undefined}
      aria-current={contact.id === store.activeId ? 'true' : undefined}
      class={`sb-interaction${contact.id === store.activeId ? ' sb-active' : ''}`}
      onClick={() => list === 'assigned' && store.setActive(contact.id)}
    >
      <span class="sb-party" dir="auto">
        {contact.customer.name}
      </span>
      <span class="sb-meta">
        {contact.queueName} · {t(`interaction.state.${contact.state}` as StringKey)}
        {waitingSince !== null && (
          <span class="sb-waiting" data-waiting>
            {' · '}
            {t('list.waiting', { time: elapsed(now - waitingSince) })}
          </span>
        )}
      </span>
      {preview && (
        <span class="sb-preview" dir="auto" data-preview>
          {preview.text}
        </span>
      )}
      {left !== null && (
        <span class="sb-countdown" role="timer" data-countdown={left}>
          {t('offer.expires', { seconds: String(left) })}
        </span>
      )}
      {list === 'pending' && contact.transfer && (
        <span class="sb-transfer-note" dir="auto">
          {t('list.transferFrom', { agent: store.agentName(contact.transfer.fromAgentId), message: contact.transfer.message })}
        </span>
      )}
      <span class="sb-actions">
        {unread > 0 && (
          <span class="sb-unread" data-unread-badge aria-label={t('list.unread', { count: formatNumber(unread) })}>
            {formatNumber(unread)}
          </span>
        )}
        {offer && (
          <button
            type="button"
            data-action="accept"
            disabled={busy}
            aria-keyshortcuts={ACCEPT_KEYS}
            title={`${t('list.accept')} (${ACCEPT_KEYS})`}
            onClick={(e) => (e.stopPropagation(), act('accept', contact.id, () => session.actions.accept(contact.id)))}
          >
            {t('list.accept')}
          </button>
        )}
        {offer && contact.isMine && (
          <button type="button" class="sb-secondary" data-action="decline" disabled={busy} onClick={() => act('decline', contact.id, () => session.actions.decline(contact.id))}>
            {t('list.decline')}
          </button>
        )}
        {((list === 'pending' && contact.mode === 'broadcast') || list === 'terminated') && (
          <button type="button" class="sb-secondary" data-action="clear" disabled={busy} onClick={() => act('clear', contact.id, () => session.actions.clear(contact.id))}>
            {t('list.clear')}
          </button>
        )}
      </span>
    </li>
  );
}

/** What an Item shows (its callbacks aside): it renders again only when one of these changed (Keep), so what Item reads goes here too. */
const itemDeps = (session: AgentSession, c: ContactView, pending: string | null, now: number) => {
  const { store } = session;
  return [c, store.listOf(c.id), store.messages.get(c.id), store.unread.get(c.id), c.id === store.activeId, pending, Math.floor(now / 1000), c.transfer && store.agentName(c.transfer.fromAgentId), stringsVersion()];
};

const SECTIONS: { list: ContactList; title: StringKey }[] = [
  { list: 'pending', title: 'list.pending' },
  { list: 'assigned', title: 'list.assigned' },
  { list: 'terminated', title: 'list.terminated' },
];

export function InteractionList({ session, onError }: { session: AgentSession; onError: OnError }) {
  const { store } = session;
  const now = useNow();
  const guard = useGuard(onError);
  const act: Act = (key, contactId, action) => guard.run(key, action, undefined, contactId);
  const contacts = [...store.contacts.values()];
  // Alt+A takes the oldest chat offer; Alt+↑/↓ show the previous/next of the agent's chats.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const all = [...store.contacts.values()];
      if (e.code === 'KeyA') {
        const offer = all.find((c) => isOffer(session, c));
        if (offer) act('accept', offer.id, () => session.actions.accept(offer.id));
      } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        const mine = all.filter((c) => store.listOf(c.id) === 'assigned');
        if (!mine.length) return;
        const at = mine.findIndex((c) => c.id === store.activeId);
        const step = e.key === 'ArrowUp' ? -1 : 1;
        store.setActive(mine[(at + step + mine.length) % mine.length]!.id);
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  const hidden = contacts.filter((c) => store.listOf(c.id) === 'hidden').length;
  const visible = contacts.length - hidden;
  return (
    <nav class="sb-lists" aria-keyshortcuts={`${ACCEPT_KEYS} ${SWITCH_KEYS}`} title={t('list.shortcuts')}>
      {visible === 0 && <p class="sb-empty">{t('list.empty')}</p>}
      {SECTIONS.map(({ list, title }) => {
        const items = contacts.filter((c) => store.listOf(c.id) === list);
        return (
          items.length > 0 && (
            <section class={`sb-list sb-list-${list}`} data-list={list}>
              <h2>{t(title)}</h2>
              <ul class="sb-interactions">
                {items.map((c) => (
                  <Keep key={c.id} deps={itemDeps(session, c, guard.pending, now)} render={() => <Item session={session} contact={c} act={act} pending={guard.pending} now={now} />} />
                ))}
              </ul>
            </section>
          )
        );
      })}
      {hidden > 0 && <p class="sb-hidden-count" data-hidden-count={hidden}>{t('list.hidden', { count: formatNumber(hidden) })}</p>}
    </nav>
  );
}
