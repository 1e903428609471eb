/**
 * Bright Pattern's agent states, as the host sees them, derived from the server's availability
 * (LivePerson's ONLINE/AWAY/BACK_SOON/OFFLINE, plus the router's forced pause) and what the
 * agent is doing. This is the one mapping, both ways.
 */
import { LIVE_CALL_STATES, type CallView } from './call.ts';
import type { AgentView, ContactView, TeamMember } from './model.ts';
import { inConversation, type AgentState, type ContactList } from './states.ts';

export const HOST_AGENT_STATES = ['supervising', 'ready', 'not_ready', 'busy', 'after_call_work', 'reserved', 'ringing'] as const;
export type HostAgentState = (typeof HOST_AGENT_STATES)[number];
// ready: ONLINE, free for new interactions.
// not_ready: not routable; notReadyReason says why (Away, Back soon, Offline, Missed offer).
// busy: ONLINE and handling an interaction, or in a call.
// after_call_work: ONLINE, nothing live, an interaction in wrap-up.
// reserved: ONLINE, an interaction is offered to the agent (whatever else it handles).
// ringing: a call rings for the agent (offered to it, or calling in on its contact).
// supervising: a supervisor watches a chat (and nothing is offered to them), whatever their availability.

/** Another user's state, as getTeamMembers shows it: an agent state, or offline. */
export type UserState = HostAgentState | 'offline';

export interface AgentStateData {
  state: HostAgentState;
  /** An interaction is being offered to the agent. */
  reservedForIncomingInteraction: boolean;
  notReadyReason?: string;
}

/** Not-ready reasons the host may pick, and the availability each sets. */
export const NOT_READY_REASONS: Readonly<Record<string, AgentState>> = {
  Away: 'AWAY',
  'Back soon': 'BACK_SOON',
  Offline: 'OFFLINE',
};
const REASON_OF: Record<Exclude<AgentState, 'ONLINE'>, string> = { AWAY: 'Away', BACK_SOON: 'Back soon', OFFLINE: 'Offline' };
export const FORCED_PAUSE_REASON = 'Missed offer';

/**
 * A call rings for the agent to answer (offered to it, or calling in on its contact), not one the
 * agent placed; a call being transferred rings for the agent it is offered to.
 */
export const callRingsForAgent = (call: Pick<CallView, 'state' | 'direction' | 'transferring'> | null | undefined, list: ContactList | undefined): boolean =>
  (call?.state === 'ringing' && (list === 'pending' || call.direction === 'inbound')) || (!!call?.transferring && call.state === 'held' && list === 'pending');

/** What the agent is doing, as the table below reads it. */
export interface AgentActivity {
  /** A call rings for the agent. */
  callRinging: boolean;
  /** An interaction is offered to the agent. */
  offered: boolean;
  /** The agent is in a call (connected, held, or dialing out). */
  inCall: boolean;
  /** The agent handles an interaction in conversation. */
  conversing: boolean;
  /** An interaction of the agent's is in wrap-up. */
  wrapUp: boolean;
  /** A supervisor watches a chat. */
  supervising: boolean;
}

/** What the table reads of a contact: the agent's list it is in, its state, its call (the widget's ContactView, or the server's record). */
export type ActivityContact = Pick<ContactView, 'list' | 'state'> & { call: Pick<CallView, 'state' | 'direction' | 'transferring'> | null };
/** What the table reads of the agent. */
export type ActivityAgent = Pick<AgentView, 'state' | 'forcedPause'> & { watching?: readonly string[] };

export function agentActivity(contacts: readonly ActivityContact[], supervising = false): AgentActivity {
  const mine = contacts.filter((c) => c.list === 'assigned');
  return {
    callRinging: contacts.some((c) => callRingsForAgent(c.call, c.list)),
    offered: contacts.some((c) => c.list === 'pending'),
    inCall: mine.some((c) => !!c.call && LIVE_CALL_STATES.includes(c.call.state) && !callRingsForAgent(c.call, c.list)),
    conversing: mine.some((c) => inConversation(c.state)),
    wrapUp: mine.some((c) => c.state === 'wrap_up'),
    supervising,
  };
}

export interface HostAgentStateRow {
  state: HostAgentState;
  when: (agent: ActivityAgent, activity: AgentActivity) => boolean;
  notReadyReason?: (agent: ActivityAgent) => string;
}

/** The host's agent state: the first row that matches. One row per situation, in priority order. */
export const HOST_AGENT_STATE_TABLE: readonly HostAgentStateRow[] = [
  // A call ringing is what the CRM must show (and screen-pops on), whatever else is true.
  { state: 'ringing', when: (_, a) => a.callRinging },
  // Watching a chat is the supervisor's work, available for routing or not; an offer still shows as one.
  { state: 'supervising', when: (_, a) => a.supervising && !a.offered },
  { state: 'not_ready', when: (agent) => agent.forcedPause, notReadyReason: () => FORCED_PAUSE_REASON },
  { state: 'not_ready', when: (agent) => agent.state !== 'ONLINE', notReadyReason: (agent) => REASON_OF[agent.state as Exclude<AgentState, 'ONLINE'>] },
  // An offer first: that is what a CRM screen-pops on, even for an agent already busy.
  { state: 'reserved', when: (_, a) => a.offered },
  { state: 'busy', when: (_, a) => a.inCall || a.conversing },
  { state: 'after_call_work', when: (_, a) => a.wrapUp },
  { state: 'ready', when: () => true },
];

export function hostAgentState(agent: ActivityAgent, contacts: readonly ActivityContact[]): AgentStateData {
  const activity = agentActivity(contacts, !!agent.watching?.length);
  const row = HOST_AGENT_STATE_TABLE.find((r) => r.when(agent, activity))!;
  const reservedForIncomingInteraction = activity.offered;
  const notReadyReason = row.notReadyReason?.(agent);
  return notReadyReason ? { state: row.state, reservedForIncomingInteraction, notReadyReason } : { state: row.state, reservedForIncomingInteraction };
}

/** Another agent's state as far as the team list tells it (availability and load, not its offers). */
export function userState(member: TeamMember): UserState {
  if (member.state === 'OFFLINE') return 'offline';
  if (member.forcedPause || member.state !== 'ONLINE') return 'not_ready';
  return member.load > 0 ? 'busy' : 'ready';
}

/** The availability a host's setAgentState asks for, or null when the host may not set that state. */
export function availabilityFor(state: HostAgentState, notReadyReason?: string): AgentState | null {
  if (state === 'ready') return 'ONLINE';
  if (state === 'not_ready') return NOT_READY_REASONS[notReadyReason || 'Away'] ?? null;
  return null; // busy, reserved, ... follow from what the agent does
}
