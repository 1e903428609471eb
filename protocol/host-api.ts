/**
 * The host API: what the widget serves to the host page over Comlink (method names after
 * Bright Pattern's Agent Desktop Client API), the events it sends, and the handshake.
 * client-api/ exposes exactly these methods; this interface is their one list.
 */
import type { BrandingOverrides } from './branding.ts';
import type { ConnectionDiagnostics, ConnectionState } from './connection-state.ts';
import type { HostAgentState, HostAgentStateData } from './host-agent-state.ts';
import type { ChatPartyType, HostError, InteractionData, InteractionsState, OperationResult } from './host.ts';
import type { Disposition, Note, TeamMember } from './model.ts';

type Result<T> = Promise<OperationResult<T>>;

export interface LoginState {
  loggedIn: boolean;
  agentId?: string;
  name?: string;
}

export type TransferDestination = { agentId: string } | { skill: string } | { tags: string[] };

export interface Team {
  id: string;
  name: string;
}

export interface Service {
  id: string;
  name: string;
}

/** A CRM record the host links to an interaction (kept in its attachedData as `crm.<type>`). */
export interface AssociatedObject {
  type: string;
  id: string;
  displayName?: string;
}

/** Feature switches of the white-label configuration. */
export interface Features {
  voice: boolean;
  recording: boolean;
  transfer: boolean;
  attachments: boolean;
  csat: boolean;
}

export interface WidgetConfig {
  productName: string;
  locale: string;
  features: Features;
  version: string;
  /** This widget tab owns the agent's session and media (others follow it). */
  sessionOwner: boolean;
  /** The widget's connection to the server: its state and LivePerson-style event counters. */
  connection: ConnectionDiagnostics;
}

/** The record the widget offers the CRM to save when an interaction is completed. */
export interface ActivityRecord {
  interaction: InteractionData;
  notes: Note[];
  disposition?: string;
}

export interface WidgetHostApi {
  // Session
  getLoginState(): Result<LoginState>;
  /** Logs the agent in; `force` replaces another agent already logged in here. */
  login(credentials: { username: string; password: string }, force?: boolean): Result<LoginState>;
  logout(): Result<void>;
  // Agent
  getAgentState(): Result<HostAgentStateData>;
  /** `ready`, or `not_ready` with one of getAgentNotReadyReasons(); other states follow from the agent's work. */
  setAgentState(state: HostAgentState, notReadyReason?: string): Result<HostAgentStateData>;
  getAgentNotReadyReasons(): Result<string[]>;
  // Interactions
  /** The widget's interactions and the active one; `not_logged_in` before the agent logs in. */
  getInteractionsState(): Result<InteractionsState>;
  acceptInteraction(interactionId: string): Result<InteractionData>;
  /** Declines an interaction offered to this agent alone. */
  rejectInteraction(interactionId: string): Result<void>;
  switchActiveInteraction(interactionId: string): Result<void>;
  /** Ends the conversation; the interaction goes to wrap-up. */
  leaveInteraction(interactionId: string): Result<void>;
  /** Completes an interaction in wrap-up. */
  completeInteraction(interactionId: string): Result<void>;
  leaveAndCompleteInteraction(interactionId: string, dispositionId?: string, note?: string): Result<void>;
  // Outbound and voice (voice is not built yet: these answer api_method_not_implemented)
  startCall(destination: string): Result<InteractionData>;
  /** Starts a chat with a known customer (a chat party's contactId); it is this agent's at once. */
  startChat(customerId: string): Result<InteractionData>;
  setCallHold(interactionId: string, hold: boolean): Result<void>;
  setCallMute(interactionId: string, mute: boolean): Result<void>;
  sendDtmf(interactionId: string, digits: string): Result<void>;
  setCallRecording(interactionId: string, recording: boolean): Result<void>;
  consultCall(interactionId: string, destination: string): Result<InteractionData>;
  inviteToCallConference(interactionId: string, destination: string): Result<void>;
  removeFromCallConference(interactionId: string, partyId: string): Result<void>;
  // Chat conference
  /** Invites another agent into a chat; it joins when it accepts. */
  inviteToChatConference(interactionId: string, agentId: string): Result<void>;
  /** Removes an agent from a chat conference (an agent may remove itself: it leaves). */
  removeFromChatConference(interactionId: string, agentId: string): Result<void>;
  // Transfer
  blindTransfer(interactionId: string, destination: TransferDestination, message?: string): Result<void>;
  // Chat
  sendChatMessage(interactionId: string, text: string): Result<{ messageId: string }>;
  /** Puts text in the agent's input box for the agent to edit and send. */
  suggestChatMessage(interactionId: string, text: string): Result<void>;
  // Directory and wrap-up
  getTeams(): Result<Team[]>;
  getTeamMembers(teamId?: string): Result<TeamMember[]>;
  getServicesList(): Result<Service[]>;
  getDispositionsList(): Result<Disposition[]>;
  setDisposition(interactionId: string, dispositionId: string): Result<InteractionData>;
  addNote(interactionId: string, note: string): Result<{ noteId: string; truncated: boolean }>;
  updateNote(interactionId: string, noteId: string, note: string): Result<{ truncated: boolean }>;
  replaceNote(interactionId: string, note: string): Result<{ truncated: boolean }>;
  // CRM context
  getConfig(): Result<WidgetConfig>;
  getVariables(interactionId: string): Result<Record<string, string>>;
  setVariable(interactionId: string, name: string, value: string): Result<void>;
  addInteractionAssociatedObject(interactionId: string, object: AssociatedObject): Result<void>;
  setWidgetMinimized(minimized: boolean): Result<void>;
  /** Internal: the host library registers its event listener; answers of host-answered events come back through it. */
  subscribe(listener: (name: HostEventName, data: unknown) => unknown): Promise<void>;
}

/** Host-facing events and their payloads. The keys are the only list of event names. */
export interface HostEventMap {
  ON_LOGIN: LoginState;
  ON_LOGOUT: Record<string, never>;
  ON_NEW_INTERACTION: InteractionData;
  ON_INTERACTION_STATE_CHANGE: InteractionData;
  ON_INTERACTION_REMOVED: { interactionId: string };
  ON_ACTIVE_INTERACTION_SWITCHED: { interactionId: string | null };
  ON_CHAT_MESSAGE: { interactionId: string; messageId: string; text: string; from: string; fromType: ChatPartyType };
  ON_AGENT_STATE_CHANGE: HostAgentStateData;
  ON_SERVER_ERROR: { message: string };
  ON_WIDGET_MINIMIZED_CHANGE: { minimized: boolean };
  ON_SOFTPHONE_STATUS_CHANGE: { status: 'available' | 'unavailable'; reason?: string };
  ON_AUDIO_DEVICE_CHANGE: { inputs: string[]; outputs: string[] };
  /** The widget's connection to the server changed state (seed 004's ConnectionState): DISCONNECTED while it retries, CONNECTED when back. */
  ON_CONNECTION_STATE_CHANGE: { state: ConnectionState; previous: ConnectionState };
  // Answered by the host: the handler's return value (or Promise) goes back to the widget.
  /** Data to attach to a transfer: return a Record<string, string>. */
  ON_REQUEST_TRANSFER_DATA: { interactionId: string; destination: TransferDestination };
  /** Return true to suppress the widget's default screen pop. */
  ON_WEB_SCREEN_POP_CUSTOM: InteractionData;
  /** Save the activity in the CRM; return `{id}` of the record to link it to the interaction. */
  ON_SAVE_ACTIVITY_RECORD: ActivityRecord;
  /** Return `{name?, url?}` of the CRM record of this customer, shown in the widget. */
  ON_REQUEST_RECORD_INFO: InteractionData;
}
export type HostEventName = keyof HostEventMap;

/** What the host's handler of each event returns (void for notifications). */
export interface HostEventAnswers {
  ON_REQUEST_TRANSFER_DATA: Record<string, string> | undefined;
  ON_WEB_SCREEN_POP_CUSTOM: boolean | undefined;
  ON_SAVE_ACTIVITY_RECORD: { id: string } | undefined;
  ON_REQUEST_RECORD_INFO: { name?: string; url?: string } | undefined;
}
export type HostEventHandler<K extends HostEventName> = (
  data: HostEventMap[K],
) => K extends keyof HostEventAnswers ? HostEventAnswers[K] | Promise<HostEventAnswers[K]> : void;

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
 * on which the widget APPLYs (name, data) and may send RELEASE; the host answers each RAW.
 */
export type ComlinkWireValue = { type: 'RAW'; value?: unknown } | { type: 'HANDLER'; name: 'proxy' | 'throw'; value: unknown };
export type ComlinkMessage = { id: number | string; type: 'APPLY'; path: string[]; argumentList: ComlinkWireValue[] } | { id: string; type: 'RELEASE' };
export type ComlinkReply = ComlinkWireValue & { id: number | string };
