/**
 * The message list's scrolling, as chat apps do it: a chat opens at its newest message (or where
 * the agent left it); a message that arrives while the agent is at the bottom scrolls into view
 * (so does the bottom when the list's size changes),
 * otherwise a "new messages" pill counts it; scrolling near the top pages older messages in and
 * keeps what the agent was reading where it was.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Within this many pixels of the bottom counts as at the bottom. */
export const NEAR_BOTTOM_PX = 80;
/** Within this many pixels of the top, the older page is asked for. */
const NEAR_TOP_PX = 200;
/** Chats whose place is remembered; past it the least recently left are forgotten. */
const MAX_REMEMBERED = 200;

/** Per chat, how far from the bottom the agent left its list (px); absent: at the bottom. */
const places = new Map<string, number>();

const fromBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;

export interface ChatScroll {
  /** The agent sees the newest message. */
  atBottom: boolean;
  /** Messages that arrived while the agent was scrolled up. */
  unseen: number;
  toBottom(): void;
  onScroll(): void;
  /** An image (or anything) in the list loaded: stay at the bottom if there. */
  onLoad(): void;
}

/**
 * `first` and `last` identify the oldest and newest items shown (their change tells a page
 * prepended from a message appended); `mine`: the newest item is the agent's own (always shown).
 */
export function useChatScroll(list: RefObject<HTMLElement | null>, contactId: string, first: string | null, last: string | null, mine: boolean, loadOlder: () => void): ChatScroll {
  const [unseen, setUnseen] = useState(0);
  const [atBottom, setAtBottom] = useState(true);
  // stick: the list follows its bottom. set: the scrollTop this code set last (its scroll event is not the agent's).
  const seen = useRef({ contactId: '', first, last, height: 0, stick: true, asked: '', set: -1 });
  const scrollTo = (el: HTMLElement, top: number) => {
    el.scrollTop = top;
    seen.current.set = el.scrollTop;
  };

  // The list's own size changes (a panel loads above it, the window resizes): the bottom stays in view if it was.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const resized = new ResizeObserver(() => seen.current.stick && scrollTo(el, el.scrollHeight));
    resized.observe(el);
    return () => resized.disconnect();
  }, [list.current]);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const was = seen.current;
    if (was.contactId !== contactId) {
      // Opened: where the agent left it, or the newest message.
      const place = places.get(contactId);
      scrollTo(el, place === undefined ? el.scrollHeight : el.scrollHeight - el.clientHeight - place);
      setUnseen(0);
      setAtBottom(fromBottom(el) <= NEAR_BOTTOM_PX);
      was.stick = fromBottom(el) <= NEAR_BOTTOM_PX;
    } else if (first !== was.first && last === was.last && was.height) {
      // Older messages came in above: what the agent was reading stays where it was.
      scrollTo(el, el.scrollTop + el.scrollHeight - was.height);
    } else if (last !== was.last) {
      if (was.stick || mine) scrollTo(el, el.scrollHeight);
      else setUnseen((n) => n + 1);
    } else if (was.stick) {
      scrollTo(el, el.scrollHeight); // the typing line, a status: the bottom stays in view
    }
    Object.assign(was, { contactId, first, last, height: el.scrollHeight });
    // A short chat fills no screen: its older messages come without a scroll (once per oldest message: a failure is not retried in a loop).
    const at = `${contactId}:${first}`;
    if (el.clientHeight > 0 && el.scrollHeight <= el.clientHeight && was.asked !== at) {
      was.asked = at;
      loadOlder();
    }
  });

  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    // A scroll this code made (its event may come after the layout changed again) keeps the list as it was.
    const mine = el.scrollTop === seen.current.set && seen.current.stick;
    const bottom = mine || fromBottom(el) <= NEAR_BOTTOM_PX;
    seen.current.stick = bottom;
    seen.current.height = el.scrollHeight;
    setAtBottom(bottom);
    if (bottom) setUnseen(0);
    places.delete(contactId);
    if (!bottom) places.set(contactId, fromBottom(el));
    if (places.size > MAX_REMEMBERED) places.delete(places.keys().next().value!);
    if (el.scrollTop <= NEAR_TOP_PX) loadOlder();
  };

  const toBottom = () => {
    const el = list.current;
    if (!el) return;
    seen.current.stick = true;
    scrollTo(el, el.scrollHeight);
    onScroll();
  };

  const onLoad = () => {
    const el = list.current;
    if (el && seen.current.stick) scrollTo(el, el.scrollHeight);
  };

  return { atBottom, unseen, toBottom, onScroll, onLoad };
}
