/**
 * The round launcher button that opens and minimizes the chat box. Whether the box is open is
 * kept in sessionStorage, so a reload shows it as it was; while it is minimized the launcher
 * counts the messages that came in.
 */
import { el } from './dom.ts';
import type { Locale } from './strings.ts';

const STORAGE_KEY = 'switchboard.chat-box';
/** The badge shows this at most ("99+"). */
const MAX_BADGE_COUNT = 99;

export interface Launcher {
  readonly button: HTMLButtonElement;
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** A message from the agent arrived: counted while the box is minimized. */
  noteIncoming(): void;
  /** Called with the new state whenever the box opens or minimizes. */
  onToggle(handler: (open: boolean) => void): void;
}

function storedOpen(): boolean | null {
  try {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    return saved === null ? null : (JSON.parse(saved) as { open: boolean }).open === true;
  } catch {
    return null;
  }
}

/** Mounts the launcher in `root`; the box is `root[data-open]`. `openAtFirst` is the state on a first visit (the page's `data-open`). */
export function mountLauncher(root: HTMLElement, locale: Locale, openAtFirst: boolean): Launcher {
  const badge = el('span', { className: 'sbc-badge', hidden: true });
  const button = el('button', { type: 'button', className: 'sbc-launcher' }, el('span', { className: 'sbc-launcher-icon', ariaHidden: 'true' }), badge);
  button.dataset.action = 'launcher';
  root.append(button);
  let unread = 0;
  let open = storedOpen() ?? openAtFirst;
  const handlers: ((open: boolean) => void)[] = [];

  const render = () => {
    root.dataset.open = String(open);
    button.ariaExpanded = String(open);
    button.ariaLabel = button.title = open ? locale.t('minimize') : unread ? `${locale.t('open')} (${locale.t('unread', { n: unread })})` : locale.t('open');
    badge.hidden = open || unread === 0;
    badge.textContent = unread > MAX_BADGE_COUNT ? `${MAX_BADGE_COUNT}+` : String(unread);
    badge.dataset.count = String(unread);
  };
  const setOpen = (next: boolean) => {
    open = next;
    if (open) unread = 0;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ open }));
    } catch {
      // Storage refused (private mode): the state lasts until the reload.
    }
    render();
    handlers.forEach((h) => h(open));
  };
  button.onclick = () => setOpen(!open);
  render();
  return {
    button,
    isOpen: () => open,
    setOpen,
    noteIncoming() {
      if (open) return;
      unread += 1;
      render();
    },
    onToggle: (handler) => void handlers.push(handler),
  };
}
