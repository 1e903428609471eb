import { useEffect, useReducer } from 'preact/hooks';
import type { CallUi } from '../../calls/index.ts';
import { callInfo, isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import { Colleagues } from '../colleagues/index.tsx';
import type { OnError } from '../errors.ts';
import { IncomingCall } from '../incoming-call/index.tsx';
import { lazy } from '../lazy.tsx';
import { useGuard } from '../use-guard.ts';

/** The in-call panel loads with the first call (asked for as soon as a call rings, so it is there when answered). */
export const CallPanel = lazy(() => import('../call-panel/index.tsx').then((m) => m.CallPanel));

/**
 * The agent's calls above the desk: calls ringing for the agent, then the calls in progress,
 * then the team to call. Re-renders on the controller's media and softphone events (the store's
 * changes re-render the whole app).
 */
export function CallDock({ session, calls, onError }: { session: AgentSession; calls: CallUi; onError: OnError }) {
  const { controller, ringer, ring } = calls;
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => {
    const offs = [controller.on('media', () => rerender()), controller.on('softphone', () => rerender()), ringer.on('change', () => rerender())];
    return () => offs.forEach((off) => off());
  }, [controller, ringer]);
  const { pending, run } = useGuard(onError);
  const { store } = session;
  const me = store.agent?.id ?? null;
  const infos = [...store.contacts.values()]
    .filter((c) => isLiveCall(c.call) && store.listOf(c.id) !== 'hidden')
    .map((c) => callInfo(c, store.listOf(c.id), me, controller.media(c.id))!);
  if (infos.length) void CallPanel.load().catch(() => {});
  const team = () => session.actions.teamMembers();
  const respond = (contactId: string, how: 'answer' | 'decline') => {
    ring.silence(contactId);
    run(how, () => (how === 'answer' ? controller.answer(contactId) : controller.decline(contactId)), () => ring.unsilence(contactId));
  };
  const softphone = controller.softphone();
  const ringing = infos.filter((i) => i.incoming);
  return (
    <div class="sb-call-dock" data-call-dock data-ringing={ringer.ringing || undefined} data-ring-sounding={ringer.sounding || undefined}>
      {softphone.device && infos.length > 0 && (
        <p class="sb-call-notice" role="alert" data-softphone-down>
          {t('call.unavailable', { reason: softphone.error! })}
        </p>
      )}
      {/* Calls ringing stay in sight while the agent scrolls the dock (a keypad, a transfer open). */}
      {ringing.length > 0 && (
        <div class="sb-ringing">
          {ringing.map((i) => (
            <IncomingCall key={i.contactId} info={i} pending={pending !== null} ringerMuted={ringer.muted} onAnswer={() => respond(i.contactId, 'answer')} onDecline={() => respond(i.contactId, 'decline')} />
          ))}
        </div>
      )}
      {infos
        .filter((i) => !i.incoming)
        .map((i) => (
          <CallPanel key={i.contactId} info={i} calls={controller} me={me} team={team} onError={onError} />
        ))}
      {softphone.ready && <Colleagues me={me} team={team} pending={pending !== null} onCall={(agentId) => run('call-agent', () => controller.startCall({ agentId }))} onError={onError} />}
    </div>
  );
}
