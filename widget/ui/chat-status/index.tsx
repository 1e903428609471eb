/**
 * A chat's signals, small enough for the chat header and the chat list alike: the time-to-respond
 * countdown (seed 002's ttrEffective) and the idle mark (seed 000's isidle).
 */
import { inConversation, ttrEffective, type ChatMessage, type ContactView } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import { useNow } from '../use-guard.ts';

/** 65 s -> "1:05"; an hour and more -> "1:02:05". */
export const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
};

/**
 * Till when the agent must answer: the manual deadline, or the customer's oldest unanswered
 * message plus the TTR (from the messages held; the server's figure when they tell nothing).
 */
export function ttrDeadline(contact: ContactView, messages: readonly ChatMessage[] | undefined): number | null {
  const ttr = contact.ttr;
  if (!ttr || !inConversation(contact.state) || contact.state === 'offered') return null;
  let since: number | null = null;
  let answered = false;
  for (const m of messages ?? []) {
    if (m.from.kind === 'agent' && !m.private) (since = null), (answered = true);
    else if (m.from.kind === 'customer' && since === null) since = m.createdAt;
  }
  // Only customer messages held, and older ones not loaded: they may wait longer than these show.
  if (!answered && messages?.[0]?.sequence !== 1) return ttr.manualETTR ?? ttr.effective;
  return ttrEffective(ttr, since);
}

/** "Reply in 4:12", or "Overdue 1:05" past the deadline; nothing while no message waits. */
export function TtrCountdown({ contact, messages }: { contact: ContactView; messages: readonly ChatMessage[] | undefined }) {
  const now = useNow();
  const deadline = ttrDeadline(contact, messages);
  if (deadline === null) return null;
  const overdue = now > deadline;
  return (
    <span class="sb-ttr" role="timer" data-ttr={contact.ttr!.type} data-overdue={overdue || undefined} title={t('ttr.title')}>
      {t(overdue ? 'ttr.overdue' : 'ttr.replyIn', { time: clock(Math.abs(deadline - now)) })}
    </span>
  );
}

export function IdleMark({ contact }: { contact: ContactView }) {
  return contact.idle ? (
    <span class="sb-idle" data-idle title={t('chat.idleHint')}>
      {t('chat.idle')}
    </span>
  ) : null;
}
