/**
 * The host API: what the widget serves to the host page over Comlink, the events it sends, and
 * the handshake. Method names, argument order (the interaction id last and optional: '' or absent
 * means the active interaction), result shapes and event arguments are Bright Pattern's Agent
 * Desktop Client API's. client-api/ exposes exactly these methods; this interface is their one list.
 */
import type { HostedFile } from './chat.ts';
import type { BrandingOverrides } from './branding.ts';
import type { ConnectionDiagnostics, ConnectionState } from './connection-state.ts';
import type { AgentStateData, HostAgentState, UserState } from './host-agent-state.ts';
import type {
  ActivityRecordInfo,
  ChatChannelType,
  ChatPartyType,
  CustomTransferData,
  DIDNumber,
  DialCandidate,
  DispositionData,
  DispositionTarget,
  ExternalKBArticleData,
  ExternalKBItemData,
  ExternalKBSearchResultData,
  InitialObjects,
  InitiateResult,
  InteractionActivityData,
  InteractionAssociatedObjectData,
  InteractionAssociatedObjectsData,
  InteractionData,
  InteractionScreen,
  InteractionsState,
  InteractionSummaryResult,
  KBFolderOptions,
  LoginData,
  LoginStateData,
  OpenRecordOptions,
  PhoneCapabilities,
  PhoneDevice,
  PhoneDeviceData,
  RecordInfoRequest,
  RecordsValidationResult,
  RescheduleData,
  ScreenRecordingState,
  SearchRecordsQuery,
  ServiceData,
  Team,
  WebScreenPop,
} from './host-data.ts';
import type { HostError, OperationResult, ServerErrorData } from './host.ts';

type Result<T = null> = Promise<OperationResult<T>>;

/** A member of a team, as getTeamMembers lists it. */
export interface User {
  id: string;
  teamId: string;
  firstName: string;
  lastName: string;
  phone: string;
  state: UserState;
}

/** Feature switches of the white-label configuration. */
export interface Features {
  voice: boolean;
  recording: boolean;
  transfer: boolean;
  attachments: boolean;
  csat: boolean;
}

/** getConfig(): Bright Pattern leaves its shape to the product; this is Switchboard's. */
export interface WidgetConfig {
  productName: string;
  locale: string;
  features: Features;
  version: string;
  /** The `integrationKey` the host page was constructed with, if any. */
  integrationKey: string | null;
  /** This widget tab owns the agent's session and media (others follow it). */
  sessionOwner: boolean;
  /** The widget's connection to the server: its state and LivePerson-style event counters. */
  connection: ConnectionDiagnostics;
}

export interface WidgetHostApi {
  // Session
  getLoginState(): Result<LoginStateData>;
  /** Logs the agent in. Logged in elsewhere: ON_SERVER_ERROR user_already_logged_in (108); `force` ends the other sessions. */
  login(loginData: LoginData, force?: boolean): Result;
  /** Shows the widget's own login form. */
  openLogin(): Result;
  logout(): Result;
  // Agent
  getAgentState(): Result<AgentStateData>;
  /** `ready`, or `not_ready` with one of getAgentNotReadyReasons(); other states follow from the agent's work. */
  setAgentState(state: HostAgentState, notReadyReason?: string): Result;
  getAgentNotReadyReasons(): Result<string[]>;
  // Interactions
  /** The widget's interactions and the active one; `not_logged_in` before the agent logs in. */
  getInteractionsState(): Result<InteractionsState>;
  /** Without an id: the interaction offered to the agent. */
  acceptInteraction(interactionId?: string): Result;
  rejectInteraction(interactionId?: string): Result;
  switchActiveInteraction(interactionId: string): Result;
  /** Ends the conversation; the interaction goes to wrap-up. */
  leaveInteraction(interactionId?: string): Result;
  /** Completes an interaction in wrap-up. */
  completeInteraction(interactionId?: string): Result;
  /** `disposition`: its id, code or name. */
  leaveAndCompleteInteraction(disposition?: string, note?: string, interactionId?: string): Result;
  // Outbound
  startCall(phoneNumber: string, associatedObjects?: InitialObjects): Result<InitiateResult>;
  /** `web`: a customer the agent knows, by id, name or email; it is the agent's at once. */
  startChat(channel: ChatChannelType, address: string, associatedObjects?: InitialObjects): Result<InitiateResult>;
  startEmail(email: string, associatedObjects?: InitialObjects): Result<InitiateResult>;
  /** The service outbound interactions start in (null: the first). */
  getService(): Result<ServiceData | null>;
  setService(service: string | null): Result;
  getDIDNumbersList(): Result<DIDNumber[]>;
  getDIDNumber(): Result<DIDNumber | null>;
  setDIDNumber(did: string | null): Result;
  setDialCandidates(candidates: DialCandidate[]): Result;
  // Transfer and conference
  /** `phone`: an agent's id or username, a team, or a service or skill. */
  blindTransfer(phone: string, customTransferData?: CustomTransferData, interactionId?: string): Result;
  consultCall(phone: string): Result;
  transfer(customTransferData?: CustomTransferData): Result;
  /** Invites another agent (id or username) into a chat; it joins when it accepts. */
  inviteToChatConference(partyId: string, interactionId?: string): Result;
  removeFromChatConference(partyId: string, interactionId?: string): Result;
  inviteToCallConference(phone: string, customTransferData?: CustomTransferData, interactionId?: string): Result;
  removeFromCallConference(partyId: string, interactionId?: string): Result;
  destroyCallConference(interactionId?: string): Result;
  mergeAllCallsIntoConference(customTransferData?: CustomTransferData): Result;
  // Calls and devices
  sendDtmf(dtmf: string, interactionId?: string): Result;
  setCallHold(state: boolean, interactionId?: string): Result;
  setCallMute(state: boolean, interactionId?: string): Result;
  setCallRecording(state: boolean, interactionId?: string): Result;
  setCallRecordingMute(state: boolean, interactionId?: string): Result;
  /** `phone_type_browser` is the widget's own softphone. */
  getPhoneDevicesList(): Result<PhoneDevice[]>;
  getPhoneDevice(): Result<PhoneDeviceData>;
  setPhoneDevice(phoneDevice: PhoneDeviceData): Result;
  setScreenRecordingMute(state: boolean): Result;
  getScreenRecordingState(): Result<ScreenRecordingState>;
  // Chat
  sendChatMessage(message: string, interactionId?: string): Result;
  /**
   * Switchboard: asks the customer's page of a chat or call to do something (seed 000's
   * `request`): the page answers through a handler it registered (`contact().on('Type', (data, cb) => …)`).
   * Resolves with its answer; `timeout` when none came in `timeoutMs` (default 10 s),
   * `invalid_request` when the page has no handler for `type`, `unknown_error` with the handler's message.
   */
  requestCustomer(type: string, data?: unknown, timeoutMs?: number, interactionId?: string): Result<unknown>;
  /** Puts text in the agent's input box for the agent to edit and send; without `allowOverwrite`, not over a draft. */
  suggestChatMessage(message: string, allowOverwrite?: boolean, interactionId?: string): Result;
  // Directory and wrap-up
  getTeams(): Result<Team[]>;
  getTeamMembers(teamId: string): Result<User[]>;
  getServicesList(): Result<ServiceData[]>;
  getDispositionsList(target: DispositionTarget): Result<DispositionData[]>;
  /** `disposition`: its id, code or name. */
  setDisposition(disposition: string, interactionId?: string): Result;
  /** When to call the customer back; shown in the widget, kept with the interaction. */
  setRescheduleWindow(rescheduleData: RescheduleData, interactionId?: string): Result;
  addNote(note: string, interactionId?: string): Result;
  /** Rewrites this agent's latest note (or adds one). */
  updateNote(note: string, interactionId?: string): Result;
  /** Replaces all the notes with this one. */
  replaceNote(note: string, interactionId?: string): Result;
  // CRM context
  getConfig(): Result<WidgetConfig>;
  /** The interaction's variables of these names (all of them for an empty list). */
  getVariables(keys: string[], interactionId?: string): Result<Record<string, string>>;
  setVariable(key: string, value: string, interactionId?: string): Result;
  addInteractionAssociatedObject(object: InteractionAssociatedObjectData, interactionId?: string): Result;
  /** The CRM's screen for this interaction: handed back by ON_SHOW_SCREEN whenever the agent switches to it. */
  setInteractionActiveScreen(screenData: InteractionScreen, interactionId?: string): Result;
  // The widget
  setWidgetMinimized(state: boolean): Result;
  /** Brings the widget to the agent's attention (focus, expanded). */
  activatePage(): Result;
  /** Switchboard: a desk shortcut the agent pressed in the host page (the host library forwards them with `shortcuts: true`). */
  pressShortcut(shortcut: DeskShortcut): Result;
  /** Internal: the host library registers its event listener; answers of host-answered events come back through it. */
  subscribe(listener: (name: HostEventName, args: unknown[]) => unknown): Promise<void>;
}

/** The desk's keyboard shortcuts: accept the oldest chat offer, show the previous or next chat. */
export const DESK_SHORTCUTS = ['Alt+A', 'Alt+ArrowUp', 'Alt+ArrowDown'] as const;
export type DeskShortcut = (typeof DESK_SHORTCUTS)[number];

/** A chat message of one of the agent's interactions (a Switchboard event). */
export interface HostChatMessage {
  interactionId: string;
  messageId: string;
  text: string;
  from: string;
  fromType: ChatPartyType;
  /** A file sent in the chat (seed 004's HOSTED_FILE): its link is the agent's, absolute, and expires at `expiresAt`. */
  file?: HostedFile;
}

/**
 * The widget's alert for new chat offers, as the host page should show it (a Switchboard event,
 * ON_OFFER_ALERT): the widget, in an iframe, can neither flash the CRM tab's title nor, from
 * another origin, show a desktop notification. Sent when the alert starts, changes and stops.
 */
export interface OfferAlertData {
  /** Chat offers the agent has not seen yet; 0: the alert is over. */
  unseen: number;
  /** What the tab's title flashes to while `unseen` > 0: "(1) New chat — Maria". */
  title: string;
  /** A desktop notification to show now: the page is hidden and this offer is new. */
  notification?: { interactionId: string; title: string; body: string };
  /** The agent just clicked in the widget: the moment a host may ask for the permission to notify (browsers want a click for that). */
  askPermission?: boolean;
}

/** Host-facing events and their positional arguments. The keys are the only list of event names. */
export interface HostEventMap {
  ON_LOGIN: [loginState: LoginStateData];
  ON_LOGOUT: [];
  ON_NEW_INTERACTION: [newInteraction: InteractionData];
  ON_INTERACTION_REMOVED: [interaction: InteractionData];
  ON_INTERACTION_STATE_CHANGE: [interaction: InteractionData];
  ON_ACTIVE_INTERACTION_SWITCHED: [activatedInteractionId: string | null];
  ON_AGENT_STATE_CHANGE: [state: HostAgentState, notReadyReason?: string];
  /** Answered: data to send with a transfer the agent makes in the widget. */
  ON_REQUEST_TRANSFER_DATA: [interactionId: string];
  /** To the receiving agent's CRM: the data the sender attached. */
  ON_LOAD_TRANSFER_DATA: [interactionId: string, data: CustomTransferData];
  /** Answered, as the three below: the widget's knowledge-base panel browses and searches the CRM's. */
  ON_GET_KNOWLEDGE_BASE_FOLDER: [options: KBFolderOptions];
  ON_SEARCH_KNOWLEDGE_BASE: [query: string, language?: string, folderId?: string];
  ON_GET_KNOWLEDGE_BASE_ARTICLE: [articleId: string];
  /** The agent clicked a record linked to the interaction. */
  ON_OPEN_RECORD: [record: InteractionAssociatedObjectData, interactionId?: string, options?: OpenRecordOptions];
  /** The agent searched the CRM from the widget. */
  ON_SEARCH_RECORDS: [search: SearchRecordsQuery, interactionId?: string, inNewTab?: boolean];
  /** The agent switched to an interaction: the screen the CRM stored for it. */
  ON_SHOW_SCREEN: [screen: InteractionScreen, interactionId?: string];
  ON_SCREEN_RECORDING_STATE_CHANGE: [screenRecordingState: ScreenRecordingState];
  ON_WIDGET_MINIMIZED_CHANGE: [widgetMinimized: boolean];
  ON_SERVER_ERROR: [error: ServerErrorData];
  ON_SOFTPHONE_STATUS_CHANGE: [ready: boolean, error?: string];
  ON_AUDIO_DEVICE_CHANGE: [inputDevice?: string, outputDevice?: string];
  ON_PHONE_CAPABILITIES_CHANGE: [caps: PhoneCapabilities];
  ON_CALL_AUDIO_QUALITY_ALERT: [callId: string, alert: boolean];
  ON_SUMMARY_GENERATION_STARTED: [interactionId: string];
  ON_SUMMARY_GENERATION_COMPLETED: [summaryData: InteractionSummaryResult];
  /** Answered: true when the CRM showed the screen pop itself (the widget then shows none). */
  ON_WEB_SCREEN_POP_CUSTOM: [interactionId: string, webScreenPop: WebScreenPop];
  /** Answered: the CRM saves the activity as the interaction is completed. */
  ON_SAVE_ACTIVITY_RECORD: [activity: InteractionActivityData];
  /** Answered: may the interaction be completed with these records? */
  ON_VALIDATE_ASSOCIATED_RECORDS: [interactionId: string, records: InteractionAssociatedObjectsData];
  /** Answered: details of a record the widget shows (one linked without a display name). */
  ON_REQUEST_RECORD_INFO: [payload: RecordInfoRequest];
  /** Answered: the record on the CRM's screen, when the agent links it from the widget. */
  ON_REQUEST_RECORD_ON_SCREEN: [];
  /** Switchboard: a chat message of one of the agent's interactions. */
  ON_CHAT_MESSAGE: [message: HostChatMessage];
  /** Switchboard: the widget's connection to the server changed state (seed 004's ConnectionState). */
  ON_CONNECTION_STATE_CHANGE: [state: ConnectionState, previous: ConnectionState];
  /** Switchboard: the alert for new chat offers started, changed or stopped; the host library shows it unless a handler returns true. */
  ON_OFFER_ALERT: [alert: OfferAlertData];
}
export type HostEventName = keyof HostEventMap;

/** What the host's handler of each answered event returns. */
export interface HostEventAnswers {
  ON_REQUEST_TRANSFER_DATA: CustomTransferData;
  ON_GET_KNOWLEDGE_BASE_FOLDER: ExternalKBItemData[];
  ON_SEARCH_KNOWLEDGE_BASE: ExternalKBSearchResultData[];
  ON_GET_KNOWLEDGE_BASE_ARTICLE: ExternalKBArticleData | null;
  ON_WEB_SCREEN_POP_CUSTOM: boolean;
  ON_SAVE_ACTIVITY_RECORD: ActivityRecordInfo | undefined | void;
  ON_VALIDATE_ASSOCIATED_RECORDS: RecordsValidationResult;
  ON_REQUEST_RECORD_INFO: InteractionAssociatedObjectData | null;
  ON_REQUEST_RECORD_ON_SCREEN: InteractionAssociatedObjectData | null;
}
export type AnsweredEventName = keyof HostEventAnswers;
/** Events the host library acts on itself unless a handler returns true (the CRM did it its own way). */
export type HostDefaultEventName = 'ON_OFFER_ALERT';
export type HostEventHandler<K extends HostEventName> = (
  ...args: HostEventMap[K]
) => K extends AnsweredEventName ? HostEventAnswers[K] | Promise<HostEventAnswers[K]> : K extends HostDefaultEventName ? boolean | void : void;

/** Bright Pattern's message names where they are not the method's name in capitals (getAgentState: GET_AGENT_STATE). */
const MESSAGE_NAMES: Readonly<Record<string, string>> = {
  getDIDNumbersList: 'GET_DID_LIST',
  getDIDNumber: 'GET_DID',
  setDIDNumber: 'SET_DID',
  setRescheduleWindow: 'SET_RESCHEDULE',
};
/** The name injectMessageLogger shows a call under; its answer is the same with `_RESPONSE`. */
export const messageName = (method: string): string => MESSAGE_NAMES[method] ?? method.replace(/[A-Z]/g, '_$&').toUpperCase();
export const RESPONSE_SUFFIX = '_RESPONSE';

/** Options of the host page the widget takes at the handshake (Bright Pattern's constructor options). */
export interface HostOptions {
  integrationKey?: string;
  /** The widget shows no pop-up of its own for a new interaction. */
  disableNewInteractionPopup?: boolean;
}

/**
 * The handshake, repeated on every load of the widget's iframe: the host posts `{sbHello: version}`
 * to the widget's exact origin with a MessagePort; the widget answers on that port with
 * `{sbReady: version}` and serves Comlink on it, or with `{sbRefused: error}` (an origin off the
 * allowlist: `not_enough_privileges`; another version: `unknown_error`). When its page goes for
 * good the widget posts `{sbBye: true}` on the port: the host's calls then wait for the next load.
 * The host ignores events that come through a link it replaced.
 */
export interface HostHello {
  sbHello: number;
  /** The embedding page's branding and locale, applied once the widget accepts the host. */
  branding?: BrandingOverrides;
  options?: HostOptions;
}
export type WidgetHelloReply = { sbReady: number } | { sbRefused: HostError; version: number };
export interface WidgetBye {
  sbBye: true;
}

/**
 * `GET /api/host-access` (CORS, any origin): whether the widget will talk to the asking page, so a
 * refused host learns it even when it gets no widget at all. `origin` is the request's Origin header
 * (or, for a same-origin request, which has none, the `?origin=` parameter).
 */
export interface HostAccess {
  allowed: boolean;
  origin: string | null;
  /** Only when not allowed: the error every call of that host answers. */
  error?: HostError;
}

/**
 * After the handshake the widget serves its API with Comlink's `expose`. The host library speaks
 * the few of Comlink's messages it needs (comlink/src/protocol.ts) instead of carrying Comlink:
 * a call is an APPLY of one method with RAW arguments, answered RAW (the OperationResult) or as
 * Comlink's `throw` HANDLER; the event listener goes over as Comlink's `proxy` HANDLER (a port),
 * on which the widget APPLYs (name, args) and may send RELEASE; the host answers each RAW.
 */
export type ComlinkWireValue = { type: 'RAW'; value?: unknown } | { type: 'HANDLER'; name: 'proxy' | 'throw'; value: unknown };
export type ComlinkMessage = { id: number | string; type: 'APPLY'; path: string[]; argumentList: ComlinkWireValue[] } | { id: string; type: 'RELEASE' };
export type ComlinkReply = ComlinkWireValue & { id: number | string };
