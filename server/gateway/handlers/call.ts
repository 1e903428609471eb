/**
 * Call requests: customers ask for calls, agents start them, either party answers, declines, hangs
 * up; the agent holds, mutes, records, consults a colleague, hands the call over or conferences.
 */
import { MAX_CHAT_INITS_PER_CONNECTION, forbidden, rateLimited } from '../../../protocol/index.ts';
import { requireAgent, requireSession, type HandlerMap } from '../context.ts';
import { customerSession, verifyCustomer } from './chat.ts';

type CallType =
  | 'call.request'
  | 'call.start'
  | 'call.answer'
  | 'call.decline'
  | 'call.hangup'
  | 'call.hold'
  | 'call.mute'
  | 'call.recording'
  | 'call.recordingPause'
  | 'call.media'
  | 'call.transferConsult'
  | 'call.conference'
  | 'call.removeFromConference'
  | 'call.endConference'
  | 'recording.link';

export const callHandlers: Pick<HandlerMap, CallType> = {
  /** Like chat.init, opens a customer session when there is none. */
  async 'call.request'(frame, ctx) {
    if (ctx.session?.kind === 'agent') throw forbidden('agents call with call.start');
    const { contacts, hub, outbox, calls } = ctx.deps;
    if (!frame.contactId && ctx.countChatInit() > MAX_CHAT_INITS_PER_CONNECTION) {
      throw rateLimited(`a connection starts at most ${MAX_CHAT_INITS_PER_CONNECTION} chats or calls`, 60_000);
    }
    const verified = frame.auth === undefined ? undefined : await verifyCustomer(ctx, frame.auth);
    return outbox.run(() => {
      const session = customerSession(ctx, frame.name, verified);
      const contact = calls.request(session.subjectId, frame);
      // The customer's own history: never the agents' private messages, files linked for them.
      const viewer = { kind: 'customer' as const, id: session.subjectId };
      const messages = frame.contactId === contact.id ? contacts.store.listMessages(contact.id, { publicOnly: true }).map((m) => contacts.messageFor(m, viewer)) : [];
      return { token: session.token, contact, messages, seq: hub.seqOf(session) };
    });
  },

  'call.start': (f, ctx) => ctx.deps.calls.start(requireAgent(ctx), f),

  'call.answer'(f, ctx) {
    ctx.deps.calls.answer(requireSession(ctx), f.contactId);
    return {};
  },

  'call.decline'(f, ctx) {
    ctx.deps.calls.decline(requireSession(ctx), f.contactId);
    return {};
  },

  'call.hangup'(f, ctx) {
    ctx.deps.calls.hangup(requireSession(ctx), f.contactId);
    return {};
  },

  'call.hold'(f, ctx) {
    ctx.deps.calls.hold(requireAgent(ctx), f.contactId, f.hold);
    return {};
  },

  'call.mute'(f, ctx) {
    ctx.deps.calls.mute(requireAgent(ctx), f.contactId, f.muted);
    return {};
  },

  'call.recording': (f, ctx) => ctx.deps.calls.recording(requireAgent(ctx), f.contactId, f.recording, { tracks: f.tracks, layout: f.layout, continue: f.continue }),

  'call.recordingPause'(f, ctx) {
    ctx.deps.calls.recordingPaused(requireAgent(ctx), f.contactId, f.paused);
    return {};
  },

  'call.media'(f, ctx) {
    ctx.deps.calls.media(requireSession(ctx), f.contactId, { video: f.video, sharing: f.sharing });
    return {};
  },

  // Consultation, transfer and conference (server/calls/call-transfer.ts).
  'call.transferConsult'(f, ctx) {
    ctx.deps.calls.transfers.transferConsult(requireAgent(ctx), f.contactId, f.consultContactId);
    return {};
  },

  'call.conference'(f, ctx) {
    ctx.deps.calls.transfers.join(requireAgent(ctx), f.contactId, f.consultContactId);
    return {};
  },

  'call.removeFromConference'(f, ctx) {
    ctx.deps.calls.transfers.removeFromConference(requireAgent(ctx), f.contactId, f.agentId);
    return {};
  },

  'call.endConference'(f, ctx) {
    ctx.deps.calls.transfers.endConference(requireAgent(ctx), f.contactId);
    return {};
  },

  'recording.link'(f, ctx) {
    const agentId = requireAgent(ctx);
    return ctx.deps.recordings.link(f.recordingId, { agentId, supervisor: ctx.deps.agents.isSupervisor(agentId) });
  },
};
