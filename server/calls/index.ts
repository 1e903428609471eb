export { Calls, type CallsOptions } from './calls.ts';
export { newCall, setCallState, isLive, sideOf, agentsOnCall, MAX_RECORDINGS_PER_CALL } from './call-record.ts';
export { callView, customerCallView } from './call-views.ts';
