import { useState } from 'preact/hooks';
import { useGuard } from '../use-guard.ts';
import { MAX_NOTE_CHARS, type ContactView } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';

/** Disposition and notes; Complete when the conversation is over. */
export function WrapUp({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const [note, setNote] = useState('');
  // The last note the agent added here was stored cut (seed 002's setAgentNote result): say so.
  const [truncated, setTruncated] = useState(false);
  const act = (p: Promise<unknown>) => p.then(() => onError.ok?.(), (err) => onError(err, contact.id));
  const guard = useGuard(onError);
  const addNote = (e: Event) => {
    e.preventDefault();
    if (note.trim()) guard.run('note', () => session.actions.addNote(contact.id, note.trim()).then((r) => (setNote(''), setTruncated(r.truncated))), undefined, contact.id);
  };
  return (
    <section class="sb-wrap-up">
      {contact.state === 'wrap_up' && (
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
      )}
      {contact.notes.length > 0 && (
        <ul class="sb-notes" aria-label={t('notes.title')}>
          {contact.notes.map((n) => (
            <li key={n.id} dir="auto">
              {n.text}
            </li>
          ))}
        </ul>
      )}
      {truncated && (
        <p class="sb-note-truncated" role="status" data-note-truncated>
          {t('notes.truncated', { limit: formatNumber(MAX_NOTE_CHARS) })}
        </p>
      )}
      <form class="sb-row" onSubmit={addNote}>
        <input name="note" dir="auto" value={note} placeholder={t('wrapup.note')} onInput={(e) => (setNote(e.currentTarget.value), setTruncated(false))} />
        <button type="submit" class="sb-secondary" data-action="add-note" disabled={guard.pending !== null}>
          {t('wrapup.addNote')}
        </button>
      </form>
    </section>
  );
}
