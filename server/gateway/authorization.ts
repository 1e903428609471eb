/**
 * Who may make which request, as data: one row per request type, the roles it is allowed for.
 * The gateway checks every request against it before its handler runs; a role not in the row
 * gets `forbidden` (or `not_logged_in` without a session). A request type without a row does
 * not compile. test/unit/server/authorization.test.ts walks every cell against a real server.
 */
import { forbidden, notFound, notLoggedIn, TERMINAL_CONTACT_STATES, type RequestFrame, type RequestType } from '../../protocol/index.ts';
import type { GatewayDeps, RequestContext } from './context.ts';

export const ROLES = ['none', 'customerOwner', 'otherCustomer', 'assignedAgent', 'offeredAgent', 'otherAgent', 'supervisor'] as const;
/**
 * none: no session. customerOwner: the customer whose chat it is (or any customer, for a request
 * about no chat). otherCustomer: another customer. assignedAgent: the conversation's agent, one
 * who joined it, or the one transferring it (any agent, for a request about no contact).
 * offeredAgent: an agent it is offered to or who is invited, while it is live. otherAgent: any
 * other agent (for a request about the whole center, CENTER_WIDE: any agent but a supervisor).
 * supervisor: an agent with the supervisor role who is not in the conversation (reads every
 * conversation, watches, whispers, intervenes).
 */
export type Role = (typeof ROLES)[number];

const CUSTOMER = ['customerOwner'] as const;
const AGENT_SELF = ['assignedAgent', 'offeredAgent', 'otherAgent', 'supervisor'] as const;
const IN_CONVERSATION = ['assignedAgent'] as const;
const SUPERVISOR = ['supervisor'] as const;

export const AUTHORIZATION: { readonly [K in RequestType]: readonly Role[] } = {
  'agent.login': ['none', ...AGENT_SELF],
  'agent.logout': AGENT_SELF,
  'agent.setState': AGENT_SELF,
  'agent.snapshot': AGENT_SELF,
  'team.members': AGENT_SELF,
  resume: ROLES,
  'chat.init': ['none', ...CUSTOMER],
  'chat.send': [...CUSTOMER, ...IN_CONVERSATION],
  'chat.history': [...CUSTOMER, 'assignedAgent', 'offeredAgent', 'supervisor'],
  'chat.post': [...CUSTOMER, ...IN_CONVERSATION],
  'chat.activity': [...CUSTOMER, ...IN_CONVERSATION],
  'chat.read': [...CUSTOMER, ...IN_CONVERSATION],
  'chat.csat': CUSTOMER,
  // Those who read the chat (the attachments service decides again, and lets supervisors in).
  'chat.fileLink': [...CUSTOMER, 'assignedAgent', 'offeredAgent', 'supervisor'],
  'contact.setTTR': IN_CONVERSATION,
  'contact.setManualETTR': IN_CONVERSATION,
  'chat.searchAgent': CUSTOMER,
  'chat.close': CUSTOMER,
  'chat.import': CUSTOMER,
  'chat.start': AGENT_SELF,
  // Offers come and go: an agent acting on one no longer theirs (taken, withdrawn) hears
  // not_suitable_state from the offer's rules, not forbidden.
  'contact.accept': ['offeredAgent', 'otherAgent', 'supervisor'],
  'contact.decline': ['offeredAgent', 'otherAgent', 'supervisor'],
  'contact.clear': ['assignedAgent', 'offeredAgent', 'otherAgent', 'supervisor'],
  'contact.transfer': IN_CONVERSATION,
  'contact.end': IN_CONVERSATION,
  'contact.complete': IN_CONVERSATION,
  'contact.setDisposition': IN_CONVERSATION,
  'contact.addNote': IN_CONVERSATION,
  'contact.updateNote': IN_CONVERSATION,
  'contact.replaceNotes': IN_CONVERSATION,
  'contact.setVariable': IN_CONVERSATION,
  'contact.invite': IN_CONVERSATION,
  'contact.removeParticipant': ['assignedAgent', 'offeredAgent'],
  // Calls. The parties: the customer, the contact's agent (an internal call's caller counts as
  // assigned), and an agent a voice contact is offered to (it answers or declines).
  'call.request': ['none', ...CUSTOMER],
  'call.start': IN_CONVERSATION, // about a contact: its agent; about an agent (internal, or a consultation): any agent
  'call.answer': [...CUSTOMER, 'assignedAgent', 'offeredAgent'],
  'call.decline': [...CUSTOMER, 'assignedAgent', 'offeredAgent'],
  'call.hangup': [...CUSTOMER, 'assignedAgent', 'offeredAgent'],
  'call.media': [...CUSTOMER, ...IN_CONVERSATION],
  'call.hold': IN_CONVERSATION,
  'call.mute': IN_CONVERSATION,
  'call.recording': IN_CONVERSATION,
  'call.recordingPause': IN_CONVERSATION,
  // The customer call's agent (Calls checks it is theirs); removeFromConference also the colleague, who joined it.
  'call.transferConsult': IN_CONVERSATION,
  'call.conference': IN_CONVERSATION,
  'call.removeFromConference': IN_CONVERSATION,
  'call.endConference': IN_CONVERSATION,
  'media.attach': [...CUSTOMER, ...IN_CONVERSATION],
  'media.detach': [...CUSTOMER, ...IN_CONVERSATION],
  'media.signal': [...CUSTOMER, ...IN_CONVERSATION],
  'media.data': [...CUSTOMER, ...IN_CONVERSATION],
  // Agents of the recording's contact and supervisors (RecordingService.link decides which); never customers.
  'recording.link': AGENT_SELF,
  // Supervisors: the feed is about the whole center; watching, whispering and intervening about a chat they are not in.
  'supervisor.subscribe': SUPERVISOR,
  'supervisor.unsubscribe': SUPERVISOR,
  'supervisor.watch': SUPERVISOR,
  'supervisor.unwatch': AGENT_SELF, // anyone may stop a watch of their own (there is none to stop unless they supervise)
  'supervisor.whisper': SUPERVISOR,
  'supervisor.intervene': SUPERVISOR,
};

/** Requests about the whole contact center (the live feed), not one contact: an agent there is a supervisor or any other agent. */
export const CENTER_WIDE: readonly RequestType[] = ['supervisor.subscribe', 'supervisor.unsubscribe'];

/** The contact a request is about, if any. */
function contactIdOf(frame: RequestFrame): string | undefined {
  if ('contactId' in frame) return frame.contactId;
  if (frame.type === 'chat.init') return frame.chatId;
  return undefined;
}

/** The requester's role for this request. */
export function roleOf(frame: RequestFrame, ctx: Pick<RequestContext, 'session'>, deps: Pick<GatewayDeps, 'contacts' | 'agents'>): Role {
  const session = ctx.session;
  if (!session) return 'none';
  const contactId = contactIdOf(frame);
  const contact = contactId === undefined ? undefined : deps.contacts.findLive(contactId) ?? deps.contacts.store.getContact(contactId);
  if (contactId !== undefined && !contact) throw notFound(`contact ${contactId}`);
  if (session.kind === 'customer') return !contact || contact.customerId === session.subjectId ? 'customerOwner' : 'otherCustomer';
  const me = session.subjectId;
  if (!contact && CENTER_WIDE.includes(frame.type)) return deps.agents.isSupervisor(me) ? 'supervisor' : 'otherAgent';
  if (!contact) return 'assignedAgent';
  const { routing } = contact;
  if (contact.agentId === me || routing.conference.includes(me) || routing.transfer?.fromAgentId === me) return 'assignedAgent';
  if (contact.call?.internal && contact.call.callerAgentId === me && !TERMINAL_CONTACT_STATES.includes(contact.state)) return 'assignedAgent';
  const live = !TERMINAL_CONTACT_STATES.includes(contact.state);
  if (live && (contact.offeredTo.includes(me) || routing.invited.includes(me))) return 'offeredAgent';
  return deps.agents.isSupervisor(me) ? 'supervisor' : 'otherAgent';
}

/** Throws unless the table allows this request for the requester's role. */
export function authorize(frame: RequestFrame, ctx: Pick<RequestContext, 'session'>, deps: Pick<GatewayDeps, 'contacts' | 'agents'>): void {
  const role = roleOf(frame, ctx, deps);
  if (AUTHORIZATION[frame.type].includes(role)) return;
  if (role === 'none') throw notLoggedIn();
  throw forbidden(`${frame.type} is not allowed for ${role}`);
}
