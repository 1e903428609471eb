/**
 * Transfers of a conversation to an agent, a skill or tags (Vivocha's `transfer`, LivePerson's
 * transfer-agent / transfer-skill / back-to-queue). An unanswered transfer bounces back to the
 * sender unless bounce-back is disabled, in which case the contact goes back to its queue.
 */
import { inConversation, invalidArgs, notFound, notSuitableState, type ContactView } from '../../protocol/index.ts';
import { queueRouting, tellLeft, type ContactCenter } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import { isLive } from '../calls/call-record.ts';

export interface TransferRequest {
  toAgent?: string;
  toSkill?: string;
  toTags?: string[];
  message?: string;
  priority?: number;
  disableBounceBack?: boolean;
  allowToBusyAgents?: boolean;
}

export function startTransfer(center: ContactCenter, agentId: string, contactId: string, request: TransferRequest): ContactView {
  const contact = center.assignedTo(agentId, contactId);
  if (!inConversation(contact.state)) throw notSuitableState(`contact is ${contact.state}`);
  const destinations = [request.toAgent, request.toSkill, request.toTags].filter((d) => d !== undefined);
  if (destinations.length !== 1) throw invalidArgs('give exactly one of toAgent, toSkill, toTags');
  if (request.toAgent !== undefined) {
    const target = center.agents.find(request.toAgent);
    if (!target) throw notFound(`agent ${request.toAgent}`);
    if (target.id === agentId) throw invalidArgs('cannot transfer to yourself');
    if (target.state === 'OFFLINE') throw notSuitableState(`agent ${target.id} is offline`);
  }
  const skills = request.toSkill !== undefined ? [request.toSkill] : request.toTags;
  if (skills && ![...center.agents.all()].some((a) => a.id !== agentId && skills.every((s) => a.skills.includes(s)))) {
    throw notFound(`an agent with ${skills.join(', ')}`);
  }
  const now = center.enqueueTime();
  const queue = center.queue(contact.queue);
  center.transition(contact, 'queued', (c) => {
    c.agentId = null;
    c.offeredTo = [];
    c.enqueuedAt = now;
    c.priority = request.priority ?? c.priority;
    c.routing = {
      ...c.routing,
      mode: 'direct',
      attempts: 0,
      offerExpiresAt: null,
      excludedAgents: [agentId],
      requiredSkills: skills ?? [],
      targetAgentId: request.toAgent ?? null,
      allowBusy: request.allowToBusyAgents ?? false,
      conference: [], // a transfer hands the whole conversation over
      invited: [],
      transfer: {
        fromAgentId: agentId,
        message: request.message ?? '',
        bounceBack: !request.disableBounceBack,
        ...(request.toAgent !== undefined && { toAgent: request.toAgent }),
        ...(request.toSkill !== undefined && { toSkill: request.toSkill }),
        ...(request.toTags !== undefined && { toTags: request.toTags }),
        expiresAt: now + queue.assignTimeout * 1000,
      },
    };
  });
  if (request.toAgent !== undefined) {
    const target = center.agents.get(request.toAgent);
    const participant = { id: target.id, name: target.name, role: 'AGENT' as const, state: 'SUGGESTED' as const };
    center.emitToCustomer(contact, 'conversation.transfer-agent', { contactId, participant });
    center.emitToAgent(agentId, 'conversation.transfer-agent', { contactId, participant });
  } else {
    const skillId = skills!.join(',');
    center.emitToCustomer(contact, 'conversation.transfer-skill', { contactId, skillId });
    center.emitToAgent(agentId, 'conversation.transfer-skill', { contactId, skillId });
  }
  center.log(`contact ${contactId} transfer from ${agentId} to ${request.toAgent ?? skills!.join(',')}`);
  return center.view(contact, agentId);
}

/** Routing back to normal: the queue's skills, anyone may take it. */
function resetRouting(center: ContactCenter, c: ContactRecord): void {
  c.routing = { ...c.routing, ...queueRouting(center.queue(c.queue)) };
}

/** The target took it: tell the sender (Vivocha's `transferred`). */
export function completeTransfer(center: ContactCenter, contact: ContactRecord, agentId: string): void {
  const transfer = contact.routing.transfer!;
  const to = { toId: contact.id, toAgent: agentId, ...(transfer.toTags && { toTags: transfer.toTags }) };
  center.emitToAgent(transfer.fromAgentId, 'contact.transferred', { id: contact.id, to });
  resetRouting(center, contact);
}

/** Nobody took it in time: back to the sender, or back to the queue when bounce-back is off. */
export function failTransfer(center: ContactCenter, contact: ContactRecord): void {
  const transfer = contact.routing.transfer!;
  // A call always goes back to its sender, who kept it held: a customer on a call is not left waiting in a queue.
  if ((transfer.bounceBack || isLive(contact.call)) && center.agents.find(transfer.fromAgentId)?.state !== 'OFFLINE') {
    center.transition(contact, 'delivered', (c) => {
      c.agentId = transfer.fromAgentId;
      c.offeredTo = [];
      resetRouting(center, c);
    });
    center.emitToAgent(transfer.fromAgentId, 'contact.transferred', { id: contact.id, to: { toId: contact.id, toAgent: transfer.fromAgentId } });
    center.log(`contact ${contact.id} transfer bounced back to ${transfer.fromAgentId}`);
    return;
  }
  center.transition(contact, 'queued', (c) => {
    c.offeredTo = [];
    resetRouting(center, c);
  });
  tellLeft(center, contact, transfer.fromAgentId, 'transfer');
  center.emitToCustomer(contact, 'conversation.back-to-queue', { contactId: contact.id });
  center.emitToWatchers(contact, 'conversation.back-to-queue', { contactId: contact.id });
  center.emitToAgent(transfer.fromAgentId, 'contact.transferred', { id: contact.id, to: { toId: contact.id } });
  center.log(`contact ${contact.id} transfer unanswered: back to queue ${contact.queue}`);
}
