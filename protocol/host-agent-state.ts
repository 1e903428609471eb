/**
 * Bright Pattern's agent states, as the host sees them, derived from the server's availability
 * (LivePerson's ONLINE/AWAY/BACK_SOON/OFFLINE, plus the router's forced pause) and what the
 * agent is doing. This is the one mapping, both ways.
 */
import type { AgentView, ContactView } from './model.ts';
import { inConversation, type AgentState } from './states.ts';

export const HOST_AGENT_STATES = ['ready', 'not_ready', 'busy', 'after_call_work', 'reserved', 'ringing', 'supervising'] as const;
export type HostAgentState = (typeof HOST_AGENT_STATES)[number];
// ready: ONLINE, free for new interactions.
// not_ready: not routable; notReadyReason says why (Away, Back soon, Offline, Missed offer).
// busy: ONLINE and handling an interaction.
// after_call_work: ONLINE, nothing live, an interaction in wrap-up.
// reserved: ONLINE, an interaction is offered to the agent (whatever else it handles).
// ringing: a call is ringing for the agent (voice).
// supervising: monitoring another agent (not used yet).

export interface HostAgentStateData {
  state: HostAgentState;
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

export function hostAgentState(agent: AgentView, contacts: readonly ContactView[]): HostAgentStateData {
  if (agent.forcedPause) return { state: 'not_ready', notReadyReason: FORCED_PAUSE_REASON };
  if (agent.state !== 'ONLINE') return { state: 'not_ready', notReadyReason: REASON_OF[agent.state] };
  // An offer first: that is what a CRM screen-pops on, even for an agent already busy.
  if (contacts.some((c) => c.list === 'pending')) return { state: 'reserved' };
  const mine = contacts.filter((c) => c.list === 'assigned');
  if (mine.some((c) => inConversation(c.state))) return { state: 'busy' };
  if (mine.some((c) => c.state === 'wrap_up')) return { state: 'after_call_work' };
  return { state: 'ready' };
}

/** The availability a host's setAgentState asks for, or null when the host may not set that state. */
export function availabilityFor(state: HostAgentState, notReadyReason?: string): AgentState | null {
  if (state === 'ready') return 'ONLINE';
  if (state === 'not_ready') return NOT_READY_REASONS[notReadyReason ?? 'Away'] ?? null;
  return null; // busy, reserved, ... follow from what the agent does
}
