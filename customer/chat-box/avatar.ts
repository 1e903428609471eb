/** An agent's picture, or their initials in a circle whose colour comes from their name. */
import { el } from './dom.ts';

/** Up to two initials: "Alice Rossi" -> "AR". */
export const initials = (name: string) =>
  name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('') || '?';

/** A stable hue for a name, so one agent keeps one colour. */
function hue(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.codePointAt(0)!) % 360;
  return h;
}

export function avatar(name: string, picture?: string): HTMLElement {
  if (picture) return el('img', { className: 'sbc-avatar', src: picture, alt: '' });
  const circle = el('span', { className: 'sbc-avatar', textContent: initials(name), ariaHidden: 'true' });
  circle.style.backgroundColor = `hsl(${hue(name)} 55% 42%)`;
  return circle;
}
