/** Sets a chat's time to respond (seed 002's setTTR) or a deadline by hand (setManualETTR): a chunk of its own, opened from the chat header. */
import { useState } from 'preact/hooks';
import { MAX_TTR_SECONDS, TTR_TYPES, type ContactView, type TtrType } from '../../../protocol/index.ts';
import { t, type StringKey } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';
import { useGuard } from '../use-guard.ts';

/** A deadline as a datetime-local input shows it (local time, minutes). */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function TtrSettings({ session, contact, onDone, onError }: { session: AgentSession; contact: ContactView; onDone: () => void; onError: OnError }) {
  const ttr = contact.ttr;
  const [type, setType] = useState<TtrType>(ttr?.type ?? 'NORMAL');
  const [minutes, setMinutes] = useState(String(Math.round((ttr?.seconds ?? 3600) / 60)));
  const [deadline, setDeadline] = useState(ttr?.manualETTR ? localInput(ttr.manualETTR) : '');
  const guard = useGuard(onError);
  const seconds = Math.round(Number(minutes) * 60);
  const badMinutes = type === 'CUSTOM' && !(seconds >= 60 && seconds <= MAX_TTR_SECONDS);
  const run = (key: string, work: () => Promise<void>) => guard.run(key, () => work().then(onDone), undefined, contact.id);
  return (
    <div class="sb-ttr-settings" data-ttr-settings>
      <label class="sb-row">
        {t('ttr.type')}
        <select name="ttr-type" value={type} onChange={(e) => setType(e.currentTarget.value as TtrType)}>
          {TTR_TYPES.map((k) => (
            <option value={k}>{t(`ttr.${k}` as StringKey)}</option>
          ))}
        </select>
      </label>
      {type === 'CUSTOM' && (
        <label class="sb-row">
          {t('ttr.minutes')}
          <input name="ttr-minutes" type="number" min="1" max={String(MAX_TTR_SECONDS / 60)} value={minutes} aria-invalid={badMinutes ? 'true' : undefined} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </label>
      )}
      <button type="button" data-action="set-ttr" disabled={guard.pending !== null || badMinutes} onClick={() => run('ttr', () => session.actions.setTtr(contact.id, type, type === 'CUSTOM' ? seconds : undefined))}>
        {t('ttr.set')}
      </button>
      <label class="sb-row">
        {t('ttr.answerBy')}
        <input name="ttr-deadline" type="datetime-local" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />
      </label>
      <span class="sb-row">
        <button type="button" class="sb-secondary" data-action="set-ettr" disabled={guard.pending !== null || !deadline} onClick={() => run('ettr', () => session.actions.setManualETTR(contact.id, new Date(deadline).getTime()))}>
          {t('ttr.setDeadline')}
        </button>
        {ttr?.manualETTR && (
          <button type="button" class="sb-link" data-action="clear-ettr" disabled={guard.pending !== null} onClick={() => run('ettr', () => session.actions.setManualETTR(contact.id, null))}>
            {t('ttr.clearDeadline')}
          </button>
        )}
      </span>
    </div>
  );
}
