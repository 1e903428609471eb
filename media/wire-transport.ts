/** The media engine's transport over the client's WireConnection: the call frames and the unstored signal events. */
import type { WireConnection } from '../protocol/index.ts';
import type { MediaTransport } from './transport.ts';

export function wireTransport(conn: WireConnection): MediaTransport {
  return {
    attach: (contactId, endpointId) => conn.request({ type: 'media.attach', contactId, endpointId }),
    detach: async (contactId, endpointId) => void (await conn.request({ type: 'media.detach', contactId, endpointId })),
    signal: async (contactId, to, payload) => void (await conn.request({ type: 'media.signal', contactId, to, payload })),
    relay: async (contactId, channel, data, topic) => void (await conn.request({ type: 'media.data', contactId, channel, data, ...(topic !== undefined && { topic }) })),
    on: (_event, cb) => conn.on('signal', cb),
  };
}
