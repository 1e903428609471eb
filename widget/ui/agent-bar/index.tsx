import { AGENT_STATES, type AgentState } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../strings.ts';

export function AgentBar({ session, onError }: { session: AgentSession; onError: (message: string) => void }) {
  const agent = session.store.agent;
  if (!agent) return null;
  const change = (e: Event) => session.setAgentState((e.currentTarget as HTMLSelectElement).value as AgentState).catch((err) => onError(err.message));
  return (
    <header class="sb-agent-bar">
      <span class={`sb-presence sb-presence-${agent.state}`} aria-hidden="true" />
      <strong class="sb-agent-name">{agent.name}</strong>
      <select name="agent-state" aria-label={t('agent.state')} value={agent.state} onChange={change}>
        {AGENT_STATES.map((s) => (
          <option value={s}>{t(`state.${s}`)}</option>
        ))}
      </select>
      <button type="button" class="sb-link" data-action="logout" onClick={() => session.logout().catch((err) => onError(err.message))}>
        {t('agent.logout')}
      </button>
    </header>
  );
}
