/**
 * What a destination string of the host API names (Bright Pattern passes one `phone` string):
 * an agent by id or username, a team, a service or a skill; a phone number needs voice.
 */
import { invalidArgs, notSuitableState, type TeamMember } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { TransferRequest } from '../../session/transfer-request.ts';
import { HostFailure } from './results.ts';

const PHONE_LIKE = /^\+?[\d\s().-]{3,}$/;

/** A telephone number: Switchboard calls its customers and agents, not the telephone network. */
export const notDialable = (address: string): HostFailure | null =>
  PHONE_LIKE.test(address) ? new HostFailure('api_method_not_implemented', `${address} is a phone number: Switchboard calls its customers and agents, not the telephone network`) : null;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The agent a party id or username names, among the team members. */
export function findAgent(members: readonly TeamMember[], name: string): TeamMember | undefined {
  return members.find((m) => m.id === name) ?? members.find((m) => same(m.username, name));
}

/** The ready agent with the least load among `members` (not this agent), or none. */
function leastBusy(members: readonly TeamMember[], me: string | undefined): TeamMember | undefined {
  return members
    .filter((m) => m.id !== me && m.state === 'ONLINE' && !m.forcedPause && m.load < m.capacity)
    .sort((a, b) => a.load - b.load)[0];
}

export async function transferDestination(session: AgentSession, destination: unknown): Promise<TransferRequest> {
  if (typeof destination !== 'string' || !destination.trim()) throw invalidArgs('the destination must be an agent, a team, a service or a skill');
  const name = destination.trim();
  const { store } = session;
  const members = await session.actions.teamMembers();
  const me = store.agent?.id;
  const agent = findAgent(members, name);
  if (agent) return { toAgent: agent.id };
  const team = store.teams.find((t) => t.id === name) ?? store.teams.find((t) => same(t.name, name));
  const queue = store.queues.find((q) => q.id === name) ?? store.queues.find((q) => same(q.name, name));
  if (queue?.skills.length === 1) return { toSkill: queue.skills[0] };
  if (queue?.skills.length) return { toTags: [...queue.skills] };
  if (team || queue) {
    // A team, or a service any agent takes: its ready agent with the least load.
    const pick = leastBusy(team ? members.filter((m) => team.agents.includes(m.id)) : members, me);
    if (!pick) throw notSuitableState(`no agent of ${team?.name ?? queue!.name} is ready to take it`);
    return { toAgent: pick.id };
  }
  const skill = members.flatMap((m) => m.skills).find((s) => same(s, name));
  if (skill) return { toSkill: skill };
  if (PHONE_LIKE.test(name)) throw new HostFailure('api_method_not_implemented', `${name} is a phone number: Switchboard calls its customers and agents, not the telephone network`);
  throw new HostFailure('object_not_found', `no agent, team, service or skill named ${name}`);
}
