/**
 * The host <-> widget boundary: Bright Pattern's Agent Desktop Client API shapes.
 * Both client-api/ and widget/ take their types from here.
 */
import type { InteractionState } from './states.ts';

export type InteractionType = 'voice' | 'chat' | 'email';
export type CallDirection = 'inbound' | 'outbound';
export type ChatPartyType = 'internal' | 'external';

export interface CallParty {
  id: string;
  name: string;
  phone: string;
  userId?: string;
}

export interface ChatParty {
  id: string;
  type: ChatPartyType;
  name: string;
  userId?: string;
  contactId?: string;
  email?: string;
  phone?: string;
}

export type AttachedData = Record<string, string>;

export interface InteractionData {
  interactionId: string;
  state: InteractionState;
  type: InteractionType;
  callParties: CallParty[];
  chatParties: ChatParty[];
  callMuted: boolean;
  callRecording: boolean;
  attachedData: AttachedData;
  internal: boolean;
  phoneNumber?: string;
  email?: string;
  callDirection?: CallDirection;
  startTime?: number;
  endTime?: number;
  duration?: number;
  description?: string;
  disposition?: string;
  globalInteractionId?: string;
  service?: string;
  playbackUrl?: string;
  recordingUrl?: string;
  DNIS?: string;
  ANI?: string;
}

export interface InteractionsState {
  activeInteractionId: string | null;
  interactions: InteractionData[];
}

/** Bright Pattern's error names with their codes. */
export const HOST_ERROR_CODES = {
  not_enough_privileges: 1,
  not_logged_in: 2,
  invalid_args: 3,
  timeout: 8,
  no_service: 11,
  self_call: 12,
  no_interaction: 13,
  api_method_not_implemented: 14,
  not_suitable_state: 15,
  no_disposition: 16,
  object_not_found: 17,
  unknown_error: 99,
} as const;
export type HostErrorName = keyof typeof HOST_ERROR_CODES;

export interface HostError {
  code: number;
  name: HostErrorName;
  message: string;
}

export type OperationResult<T> = { status: 'success'; data: T } | { status: 'error'; error: HostError };

export const success = <T>(data: T): OperationResult<T> => ({ status: 'success', data });
export const failure = <T = never>(name: HostErrorName, message: string): OperationResult<T> => ({
  status: 'error',
  error: { code: HOST_ERROR_CODES[name], name, message },
});

/** Host-facing events and their payloads. The keys are the only list of event names. */
export interface HostEventMap {
  ON_LOGIN: { agentId: string; name: string };
  ON_LOGOUT: Record<string, never>;
  ON_NEW_INTERACTION: InteractionData;
  ON_INTERACTION_STATE_CHANGE: InteractionData;
  ON_INTERACTION_REMOVED: { interactionId: string };
  ON_ACTIVE_INTERACTION_SWITCHED: { interactionId: string | null };
  ON_CHAT_MESSAGE: { interactionId: string; messageId: string; text: string; from: string; fromType: ChatPartyType };
}
export type HostEventName = keyof HostEventMap;

/** What the widget exposes to the host over Comlink, once the handshake succeeded. */
export interface WidgetHostApi {
  getInteractionsState(): Promise<OperationResult<InteractionsState>>;
  subscribe(listener: (name: HostEventName, data: unknown) => void): Promise<void>;
}

/**
 * The handshake: the host posts `{sbHello: version}` to the widget's exact origin with a
 * MessagePort; an allow-listed widget answers on that port with `{sbReady: version}` (or
 * `{sbRefused}` on a version mismatch) and serves Comlink on it. Other origins get no answer.
 */
export interface HostHello {
  sbHello: number;
}
export type WidgetHelloReply = { sbReady: number } | { sbRefused: string; version: number };
