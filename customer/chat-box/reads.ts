/**
 * Read marks and ticks. The others' messages count as read once on screen (half of one in the
 * list's view, or half the view for a tall one), while the page is visible and the box open:
 * the box then marks the newest of them read (`readMessage`; the agent sees ✓✓). The customer's
 * own messages show ✓ once stored and ✓✓ once an agent read them (the chat's `agentsReadUpTo`,
 * then the READ receipts).
 */
import { el } from './dom.ts';
import type { Locale } from './strings.ts';

export interface ReadsOptions {
  /** Marks the chat read up to this message. */
  read(messageId: string): Promise<unknown>;
  /** The box is open (not minimized). */
  isOpen(): boolean;
}

const sequenceOf = (item: HTMLElement) => Number(item.dataset.sequence ?? 0);

export function mountReads(list: HTMLOListElement, locale: Locale, options: ReadsOptions) {
  const { t } = locale;
  /** The others' messages on screen now. */
  const onScreen = new Set<HTMLElement>();
  /** The newest sequence this box marked read. */
  let readUpTo = 0;
  /** The agents read the customer's messages up to this sequence. */
  let agentsReadUpTo = 0;

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const view = entry.rootBounds?.height ?? 0;
        const shown = entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= view / 2);
        if (shown) onScreen.add(entry.target as HTMLElement);
        else onScreen.delete(entry.target as HTMLElement);
      }
      flush();
    },
    { root: list, threshold: [0, 0.25, 0.5, 0.75, 1] },
  );

  /** Marks the newest message on screen read, when the shopper can see it. */
  const flush = () => {
    if (document.visibilityState !== 'visible' || !options.isOpen()) return;
    let newest: HTMLElement | null = null;
    for (const item of onScreen) if (item.isConnected && sequenceOf(item) > (newest ? sequenceOf(newest) : readUpTo)) newest = item;
    if (!newest?.dataset.id) return;
    const before = readUpTo;
    const upTo = (readUpTo = sequenceOf(newest));
    options.read(newest.dataset.id).catch(() => {
      if (readUpTo === upTo) readUpTo = before; // tried again when something changes
    });
  };
  document.addEventListener('visibilitychange', flush);

  /** Shows a message of the customer's as delivered (it has a sequence) or read. */
  const tick = (item: HTMLElement) => {
    const mark = item.querySelector<HTMLElement>('.sbc-tick');
    const sequence = sequenceOf(item);
    if (!mark || !sequence) return;
    const read = sequence <= agentsReadUpTo;
    mark.hidden = false;
    mark.textContent = read ? '✓✓' : '✓';
    mark.title = mark.ariaLabel = t(read ? 'read' : 'delivered');
    mark.toggleAttribute('data-read', read);
  };

  return {
    /** A tick for a message of the customer's (filled in by `tick`). */
    mark: () => el('span', { className: 'sbc-tick', hidden: true, role: 'img' }),
    /** A message joined the list: the others' are watched for being seen, the customer's get their tick. */
    track(item: HTMLElement, mine: boolean) {
      if (mine) tick(item);
      else if (item.dataset.sequence) observer.observe(item);
    },
    tick,
    /** The agents read the customer's messages up to `upTo` (never backwards). */
    agentsRead(upTo: number) {
      if (upTo <= agentsReadUpTo) return;
      agentsReadUpTo = upTo;
      list.querySelectorAll<HTMLElement>('.sbc-msg.me[data-sequence]').forEach(tick);
    },
    /** Tries again (the box opened, the page came back). */
    flush,
    /** Another chat: nothing read yet either way. */
    reset() {
      observer.disconnect();
      onScreen.clear();
      readUpTo = agentsReadUpTo = 0;
    },
  };
}

export type Reads = ReturnType<typeof mountReads>;
