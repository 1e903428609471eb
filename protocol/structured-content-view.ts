/**
 * One reading of a message's content for every renderer (the customer's chat box, the agent's
 * widget): the structured-content schema (protocol/chat.ts) and the other content kinds become a
 * small tree of text, links, images and buttons with their post-back data. Links are http(s)
 * only (anything else becomes plain text), whatever got past the schema; renderers open them
 * with rel="noopener noreferrer".
 */
import type { ChatMessage } from './model.ts';
import type { MessageContent, RichButton, StructuredContent } from './chat.ts';

/** A piece of text, or a link inside it. */
export type TextRun = { text: string } | { text: string; href: string };
/** What pressing a button sends back: the customer's `chat.post` content of kind postback. */
export interface Postback {
  title: string;
  payload: string;
  /** The rich message the button belongs to. */
  replyTo: string;
}
export type ActionNode = { kind: 'link'; text: string; href: string } | { kind: 'button'; text: string; postback: Postback };
export type ContentNode =
  | { kind: 'text'; runs: TextRun[]; style: 'title' | 'subtitle' | 'body' }
  | { kind: 'image'; src: string; alt: string }
  | { kind: 'card'; title: string | null; subtitle: string | null; image: { src: string; alt: string } | null; actions: ActionNode[] }
  | { kind: 'actions'; actions: ActionNode[] };

export interface MessageView {
  nodes: ContentNode[];
  /** Buttons shown under the message until one is used (or the conversation moved on). */
  quickReplies: Extract<ActionNode, { kind: 'button' }>[];
}

/** The URL if it is an absolute http(s) one, else null. */
export function safeUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** http(s) URLs in plain text, up to whitespace; closing punctuation stays out. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/gi;

/** Plain text with its http(s) URLs as links. */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const href = safeUrl(match[0]);
    if (!href) continue;
    if (match.index > at) runs.push({ text: text.slice(at, match.index) });
    runs.push({ text: match[0], href });
    at = match.index + match[0].length;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at) });
  return runs;
}

/** A button as an action; a link that is not http(s) is dropped. */
function action(button: RichButton, replyTo: string): ActionNode | null {
  if (button.type === 'postback') return { kind: 'button', text: button.title, postback: { title: button.title, payload: button.payload, replyTo } };
  const href = safeUrl(button.url);
  return href ? { kind: 'link', text: button.title, href } : null;
}

const actionsOf = (buttons: readonly RichButton[] | undefined, replyTo: string) => (buttons ?? []).flatMap((b) => action(b, replyTo) ?? []);

const image = (url: string | undefined, alt = '') => {
  const src = url && safeUrl(url);
  return src ? { src, alt } : null;
};

/** Structured content as nodes: `replyTo` is the id of its message (its buttons post back to it). */
export function structuredContentView(rich: StructuredContent, replyTo: string): MessageView {
  const nodes: ContentNode[] = [];
  for (const element of rich.elements) {
    switch (element.type) {
      case 'text':
        nodes.push({ kind: 'text', runs: textRuns(element.text), style: element.style ?? 'body' });
        break;
      case 'image': {
        const img = image(element.url, element.alt);
        if (img) nodes.push({ kind: 'image', ...img });
        break;
      }
      case 'card':
        nodes.push({ kind: 'card', title: element.title ?? null, subtitle: element.subtitle ?? null, image: image(element.imageUrl, element.title), actions: actionsOf(element.buttons, replyTo) });
        break;
      case 'buttons':
        nodes.push({ kind: 'actions', actions: actionsOf(element.buttons, replyTo) });
        break;
    }
  }
  const quickReplies = (rich.quickReplies ?? []).map((q) => ({ kind: 'button' as const, text: q.title, postback: { title: q.title, payload: q.payload, replyTo } }));
  return { nodes, quickReplies };
}

/** Any message as nodes: its content read as above, or its text with links. */
export function messageView(message: Pick<ChatMessage, 'id' | 'text'> & { content?: MessageContent }): MessageView {
  const content = message.content;
  switch (content?.kind) {
    case 'rich':
      return structuredContentView(content.rich, message.id);
    case 'link': {
      const href = safeUrl(content.url);
      const text = content.desc || content.url;
      return { nodes: [{ kind: 'text', runs: [href ? { text, href } : { text }], style: 'body' }], quickReplies: [] };
    }
    case 'postback':
    case 'action':
    case 'file': // drawn as a file by each renderer (its link is the viewer's); its name as text otherwise
    case 'imported':
    case undefined:
      return { nodes: [{ kind: 'text', runs: textRuns(message.text), style: 'body' }], quickReplies: [] };
  }
}
