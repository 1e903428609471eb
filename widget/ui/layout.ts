/**
 * The desk's widths, in one place: the widget is an iframe as narrow as a phone or a CRM's side
 * panel, or as wide as a desktop. Components read them with useMedia and set classes; the CSS
 * keys off those classes, so each breakpoint is written once.
 *
 *   narrow (< 640 px): one column, the chat list folds into one line above the chat
 *   wide (>= 1,024 px): the chat's side panels (CRM, notes, knowledge base) in a column of their own
 */
import { useEffect, useState } from 'preact/hooks';

export const NARROW = '(max-width: 639px)';
export const WIDE = '(min-width: 1024px)';

/** One MediaQueryList per query: making one on every render cost more than the render of a list item. */
const lists = new Map<string, MediaQueryList | null>();
const listFor = (query: string) => {
  if (!lists.has(query)) lists.set(query, typeof matchMedia === 'function' ? matchMedia(query) : null);
  return lists.get(query) ?? null;
};

/** Whether the widget's page matches `query` now (re-rendered when that changes). */
export function useMedia(query: string): boolean {
  const list = listFor(query);
  const [matches, setMatches] = useState(!!list?.matches);
  useEffect(() => {
    if (!list) return;
    const change = () => setMatches(list.matches);
    change();
    list.addEventListener('change', change);
    return () => list.removeEventListener('change', change);
  }, [query]);
  return matches;
}
