import { useState } from 'preact/hooks';
import type { TeamMember } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import type { OnError } from '../errors.ts';

/** The team, to call a colleague (an internal call); listed when opened. */
export function Colleagues({ me, team, pending, onCall, onError }: { me: string | null; team: () => Promise<TeamMember[]>; pending: boolean; onCall: (agentId: string) => void; onError: OnError }) {
  const [members, setMembers] = useState<TeamMember[] | null>(null);
  const toggle = (e: Event) => {
    if ((e.currentTarget as HTMLDetailsElement).open) team().then(setMembers, onError);
  };
  return (
    <details class="sb-colleagues" data-colleagues onToggle={toggle}>
      <summary>{t('call.colleagues')}</summary>
      <ul>
        {(members ?? [])
          .filter((m) => m.id !== me)
          .map((m) => (
            <li data-agent-id={m.id}>
              <span class={`sb-presence sb-presence-${m.forcedPause ? 'PAUSED' : m.state}`} aria-hidden="true" />
              <span class="sb-colleague-name">{m.name}</span>
              <span class="sb-colleague-state">{t(`state.${m.state}`)}</span>
              <button type="button" class="sb-secondary" data-action="call-agent" aria-label={t('call.callAgent', { name: m.name })} disabled={pending || m.state === 'OFFLINE'} onClick={() => onCall(m.id)}>
                {t('call.start')}
              </button>
            </li>
          ))}
      </ul>
    </details>
  );
}
