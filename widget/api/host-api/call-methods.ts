/**
 * Host API: the call methods and requestCustomer (a chunk, loaded by voice-methods.ts at a host's
 * first call of one). Each goes through the CallController with Bright Pattern's arguments and error names: no call
 * in progress is not_suitable_state, a bad argument invalid_args.
 */
import { invalidArgs, ProtocolError, notSuitableState, type CallView } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { DTMF_PATTERN, MAX_DTMF_DIGITS, conferenceAgents, isLiveCall } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { transferDestination } from './destinations.ts';
import type { HostContext } from './host-context.ts';
import { transferData } from './interaction-methods.ts';
import { HostFailure, str, type Results } from './results.ts';
import { needCalls, type CallMethods } from './voice-methods.ts';

/** How the customer page's refusal of a request reads to the host. */
function requestFailure(err: unknown): HostFailure {
  const { name, message } = (err ?? {}) as { name?: string; message?: string };
  if (name === 'timeout') return new HostFailure('timeout', message ?? 'the customer page did not answer');
  if (name === 'not_supported') return new HostFailure('invalid_request', message ?? 'the customer page does not handle this request');
  return new HostFailure('unknown_error', message ?? String(err));
}

const bool = (value: unknown, what: string): boolean => {
  if (typeof value !== 'boolean') throw invalidArgs(`${what} must be a boolean`);
  return value;
};

export function callMethods(session: AgentSession, r: Results, host: HostContext, calls: CallController): CallMethods {
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
    // The CRM asks the customer's page of a call or a chat to do something (seed 000's request), through the media engine.
    requestCustomer: (type, data, timeoutMs, id) =>
      r.withInteraction(id, async (i) => {
        if (typeof type !== 'string' || !/^[A-Za-z][\w.-]{0,63}$/.test(type)) throw invalidArgs('type must be a request name: a letter, then letters, digits, . _ - (64 at most)');
        if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 120_000)) throw invalidArgs('timeoutMs must be a number of milliseconds up to 120000');
        return calls.request(i, type, data, timeoutMs).catch((err) => {
          throw err instanceof ProtocolError ? err : requestFailure(err);
        });
      }),
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
  };
}
