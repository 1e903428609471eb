/** The agent's actions on contacts: accept, decline, transfer, wrap-up, conference, outbound. */
import { ProtocolError } from '../../../protocol/index.ts';
import { startOutbound } from '../../contacts/index.ts';
import { startTransfer } from '../../routing/index.ts';
import { requireAgent, requireSession, type HandlerMap } from '../context.ts';

type ContactType =
  | 'contact.accept'
  | 'contact.decline'
  | 'contact.clear'
  | 'contact.transfer'
  | 'contact.end'
  | 'contact.setDisposition'
  | 'contact.addNote'
  | 'contact.complete'
  | 'contact.setVariable'
  | 'contact.updateNote'
  | 'contact.replaceNotes'
  | 'contact.invite'
  | 'contact.removeParticipant'
  | 'chat.start'
  | 'team.members';

export const contactHandlers: Pick<HandlerMap, ContactType> = {
  'contact.accept': (f, ctx) => ctx.deps.dispatcher.accept(requireAgent(ctx), f.contactId),
  'contact.decline'(f, ctx) {
    const agentId = requireAgent(ctx);
    const contact = ctx.deps.contacts.findLive(f.contactId);
    // An internal call is not re-routed: declining it ends it.
    if (contact?.call?.internal && contact.call.state === 'ringing' && contact.offeredTo.includes(agentId)) {
      ctx.deps.calls.decline(requireSession(ctx), f.contactId);
      return ctx.deps.contacts.view(contact, agentId);
    }
    return ctx.deps.dispatcher.decline(agentId, f.contactId);
  },
  'contact.clear'(f, ctx) {
    ctx.deps.dispatcher.clear(requireAgent(ctx), f.contactId);
    return { id: f.contactId };
  },
  'contact.transfer'(f, ctx) {
    const { contactId, type: _t, id: _i, ...request } = f;
    const agentId = requireAgent(ctx);
    ctx.deps.calls.transfers.checkTransfer(contactId); // an answered call goes along, held until the target takes it
    return startTransfer(ctx.deps.contacts, agentId, contactId, request);
  },
  'contact.end': (f, ctx) => ctx.deps.contacts.agentEnd(requireAgent(ctx), f.contactId),
  'contact.setDisposition': (f, ctx) => ctx.deps.wrapUp.setDisposition(requireAgent(ctx), f.contactId, f.disposition),
  'contact.addNote': (f, ctx) => ctx.deps.wrapUp.addNote(requireAgent(ctx), f.contactId, f.text),
  'contact.complete': (f, ctx) => ctx.deps.wrapUp.complete(requireAgent(ctx), f.contactId),
  'contact.setVariable': (f, ctx) => ctx.deps.wrapUp.setVariable(requireAgent(ctx), f.contactId, f.name, f.value),
  'contact.updateNote': (f, ctx) => ctx.deps.wrapUp.updateNote(requireAgent(ctx), f.contactId, f.noteId, f.text),
  'contact.replaceNotes': (f, ctx) => ctx.deps.wrapUp.replaceNotes(requireAgent(ctx), f.contactId, f.text),
  'contact.invite': (f, ctx) => ctx.deps.conference.invite(requireAgent(ctx), f.contactId, f.agentId),
  'contact.removeParticipant'(f, ctx) {
    const agentId = requireAgent(ctx);
    const consult = ctx.deps.contacts.findLive(f.contactId)?.call?.consult;
    // A colleague in the call's conference leaves the call too (their consultation call ends).
    if (consult?.joined && consult.agentId === f.agentId) {
      ctx.deps.calls.transfers.removeFromConference(agentId, f.contactId, f.agentId);
      return ctx.deps.contacts.view(ctx.deps.contacts.get(f.contactId), agentId);
    }
    return ctx.deps.conference.remove(agentId, f.contactId, f.agentId);
  },
  'chat.start'(f, ctx) {
    const agentId = requireAgent(ctx);
    if (f.queue && !ctx.deps.contacts.queues.has(f.queue)) throw new ProtocolError('not_found', `queue ${f.queue} not found`);
    return startOutbound(ctx.deps.contacts, agentId, f.customerId, f.queue);
  },
  'team.members'(_f, ctx) {
    requireAgent(ctx);
    return { members: ctx.deps.dispatcher.teamMembers() };
  },
};
