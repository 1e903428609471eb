export { CustomerChat, createChat, type InitOptions, type InitConfig, type SdkOptions, type CustomerChatEvents, type ChatEvent, type ChatUser } from './sdk.ts';
export type { ChatMessage, ContactView, HistoryEntry, HostedFile, UploadProgress, UploadReply } from '../protocol/index.ts';
export type { CustomerFiles } from './files/types.ts';
