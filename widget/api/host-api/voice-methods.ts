/**
 * Host API: calls, their consultations and conferences, and the phone device. The call methods
 * live in call-methods.ts, a chunk fetched at a host's first call method (the widget's first
 * script stays small); a widget without calls answers them api_method_not_implemented, an agent
 * who chose no phone logged_without_phone. Screen recording is not a Switchboard feature and says so.
 */
import { invalidArgs, failure, type OperationResult, type PhoneDevice, type WidgetHostApi } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { HostContext } from './host-context.ts';
import { HostFailure, type Results } from './results.ts';

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
  'requestCustomer',
] as const satisfies readonly (keyof WidgetHostApi)[];

export type CallMethods = Pick<WidgetHostApi, (typeof CALL_METHODS)[number]>;
type Methods = CallMethods & Pick<WidgetHostApi, 'setScreenRecordingMute' | 'getScreenRecordingState' | 'getPhoneDevicesList' | 'getPhoneDevice' | 'setPhoneDevice'>;

/** The devices the widget can use: its softphone, or none. */
export const PHONE_DEVICES_OFFERED: readonly PhoneDevice[] = ['phone_type_browser', 'phone_type_none'];

const noScreenRecording = async <T>(): Promise<OperationResult<T>> =>
  failure('api_method_not_implemented', 'screen recording is not a feature of Switchboard (calls are recorded with setCallRecording)');

/** The controller, or the error a widget without calls (or an agent who chose no phone) answers. */
export function needCalls(calls: CallController | null, host: HostContext): CallController {
  if (!calls) throw new HostFailure('api_method_not_implemented', 'calls are not available in this widget');
  if (host.phoneDevice.type === 'phone_type_none') throw new HostFailure('logged_without_phone', 'the phone device is phone_type_none: setPhoneDevice to phone_type_browser for calls');
  return calls;
}

/** A widget without calls answers every call method so, before it looks at arguments or interactions. */
export const noCalls = async <T>(): Promise<OperationResult<T>> => failure('api_method_not_implemented', 'calls are not available in this widget');

export function voiceMethods(session: AgentSession, r: Results, host: HostContext, calls: CallController | null): Methods {
  let made: Promise<CallMethods> | null = null;
  const load = () => (made ??= import('./call-methods.ts').then((m) => m.callMethods(session, r, host, calls!)));
  const call = Object.fromEntries(
    CALL_METHODS.map((name) => [
      name,
      !calls
        ? noCalls
        : (...args: unknown[]) =>
            load().then(
              (m) => (m[name] as (...a: unknown[]) => Promise<OperationResult<unknown>>)(...args),
              (err: Error) => ((made = null), failure('unknown_error', `the call methods could not be loaded: ${err.message}`)),
            ),
    ]),
  ) as unknown as CallMethods;
  return {
    ...call,
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
