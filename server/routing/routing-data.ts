/** What the router reads of a contact, and whether that data is sound enough to route on. */
import { AGENT_WORK_STATES, CONTACT_STATES, isWaiting } from '../../protocol/index.ts';
import type { QueueConfig } from '../config.ts';
import type { ContactRecord } from '../store/index.ts';
import type { WaitingContact } from './router.ts';

export function waitingOf(c: ContactRecord, queue: QueueConfig): WaitingContact {
  const { routing } = c;
  // An answered call being transferred (a voice contact's, or a chat's) needs the target's free voice slot.
  const answered = c.call?.state === 'connected' || c.call?.state === 'held';
  return {
    id: c.id,
    priority: c.priority,
    enqueuedAt: c.enqueuedAt,
    requiredSkills: routing.requiredSkills,
    mode: routing.mode,
    algorithm: queue.algorithm,
    excludedAgents: routing.excludedAgents,
    targetAgentId: routing.targetAgentId ?? null,
    allowBusy: routing.allowBusy === true && !answered,
    broadcastSize: queue.broadcastSize,
    voice: c.type === 'voice' || answered,
  };
}

const isStrings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** Why the router cannot work with this contact, or null when it can. */
export function problemOf(c: ContactRecord, queue: QueueConfig | undefined): string | null {
  const routing = c.routing as Partial<ContactRecord['routing']> | null | undefined;
  if (!CONTACT_STATES.includes(c.state)) return `unknown state ${String(c.state)}`;
  if (!routing || typeof routing !== 'object') return 'no routing data';
  if (AGENT_WORK_STATES.includes(c.state) && typeof c.agentId !== 'string') return `${c.state} without an agent`;
  if (!isWaiting(c.state)) return null;
  if (!queue) return `unknown queue ${c.queue}`;
  if (!isStrings(c.offeredTo) || !isStrings(routing.requiredSkills) || !isStrings(routing.excludedAgents)) return 'broken routing lists';
  if (routing.mode !== 'direct' && routing.mode !== 'broadcast') return `unknown offer mode ${String(routing.mode)}`;
  if (!Number.isFinite(c.priority) || !Number.isFinite(c.enqueuedAt)) return 'broken queue order';
  if (routing.targetAgentId != null && typeof routing.targetAgentId !== 'string') return 'broken transfer target';
  return null;
}
