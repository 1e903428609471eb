/**
 * A message's content in the chat box, drawn from protocol/'s one reading of it (messageView):
 * text with its links, images, cards, buttons that post back, and quick replies. Links open in
 * a new tab with rel="noopener noreferrer" and are http(s) only.
 */
import type { ActionNode, ContentNode, MessageView, Postback, TextRun } from '../../protocol/index.ts';
import { el } from './dom.ts';

/** Sends a button's post-back; resolves true once the server stored it (false if not: the box said why). */
export type SendPostback = (postback: Postback) => Promise<boolean>;

const link = (text: string, href: string, className = 'sbc-link') => el('a', { className, href, textContent: text, target: '_blank', rel: 'noopener noreferrer' });

function runs(list: TextRun[]): (Node | string)[] {
  return list.map((run) => ('href' in run ? link(run.text, run.href) : run.text));
}

/** A button posts back once at a time; `after` runs when the server stored it. */
export function postbackButton(node: Extract<ActionNode, { kind: 'button' }>, send: SendPostback, after: () => void = () => {}): HTMLButtonElement {
  const button = el('button', { type: 'button', className: 'sbc-postback', textContent: node.text, dir: 'auto' });
  button.dataset.payload = node.postback.payload;
  button.onclick = async () => {
    button.disabled = true;
    const sent = await send(node.postback);
    button.disabled = false;
    if (sent) after();
  };
  return button;
}

function actions(list: ActionNode[], send: SendPostback): HTMLElement {
  return el('div', { className: 'sbc-rich-actions' }, ...list.map((a) => (a.kind === 'link' ? link(a.text, a.href, 'sbc-link-button') : postbackButton(a, send))));
}

const image = (src: string, alt: string) => el('img', { className: 'sbc-rich-image', src, alt, loading: 'lazy', referrerPolicy: 'no-referrer' });

function node(n: ContentNode, send: SendPostback): HTMLElement {
  switch (n.kind) {
    case 'text':
      return el('span', { className: `sbc-text${n.style === 'body' ? '' : ` sbc-${n.style}`}`, dir: 'auto' }, ...runs(n.runs));
    case 'image':
      return image(n.src, n.alt);
    case 'card':
      return el(
        'div',
        { className: 'sbc-card' },
        ...(n.image ? [image(n.image.src, n.image.alt)] : []),
        ...(n.title ? [el('strong', { className: 'sbc-card-title', dir: 'auto', textContent: n.title })] : []),
        ...(n.subtitle ? [el('span', { className: 'sbc-card-subtitle', dir: 'auto', textContent: n.subtitle })] : []),
        ...(n.actions.length ? [actions(n.actions, send)] : []),
      );
    case 'actions':
      return actions(n.actions, send);
  }
}

/** The content of a message bubble. */
export const renderContent = (view: MessageView, send: SendPostback) => view.nodes.map((n) => node(n, send));

/** Quick replies under a message: buttons that post back, and go away once one has been used. */
export function renderQuickReplies(view: MessageView, send: SendPostback): HTMLLIElement | null {
  if (!view.quickReplies.length) return null;
  const item = el('li', { className: 'sbc-quick' });
  item.append(...view.quickReplies.map((q) => postbackButton(q, send, () => item.remove())));
  return item;
}
