/** Host API: voice. Voice is a later issue; until it lands these exist, are typed and say so. */
import { failure, type OperationResult, type WidgetHostApi } from '../../../protocol/index.ts';

type Methods = Pick<
  WidgetHostApi,
  'startCall' | 'setCallHold' | 'setCallMute' | 'sendDtmf' | 'setCallRecording' | 'consultCall' | 'inviteToCallConference' | 'removeFromCallConference'
>;

const notYet = async <T>(): Promise<OperationResult<T>> => failure('api_method_not_implemented', 'voice is not available in this version');

export const voiceMethods = (): Methods => ({
  startCall: notYet,
  setCallHold: notYet,
  setCallMute: notYet,
  sendDtmf: notYet,
  setCallRecording: notYet,
  consultCall: notYet,
  inviteToCallConference: notYet,
  removeFromCallConference: notYet,
});
