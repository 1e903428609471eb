/**
 * Calls: the voice (and video, screen sharing) leg of a contact, and the signalling the server
 * relays between the two media endpoints of a call. Media flows peer to peer; the server keeps
 * the call's state (durable, in the contact's views) and forwards signals (not stored).
 *
 * A contact of type `voice` is a call routed like any contact; a chat gets a call when voice is
 * added to it. Either way the contact's views carry `call`.
 */
import * as v from 'valibot';
import { plainObject } from './plain-object.ts';
import type { ChatSignalEventMap } from './chat.ts';

/** Lifecycle of a call. */
export const CALL_STATES = [
  'ringing', // offered to the called party, not answered yet
  'connected', // both parties answered; media flows (or is being re-attached, see `parked`)
  'held', // the agent put the other party on hold: no audio either way
  'ended', // hung up, declined, not answered, or its media never came back
] as const;
export type CallState = (typeof CALL_STATES)[number];

export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  ringing: ['connected', 'ended'],
  connected: ['held', 'ended'],
  held: ['connected', 'ended'],
  ended: [],
};
export const canCallTransition = (from: CallState, to: CallState): boolean => CALL_TRANSITIONS[from].includes(to);
/** States of a call that is still going (a voice slot is taken, signals are relayed). */
export const LIVE_CALL_STATES: readonly CallState[] = ['ringing', 'connected', 'held'];

/**
 * Why a call ended: a party hung up, the called party declined or did not answer in time, the
 * caller gave up while it rang, or a side's media did not come back within the re-attach time.
 */
export const CALL_END_REASONS = ['hangup_agent', 'hangup_customer', 'declined', 'no_answer', 'cancelled', 'media_lost'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

export type CallPartyKind = 'customer' | 'agent';

export interface CallPartyView {
  kind: CallPartyKind;
  /** The customer's or the agent's id. */
  id: string;
  name: string;
  /** An agent party's user id (Bright Pattern's `userId`). */
  userId?: string;
  /** The party's address: `customer:<id>` or `agent:<username>` (what ANI/DNIS carry). */
  address: string;
  state: 'ringing' | 'connected' | 'held' | 'left';
}

/** The call as the agents of its contact see it. */
export interface CallView {
  state: CallState;
  /** inbound: the customer (or another agent) called; outbound: the agent called. */
  direction: 'inbound' | 'outbound';
  /** Agent to agent. */
  internal: boolean;
  /** The caller's address and the address called. */
  ani: string;
  dnis: string;
  parties: CallPartyView[];
  /** The agent's microphone is muted. */
  muted: boolean;
  hold: boolean;
  recording: boolean;
  /** The running recording is paused: what is said meanwhile is left out of its files. */
  recordingPaused: boolean;
  /** Recording files of this call, newest last (agents of the contact and supervisors may fetch them). */
  recordings: string[];
  /** Media besides voice that the parties turned on. */
  video: boolean;
  sharing: boolean;
  /** A party's media endpoint is gone (page reload, tab closed) and the call waits for it to re-attach. */
  parked: boolean;
  /**
   * A consultation its agent placed while holding this call: the internal call (`contactId`) to
   * the colleague `agentId`. With `conference` the colleague was joined: all three talk, the
   * agent's widget mixing the two calls (star topology).
   */
  consult: { contactId: string; agentId: string } | null;
  conference: boolean;
  /**
   * The call's contact is being transferred: its sender keeps the call, held, until the agent it
   * is offered to takes it (for that agent the call rings: answer takes the contact).
   */
  transferring: boolean;
  /** On a consultation (an internal call): the contact whose call its caller holds meanwhile. */
  consultFor: string | null;
  startTime: number;
  connectTime: number | null;
  endTime: number | null;
  endReason: CallEndReason | null;
}

/** The call as its customer sees it: no recordings, no agent-side flags. */
export interface CustomerCallView {
  state: CallState;
  direction: 'inbound' | 'outbound';
  hold: boolean;
  /** The customer is told the call is recorded. */
  recording: boolean;
  video: boolean;
  sharing: boolean;
  parked: boolean;
  startTime: number;
  connectTime: number | null;
  endTime: number | null;
  endReason: CallEndReason | null;
}

/** Sizes of signalling. An SDP with video and many candidates stays well under this. */
export const MAX_SDP_CHARS = 32_000;
export const MAX_CANDIDATE_CHARS = 2_000;
/** A relayed data-channel message (JSON text). */
export const MAX_RELAYED_DATA_CHARS = 16_000;

const EndpointId = v.pipe(v.string(), v.regex(/^[\w-]{8,64}$/, 'endpointId: 8 to 64 letters, digits, _ or -'));

/** What one media endpoint sends another through the server: WebRTC's offer/answer and ICE candidates. */
export const SignalPayload = v.variant('kind', [
  v.object({
    kind: v.literal('description'),
    description: plainObject({ type: v.picklist(['offer', 'answer', 'pranswer', 'rollback']), sdp: v.optional(v.pipe(v.string(), v.maxLength(MAX_SDP_CHARS))) }),
  }),
  v.object({
    kind: v.literal('candidate'),
    /** null: end of candidates. */
    candidate: v.nullable(
      plainObject({
        candidate: v.pipe(v.string(), v.maxLength(MAX_CANDIDATE_CHARS)),
        sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
        sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)))),
        usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256)))),
      }),
    ),
  }),
]);
export type SignalPayload = v.InferOutput<typeof SignalPayload>;

/** Request entries of the call frames (frames.ts puts them in the one RequestFrame union). */
export const CALL_REQUEST_ENTRIES = { EndpointId, SignalPayload };

/** ICE settings a media endpoint gets when it attaches: servers (TURN credentials minted for it) and policy. */
export interface IceConfig {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy: 'all' | 'relay';
}

export interface MediaAttachReply extends IceConfig {
  /**
   * The other party's endpoint, if it is attached: the attaching side makes the offer to it.
   * `away`: its connection dropped and the server keeps it for its return (signals cannot reach it yet).
   */
  peer: { kind: CallPartyKind; endpointId: string; away?: true } | null;
  /** Perfect negotiation's politeness: the customer side is polite, the agent side is not. */
  polite: boolean;
}

/**
 * Frames outside the numbered event stream: not stored, not replayed, for live connections only
 * (`{type:'signal', topic, data}`). A client that was away re-attaches instead of replaying.
 */
export interface SignalEventMap extends ChatSignalEventMap {
  /** From the other party's endpoint. */
  'media.signal': { contactId: string; from: string; payload: SignalPayload };
  /**
   * The other party's endpoint arrived (a new one: a fresh peer connection is due; the same one
   * again: its connection came back), its connection dropped (`away`: kept for its return, the
   * peer connection may go on), or it left (null: the call is parked).
   */
  'media.peer': { contactId: string; kind: CallPartyKind; endpointId: string | null; away?: true };
  /** Data relayed through the server (a data channel of type `sio`, or any channel with no peer connection). */
  'media.data': { contactId: string; channel: string; topic?: string; data: unknown; from: { kind: CallPartyKind; id: string } };
  /** This connection's endpoint was replaced by another of the same party (another tab took the call). */
  'media.replaced': { contactId: string; endpointId: string };
}
export type SignalTopic = keyof SignalEventMap;
export type SignalEvent = { [K in SignalTopic]: { topic: K; data: SignalEventMap[K] } }[SignalTopic];
export interface SignalFrame<T extends SignalTopic = SignalTopic> {
  type: 'signal';
  topic: T;
  data: SignalEventMap[T];
}
