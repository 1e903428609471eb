/** Supervisors' requests: the live feed of this connection, watching a chat, whispering, intervening. */
import { requireAgent, type HandlerMap } from '../context.ts';

type SupervisorType = 'supervisor.subscribe' | 'supervisor.unsubscribe' | 'supervisor.watch' | 'supervisor.unwatch' | 'supervisor.whisper' | 'supervisor.intervene';

export const supervisorHandlers: Pick<HandlerMap, SupervisorType> = {
  'supervisor.subscribe': (_f, ctx) => ctx.deps.supervision.feed.subscribe(ctx, requireAgent(ctx)),

  'supervisor.unsubscribe'(_f, ctx) {
    ctx.deps.supervision.feed.unsubscribe(ctx);
    return {};
  },

  'supervisor.watch': (f, ctx) => ctx.deps.supervision.watches.watch(requireAgent(ctx), f.contactId),

  'supervisor.unwatch': (f, ctx) => ctx.deps.supervision.watches.unwatch(requireAgent(ctx), f.contactId),

  'supervisor.whisper': (f, ctx) => ctx.deps.supervision.watches.whisper(requireAgent(ctx), f.contactId, f.text, f.clientMessageId),

  'supervisor.intervene': (f, ctx) => ctx.deps.supervision.watches.intervene(requireAgent(ctx), f.contactId),
};
