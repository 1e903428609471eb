import { useState } from 'preact/hooks';
import { AGENT_STATES, inConversation, type AgentState, type Branding } from '../../../protocol/index.ts';
import type { CallUi } from '../../calls/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { lazy } from '../lazy.tsx';
import { t } from '../../i18n/index.ts';
import { ConnectionDetails } from '../connection-details/index.tsx';

export const AudioSettings = lazy(() => import('../audio-settings/index.tsx').then((m) => m.AudioSettings));
import type { OnError } from '../errors.ts';

export function AgentBar({ session, brand, calls, onError }: { session: AgentSession; brand: Branding; calls?: CallUi; onError: OnError }) {
  const agent = session.store.agent;
  const [confirmLogout, setConfirmLogout] = useState(false);
  const [audio, setAudio] = useState(false);
  if (!agent) return null;
  const setState = (state: AgentState) => session.actions.setAgentState(state).catch(onError);
  const logout = () => session.link.logout().catch(onError);
  // Signing out with chats in progress sends them back to the queue: ask first.
  const open = [...session.store.contacts.values()].filter((c) => c.list === 'assigned' && inConversation(c.state)).length;
  return (
    <>
      <header class="sb-agent-bar">
        {brand.logoUrl && <img class="sb-logo" src={brand.logoUrl} alt={brand.productName} />}
        <span class={`sb-presence sb-presence-${agent.forcedPause ? 'PAUSED' : agent.state}`} aria-hidden="true" />
        <strong class="sb-agent-name">{agent.name}</strong>
        <select name="agent-state" aria-label={t('agent.state')} value={agent.forcedPause ? 'PAUSED' : agent.state} onChange={(e) => setState(e.currentTarget.value as AgentState)}>
          {agent.forcedPause && (
            <option value="PAUSED" disabled>
              {t('state.PAUSED')}
            </option>
          )}
          {AGENT_STATES.map((s) => (
            <option value={s}>{t(`state.${s}`)}</option>
          ))}
        </select>
        <ConnectionDetails connection={session.connection} />
        {calls && (
          <button type="button" class="sb-link" data-action="audio-settings" aria-expanded={audio ? 'true' : 'false'} onClick={() => setAudio(!audio)}>
            {t('call.audio')}
          </button>
        )}
        <button type="button" class="sb-link" data-action="minimize" onClick={() => session.store.setMinimized(true)}>
          {t('widget.minimize')}
        </button>
        <button type="button" class="sb-link" data-action="logout" onClick={() => (open ? setConfirmLogout(true) : logout())}>
          {t('agent.logout')}
        </button>
      </header>
      {calls && audio && <AudioSettings calls={calls.controller} ringer={calls.ringer} onError={onError} onClose={() => setAudio(false)} />}
      {confirmLogout && open > 0 && (
        <p class="sb-confirm" role="alert" data-confirm-logout>
          {t('logout.confirm', { count: String(open) })}{' '}
          <button type="button" data-action="confirm-logout" onClick={() => (setConfirmLogout(false), logout())}>
            {t('agent.logout')}
          </button>
          <button type="button" data-action="cancel-logout" onClick={() => setConfirmLogout(false)}>
            {t('logout.cancel')}
          </button>
        </p>
      )}
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
