/** The media engine's transport over the client's WireConnection: the call frames and the unstored signal events. */
import type { WireConnection } from '../protocol/index.ts';
import type { MediaTransport } from './transport.ts';

export function wireTransport(conn: WireConnection): MediaTransport {
  return {
    attach: (contactId, endpointId, rejoin) => conn.request({ type: 'media.attach', contactId, endpointId, ...(rejoin && { rejoin }) }),
    detach: async (contactId, endpointId) => void (await conn.request({ type: 'media.detach', contactId, endpointId })),
    signal: async (contactId, to, payload) => void (await conn.request({ type: 'media.signal', contactId, to, payload })),
    relay: async (contactId, channel, data, topic) => void (await conn.request({ type: 'media.data', contactId, channel, data, ...(topic !== undefined && { topic }) })),
    on: ((event: 'signal' | 'connection', cb: (arg: unknown) => void) =>
      event === 'signal'
        ? conn.on('signal', cb)
        : conn.on('state', (state) => {
            if (state === 'CONNECTED' || state === 'DISCONNECTED') cb(state === 'CONNECTED');
          })) as MediaTransport['on'],
  };
}
