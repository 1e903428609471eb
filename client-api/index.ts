export { AgentDesktopClientAPIImpl, type ClientApiOptions } from './client-api.ts';
export type { MessageLogger } from './bridge.ts';
export type * from '../protocol/host-data.ts';
export type {
  OperationResult,
  HostError,
  HostErrorName,
  ServerErrorData,
  ServerErrorName,
  InteractionState,
  AgentStateData,
  HostAgentState,
  UserState,
  User,
  WidgetConfig,
  HostChatMessage,
  OfferAlertData,
  HostEventMap,
  HostEventName,
  HostEventHandler,
  HostEventAnswers,
} from '../protocol/index.ts';
