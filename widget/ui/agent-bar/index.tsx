import { AGENT_STATES, type AgentState, type Branding } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import { ConnectionDetails } from '../connection-details/index.tsx';
import type { OnError } from '../errors.ts';

export function AgentBar({ session, brand, onError }: { session: AgentSession; brand: Branding; onError: OnError }) {
  const agent = session.store.agent;
  if (!agent) return null;
  const setState = (state: AgentState) => session.actions.setAgentState(state).catch(onError);
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
        <ConnectionDetails connection={session.connection} />
        <button type="button" class="sb-link" data-action="minimize" onClick={() => session.store.setMinimized(true)}>
          {t('widget.minimize')}
        </button>
        <button type="button" class="sb-link" data-action="logout" onClick={() => session.link.logout().catch(onError)}>
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
