/**
 * Test oracle: Bright Pattern's published Agent Desktop Client API surface (the facts of the type
 * declarations in its public example repository: names, signatures, option names, result and
 * event shapes, codes), written down independently of Switchboard's types. The type test checks
 * Switchboard's class against it, and the drop-in test's CRM page is written only against it.
 * Never imported by shipped code.
 */

type Codes<T extends Record<string, number>> = { [K in keyof T]: T[K] };
export type ResultErrorCodes = Codes<{
  not_enough_privileges: 1; not_logged_in: 2; invalid_args: 3; logged_without_phone: 4; banned: 5; api_not_answer: 6;
  invalid_request: 7; timeout: 8; no_chat_in_service: 9; empty_number: 10; no_service: 11; self_call: 12; no_interaction: 13;
  api_method_not_implemented: 14; not_suitable_state: 15; no_disposition: 16; object_not_found: 17; no_permissions_did_sms: 18;
  no_permissions_did_call: 19; no_channel_in_service: 20; unknown_error: 99;
}>;
export type ServerErrorCodes = Codes<{
  forced_logout_by_other_client: 100; forced_logout_by_supervisor: 101; invalid_request: 102; phone_not_registered: 103;
  phone_not_in_dial_plan: 104; tenant_disabled: 105; destination_user_not_logged: 106; user_disabled_or_deleted: 107;
  user_already_logged_in: 108; invalid_credentials: 109; other_user_logged_with_phone: 110; invalid_token: 111;
  logged_users_limit_reached: 112; already_logged_in_with_the_same_session: 113; not_enough_privileges: 114;
  sip_server_error: 200; unknown_error: 300;
}>;

export type ResultError = { code: ResultErrorCodes[keyof ResultErrorCodes]; name: keyof ResultErrorCodes; message?: string };
export type OperationResult<T = null> = { status: 'success'; data: T } | { status: 'error'; error: ResultError };
type Sync<T = void> = T | Promise<T>;

export type AgentState = 'supervising' | 'ready' | 'not_ready' | 'busy' | 'after_call_work' | 'reserved' | 'ringing';
export type InteractionState = 'unknown' | 'queued' | 'ivr' | 'wrap_up' | 'wrap_up_hold' | 'delivered' | 'delivery_pending' | 'hold' | 'completed';
export type InteractionType = 'voice' | 'chat' | 'email';
export type ChatChannelType = 'telegram' | 'line' | 'facebook' | 'web' | 'nexmo' | 'sms' | 'viber' | 'twitter' | 'wechat' | 'whatsapp' | 'ms_teams';
export type CallDirection = 'inbound' | 'outbound';
export type InteractionKind = 'unknown' | 'direct_call' | 'outbound' | 'scenario' | 'chat';
export type PhoneDevice =
  | 'phone_type_browser' | 'phone_type_external' | 'phone_type_hard_custom' | 'phone_type_hard_default' | 'phone_type_nailed'
  | 'phone_type_none' | 'phone_type_soft_secure' | 'phone_type_microsoft_teams' | 'phone_type_soft_unsecure';
export type DispositionType = 'SUCCESS' | 'FAILURE' | 'CONTINUE' | 'SPAM' | 'DO_NOT_CALL';
export type UserState = AgentState | 'offline';
export type ChatPartyType = 'internal' | 'external';
export type Origination =
  | 'chat-center' | 'dialpad' | 'directory' | 'recent' | 'favorites' | 'workitem' | 'interaction' | 'contact-profile' | 'help'
  | 'conference' | 'auto' | 'integration-api' | 'internal-chat-page' | 'topbar' | 'supervisor-screen' | 'transfer-panel';

export type LoginStateData = { isLoggedIn: boolean; agentId?: string; username?: string; sessionId?: string };
export type AgentStateData = { state: AgentState; reservedForIncomingInteraction: boolean; notReadyReason?: string };
export type ServiceData = { id: string; name: string; useDispositions: boolean; requireDisposition: boolean };
export type DispositionTarget = { service?: string; interactionId?: string };
export type DispositionData = { id: string; code: string; name: string; type: DispositionType };
export type AssociatedObjectData = { id: string; type: string; displayName: string; displayType: string; customFields: Record<string, string> };
export type AssociatedObject = { source: string } & AssociatedObjectData;
export type AssociatedObjectsData = { list: AssociatedObject[]; selected: string[] };
export type AttachedData = Record<string, string>;
export type CallParty = { id: string; name: string; phone: string; userId?: string };
export type ChatParty = { id: string; type: ChatPartyType; name: string; userId?: string; contactId?: string; email?: string; phone?: string };
export type InteractionData = {
  interactionId: string; globalInteractionId?: string; state: InteractionState; type: InteractionType; callParties: CallParty[];
  callMuted: boolean; callRecording: boolean; chatParties: ChatParty[]; attachedData: AttachedData; internal: boolean;
  interactionKind?: InteractionKind; phoneNumber?: string; email?: string; callDirection?: CallDirection; startTime?: number;
  endTime?: number; duration?: number; description?: string; disposition?: string; service?: string; playbackUrl?: string;
  recordingUrl?: string; DNIS?: string; ANI?: string; origination?: Origination; subject: string; associatedObjects: AssociatedObjectsData;
};
export type InteractionActivityData = InteractionData & { formValues?: Record<string, string | boolean>; contactName: string };
export type InteractionScreen = Record<string, string | number | boolean | null | undefined>;
export type CustomTransferData = Record<string, string | number | boolean | undefined | null>;
export type KBArticleData = {
  id: string; title: string; keywords: string; answer: string; notes: string; language: string; createdByUser: string;
  lastEditedByUser: string; customFields: Record<string, string>;
};
export type KBArticleItem = { id: string; type: 'article'; title: string; text: string };
export type KBFolderItem = { id: string; type: 'folder'; title: string };
export type KBItemData = KBArticleItem | KBFolderItem;
export type KBFolderOptions = { language?: string; folderId?: string };
export type SearchRecordsQuery = { text: string; types: string[] };
export type RescheduleData = { numberToDial: string; fromTime: string; untilTime: string; timezoneCode?: string };
export type PhoneDeviceData = { type: PhoneDevice; phone?: string };
export type Team = { id: string; displayName: string; isSupervised: boolean; usersCount?: number };
export type User = { id: string; teamId: string; firstName: string; lastName: string; phone: string; state: UserState };
export type ScreenRecordingState = { allowed: boolean; active: boolean; muted: boolean };
export type ServerErrorData = { code: ServerErrorCodes[keyof ServerErrorCodes]; name: keyof ServerErrorCodes; timestamp: number; message?: string };
export type LoginData = { username: string; password: string; tenant?: string };
export type PhoneCapabilities = { canDial: boolean; canAnswer: boolean; canHold: boolean; canRetrieve: boolean };
export type DIDNumber = { id: string; number: string; isSMS: boolean; isVoice: boolean };
export type WebScreenPop = {
  action: 'OPEN_WEB_PAGE' | 'DISPLAY_TEXT'; url: string; content: string; label: string; popUponAnswer: boolean;
  keepPopupOpenAfterFinish: boolean; popup: boolean; secondaryUrls?: { [key: number]: { label?: string; url?: string } };
};
export type SummaryResult = { interactionId: string; success: true; topics: { name: string; value: string }[] } | { interactionId: string; success: false; errorCode: string };
export type InteractionsState = { activeInteractionId: string | null; interactions: InteractionData[] };
export type OpenRecordOptions = { inNewTab: boolean; source: 'user' | 'scenario' };
export type DialCandidate = {
  id: string; displayName: string; phones: { number: string; type: 'mobile' | 'business' | 'home' | 'fax' | 'other'; displayType?: string }[];
  associatedObjects: AssociatedObjectData[]; email?: string; avatarUrl?: string;
};
export type RecordsValidationResult = { valid: boolean; message?: string };
export type RecordInfoRequest = { id: string; type: string };
export type ActivityRecordInfo = { id: string | null; caseId?: string; contactId?: string };
export type InitialObjects = AssociatedObjectData | AssociatedObjectData[];
export type InitiateResult = { id: string | null; error?: string };

/** The published events and their handlers. */
export interface Handlers {
  ON_LOGIN: (loginState: LoginStateData) => Sync;
  ON_LOGOUT: () => Sync;
  ON_NEW_INTERACTION: (newInteraction: InteractionData) => Sync;
  ON_INTERACTION_REMOVED: (interaction: InteractionData) => Sync;
  ON_INTERACTION_STATE_CHANGE: (interaction: InteractionData) => Sync;
  ON_ACTIVE_INTERACTION_SWITCHED: (activatedInteractionId: string | null) => Sync;
  ON_AGENT_STATE_CHANGE: (state: AgentState, notReadyReason?: string) => Sync;
  ON_REQUEST_TRANSFER_DATA: (interactionId: string) => Sync<CustomTransferData>;
  ON_LOAD_TRANSFER_DATA: (interactionId: string, data: CustomTransferData) => Sync;
  ON_GET_KNOWLEDGE_BASE_FOLDER: (options: KBFolderOptions) => Sync<KBItemData[]>;
  ON_SEARCH_KNOWLEDGE_BASE: (query: string, language?: string, folderId?: string) => Sync<KBArticleItem[]>;
  ON_GET_KNOWLEDGE_BASE_ARTICLE: (articleId: string) => Sync<KBArticleData | null>;
  ON_OPEN_RECORD: (record: AssociatedObjectData, interactionId?: string, options?: OpenRecordOptions) => Sync;
  ON_SEARCH_RECORDS: (search: SearchRecordsQuery, interactionId?: string, inNewTab?: boolean) => Sync;
  ON_SHOW_SCREEN: (screen: InteractionScreen, interactionId?: string) => Sync;
  ON_SCREEN_RECORDING_STATE_CHANGE: (state: ScreenRecordingState) => Sync;
  ON_WIDGET_MINIMIZED_CHANGE: (widgetMinimized: boolean) => Sync;
  ON_SERVER_ERROR: (error: ServerErrorData) => Sync;
  ON_SOFTPHONE_STATUS_CHANGE: (ready: boolean, error?: string) => Sync;
  ON_AUDIO_DEVICE_CHANGE: (inputDevice?: string, outputDevice?: string) => Sync;
  ON_PHONE_CAPABILITIES_CHANGE: (caps: PhoneCapabilities) => Sync;
  ON_CALL_AUDIO_QUALITY_ALERT: (callId: string, alert: boolean) => Sync;
  ON_SUMMARY_GENERATION_STARTED: (interactionId: string) => Sync;
  ON_SUMMARY_GENERATION_COMPLETED: (summaryData: SummaryResult) => Sync;
  ON_WEB_SCREEN_POP_CUSTOM: (interactionId: string, webScreenPop: WebScreenPop) => Sync<boolean>;
  ON_SAVE_ACTIVITY_RECORD: (activity: InteractionActivityData) => Sync<ActivityRecordInfo | undefined | void>;
  ON_VALIDATE_ASSOCIATED_RECORDS: (interactionId: string, records: AssociatedObjectsData) => Sync<RecordsValidationResult>;
  ON_REQUEST_RECORD_INFO: (payload: RecordInfoRequest) => Sync<AssociatedObjectData | null>;
  ON_REQUEST_RECORD_ON_SCREEN: () => Sync<AssociatedObjectData | null>;
}

export type InitOptions = {
  integrationKey?: string;
  adcFrame?: any;
  mountRoot?: any;
  standalone?: boolean;
  disableNewInteractionPopup?: boolean;
  adaptiveWidth?: boolean;
};

type R<T = null> = Promise<OperationResult<T>>;

/** The published class; members as function-typed properties, so a conforming class is checked strictly. */
export interface PublishedAdApi {
  injectMessageLogger: (callback: (message: string, data: any) => void) => void;
  getLoginState: () => R<LoginStateData>;
  login: (loginData: LoginData, force?: boolean) => R;
  openLogin: () => R;
  logout: () => R;
  getAgentState: () => R<AgentStateData>;
  setAgentState: (state: AgentState, notReadyReason?: string) => R;
  acceptInteraction: (interactionId?: string) => R;
  rejectInteraction: (interactionId?: string) => R;
  startCall: (phonenumber: string, associatedObjects?: InitialObjects) => R<InitiateResult>;
  startChat: (channel: ChatChannelType, address: string, associatedObjects?: InitialObjects) => R<InitiateResult>;
  startEmail: (email: string, associatedObjects?: InitialObjects) => R<InitiateResult>;
  sendDtmf: (dtmf: string, interactionId?: string) => R;
  consultCall: (phone: string) => R;
  blindTransfer: (phone: string, customTransferData?: CustomTransferData, interactionId?: string) => R;
  transfer: (customTransferData?: CustomTransferData) => R;
  leaveInteraction: (interactionId?: string) => R;
  completeInteraction: (interactionId?: string) => R;
  leaveAndCompleteInteraction: (disposition?: string, note?: string, interactionId?: string) => R;
  switchActiveInteraction: (interactionId: string) => R;
  inviteToCallConference: (phone: string, customTransferData?: CustomTransferData, interactionId?: string) => R;
  removeFromCallConference: (partyId: string, interactionId?: string) => R;
  destroyCallConference: (interactionId?: string) => R;
  mergeAllCallsIntoConference: (customTransferData?: CustomTransferData) => R;
  inviteToChatConference: (partyId: string, interactionId?: string) => R;
  removeFromChatConference: (partyId: string, interactionId?: string) => R;
  getTeams: () => R<Team[]>;
  getTeamMembers: (teamId: string) => R<User[]>;
  getServicesList: () => R<ServiceData[]>;
  getService: () => R<ServiceData | null>;
  setService: (service: string | null) => R;
  getDIDNumbersList: () => R<DIDNumber[]>;
  getDIDNumber: () => R<DIDNumber | null>;
  setDIDNumber: (did: string | null) => R;
  getDispositionsList: (target: DispositionTarget) => R<DispositionData[]>;
  setDisposition: (disposition: string, interactionId?: string) => R;
  setRescheduleWindow: (rescheduleData: RescheduleData, interactionId?: string) => R;
  addNote: (note: string, interactionId?: string) => R;
  updateNote: (note: string, interactionId?: string) => R;
  replaceNote: (note: string, interactionId?: string) => R;
  getConfig: () => R<any>;
  setVariable: (key: string, value: string, interactionId?: string) => R;
  getVariables: (keys: string[], interactionId?: string) => R<Record<string, string>>;
  addInteractionAssociatedObject: (object: AssociatedObjectData, interactionId?: string) => R;
  setInteractionActiveScreen: (screenData: InteractionScreen, interactionId?: string) => R;
  getPhoneDevicesList: () => R<PhoneDevice[]>;
  getPhoneDevice: () => R<PhoneDeviceData>;
  setPhoneDevice: (phoneDevice: PhoneDeviceData) => R;
  setCallHold: (state: boolean, interactionId?: string) => R;
  setCallRecording: (state: boolean, interactionId?: string) => R;
  setCallMute: (state: boolean, interactionId?: string) => R;
  setScreenRecordingMute: (state: boolean) => R;
  getScreenRecordingState: () => R<ScreenRecordingState>;
  setWidgetMinimized: (state: boolean) => R;
  sendChatMessage: (message: string, interactionId?: string) => R;
  suggestChatMessage: (message: string, allowOverwrite?: boolean, interactionId?: string) => R;
  getAgentNotReadyReasons: () => R<string[]>;
  activatePage: () => R;
  getInteractionsState: () => R<InteractionsState>;
  setCallRecordingMute: (state: boolean, interactionId?: string) => R;
  setDialCandidates: (candidates: DialCandidate[]) => R;
  /** One overload per event, as published. */
  on: PerEvent;
  remove: PerEvent;
}

type Overloads<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type PerEvent = Overloads<{ [K in keyof Handlers]: (message: K, handler: Handlers[K]) => void }[keyof Handlers]>;

export type PublishedAdApiClass = new (options?: InitOptions) => PublishedAdApi;

/** What the adapter script defines on the page. */
export type BrightPatternGlobal = { brightpattern: { AdApi: PublishedAdApiClass } };
