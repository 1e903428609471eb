/**
 * Chat's plain rules, apart from chat.ts's schemas so that code needing only these (the widget's
 * first load) carries no valibot: the effective deadline to respond, and the size of content.
 */
import type { MessageContent } from './chat.ts';

/** The effective deadline: the manual one if set, else the oldest unanswered customer message plus the TTR. */
export function ttrEffective(ttr: { seconds: number; manualETTR: number | null }, waitingSince: number | null): number | null {
  if (waitingSince === null) return null;
  return ttr.manualETTR ?? waitingSince + ttr.seconds * 1000;
}

/** Characters of a content's JSON; rich content past MAX_RICH_CONTENT_CHARS is refused `too_large`. */
export const contentChars = (content: MessageContent) => JSON.stringify(content).length;
