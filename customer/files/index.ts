/**
 * customer-files.js: the files of a customer's chat, fetched by the chat part of the SDK
 * (`chat.sendMedia`, `chat.files()`) when first needed. Uploads go over HTTP with progress; the
 * links that come with files expire, so `url()` asks for a fresh one when a link is about to.
 */
import { uploadFile, type HostedFile, type WireConnection } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';
import type { CustomerFiles } from './types.ts';

export type { CustomerFiles, FilesModule } from './types.ts';

/** A link with less time than this left is renewed before it is used. */
const LINK_MARGIN_MS = 30_000;

export function createFiles(chat: CustomerChat, conn: WireConnection, server: string): CustomerFiles {
  const chatId = () => {
    const id = chat.getId();
    if (!id) throw new Error('call init() first');
    return id;
  };
  return {
    send(file, onProgress) {
      if (!conn.token) return Promise.reject(new Error('call init() first'));
      return uploadFile({ server, token: conn.token, contactId: chatId(), file, onProgress });
    },
    async url(file: HostedFile, contactId = chatId()) {
      const fresh = file.url && (file.expiresAt ?? 0) - Date.now() > LINK_MARGIN_MS;
      const link = fresh ? file.url! : (await conn.request({ type: 'chat.fileLink', contactId, fileId: file.id })).url;
      return new URL(link, server).href;
    },
  };
}
