import type { ContactView } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../strings.ts';

export function InteractionList({ session, onError }: { session: AgentSession; onError: (message: string) => void }) {
  const { store } = session;
  const contacts = [...store.contacts.values()];
  if (contacts.length === 0) return <p class="sb-empty">{t('list.empty')}</p>;
  const accept = (c: ContactView) => session.accept(c.id).catch((err) => onError(err.message));
  return (
    <ul class="sb-interactions">
      {contacts.map((c) => (
        <li
          key={c.id}
          data-contact-id={c.id}
          data-state={c.state}
          class={`sb-interaction${c.id === store.activeId ? ' sb-active' : ''}`}
          onClick={() => c.list === 'assigned' && store.setActive(c.id)}
        >
          <span class="sb-party">{c.customer.name}</span>
          <span class="sb-meta">
            {c.queueName} · {t(`interaction.state.${c.state}` as Parameters<typeof t>[0])}
          </span>
          {c.list === 'pending' && (
            <button type="button" data-action="accept" onClick={() => accept(c)}>
              {t('list.accept')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
