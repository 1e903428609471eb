/**
 * The host <-> widget boundary's results and errors, as Bright Pattern's Agent Desktop Client API
 * has them: every call answers an OperationResult with one of its result error codes; errors of
 * the agent's session (not of a call) reach the host as ON_SERVER_ERROR with its server error codes.
 */
import type { SessionEndReason } from './model.ts';
import type { WireErrorName } from './errors.ts';

/** Bright Pattern's result error names with their codes. */
export const HOST_ERROR_CODES = {
  not_enough_privileges: 1,
  not_logged_in: 2,
  invalid_args: 3,
  logged_without_phone: 4,
  banned: 5,
  api_not_answer: 6,
  invalid_request: 7,
  timeout: 8,
  no_chat_in_service: 9,
  empty_number: 10,
  no_service: 11,
  self_call: 12,
  no_interaction: 13,
  api_method_not_implemented: 14,
  not_suitable_state: 15,
  no_disposition: 16,
  object_not_found: 17,
  no_permissions_did_sms: 18,
  no_permissions_did_call: 19,
  no_channel_in_service: 20,
  unknown_error: 99,
} as const;
export type HostErrorName = keyof typeof HOST_ERROR_CODES;

export interface HostError {
  code: (typeof HOST_ERROR_CODES)[HostErrorName];
  name: HostErrorName;
  message: string;
}

/** `data` is null for calls that return nothing. */
export type OperationResult<T = null> = { status: 'success'; data: T } | { status: 'error'; error: HostError };

/** Bright Pattern's server error names with their codes (ON_SERVER_ERROR). */
export const SERVER_ERROR_CODES = {
  forced_logout_by_other_client: 100,
  forced_logout_by_supervisor: 101,
  invalid_request: 102,
  phone_not_registered: 103,
  phone_not_in_dial_plan: 104,
  tenant_disabled: 105,
  destination_user_not_logged: 106,
  user_disabled_or_deleted: 107,
  user_already_logged_in: 108,
  invalid_credentials: 109,
  other_user_logged_with_phone: 110,
  invalid_token: 111,
  logged_users_limit_reached: 112,
  already_logged_in_with_the_same_session: 113,
  not_enough_privileges: 114,
  sip_server_error: 200,
  unknown_error: 300,
} as const;
export type ServerErrorName = keyof typeof SERVER_ERROR_CODES;

export interface ServerErrorData {
  code: (typeof SERVER_ERROR_CODES)[ServerErrorName];
  name: ServerErrorName;
  /** Date.now() when the widget learned of it. */
  timestamp: number;
  message?: string;
}

export const serverError = (name: ServerErrorName, message: string, timestamp = Date.now()): ServerErrorData => ({
  code: SERVER_ERROR_CODES[name],
  name,
  timestamp,
  message,
});

/** How a wire error reads to the host as a call's result: the one mapping from wire names to Bright Pattern's. */
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

/** Login failures the host also hears as ON_SERVER_ERROR (Bright Pattern reports them there). */
export const SERVER_ERROR_OF_LOGIN: Partial<Readonly<Record<WireErrorName, ServerErrorName>>> = {
  already_logged_in: 'user_already_logged_in',
  invalid_credentials: 'invalid_credentials',
  forbidden: 'not_enough_privileges',
};

/** How the end of the agent's session reads to the host, when it was not this widget's own logout. */
export const SERVER_ERROR_OF_SESSION_END: Readonly<Record<Exclude<SessionEndReason, 'logout'>, ServerErrorName>> = {
  forced: 'forced_logout_by_other_client',
  expired: 'invalid_token',
  removed: 'user_disabled_or_deleted',
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
