import type { ContactList, ContactView } from '../../../protocol/index.ts';
import { ringsForAgent } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { formatNumber, t, type StringKey } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';

type Act = (action: Promise<void>) => void;

function Item({ session, contact, act }: { session: AgentSession; contact: ContactView; act: Act }) {
  const { store } = session;
  const list = store.listOf(contact.id);
  // A call ringing for the agent is answered or declined in its call panel (which rings and counts down).
  const offer = list === 'pending' && !ringsForAgent(contact.call, list);
  return (
    <li
      key={contact.id}
      data-contact-id={contact.id}
      data-state={contact.state}
      data-list={list}
      class={`sb-interaction${contact.id === store.activeId ? ' sb-active' : ''}`}
      onClick={() => list === 'assigned' && store.setActive(contact.id)}
    >
      <span class="sb-party">{contact.customer.name}</span>
      <span class="sb-meta">
        {contact.queueName} · {t(`interaction.state.${contact.state}` as StringKey)}
      </span>
      {list === 'pending' && contact.transfer && (
        <span class="sb-transfer-note">{t('list.transferFrom', { agent: contact.transfer.fromAgentId, message: contact.transfer.message })}</span>
      )}
      <span class="sb-actions">
        {offer && (
          <button type="button" data-action="accept" onClick={() => act(session.actions.accept(contact.id))}>
            {t('list.accept')}
          </button>
        )}
        {offer && contact.isMine && (
          <button type="button" class="sb-secondary" data-action="decline" onClick={() => act(session.actions.decline(contact.id))}>
            {t('list.decline')}
          </button>
        )}
        {((list === 'pending' && contact.mode === 'broadcast') || list === 'terminated') && (
          <button type="button" class="sb-secondary" data-action="clear" onClick={() => act(session.actions.clear(contact.id))}>
            {t('list.clear')}
          </button>
        )}
      </span>
    </li>
  );
}

const SECTIONS: { list: ContactList; title: StringKey }[] = [
  { list: 'pending', title: 'list.pending' },
  { list: 'assigned', title: 'list.assigned' },
  { list: 'terminated', title: 'list.terminated' },
];

export function InteractionList({ session, onError }: { session: AgentSession; onError: OnError }) {
  const { store } = session;
  const contacts = [...store.contacts.values()];
  const act: Act = (action) => void action.catch(onError);
  const hidden = contacts.filter((c) => store.listOf(c.id) === 'hidden').length;
  const visible = contacts.length - hidden;
  return (
    <nav class="sb-lists">
      {visible === 0 && <p class="sb-empty">{t('list.empty')}</p>}
      {SECTIONS.map(({ list, title }) => {
        const items = contacts.filter((c) => store.listOf(c.id) === list);
        return (
          items.length > 0 && (
            <section class={`sb-list sb-list-${list}`} data-list={list}>
              <h2>{t(title)}</h2>
              <ul class="sb-interactions">
                {items.map((c) => (
                  <Item session={session} contact={c} act={act} />
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
