import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageName, type WidgetHostApi } from '../../../protocol/index.ts';

/** Every method of the one list; the compiler checks none is missing or extra. */
const METHODS = [
  'getLoginState', 'login', 'openLogin', 'logout', 'getAgentState', 'setAgentState', 'getAgentNotReadyReasons',
  'getInteractionsState', 'acceptInteraction', 'rejectInteraction', 'switchActiveInteraction', 'leaveInteraction',
  'completeInteraction', 'leaveAndCompleteInteraction', 'startCall', 'startChat', 'startEmail', 'getService', 'setService',
  'getDIDNumbersList', 'getDIDNumber', 'setDIDNumber', 'setDialCandidates', 'blindTransfer', 'consultCall', 'transfer',
  'inviteToChatConference', 'removeFromChatConference', 'inviteToCallConference', 'removeFromCallConference',
  'destroyCallConference', 'mergeAllCallsIntoConference', 'sendDtmf', 'setCallHold', 'setCallMute', 'setCallRecording',
  'setCallRecordingMute', 'getPhoneDevicesList', 'getPhoneDevice', 'setPhoneDevice', 'setScreenRecordingMute',
  'getScreenRecordingState', 'sendChatMessage', 'suggestChatMessage', 'getTeams', 'getTeamMembers', 'getServicesList',
  'getDispositionsList', 'setDisposition', 'setRescheduleWindow', 'addNote', 'updateNote', 'replaceNote', 'getConfig',
  'getVariables', 'setVariable', 'addInteractionAssociatedObject', 'setInteractionActiveScreen', 'setWidgetMinimized',
  'activatePage',
  // Switchboard's additions, beyond the published list:
  'requestCustomer', 'pressShortcut',
] as const satisfies readonly Exclude<keyof WidgetHostApi, 'subscribe'>[];
type Missing = Exclude<keyof WidgetHostApi, 'subscribe' | (typeof METHODS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;

/** Bright Pattern's published request message names. */
const PUBLISHED = [
  'GET_LOGIN_STATE', 'LOGIN', 'OPEN_LOGIN', 'LOGOUT', 'GET_AGENT_STATE', 'SET_AGENT_STATE', 'ACCEPT_INTERACTION',
  'REJECT_INTERACTION', 'START_CALL', 'START_CHAT', 'START_EMAIL', 'SEND_DTMF', 'CONSULT_CALL', 'BLIND_TRANSFER', 'TRANSFER',
  'LEAVE_INTERACTION', 'COMPLETE_INTERACTION', 'LEAVE_AND_COMPLETE_INTERACTION', 'SWITCH_ACTIVE_INTERACTION',
  'INVITE_TO_CALL_CONFERENCE', 'REMOVE_FROM_CALL_CONFERENCE', 'DESTROY_CALL_CONFERENCE', 'INVITE_TO_CHAT_CONFERENCE',
  'REMOVE_FROM_CHAT_CONFERENCE', 'MERGE_ALL_CALLS_INTO_CONFERENCE', 'GET_TEAMS', 'GET_TEAM_MEMBERS', 'GET_SERVICES_LIST',
  'GET_SERVICE', 'SET_SERVICE', 'GET_DID_LIST', 'GET_DID', 'SET_DID', 'GET_DISPOSITIONS_LIST', 'SET_DISPOSITION',
  'SET_RESCHEDULE', 'ADD_NOTE', 'UPDATE_NOTE', 'REPLACE_NOTE', 'GET_CONFIG', 'GET_VARIABLES', 'SET_VARIABLE',
  'ADD_INTERACTION_ASSOCIATED_OBJECT', 'SET_INTERACTION_ACTIVE_SCREEN', 'GET_PHONE_DEVICES_LIST', 'GET_PHONE_DEVICE',
  'SET_PHONE_DEVICE', 'SET_CALL_HOLD', 'SET_CALL_RECORDING', 'SET_CALL_MUTE', 'SET_SCREEN_RECORDING_MUTE',
  'GET_SCREEN_RECORDING_STATE', 'SET_WIDGET_MINIMIZED', 'SEND_CHAT_MESSAGE', 'SUGGEST_CHAT_MESSAGE',
  'GET_AGENT_NOT_READY_REASONS', 'ACTIVATE_PAGE', 'GET_INTERACTIONS_STATE', 'SET_CALL_RECORDING_MUTE', 'SET_DIAL_CANDIDATES',
];

/** Switchboard's own request names (methods Bright Pattern's API does not have). */
const ADDITIONS = ['REQUEST_CUSTOMER', 'PRESS_SHORTCUT'];

describe('host API message names', () => {
  it('every method logs under one of the published request names, and every published name is a method', () => {
    assert.equal(complete, true);
    const names = METHODS.map(messageName);
    assert.deepEqual([...names].sort(), [...PUBLISHED, ...ADDITIONS].sort());
    assert.equal(messageName('getDIDNumbersList'), 'GET_DID_LIST');
    assert.equal(messageName('setRescheduleWindow'), 'SET_RESCHEDULE');
    assert.equal(messageName('leaveAndCompleteInteraction'), 'LEAVE_AND_COMPLETE_INTERACTION');
  });
});
