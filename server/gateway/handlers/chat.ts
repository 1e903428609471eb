/** Chat requests of customers (init, close, searchAgent, csat), of both sides (send, post, activity, read, history) and of agents (TTR). */
import { DEFAULT_HISTORY_QUANTITY, MAX_CHAT_INITS_PER_CONNECTION, forbidden, invalidArgs, rateLimited } from '../../../protocol/index.ts';
import { ProtocolError } from '../../../protocol/index.ts';
import type { ServerConfig } from '../../config.ts';
import type { ContactRouting, SessionRecord } from '../../store/index.ts';
import { importHistory, messageBody } from '../../contacts/index.ts';
import { requireAgent, requireCustomer, requireSession, type HandlerMap, type RequestContext } from '../context.ts';

/** The customer the brand's token vouches for: its subject, and name and email when it carries them. */
export async function verifyCustomer(ctx: RequestContext, token: string): Promise<{ id: string; name?: string; email?: string }> {
  if (!ctx.deps.customerAuth) throw new ProtocolError('invalid_credentials', 'customer authentication is not configured on this server');
  const claims = await ctx.deps.customerAuth.verify(token);
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  return { id: String(claims.sub), ...(text(claims.name) && { name: text(claims.name) }), ...(text(claims.email) && { email: text(claims.email) }) };
}

type ChatType =
  | 'chat.init'
  | 'chat.send'
  | 'chat.post'
  | 'chat.activity'
  | 'chat.read'
  | 'chat.csat'
  | 'chat.history'
  | 'chat.searchAgent'
  | 'chat.close'
  | 'chat.import'
  | 'chat.fileLink'
  | 'contact.setTTR'
  | 'contact.setManualETTR';

/**
 * The connection's customer session, opened for a new customer when there is none (chat.init and
 * call.request start one); a brand's token verifies the customer. Runs inside the unit of work.
 */
export function customerSession(ctx: RequestContext, name: string | undefined, verified: Awaited<ReturnType<typeof verifyCustomer>> | undefined): SessionRecord {
  const { contacts, hub } = ctx.deps;
  let session = ctx.session;
  if (!session) {
    session = hub.create('customer', contacts.createCustomer(name, verified).id).session;
    ctx.attach(session);
  } else if (verified) {
    contacts.verifyCustomer(session.subjectId, verified);
  }
  return session;
}

/** The customer's offer rules (seed 001's init config) brought within the server's limits. */
function withinLimits(config: { assignMaxAttempts?: number; assignTimeout?: number }, limits: ServerConfig['customerAssign']): ContactRouting['assign'] {
  const { assignMaxAttempts: attempts, assignTimeout: timeout } = config;
  return {
    ...(attempts !== undefined && { maxAttempts: Math.min(attempts, limits.maxAttempts) }),
    ...(timeout !== undefined && { timeoutSeconds: Math.min(Math.max(timeout, limits.minTimeoutSeconds), limits.maxTimeoutSeconds) }),
  };
}

export const chatHandlers: Pick<HandlerMap, ChatType> = {
  async 'chat.init'(frame, ctx) {
    if (ctx.session?.kind === 'agent') throw forbidden('agents cannot start customer chats');
    const { contacts, hub, outbox } = ctx.deps;
    if (!frame.chatId && ctx.countChatInit() > MAX_CHAT_INITS_PER_CONNECTION) {
      throw rateLimited(`a connection starts at most ${MAX_CHAT_INITS_PER_CONNECTION} chats`, 60_000);
    }
    // A brand-signed token makes the customer authenticated (checked before anything is written).
    const verified = frame.auth === undefined ? undefined : await verifyCustomer(ctx, frame.auth);
    return outbox.run(() => {
      const session = customerSession(ctx, frame.name, verified);
      const assign = frame.config && withinLimits(frame.config, ctx.deps.config.customerAssign);
      const started = contacts.startChat(session.subjectId, { ...frame, assign });
      return { token: session.token, ...started, seq: hub.seqOf(session) };
    });
  },

  'chat.send'(frame, ctx) {
    const session = requireSession(ctx);
    return ctx.deps.chat.send(session, frame.contactId, messageBody(session.kind, frame.text, undefined, frame.private), frame.clientMessageId);
  },

  'chat.post'(frame, ctx) {
    const session = requireSession(ctx);
    return ctx.deps.chat.send(session, frame.contactId, messageBody(session.kind, undefined, frame.content, frame.private), frame.clientMessageId);
  },

  'chat.activity': (frame, ctx) => ctx.deps.chat.activity(requireSession(ctx), frame.contactId, frame.activity),

  'chat.read'(frame, ctx) {
    const session = requireSession(ctx);
    if ((frame.upTo === undefined) === (frame.messageId === undefined)) throw invalidArgs('give upTo (a sequence) or messageId');
    return ctx.deps.chat.read(session, frame.contactId, frame.upTo ?? { messageId: frame.messageId! });
  },

  'chat.import': (frame, ctx) => importHistory(ctx.deps.contacts, requireCustomer(ctx), frame.contactId, frame.entries),

  'chat.csat'(frame, ctx) {
    const { contactId, type: _t, id: _i, ...input } = frame;
    return ctx.deps.chat.csat(requireCustomer(ctx), contactId, input);
  },

  'contact.setTTR': (frame, ctx) => ctx.deps.chat.setTtr(requireAgent(ctx), frame.contactId, frame.ttrType, frame.value),

  'contact.setManualETTR': (frame, ctx) => ctx.deps.chat.setManualETTR(requireAgent(ctx), frame.contactId, frame.time),

  'chat.history'(frame, ctx) {
    const session = requireSession(ctx);
    const { contactId, type: _t, id: _i, ...query } = frame;
    const page = { ...query, maxQuantity: query.maxQuantity ?? DEFAULT_HISTORY_QUANTITY };
    return { messages: ctx.deps.chat.history({ kind: session.kind, id: session.subjectId }, contactId, page) };
  },

  'chat.searchAgent'(frame, ctx) {
    const customerId = requireCustomer(ctx);
    const { contacts, dispatcher } = ctx.deps;
    const agent = dispatcher.searchAgent(contacts.ownedBy(customerId, frame.contactId), frame.algorithm);
    return { agent: { id: agent.id, name: agent.name, nickname: agent.nickname, providerId: 'switchboard' } };
  },

  'chat.fileLink': (frame, ctx) => ctx.deps.attachments.linkFor(requireSession(ctx), frame.contactId, frame.fileId),

  'chat.close'(frame, ctx) {
    const session = requireSession(ctx);
    if (session.kind !== 'customer') throw forbidden('only the customer closes a chat; agents end it with contact.end');
    return ctx.deps.contacts.customerClose(session.subjectId, frame.contactId, frame.extraData);
  },
};
