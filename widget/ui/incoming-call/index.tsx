import type { CallInfo } from '../../calls/call-model.ts';
import { t } from '../../i18n/index.ts';
import { useNow } from '../use-guard.ts';

/** A call ringing for the agent: who calls, the time left to answer, Answer and Decline. */
export function IncomingCall({ info, pending, ringerMuted, onAnswer, onDecline }: { info: CallInfo; pending: boolean; ringerMuted: boolean; onAnswer: () => void; onDecline: () => void }) {
  useNow(250);
  const { call } = info;
  const left = info.answerBy === null ? null : Math.ceil(Math.max(0, info.answerBy - Date.now()) / 1000);
  return (
    <section class="sb-incoming-call" role="alertdialog" aria-live="assertive" aria-label={t('call.incoming')} data-call-state="ringing" data-contact-id={info.contactId}>
      <span class="sb-call-icon" aria-hidden="true">☎</span>
      <span class="sb-incoming-who">
        <strong dir="auto">{info.partyName}</strong>
        <span class="sb-incoming-kind">{t(call.internal ? 'call.incomingInternal' : 'call.incoming')}</span>
        {left !== null && (
          <span class="sb-countdown" data-countdown={left} role="timer">
            {t('call.answerWithin', { seconds: String(left) })}
          </span>
        )}
        {ringerMuted && <span class="sb-ringer-muted" data-ringer-muted>{t('call.ringerMuted')}</span>}
      </span>
      <span class="sb-incoming-actions">
        <button type="button" class="sb-call-answer" data-action="answer" disabled={pending} onClick={onAnswer}>
          {t('call.answer')}
        </button>
        <button type="button" class="sb-call-hangup" data-action="decline" disabled={pending} onClick={onDecline}>
          {t('call.decline')}
        </button>
      </span>
    </section>
  );
}
