/** The files of a customer's chat, as the chat part of the SDK sees them (customer-files.js). */
import type { HostedFile, UploadProgress, UploadReply, WireConnection } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';

export interface CustomerFiles {
  /** Sends a file into the current chat; resolves to seed 001's `{media: {id, name, size, senderId}}` and the stored message. */
  send(file: File | (Blob & { name?: string }), onProgress?: (progress: UploadProgress) => void): Promise<UploadReply>;
  /** A file's address to show or open (of the current chat, or of chat `contactId`): its link if it still works for a while, else a fresh one. */
  url(file: HostedFile, contactId?: string): Promise<string>;
}

export interface FilesModule {
  createFiles(chat: CustomerChat, conn: WireConnection, server: string): CustomerFiles;
}
