/**
 * Seed 000's agent contact events, with the seed's positional arguments; Switchboard adds the
 * message last (its sequence, privacy, content) and a few of its own (`localaction`, `activity`,
 * `nack`). The keys are the only list of names. The InteractionStore emits them as it takes in
 * the server's events; the contact facade (agent-contact.ts) hands them to the UI and the host.
 */
import type { ChatActivity, ChatMessage, LeftReason } from '../../protocol/index.ts';

/** Seed 000's `left`: who left (`vvcu` the customer, `user` an agent) and who is still in the contact. */
export interface LeftInfo {
  id: string;
  reason: LeftReason;
  vvcu?: string;
  user?: string;
  channels: { total: number; vvcu: number; user: number };
}

export interface ContactEventMap {
  /** A message from another party (the customer, another agent), plain text or content shown as text (rich content, a post-back). */
  text: [text: string, from_id: string, from_nick: string, agent: boolean, message: ChatMessage];
  /** The agent's own message, stored (ACCEPT). */
  localtext: [text: string, message: ChatMessage];
  link: [url: string, from_id: string, from_nick: string, desc: string | undefined, agent: boolean, message: ChatMessage];
  locallink: [url: string, desc: string | undefined, message: ChatMessage];
  action: [action_code: string, args: unknown[], from_id: string, from_nick: string, agent: boolean, message: ChatMessage];
  /** Switchboard: the agent's own action message, stored. */
  localaction: [action_code: string, args: unknown[], message: ChatMessage];
  /** A file from another party (seed 004's HOSTED_FILE): its link (signed, expiring) and what it is. */
  attachment: [url: string, meta: { id: string; name: string; size: number; type: string }, from_id: string, from_nick: string, agent: boolean, message: ChatMessage];
  /** Switchboard: the agent's own file, stored. */
  localattachment: [url: string, meta: { id: string; name: string; size: number; type: string }, message: ChatMessage];
  /** The other party is typing (a `writing` activity). */
  iswriting: [from_id: string, from_nick: string, agent: boolean];
  /** Switchboard: every typing activity of another party, stops included. */
  activity: [from_id: string, from_nick: string, agent: boolean, activity: ChatActivity];
  /** The agent is typing (the notice went to the customer). */
  localiswriting: [];
  /** The other party read (`READ`) or opened (`ACCESS`) the message `ref`. */
  ack: [ref: string, from_id: string, from_nick: string, agent: boolean, status: 'READ' | 'ACCESS'];
  /** Switchboard: a message of the agent was refused (NACK); it stays marked in the chat, to retry or discard. */
  nack: [clientMessageId: string, error: { name: string; message: string }];
  left: [info: LeftInfo];
  /** An agent joined the contact (this agent taking it, a transfer's target, a conference's guest). */
  joined: [info: { id: string; user: string; nick: string }];
  isidle: [];
  isactive: [];
}
export type ContactEventName = keyof ContactEventMap;
export type ContactEvent = { [K in ContactEventName]: { name: K; args: ContactEventMap[K] } }[ContactEventName];

const event = <K extends ContactEventName>(name: K, ...args: ContactEventMap[K]): ContactEvent => ({ name, args }) as ContactEvent;

/** The event a stored message makes, for the agent `me`: the local ones for their own. */
export function messageEvent(m: ChatMessage, me: string | null): ContactEvent {
  const local = m.from.kind === 'agent' && m.from.id === me;
  const agent = m.from.kind === 'agent';
  const c = m.content;
  if (c?.kind === 'link') return local ? event('locallink', c.url, c.desc, m) : event('link', c.url, m.from.id, m.from.name, c.desc, agent, m);
  if (c?.kind === 'action') return local ? event('localaction', c.code, c.args ?? [], m) : event('action', c.code, c.args ?? [], m.from.id, m.from.name, agent, m);
  if (c?.kind === 'file') {
    const meta = { id: c.id, name: c.name, size: c.size, type: c.type };
    return local ? event('localattachment', c.url ?? '', meta, m) : event('attachment', c.url ?? '', meta, m.from.id, m.from.name, agent, m);
  }
  return local ? event('localtext', m.text, m) : event('text', m.text, m.from.id, m.from.name, agent, m);
}

/** The message every message event carries last. */
export const messageOf = (e: ContactEvent): ChatMessage | undefined => {
  switch (e.name) {
    case 'text':
    case 'localtext':
    case 'link':
    case 'locallink':
    case 'action':
    case 'localaction':
    case 'attachment':
    case 'localattachment':
      return e.args.at(-1) as ChatMessage;
    default:
      return undefined;
  }
};

export { event as contactEvent };
