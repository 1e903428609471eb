/**
 * Host API: calls, their conferences, devices and screen recording. Voice has no media engine
 * yet (a later issue): the call methods answer api_method_not_implemented; the phone device is
 * the widget's own softphone (phone_type_browser) or none.
 */
import { failure, type OperationResult, type PhoneDevice, type WidgetHostApi } from '../../../protocol/index.ts';
import type { HostContext } from './host-context.ts';
import { invalid, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  | 'startCall'
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

const notYet = async <T>(): Promise<OperationResult<T>> => failure('api_method_not_implemented', 'voice is not available in this version');
/** The devices the widget can use: its softphone, or none. */
export const PHONE_DEVICES_OFFERED: readonly PhoneDevice[] = ['phone_type_browser', 'phone_type_none'];

export const voiceMethods = (r: Results, host: HostContext): Omit<Methods, 'startCall'> => ({
  sendDtmf: notYet,
  consultCall: notYet,
  transfer: notYet,
  inviteToCallConference: notYet,
  removeFromCallConference: notYet,
  destroyCallConference: notYet,
  mergeAllCallsIntoConference: notYet,
  setCallHold: notYet,
  setCallMute: notYet,
  setCallRecording: notYet,
  setCallRecordingMute: notYet,
  setScreenRecordingMute: notYet,
  getScreenRecordingState: notYet,
  getPhoneDevicesList: () => r.act(() => [...PHONE_DEVICES_OFFERED]),
  getPhoneDevice: () => r.act(() => ({ ...host.phoneDevice })),
  setPhoneDevice: (device) =>
    r.act(() => {
      if (!PHONE_DEVICES_OFFERED.includes(device?.type)) throw invalid(`type must be one of ${PHONE_DEVICES_OFFERED.join(', ')}`);
      host.phoneDevice = { type: device.type };
    }),
});
