/** Media signalling: endpoints attach to a live call, signals go to the other party's endpoint, data to the other party. */
import { requireSession, type HandlerMap } from '../context.ts';

type MediaType = 'media.attach' | 'media.detach' | 'media.signal' | 'media.data';

export const mediaHandlers: Pick<HandlerMap, MediaType> = {
  'media.attach': (f, ctx) => ctx.deps.media.attach(ctx, requireSession(ctx), f.contactId, f.endpointId, f.rejoin),

  'media.detach'(f, ctx) {
    ctx.deps.media.detach(ctx, requireSession(ctx), f.contactId, f.endpointId);
    return {};
  },

  'media.signal'(f, ctx) {
    ctx.deps.media.signal(ctx, requireSession(ctx), f.contactId, f.to, f.payload);
    return {};
  },

  'media.data'(f, ctx) {
    ctx.deps.media.data(requireSession(ctx), f.contactId, { channel: f.channel, topic: f.topic, data: f.data });
    return {};
  },
};
