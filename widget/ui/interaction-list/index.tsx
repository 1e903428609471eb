import { useEffect, useState } from 'preact/hooks';
import type { ContactList, ContactView } from '../../../protocol/index.ts';
import { ringsForAgent } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { formatNumber, stringsVersion, t, type StringKey } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';
import { Keep } from '../keep.tsx';
import { NARROW, useMedia } from '../layout.ts';
import { DOUBLE_ACTION_MS, useGuard, useNow } from '../use-guard.ts';

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

/**
 * Not a double click's second click: the first one's action done, the next offer's button may have
 * moved under the cursor, and that click was never meant for it.
 */
const once = (e: MouseEvent) => e.detail <= 1;

/** A chat offered to the agent (not a call: calls ring in their own panel). */
const isOffer = (session: AgentSession, c: ContactView) => session.store.listOf(c.id) === 'pending' && !ringsForAgent(c.call, 'pending');

/** The clocks an item shows at `now`: how long the customer has waited (text), an offer's seconds left. */
function clocksOf(session: AgentSession, contact: ContactView, now: number) {
  const { store } = session;
  const offer = isOffer(session, contact);
  const last = store.messages.get(contact.id)?.at(-1);
  // An offer shows how long since it came, a chat how long the customer has waited for an answer.
  const waitingSince = offer ? contact.createdAt : store.listOf(contact.id) === 'assigned' && last?.from.kind === 'customer' ? last.createdAt : null;
  return {
    waited: waitingSince === null ? null : elapsed(now - waitingSince),
    left: offer && contact.offerExpiresAt !== null ? Math.ceil(Math.max(0, contact.offerExpiresAt - now) / 1000) : null,
  };
}

function Item({ session, contact, act, pending, now, onPick }: { session: AgentSession; contact: ContactView; act: Act; pending: string | null; now: number; onPick: (id: string) => void }) {
  const { store } = session;
  const list = store.listOf(contact.id);
  const offer = isOffer(session, contact);
  const messages = store.messages.get(contact.id) ?? [];
  const unread = store.unread.get(contact.id) ?? 0;
  // An offer shows what the customer wrote first; a chat the last line.
  const preview = offer ? messages.find((m) => m.from.kind === 'customer') : messages.at(-1);
  const { waited, left } = clocksOf(session, contact, now);
  const busy = pending !== null;
  const clearable = (list === 'pending' && contact.mode === 'broadcast') || list === 'terminated';
  return (
    <li
      key={contact.id}
      data-contact-id={contact.id}
      data-state={contact.state}
      data-list={list}
      data-unread={unread || undefined}
      aria-current={contact.id === store.activeId ? 'true' : undefined}
      class={`sb-interaction${contact.id === store.activeId ? ' sb-active' : ''}`}
      onClick={() => list === 'assigned' && onPick(contact.id)}
    >
      <span class="sb-line">
        <span class="sb-party" dir="auto">
          {contact.customer.name}
        </span>
        <UnreadBadge unread={unread} />
      </span>
      {preview && (
        <span class="sb-preview" dir="auto" data-preview>
          {preview.text}
        </span>
      )}
      <span class="sb-line sb-meta">
        <span class="sb-queue">
          {t(`interaction.state.${contact.state}` as StringKey)} · {contact.queueName}
        </span>
        {waited !== null && (
          <span class="sb-waiting" data-waiting>
            {t('list.waiting', { time: waited })}
          </span>
        )}
      </span>
      {list === 'pending' && contact.transfer && (
        <span class="sb-transfer-note" dir="auto">
          {/* Without a message, no dangling colon. */}
          {t(contact.transfer.message.trim() ? 'list.transferFromWith' : 'list.transferFrom', { agent: store.agentName(contact.transfer.fromAgentId), message: contact.transfer.message })}
        </span>
      )}
      {(offer || clearable) && (
        <span class="sb-line sb-actions">
          {left !== null && (
            <span class="sb-countdown" role="timer" data-countdown={left}>
              {t('offer.expires', { seconds: String(left) })}
            </span>
          )}
          <span class="sb-buttons">
            {offer && (
              <button
                type="button"
                data-action="accept"
                disabled={busy}
                aria-keyshortcuts={ACCEPT_KEYS}
                title={`${t('list.accept')} (${ACCEPT_KEYS})`}
                onClick={(e) => (e.stopPropagation(), once(e) && act('accept', contact.id, () => session.actions.accept(contact.id)))}
              >
                {t('list.accept')}
              </button>
            )}
            {offer && contact.isMine && (
              <button type="button" class="sb-secondary" data-action="decline" disabled={busy} onClick={(e) => once(e) && act('decline', contact.id, () => session.actions.decline(contact.id))}>
                {t('list.decline')}
              </button>
            )}
            {clearable && (
              <button type="button" class="sb-secondary" data-action="clear" disabled={busy} onClick={(e) => once(e) && act('clear', contact.id, () => session.actions.clear(contact.id))}>
                {t('list.clear')}
              </button>
            )}
          </span>
        </span>
      )}
    </li>
  );
}

/**
 * What an Item shows (its callbacks aside): it renders again only when one of these changed (Keep),
 * so whatever Item reads goes here too; the clocks as the text shown, so a chat without one does
 * not render every second.
 */
const itemDeps = (session: AgentSession, c: ContactView, pending: string | null, now: number) => {
  const { store } = session;
  const { waited, left } = clocksOf(session, c, now);
  return [c, store.listOf(c.id), store.messages.get(c.id), store.unread.get(c.id), c.id === store.activeId, pending, waited, left, c.transfer && store.agentName(c.transfer.fromAgentId), stringsVersion()];
};

/** A chat of the folded list: its name and unread count, one click to show it. */
function Chip({ session, contact, onPick }: { session: AgentSession; contact: ContactView; onPick: (id: string) => void }) {
  const { store } = session;
  const unread = store.unread.get(contact.id) ?? 0;
  return (
    <li
      data-contact-id={contact.id}
      data-list={store.listOf(contact.id)}
      data-unread={unread || undefined}
      aria-current={contact.id === store.activeId ? 'true' : undefined}
      class={`sb-interaction sb-chip${contact.id === store.activeId ? ' sb-active' : ''}`}
      onClick={() => store.listOf(contact.id) === 'assigned' && onPick(contact.id)}
    >
      <span class="sb-party" dir="auto">
        {contact.customer.name}
      </span>
      <UnreadBadge unread={unread} />
    </li>
  );
}

/** What a Chip shows: it renders again only when one of these changed (Keep). */
const chipDeps = (session: AgentSession, c: ContactView) => [c, session.store.listOf(c.id), session.store.unread.get(c.id), c.id === session.store.activeId, stringsVersion()];

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
        // Alt+A held down, or pressed twice in a row, is one press: it takes one chat, not the next offer too.
        if (offer && !e.repeat && performance.now() - guard.endedAt() > DOUBLE_ACTION_MS) act('accept', offer.id, () => session.actions.accept(offer.id));
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
  // Narrow, with a chat on screen, the agent's chats fold into one line (offers stay in full).
  const narrow = useMedia(NARROW);
  const [unfolded, setUnfolded] = useState(false);
  const folded = narrow && !!store.activeId && !unfolded;
  const pick = (id: string) => (store.setActive(id), setUnfolded(false));
  const mine = contacts.filter((c) => store.listOf(c.id) !== 'pending' && store.listOf(c.id) !== 'hidden');
  const fold = (
    <button type="button" class="sb-lists-fold" data-action="show-chats" aria-expanded={folded ? 'false' : 'true'} title={t('list.assigned')} onClick={() => setUnfolded(folded)}>
      {folded ? '▾' : '▴'}
    </button>
  );
  return (
    <nav class={`sb-lists${folded ? ' sb-folded' : ''}`} aria-keyshortcuts={`${ACCEPT_KEYS} ${SWITCH_KEYS}`} title={t('list.shortcuts')}>
      {visible === 0 && <p class="sb-empty">{t('list.empty')}</p>}
      {SECTIONS.map(({ list, title }) => {
        const items = contacts.filter((c) => store.listOf(c.id) === list);
        return (
          items.length > 0 &&
          !(folded && list !== 'pending') && (
            <section class={`sb-list sb-list-${list}`} data-list={list}>
              <h2>{t(title)}</h2>
              <ul class="sb-interactions">
                {items.map((c) => (
                  <Keep key={c.id} deps={itemDeps(session, c, guard.pending, now)} render={() => <Item session={session} contact={c} act={act} pending={guard.pending} now={now} onPick={pick} />} />
                ))}
              </ul>
            </section>
          )
        );
      })}
      {folded && mine.length > 0 && (
        // Folded: the agent's chats as one row of names (and unread counts), one click from each other.
        <div class="sb-chips">
          <ul aria-label={t('list.assigned')}>
            {mine.map((c) => (
              <Keep key={c.id} deps={chipDeps(session, c)} render={() => <Chip session={session} contact={c} onPick={pick} />} />
            ))}
          </ul>
          {fold}
        </div>
      )}
      {narrow && store.activeId && !folded && mine.length > 0 && fold}
      {hidden > 0 && !folded && <p class="sb-hidden-count" data-hidden-count={hidden}>{t('list.hidden', { count: formatNumber(hidden) })}</p>}
    </nav>
  );
}

/** A chat's unread count, on its list item or its chip (none at 0). */
function UnreadBadge({ unread }: { unread: number }) {
  if (unread <= 0) return null;
  return (
    <span class="sb-unread" data-unread-badge aria-label={t('list.unread', { count: formatNumber(unread) })}>
      {formatNumber(unread)}
    </span>
  );
}
