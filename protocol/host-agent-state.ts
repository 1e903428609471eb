/**
 * Bright Pattern's agent states, as the host sees them, derived from the server's availability
 * (LivePerson's ONLINE/AWAY/BACK_SOON/OFFLINE, plus the router's forced pause) and what the
 * agent is doing. This is the one mapping, both ways.
 */
import type { AgentView, ContactView, TeamMember } from './model.ts';
import { inConversation, type AgentState } from './states.ts';
import { LIVE_CALL_STATES } from './call.ts';


export const HOST_AGENT_STATES = ['supervising', 'ready', 'not_ready', 'busy', 'after_call_work', 'reserved', 'ringing'] as const;
export type HostAgentState = (typeof HOST_AGENT_STATES)[number];
// ready: ONLINE, free for new interactions.
// not_ready: not routable; notReadyReason says why (Away, Back soon, Offline, Missed offer).
// busy: ONLINE and handling an interaction.
// after_call_work: ONLINE, nothing live, an interaction in wrap-up.
// reserved: ONLINE, an interaction is offered to the agent (whatever else it handles).
// ringing: a call is ringing for the agent (voice).
// supervising: monitoring another agent (not used yet).

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

export function hostAgentState(agent: AgentView, contacts: readonly ContactView[]): AgentStateData {
  const reservedForIncomingInteraction = contacts.some((c) => c.list === 'pending');
  const data = (state: HostAgentState, notReadyReason?: string): AgentStateData =>
    notReadyReason ? { state, reservedForIncomingInteraction, notReadyReason } : { state, reservedForIncomingInteraction };
  // A call ringing for this agent (offered, voice added to their chat, an internal call) comes first, whatever their availability.
  const ringsHere = (c: ContactView) => c.call?.state === 'ringing' && c.call.parties.some((p) => p.kind === 'agent' && p.id === agent.id && p.state === 'ringing');
  if (contacts.some((c) => c.list !== 'hidden' && c.list !== 'terminated' && ringsHere(c))) return data('ringing');
  if (agent.forcedPause) return data('not_ready', FORCED_PAUSE_REASON);
  if (agent.state !== 'ONLINE') return data('not_ready', REASON_OF[agent.state]);
  const mine = contacts.filter((c) => c.list === 'assigned');
  // An offer first: that is what a CRM screen-pops on, even for an agent already busy.
  if (reservedForIncomingInteraction) return data('reserved');
  // A live call keeps the agent busy whatever state its contact is in.
  if (mine.some((c) => inConversation(c.state) || (c.call && LIVE_CALL_STATES.includes(c.call.state)))) return data('busy');
  if (mine.some((c) => c.state === 'wrap_up')) return data('after_call_work');
  return data('ready');
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
