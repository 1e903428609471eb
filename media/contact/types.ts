/** The options, events and engine channel names of a MediaContact. */
import type { MediaOffer, MediaState, MediaStateDiff, MediaTransitionState } from '../../protocol/index.ts';
import type { MediaCapabilities } from '../capabilities.ts';
import type { DataMessage, MediaDataChannel } from '../data-channels.ts';
import type { MediaOfferAnswer } from '../media-negotiation.ts';
import type { MediaTransport } from '../transport.ts';

export interface MediaContactOptions {
  contactId: string;
  transport: MediaTransport;
  role: 'agent' | 'customer';
  /** This endpoint's id (random by default); a new page or tab is a new endpoint. */
  endpointId?: string;
  constraints?: { audio?: MediaTrackConstraints | boolean; video?: MediaTrackConstraints | boolean };
  /** Which local ICE candidates to send (tests keep loopback ones only). */
  candidateFilter?: (candidate: RTCIceCandidate) => boolean;
  /** How long the engine's own requests (capabilities, offers) wait for the remote. */
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface MediaContactEvents {
  /** seed 000: the remote offers media; answer with `cb(err)` or `cb(null, mediaPatch)`, or transit with `{wasOffered: true}`. */
  mediaoffer: (offer: MediaOffer, cb: MediaOfferAnswer) => void;
  /** seed 000: the local media changed. */
  mediachange: (media: MediaState, diff: MediaStateDiff) => void;
  mediastate: (state: MediaTransitionState, from: MediaTransitionState) => void;
  localcapabilities: (caps: MediaCapabilities) => void;
  capabilities: (caps: MediaCapabilities) => void;
  data: (message: DataMessage) => void;
  datachannel: (channel: MediaDataChannel) => void;
  /** A DTMF tone played (local: sent by us through RTCDTMFSender) or received (the remote sent it). */
  dtmf: (e: { tone: string; local: boolean }) => void;
  hold: (e: { hold: boolean; local: boolean }) => void;
  mute: (muted: boolean) => void;
  /** The peer connection's state (a fresh connection after a re-attach starts at `new`). */
  connectionstate: (state: RTCPeerConnectionState) => void;
  /** A peer connection to the remote endpoint is being made (after attach, or when the remote re-attached). */
  peer: (endpointId: string) => void;
  /** The remote endpoint left: the peer connection is closed, the local media are kept for its return. */
  parked: () => void;
  /**
   * Signalling to the remote is down (`local`: our connection to the server dropped; otherwise the
   * remote's did) or back up (`away` false). The peer connection is kept while it carries media;
   * ICE restarts wait for the signalling to come back.
   */
  signalling: (e: { away: boolean; local: boolean }) => void;
  /** This endpoint attached again after its connection came back; `kept`: the peer connection went on. */
  reattached: (e: { kept: boolean }) => void;
  /** Another endpoint of our party took the call (another tab): this one no longer carries media. */
  replaced: () => void;
  /** The remote's tracks changed (`remoteStream`, `remoteScreen`). */
  remotestream: () => void;
  /** ICE could not be restored by restarts. */
  failed: () => void;
  /** seed 000: the recorder is ready to record (not recording). Only where a recorder is plugged in (the agent's widget). */
  recready: () => void;
  /** seed 000: a new recording is starting. */
  recstart: () => void;
  /** seed 000: recording. */
  recstarted: () => void;
  /** seed 000: the recording is stopping. */
  recstopping: () => void;
}

/** The seed's recorder events, in the recorder's order. */
export const RECORDER_EVENTS = ['recready', 'recstart', 'recstarted', 'recstopping'] as const;

/** What records a contact's call (the agent's widget plugs its own in): seed 000's recording calls and events. */
export interface ContactRecorder {
  startRecording(audioIn?: boolean, audioOut?: boolean, videoIn?: boolean, videoOut?: boolean): Promise<void>;
  stopRecording(): Promise<void>;
  isRecording(): Promise<boolean>;
  on(event: (typeof RECORDER_EVENTS)[number], cb: () => void): () => void;
}

/**
 * The contact's event names, at run time: `on(name)` subscribes to one of these, any other name
 * registers the handler of that RPC request type (seed 000). Checked both ways against the map.
 */
export const CONTACT_EVENT_NAMES: { readonly [K in keyof MediaContactEvents]: true } = {
  mediaoffer: true,
  mediachange: true,
  mediastate: true,
  localcapabilities: true,
  capabilities: true,
  data: true,
  datachannel: true,
  dtmf: true,
  hold: true,
  mute: true,
  connectionstate: true,
  peer: true,
  parked: true,
  signalling: true,
  reattached: true,
  replaced: true,
  remotestream: true,
  failed: true,
  recready: true,
  recstart: true,
  recstarted: true,
  recstopping: true,
};
export const isContactEvent = (name: string): name is keyof MediaContactEvents => Object.hasOwn(CONTACT_EVENT_NAMES, name);

export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
export const RPC_CHANNEL = 'sb.rpc';
export const MEDIA_CHANNEL = 'sb.media';
export const DTMF_CHANNEL = 'sb.dtmf';
/** The RPC type the agent sends to ask the customer to share their screen; the customer's UI handles it. */
export const SHARE_SCREEN_RPC = 'ShareScreen';
