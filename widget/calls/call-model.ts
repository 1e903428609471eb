/**
 * A contact's call as the agent's UI shows it: the server's CallView (durable, the same in every
 * tab) joined with what this page knows of its media. Pure functions of their inputs.
 */
import { LIVE_CALL_STATES, callRingsForAgent, type CallPartyView, type CallView, type ContactList, type ContactView } from '../../protocol/index.ts';
import { NO_MEDIA, type AudioDeviceKind, type CallMediaFacts, type DeviceState } from './call-controller.ts';

export const isLiveCall = (call: CallView | null | undefined): call is CallView => !!call && LIVE_CALL_STATES.includes(call.state);

/** The call rings for this agent (not a call the agent placed, ringing at the other end). */
export const ringsForAgent = callRingsForAgent;

/** The party the agent talks with: the customer, or the other agent of an internal call. */
export function otherParty(call: CallView, me: string | null): CallPartyView | undefined {
  return call.parties.find((p) => p.kind === 'customer') ?? call.parties.find((p) => p.id !== me && p.state !== 'left');
}

/** Agents in the call besides this one (a conference), still there. */
export const conferenceAgents = (call: CallView, me: string | null): CallPartyView[] =>
  call.parties.filter((p) => p.kind === 'agent' && p.id !== me && p.state !== 'left');

export interface CallInfo {
  contactId: string;
  call: CallView;
  /** Ringing for the agent to answer or decline. */
  incoming: boolean;
  /** The agent's call is ringing at the other end. */
  outgoing: boolean;
  partyName: string;
  /** When the offer to answer expires (ms since epoch), if it has a deadline. */
  answerBy: number | null;
  /** ms since the call connected (0 before). */
  talkMs: number;
  media: CallMediaFacts;
}

export function callInfo(contact: ContactView, list: ContactList | undefined, me: string | null, media: CallMediaFacts = NO_MEDIA, now = Date.now()): CallInfo | null {
  const { call } = contact;
  if (!call) return null;
  const incoming = ringsForAgent(call, list);
  return {
    contactId: contact.id,
    call,
    incoming,
    outgoing: call.state === 'ringing' && !incoming,
    partyName: otherParty(call, me)?.name ?? contact.customer.name,
    answerBy: incoming ? contact.offerExpiresAt : null,
    talkMs: call.connectTime === null ? 0 : Math.max(0, (call.endTime ?? now) - call.connectTime),
    media,
  };
}

/** The contacts whose call rings for the agent now (an offer past its deadline no longer rings). */
export function ringingContacts(contacts: Iterable<ContactView>, listOf: (id: string) => ContactList | undefined, now = Date.now()): ContactView[] {
  return [...contacts].filter((c) => ringsForAgent(c.call, listOf(c.id)) && (c.offerExpiresAt === null || c.offerExpiresAt > now));
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

/** DTMF a call can carry: digits, *, #, A-D, and `,` for a pause (RFC 4733 via RTCDTMFSender). */
export const DTMF_PATTERN = /^[0-9*#A-Da-d,]+$/;
export const MAX_DTMF_DIGITS = 64;

/** The name of the device in use (the chosen one, else the default, else the first), as ON_AUDIO_DEVICE_CHANGE tells it. */
export function deviceInUse(state: DeviceState, kind: AudioDeviceKind): string | undefined {
  const list = kind === 'input' ? state.inputs : state.outputs;
  const chosen = state[kind];
  const d = (chosen && list.find((x) => x.deviceId === chosen)) || list.find((x) => x.deviceId === 'default') || list[0];
  return d ? d.label || d.deviceId : undefined;
}
