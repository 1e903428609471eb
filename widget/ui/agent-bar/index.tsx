import { AGENT_STATES, type AgentState, type Branding } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';

export function AgentBar({ session, brand, onError }: { session: AgentSession; brand: Branding; onError: (message: string) => void }) {
  const agent = session.store.agent;
  if (!agent) return null;
  const setState = (state: AgentState) => session.setAgentState(state).catch((err) => onError(err.message));
  return (
    <>
      <header class="sb-agent-bar">
        {brand.logoUrl && <img class="sb-logo" src={brand.logoUrl} alt={brand.productName} />}
        <span class={`sb-presence sb-presence-${agent.forcedPause ? 'PAUSED' : agent.state}`} aria-hidden="true" />
        <strong class="sb-agent-name">{agent.name}</strong>
        <select name="agent-state" aria-label={t('agent.state')} value={agent.state} onChange={(e) => setState(e.currentTarget.value as AgentState)}>
          {AGENT_STATES.map((s) => (
            <option value={s}>{t(`state.${s}`)}</option>
          ))}
        </select>
        <button type="button" class="sb-link" data-action="minimize" onClick={() => session.store.setMinimized(true)}>
          {t('widget.minimize')}
        </button>
        <button type="button" class="sb-link" data-action="logout" onClick={() => session.logout().catch((err) => onError(err.message))}>
          {t('agent.logout')}
        </button>
      </header>
      {agent.forcedPause && (
        <p class="sb-pause" role="status" data-forced-pause>
          {t('pause.forced')}{' '}
          <button type="button" data-action="resume" onClick={() => setState(agent.state)}>
            {t('pause.resume')}
          </button>
        </p>
      )}
    </>
  );
}
