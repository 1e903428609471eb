/**
 * State tables of the domain. Every state change goes through a setter that checks
 * the transition against one of these tables.
 */

/** Agent availability, as LivePerson's AgentState. */
export const AGENT_STATES = ['ONLINE', 'AWAY', 'BACK_SOON', 'OFFLINE'] as const;
export type AgentState = (typeof AGENT_STATES)[number];
// ONLINE: routable, handles conversations.
// AWAY: not routable; current conversations handled after an undefined time.
// BACK_SOON: not routable; current conversations handled shortly.
// OFFLINE: not routable, not handling anything.

/** Server lifecycle of a contact (one customer engagement). */
export const CONTACT_STATES = [
  'queued', // waiting in a queue for an agent
  'offered', // offered to one or more agents, none accepted yet
  'delivered', // an agent accepted it and works on it
  'hold', // the agent put it on hold
  'wrap_up', // the conversation ended; the agent does after-contact work
  'completed', // the agent finished the wrap-up
  'abandoned', // the customer left after ABANDON_THRESHOLD_MS in queue
  'cancelled', // the customer left before ABANDON_THRESHOLD_MS in queue
  'dissuaded', // the customer waited the queue's maximum time
] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

export const CONTACT_TRANSITIONS: Readonly<Record<ContactState, readonly ContactState[]>> = {
  queued: ['offered', 'delivered', 'abandoned', 'cancelled', 'dissuaded'], // -> delivered: a transfer bounced back
  offered: ['queued', 'delivered', 'abandoned', 'cancelled', 'dissuaded'],
  delivered: ['hold', 'wrap_up', 'queued'],
  hold: ['delivered', 'wrap_up', 'queued'], // -> queued: its agent was gone
  wrap_up: ['completed'],
  completed: [],
  abandoned: [],
  cancelled: [],
  dissuaded: [],
};

export function canTransition(from: ContactState, to: ContactState): boolean {
  return CONTACT_TRANSITIONS[from].includes(to);
}

export const TERMINAL_CONTACT_STATES: readonly ContactState[] = ['completed', 'abandoned', 'cancelled', 'dissuaded'];
/** Groups of the lifecycle that the rules below name; each is one place, not a list repeated at every check. */
export const WAITING_STATES: readonly ContactState[] = ['queued', 'offered']; // in queue, no agent yet
export const CONVERSATION_STATES: readonly ContactState[] = ['delivered', 'hold']; // an agent and the customer talk
export const OPEN_CHAT_STATES: readonly ContactState[] = [...WAITING_STATES, ...CONVERSATION_STATES]; // messages may flow
export const AGENT_WORK_STATES: readonly ContactState[] = [...CONVERSATION_STATES, 'wrap_up']; // occupies its agent
export const isWaiting = (state: ContactState) => WAITING_STATES.includes(state);
export const inConversation = (state: ContactState) => CONVERSATION_STATES.includes(state);

/** Bright Pattern's InteractionState, as the host sees it. */
export type InteractionState =
  | 'unknown'
  | 'queued'
  | 'ivr'
  | 'wrap_up'
  | 'wrap_up_hold'
  | 'delivered'
  | 'delivery_pending'
  | 'hold'
  | 'completed';

/** The one mapping from the server lifecycle to the host's InteractionState. */
export const INTERACTION_STATE_OF: Readonly<Record<ContactState, InteractionState>> = {
  queued: 'queued',
  offered: 'delivery_pending',
  delivered: 'delivered',
  hold: 'hold',
  wrap_up: 'wrap_up',
  completed: 'completed',
  abandoned: 'completed',
  cancelled: 'completed',
  dissuaded: 'completed',
};

/** Vivocha's agent-side contact lists. */
export const CONTACT_LISTS = ['hidden', 'pending', 'assigned', 'terminated'] as const;
export type ContactList = (typeof CONTACT_LISTS)[number];

/** The host's InteractionState of a contact as one agent sees it: offered to that agent (a conference invitation too), it is delivery_pending. */
export const interactionStateOf = (state: ContactState, list: ContactList): InteractionState =>
  list === 'pending' && !TERMINAL_CONTACT_STATES.includes(state) ? 'delivery_pending' : INTERACTION_STATE_OF[state];
