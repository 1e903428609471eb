export { CustomerChat, createChat, type InitOptions, type SdkOptions, type CustomerChatEvents, type ChatUser } from './sdk.ts';
export type { ChatMessage, ContactView, HostedFile, UploadProgress, UploadReply } from '../protocol/index.ts';
export type { CustomerFiles } from './files/types.ts';
