/**
 * The host <-> widget boundary: Bright Pattern's Agent Desktop Client API shapes.
 * Both client-api/ and widget/ take their types from here.
 */
import type { WireErrorName } from './errors.ts';
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

/** How a server error reads to the host: the one mapping from wire names to Bright Pattern's. */
export const HOST_ERROR_OF_WIRE: Readonly<Record<WireErrorName, HostErrorName>> = {
  bad_request: 'invalid_args',
  invalid_args: 'invalid_args',
  not_logged_in: 'not_logged_in',
  invalid_credentials: 'not_logged_in',
  forbidden: 'not_enough_privileges',
  not_found: 'object_not_found',
  not_suitable_state: 'not_suitable_state',
  no_disposition: 'no_disposition',
  no_agent: 'no_service',
  too_large: 'invalid_args',
  rate_limited: 'timeout',
  already_logged_in: 'not_suitable_state',
  not_connected: 'timeout',
  internal: 'unknown_error',
};

export const success = <T>(data: T): OperationResult<T> => ({ status: 'success', data });
export const failure = <T = never>(name: HostErrorName, message: string): OperationResult<T> => ({
  status: 'error',
  error: { code: HOST_ERROR_CODES[name], name, message },
});

/** What a host page off the allowlist is told, by the widget and by the server: its origin and the setting to change. */
export const hostRefused = (origin: string): HostError => ({
  code: HOST_ERROR_CODES.not_enough_privileges,
  name: 'not_enough_privileges',
  message: `${origin} may not use this Switchboard widget: add it to allowedOrigins in config/switchboard.json, or to SB_ALLOWED_ORIGINS, on the Switchboard server`,
});
