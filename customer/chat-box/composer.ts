/**
 * The reply box: a text area that grows with what is typed (Enter sends, Shift+Enter starts a
 * new line) and never cuts text. Near the 8,000-character limit a counter shows; past it a
 * clear error says by how much, and Send waits until the text is short enough. A message the
 * server refuses stays in the box.
 */
import { MAX_TEXT_CHARS } from '../../protocol/index.ts';
import { el } from './dom.ts';
import type { Locale } from './strings.ts';

/** The counter shows from this many characters on. */
export const COUNTER_FROM_CHARS = MAX_TEXT_CHARS - 1_000;
/** The agent sees the customer typing: a notice at most this often while they type. */
const TYPING_NOTICE_MS = 2_000;

export interface ComposerOptions {
  /** Sends a message; rejects when it was not sent (the text goes back in the box). */
  send(text: string): Promise<void>;
  /** The customer is typing. */
  typing(): void;
}

export function mountComposer(locale: Locale, options: ComposerOptions) {
  const { t } = locale;
  const number = new Intl.NumberFormat(locale.tag);
  const text = el('textarea', { name: 'message', placeholder: t('messagePlaceholder'), disabled: true, dir: 'auto', autocomplete: 'off', rows: 1 });
  text.setAttribute('aria-label', t('messagePlaceholder'));
  const send = el('button', { type: 'submit', textContent: t('send'), disabled: true });
  send.dataset.action = 'send';
  const counter = el('p', { className: 'sbc-counter', id: 'sbc-counter', hidden: true });
  counter.setAttribute('aria-live', 'polite');
  text.setAttribute('aria-describedby', counter.id);
  const form = el('form', { className: 'sbc-reply' }, text, send);
  let enabled = false;
  let typedAt = 0;

  /** The counter near the limit, the error past it, the box's height, and whether Send may go. */
  const update = () => {
    const length = text.value.length;
    const over = length - MAX_TEXT_CHARS;
    counter.hidden = length < COUNTER_FROM_CHARS;
    counter.classList.toggle('sbc-over', over > 0);
    counter.role = over > 0 ? 'alert' : null;
    counter.textContent = over > 0 ? t('tooLong', { over: number.format(over), max: number.format(MAX_TEXT_CHARS) }) : t('counter', { n: number.format(length), max: number.format(MAX_TEXT_CHARS) });
    text.setAttribute('aria-invalid', String(over > 0));
    send.disabled = !enabled || over > 0;
    // As tall as its text (up to the stylesheet's max-height); a hidden box has no height to measure.
    text.style.height = '';
    if (text.scrollHeight > 0) text.style.height = `${text.scrollHeight + 2}px`;
  };

  text.oninput = () => {
    update();
    if (!text.value || Date.now() - typedAt < TYPING_NOTICE_MS) return;
    typedAt = Date.now();
    options.typing();
  };
  text.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  };
  form.onsubmit = async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value || !enabled || value.length > MAX_TEXT_CHARS) return update();
    text.value = '';
    update();
    try {
      await options.send(value);
    } catch {
      // Not sent: the text comes back, unless the customer already typed something else.
      if (!text.value) text.value = value;
      update();
    }
  };

  return {
    form,
    text,
    counter,
    /** Replies may be written (a chat is open) or not. */
    setEnabled(on: boolean) {
      enabled = on;
      text.disabled = !on;
      update();
    },
    focus() {
      update(); // measured again: the box may have been hidden
      text.focus();
    },
  };
}
