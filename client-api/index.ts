export { AgentDesktopClientAPIImpl, type ClientApiOptions } from './client-api.ts';
export type {
  OperationResult,
  InteractionsState,
  InteractionData,
  InteractionState,
  ChatParty,
  CallParty,
  HostError,
  HostErrorName,
  HostEventMap,
  HostEventName,
} from '../protocol/index.ts';
