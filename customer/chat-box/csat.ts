/**
 * The survey after a chat closes: 1–5 stars and "was your issue resolved?". The answer goes
 * through the SDK's `setCsat(rate, resolutionConfirmation, 'FILLED')`; when it is not stored the
 * form says why and can be sent again.
 */
import { el } from './dom.ts';
import type { Locale } from './strings.ts';

/** Stores the survey's answer. */
export type SetCsat = (rate: number, resolutionConfirmation: boolean) => Promise<unknown>;

export function mountCsat(after: HTMLElement, locale: Locale, setCsat: SetCsat) {
  const { t } = locale;
  const form = el('form', { className: 'sbc-csat', hidden: true });
  form.dataset.csat = '';
  after.after(form);

  const show = () => {
    let rate = 0;
    let resolved: boolean | null = null;
    const stars = [1, 2, 3, 4, 5].map((n) => {
      const star = el('button', { type: 'button', className: 'sbc-star', textContent: '★', ariaLabel: t('csatStar', { n }), ariaPressed: 'false' });
      star.dataset.rate = String(n);
      star.onclick = () => {
        rate = n;
        stars.forEach((s, i) => (s.ariaPressed = String(i < n)));
        update();
      };
      return star;
    });
    const answer = (value: boolean) => {
      const b = el('button', { type: 'button', className: 'sbc-answer', textContent: value ? t('yes') : t('no'), ariaPressed: 'false' });
      b.dataset.resolved = String(value);
      b.onclick = () => {
        resolved = value;
        yes.ariaPressed = String(value);
        no.ariaPressed = String(!value);
        update();
      };
      return b;
    };
    const yes = answer(true);
    const no = answer(false);
    const submit = el('button', { type: 'submit', textContent: t('csatSend') });
    submit.dataset.action = 'csat-send';
    const note = el('p', { className: 'sbc-csat-note', role: 'status' });
    const update = () => (submit.disabled = rate === 0 || resolved === null);
    form.replaceChildren(
      el('p', { className: 'sbc-csat-title', textContent: t('csatTitle') }),
      el('div', { className: 'sbc-stars', role: 'group', ariaLabel: t('csatTitle') }, ...stars),
      el('p', { className: 'sbc-csat-title', textContent: t('csatResolved') }),
      el('div', { className: 'sbc-answers', role: 'group', ariaLabel: t('csatResolved') }, yes, no),
      submit,
      note,
    );
    form.onsubmit = async (e) => {
      e.preventDefault();
      if (rate === 0 || resolved === null) return;
      submit.disabled = true;
      try {
        await setCsat(rate, resolved);
        form.replaceChildren(el('p', { className: 'sbc-csat-title', textContent: t('csatThanks') }));
      } catch (err) {
        note.textContent = t('csatFailed', { error: (err as Error).message });
        update();
      }
    };
    update();
    form.hidden = false;
  };
  const hide = () => {
    form.hidden = true;
    form.replaceChildren();
  };
  return { show, hide, form };
}
