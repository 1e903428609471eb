/**
 * Host API: calls, their consultations and conferences, and the phone device. Every call method
 * goes through the CallController with Bright Pattern's arguments and error names: no call in
 * progress is not_suitable_state, a bad argument invalid_args, no calls in this widget
 * api_method_not_implemented. Screen recording is not a Switchboard feature and says so.
 */
import { invalidArgs, failure, notSuitableState, type CallView, type OperationResult, type PhoneDevice, type WidgetHostApi } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { DTMF_PATTERN, MAX_DTMF_DIGITS, conferenceAgents, isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { transferDestination } from './destinations.ts';
import type { HostContext } from './host-context.ts';
import { transferData } from './interaction-methods.ts';
import { HostFailure, str, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  | 'sendDtmf'
  | 'consultCall'
  | 'transfer'
  | 'inviteToCallConference'
  | 'removeFromCallConference'
  | 'destroyCallConference'
  | 'mergeAllCallsIntoConference'
  | 'setCallHold'
  | 'setCallMute'
  | 'setCallRecording'
  | 'setCallRecordingMute'
  | 'setScreenRecordingMute'
  | 'getScreenRecordingState'
  | 'getPhoneDevicesList'
  | 'getPhoneDevice'
  | 'setPhoneDevice'
>;

/** The devices the widget can use: its softphone, or none. */
export const PHONE_DEVICES_OFFERED: readonly PhoneDevice[] = ['phone_type_browser', 'phone_type_none'];

const noScreenRecording = async <T>(): Promise<OperationResult<T>> =>
  failure('api_method_not_implemented', 'screen recording is not a feature of Switchboard (calls are recorded with setCallRecording)');

const bool = (value: unknown, what: string): boolean => {
  if (typeof value !== 'boolean') throw invalidArgs(`${what} must be a boolean`);
  return value;
};

/** The controller, or the error a widget without calls (or an agent who chose no phone) answers. */
export function needCalls(calls: CallController | null, host: HostContext): CallController {
  if (!calls) throw new HostFailure('api_method_not_implemented', 'calls are not available in this widget');
  if (host.phoneDevice.type === 'phone_type_none') throw new HostFailure('logged_without_phone', 'the phone device is phone_type_none: setPhoneDevice to phone_type_browser for calls');
  return calls;
}

const CALL_METHODS = [
  'sendDtmf',
  'consultCall',
  'transfer',
  'inviteToCallConference',
  'removeFromCallConference',
  'destroyCallConference',
  'mergeAllCallsIntoConference',
  'setCallHold',
  'setCallMute',
  'setCallRecording',
  'setCallRecordingMute',
] as const satisfies readonly (keyof Methods)[];

/** A widget without calls answers every call method so, before it looks at arguments or interactions. */
export const noCalls = async <T>(): Promise<OperationResult<T>> => failure('api_method_not_implemented', 'calls are not available in this widget');

export function voiceMethods(session: AgentSession, r: Results, host: HostContext, calls: CallController | null): Methods {
  const methods = withCalls(session, r, host, calls);
  if (!calls) for (const name of CALL_METHODS) methods[name] = noCalls;
  return methods;
}

function withCalls(session: AgentSession, r: Results, host: HostContext, calls: CallController | null): Methods {
  const { store } = session;
  /** The interaction's call, answered and still going (connected or held). */
  const answered = (id: string): CallView => {
    const call = store.contacts.get(id)?.call;
    if (!isLiveCall(call)) throw notSuitableState(`interaction ${id} has no call in progress`);
    if (call.state === 'ringing') throw notSuitableState(`the call of interaction ${id} is not answered yet`);
    return call;
  };
  /** The call waiting on a consultation: the active one, or the one the active consultation belongs to. */
  const consulting = (): string => {
    const c = needCalls(calls, host);
    const active = store.activeId;
    if (active && c.media(active).consult) return active;
    const held = [...store.contacts.keys()].find((id) => c.media(id).consult && (!active || c.media(id).consult!.contactId === active));
    if (!held) throw notSuitableState('no consultation is in progress: consultCall first');
    return held;
  };
  return {
    sendDtmf: (dtmf, id) =>
      r.withInteraction(id, (i) => {
        const digits = str(dtmf, 'dtmf');
        if (!DTMF_PATTERN.test(digits) || digits.length > MAX_DTMF_DIGITS) throw invalidArgs(`dtmf must be 1 to ${MAX_DTMF_DIGITS} of 0-9 * # A-D ,`);
        if (answered(i).hold) throw notSuitableState('the call is on hold: resume it to send digits');
        return needCalls(calls, host).sendDtmf(i, digits);
      }),
    setCallHold: (state, id) =>
      r.withInteraction(id, (i) => {
        const hold = bool(state, 'state');
        return answered(i).hold === hold ? undefined : needCalls(calls, host).hold(i, hold);
      }),
    setCallMute: (state, id) =>
      r.withInteraction(id, (i) => {
        const muted = bool(state, 'state');
        return answered(i).muted === muted ? undefined : needCalls(calls, host).mute(i, muted);
      }),
    setCallRecording: (state, id) =>
      r.withInteraction(id, (i) => {
        const recording = bool(state, 'state');
        return answered(i).recording === recording ? undefined : needCalls(calls, host).setRecording(i, recording);
      }),
    setCallRecordingMute: (state, id) =>
      r.withInteraction(id, (i) => {
        const paused = bool(state, 'state');
        if (!answered(i).recording) throw notSuitableState('the call is not being recorded');
        return needCalls(calls, host).setRecordingPaused(i, paused);
      }),
    consultCall: (phone) =>
      r.withInteraction(undefined, async (i) => {
        answered(i);
        const c = needCalls(calls, host);
        if (c.media(i).consult) throw notSuitableState('a consultation is already in progress: transfer, merge or end it first');
        await c.consult(i, await transferDestination(session, phone));
      }),
    transfer: (customTransferData) =>
      r.act(() => {
        const data = transferData(customTransferData);
        return needCalls(calls, host).completeTransfer(consulting(), data);
      }),
    mergeAllCallsIntoConference: (customTransferData) =>
      r.act(() => {
        const data = transferData(customTransferData);
        return needCalls(calls, host).mergeConsult(consulting(), data);
      }),
    inviteToCallConference: (phone, customTransferData, id) =>
      r.withInteraction(id, async (i) => {
        answered(i);
        const data = transferData(customTransferData);
        await needCalls(calls, host).inviteToConference(i, await transferDestination(session, phone), data);
      }),
    removeFromCallConference: (partyId, id) =>
      r.withInteraction(id, (i) => {
        const wanted = str(partyId, 'partyId');
        const party = conferenceAgents(answered(i), store.agent?.id ?? null).find((p) => p.id === wanted || p.userId === wanted || p.address === wanted);
        if (!party) throw new HostFailure('object_not_found', `no party ${wanted} in the conference`);
        return needCalls(calls, host).removeFromConference(i, party.id);
      }),
    destroyCallConference: (id) =>
      r.withInteraction(id, (i) => {
        if (!conferenceAgents(answered(i), store.agent?.id ?? null).length) throw notSuitableState(`the call of interaction ${i} is not a conference`);
        return needCalls(calls, host).endConference(i);
      }),
    setScreenRecordingMute: noScreenRecording,
    getScreenRecordingState: noScreenRecording,
    getPhoneDevicesList: () => r.act(() => [...PHONE_DEVICES_OFFERED]),
    getPhoneDevice: () => r.act(() => ({ ...host.phoneDevice })),
    setPhoneDevice: (device) =>
      r.act(() => {
        if (!PHONE_DEVICES_OFFERED.includes(device?.type)) throw invalidArgs(`type must be one of ${PHONE_DEVICES_OFFERED.join(', ')}`);
        host.phoneDevice = { type: device.type };
      }),
  };
}
