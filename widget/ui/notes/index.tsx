import { useState } from 'preact/hooks';
import type { ContactView } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';
import { useGuard } from '../use-guard.ts';

/** The interaction's notes, and a form to add one (any time, in wrap-up too). */
export function Notes({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const [note, setNote] = useState('');
  const guard = useGuard(onError);
  const addNote = (e: Event) => {
    e.preventDefault();
    if (note.trim()) guard.run('note', () => session.actions.addNote(contact.id, note.trim()).then(() => setNote('')), undefined, contact.id);
  };
  return (
    <div class="sb-notes-panel">
      {contact.notes.length > 0 && (
        <ul class="sb-notes" aria-label={t('notes.title')}>
          {contact.notes.map((n) => (
            <li key={n.id} dir="auto">
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <form class="sb-row" onSubmit={addNote}>
        <input name="note" dir="auto" value={note} placeholder={t('wrapup.note')} onInput={(e) => setNote(e.currentTarget.value)} />
        <button type="submit" class="sb-secondary" data-action="add-note" disabled={guard.pending !== null}>
          {t('wrapup.addNote')}
        </button>
      </form>
    </div>
  );
}
