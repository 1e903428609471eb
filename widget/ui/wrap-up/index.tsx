import { useGuard } from '../use-guard.ts';
import type { ContactView } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';

/** The disposition and Complete, once the conversation is over (its notes are in the chat's side panels). */
export function WrapUp({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const act = (p: Promise<unknown>) => p.then(() => onError.ok?.(), (err) => onError(err, contact.id));
  const guard = useGuard(onError);
  if (contact.state !== 'wrap_up') return null;
  return (
    <section class="sb-wrap-up">
      <div class="sb-row">
        <select
          name="disposition"
          aria-label={t('wrapup.disposition')}
          value={contact.disposition ?? ''}
          onChange={(e) => act(session.actions.setDisposition(contact.id, e.currentTarget.value))}
        >
          <option value="" disabled>
            {t('wrapup.choose')}
          </option>
          {session.store.dispositions.map((d) => (
            <option value={d.id}>{d.name}</option>
          ))}
        </select>
        <button type="button" data-action="complete" disabled={guard.pending !== null} onClick={() => guard.run('complete', () => session.actions.complete(contact.id), undefined, contact.id)}>
          {t('chat.complete')}
        </button>
      </div>
    </section>
  );
}
