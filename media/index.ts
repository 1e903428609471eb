/**
 * The browser media engine shared by the agent widget and the customer SDK (seed 000's media,
 * capabilities, data channels and RPC, over WebRTC). The only entry of media/.
 */
// Once, here: normalises RTCPeerConnection and friends across browsers before any is made.
import 'webrtc-adapter';

export { MediaContact } from './contact/index.ts';
export { RECORDER_EVENTS, SHARE_SCREEN_RPC, type ContactRecorder, type MediaContactEvents, type MediaContactOptions } from './contact/types.ts';
export type { MediaTransport } from './transport.ts';
export { wireTransport } from './wire-transport.ts';
export { MediaError, MEDIA_ERROR_NAMES, type MediaErrorName } from './errors.ts';
export type { MediaCapabilities, MediaEngine } from './capabilities.ts';
export type { MediaDataChannel, DataChannelType, DataMessage } from './data-channels.ts';
export type { RpcHandler } from './rpc.ts';
export type { AudioStats } from './stats.ts';
export type { MediaOfferAnswer, TransitOptions } from './media-negotiation.ts';
export { mergeMedia, diffMedia, cloneMedia } from '../protocol/index.ts';
