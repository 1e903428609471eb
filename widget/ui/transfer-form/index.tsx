import { useEffect, useState } from 'preact/hooks';
import type { ContactView, TeamMember } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { TransferRequest } from '../../session/transfer-request.ts';
import { t } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';
import { useGuard } from '../use-guard.ts';

/** Transfer to an agent (from the team list) or to a skill, with a message and the bounce-back switch. */
export function TransferForm({ session, contact, onDone, onError }: { session: AgentSession; contact: ContactView; onDone: () => void; onError: OnError }) {
  const [team, setTeam] = useState<TeamMember[]>([]);
  const guard = useGuard(onError);
  useEffect(() => {
    session.actions.teamMembers().then(setTeam, onError);
  }, [session]);
  const me = session.store.agent?.id;
  const skills = [...new Set(team.flatMap((m) => m.skills))].sort();
  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const [kind, value] = String(form.get('destination')).split(':');
    const options = {
      message: String(form.get('message') ?? ''),
      disableBounceBack: form.get('noBounceBack') === 'on',
      allowToBusyAgents: form.get('allowBusy') === 'on',
    };
    const request: TransferRequest = kind === 'agent' ? { toAgent: value, ...options } : { toSkill: value, ...options };
    guard.run('transfer', () => session.actions.transfer(contact.id, request).then(onDone), undefined, contact.id);
  };
  return (
    <form class="sb-transfer" onSubmit={submit}>
      <select name="destination" required aria-label={t('transfer.open')}>
        <optgroup label={t('transfer.toAgent')}>
          {team
            .filter((m) => m.id !== me)
            .map((m) => (
              // An offline agent cannot take the chat: listed (the agent looks for them) but not chosen.
              <option value={`agent:${m.id}`} disabled={m.state === 'OFFLINE'} data-state={m.state}>
                {m.state === 'OFFLINE' ? t('transfer.offline', { name: m.name }) : `${m.name} (${t(`state.${m.state}`)})`}
              </option>
            ))}
        </optgroup>
        <optgroup label={t('transfer.toSkill')}>
          {skills.map((s) => (
            <option value={`skill:${s}`}>{s}</option>
          ))}
        </optgroup>
      </select>
      <input name="message" placeholder={t('transfer.message')} maxLength={8000} />
      <label>
        <input type="checkbox" name="noBounceBack" /> {t('transfer.noBounceBack')}
      </label>
      <label>
        <input type="checkbox" name="allowBusy" /> {t('transfer.busy')}
      </label>
      <span class="sb-row">
        <button type="submit" data-action="transfer-submit" disabled={guard.pending !== null}>
          {t('transfer.submit')}
        </button>
        <button type="button" class="sb-secondary" onClick={onDone}>
          {t('transfer.cancel')}
        </button>
      </span>
    </form>
  );
}
