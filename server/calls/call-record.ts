/**
 * A contact's call as data: how one starts, the one setter of its state (checked against
 * CALL_TRANSITIONS), and who is on which side. Pure functions: the caller stores and publishes
 * the contact the call belongs to (ContactCenter.update), in its unit of work.
 */
import { LIVE_CALL_STATES, canCallTransition, notSuitableState, type CallEndReason, type CallState } from '../../protocol/index.ts';
import type { CallRecord, CallSide, ContactRecord, SessionRecord } from '../store/index.ts';

/** Recording files one call keeps (start/stop cycles, parts, segments); past it the agent must end the call to record more. */
export const MAX_RECORDINGS_PER_CALL = 50;

export interface NewCall {
  direction: CallRecord['direction'];
  callerSide: CallSide;
  ani: string;
  dnis: string;
  now: number;
  internal?: boolean;
  callerAgentId?: string | null;
  /** Rings the called party until then; null while it waits in a queue. */
  ringsUntil?: number | null;
  video?: boolean;
  /** A consultation: the contact whose call the caller holds meanwhile. */
  consultFor?: string | null;
}

export function newCall(c: NewCall): CallRecord {
  return {
    state: 'ringing',
    direction: c.direction,
    internal: c.internal ?? false,
    callerSide: c.callerSide,
    callerAgentId: c.callerAgentId ?? null,
    ringsUntil: c.ringsUntil ?? null,
    ani: c.ani,
    dnis: c.dnis,
    muted: false,
    hold: false,
    recording: false,
    recordingId: null,
    recordings: [],
    video: c.video ?? false,
    sharing: false,
    parked: false,
    startTime: c.now,
    connectTime: null,
    endTime: null,
    endReason: null,
    transferFrom: null,
    leftAgents: [],
    consult: null,
    consultFor: c.consultFor ?? null,
  };
}

export const isLive = (call: CallRecord | null | undefined): call is CallRecord => !!call && LIVE_CALL_STATES.includes(call.state);

/**
 * The one setter of call state: checks the table, then keeps the fields that follow from the
 * state (hold, connect and end times, the end reason). Throws not_suitable_state otherwise.
 */
export function setCallState(call: CallRecord, to: CallState, now: number, endReason?: CallEndReason): void {
  const from = call.state;
  if (!canCallTransition(from, to)) throw notSuitableState(`the call cannot go from ${from} to ${to}`);
  call.state = to;
  call.hold = to === 'held';
  if (to === 'connected') call.connectTime ??= now;
  if (to !== 'ringing') call.ringsUntil = null;
  if (to === 'ended') {
    call.endTime = now;
    call.endReason = endReason ?? 'hangup_agent';
    call.recording = false;
    call.recordingId = null;
    call.recorder = null;
    call.parked = false;
  }
}

/** Agents a call remembers as having left it; the oldest are forgotten past this. */
export const MAX_LEFT_AGENTS = 16;

/**
 * The agent on the call's agent side: the contact's agent, or while the contact is being
 * transferred (it has no agent then), the agent who keeps the call held until someone takes it.
 */
export const callAgentId = (contact: ContactRecord): string | null => contact.agentId ?? (isLive(contact.call) ? contact.call.transferFrom ?? null : null);

/** The agent ids whose voice slot the call takes while it is live. */
export function agentsOnCall(contact: ContactRecord): string[] {
  if (!isLive(contact.call)) return [];
  const ids: string[] = [];
  const agentId = callAgentId(contact);
  if (agentId) ids.push(agentId);
  if (contact.call.callerAgentId && contact.call.callerAgentId !== agentId) ids.push(contact.call.callerAgentId);
  return ids;
}

/** Records that an agent left the call (inside a contact change). */
export function agentLeft(call: CallRecord, agentId: string): void {
  call.leftAgents = [...(call.leftAgents ?? []).filter((id) => id !== agentId), agentId].slice(-MAX_LEFT_AGENTS);
}

/** The side of the call this session is on, or null for anyone else (the contact's agent, its customer, an internal call's caller). */
export function sideOf(contact: ContactRecord, session: Pick<SessionRecord, 'kind' | 'subjectId'>): CallSide | null {
  if (session.kind === 'customer') return contact.customerId === session.subjectId ? 'customer' : null;
  if (callAgentId(contact) === session.subjectId) return 'agent';
  if (contact.call?.internal && contact.call.callerAgentId === session.subjectId) return 'customer';
  return null;
}

export const otherSide = (side: CallSide): CallSide => (side === 'agent' ? 'customer' : 'agent');

/** The subject on a side: kind and id (an internal call's customer side is the calling agent). */
export function subjectOf(contact: ContactRecord, side: CallSide): { kind: 'agent' | 'customer'; id: string } | null {
  if (side === 'agent') {
    const agentId = callAgentId(contact);
    return agentId ? { kind: 'agent', id: agentId } : null;
  }
  if (contact.call?.internal && contact.call.callerAgentId) return { kind: 'agent', id: contact.call.callerAgentId };
  return { kind: 'customer', id: contact.customerId };
}

/** The customers-table row standing for an internal call's calling agent. */
export const internalCallerCustomerId = (agentId: string) => `agent:${agentId}`;
