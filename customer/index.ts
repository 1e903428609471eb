export { CustomerChat, createChat, type InitOptions, type InitConfig, type SdkOptions, type CustomerChatEvents, type ChatUser } from './sdk.ts';
export type { ChatMessage, ContactView } from '../protocol/index.ts';
