/** A call on the wire: what the agents of its contact see, and the customer's narrower view. */
import type { CallPartyView, CallView, CustomerCallView } from '../../protocol/index.ts';
import type { AgentRecord, CallRecord, CallSide, ContactRecord, CustomerRecord } from '../store/index.ts';
import { callAgentId } from './call-record.ts';

export interface CallViewContext {
  customer: CustomerRecord;
  agentOf: (id: string) => AgentRecord | undefined;
  /** The agent the view is for: an internal call's caller sees their own mute. */
  viewerAgentId?: string | null;
}

/** A party's state follows the call's: the called side rings, the agent's other party is held. */
function partyState(call: CallRecord, side: CallSide): CallPartyView['state'] {
  switch (call.state) {
    case 'ended':
      return 'left';
    case 'ringing':
      return side === call.callerSide ? 'connected' : 'ringing';
    case 'held':
      return side === 'customer' ? 'held' : 'connected';
    case 'connected':
      return 'connected';
  }
}

function agentParty(agent: AgentRecord | undefined, id: string, state: CallPartyView['state']): CallPartyView {
  return { kind: 'agent', id, name: agent?.name ?? id, userId: id, address: `agent:${agent?.username ?? id}`, state };
}

/**
 * Who is on the call: the customer (an internal call's caller), the agent on the agent side, a
 * colleague joined in conference, the agent a transfer or a queue's call rings, and the agents who
 * left it (transferred it away, left the conference).
 */
export function callParties(contact: ContactRecord, call: CallRecord, ctx: CallViewContext): CallPartyView[] {
  const parties: CallPartyView[] = [];
  const customerState = partyState(call, 'customer');
  if (call.internal && call.callerAgentId) parties.push(agentParty(ctx.agentOf(call.callerAgentId), call.callerAgentId, customerState));
  else parties.push({ kind: 'customer', id: ctx.customer.id, name: ctx.customer.name, address: `customer:${ctx.customer.id}`, state: customerState });
  const onCall = new Set<string>();
  const add = (id: string, state: CallPartyView['state']) => {
    if (onCall.has(id)) return;
    onCall.add(id);
    parties.push(agentParty(ctx.agentOf(id), id, state));
  };
  const agentId = callAgentId(contact);
  // While it rings through an offer (a queue's call, a transfer), the agent it is offered to alone.
  const ringing = contact.state === 'offered' && contact.offeredTo.length === 1 ? contact.offeredTo[0] : null;
  if (agentId) add(agentId, partyState(call, 'agent'));
  if (call.consult?.joined && call.state !== 'ended') add(call.consult.agentId, 'connected');
  if (ringing) add(ringing, call.state === 'ended' ? 'left' : 'ringing');
  for (const id of call.leftAgents ?? []) add(id, 'left');
  return parties;
}

/** The call as the agents of its contact see it. */
export function callView(contact: ContactRecord, ctx: CallViewContext): CallView | null {
  const call = contact.call;
  if (!call) return null;
  return {
    state: call.state,
    direction: call.direction,
    internal: call.internal,
    ani: call.ani,
    dnis: call.dnis,
    parties: callParties(contact, call, ctx),
    muted: call.internal && ctx.viewerAgentId && ctx.viewerAgentId === call.callerAgentId && ctx.viewerAgentId !== contact.agentId ? (call.callerMuted ?? false) : call.muted,
    hold: call.hold,
    recording: call.recording,
    recordingPaused: call.recorder?.paused ?? false,
    recordings: [...call.recordings],
    video: call.video,
    sharing: call.sharing,
    parked: call.parked,
    consult: call.consult ? { contactId: call.consult.contactId, agentId: call.consult.agentId } : null,
    conference: call.consult?.joined === true && call.state !== 'ended',
    transferring: !!call.transferFrom && call.state !== 'ended',
    consultFor: call.consultFor ?? null,
    startTime: call.startTime,
    connectTime: call.connectTime,
    endTime: call.endTime,
    endReason: call.endReason,
  };
}

/** The call as its customer sees it: no recordings, no mute flag, no addresses. Built field by field so nothing leaks by spreading. */
export function customerCallView(call: CallRecord | null): CustomerCallView | null {
  if (!call) return null;
  return {
    state: call.state,
    direction: call.direction,
    hold: call.hold,
    recording: call.recording,
    video: call.video,
    sharing: call.sharing,
    parked: call.parked,
    startTime: call.startTime,
    connectTime: call.connectTime,
    endTime: call.endTime,
    endReason: call.endReason,
  };
}
