/** Opens the attachments service where the config says: files and link secret beside the data file by default. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_BRANDING, MAX_UPLOADS_PER_SESSION, mergeBranding } from '../../protocol/index.ts';
import type { ServerConfig } from '../config.ts';
import type { ChatExchange, ContactCenter, Logger } from '../contacts/index.ts';
import { loadOrCreateSecret } from '../recordings/index.ts';
import type { AttachmentRows } from '../store/index.ts';
import { Attachments } from './attachments.ts';

type AttachmentsConfig = Pick<
  ServerConfig,
  'dataFile' | 'branding' | 'attachmentsDir' | 'attachmentMaxBytes' | 'attachmentTypes' | 'attachmentsPerChat' | 'attachmentBytesPerChat' | 'attachmentLinkTtlSeconds'
>;

export function openAttachments(
  config: AttachmentsConfig,
  rows: AttachmentRows,
  parts: { center: ContactCenter; chat: ChatExchange; isSupervisor: (agentId: string) => boolean },
  log?: Logger,
): Attachments {
  // An in-memory database (tests) keeps its files in a fresh temporary folder.
  const dataDir = config.dataFile === ':memory:' ? mkdtempSync(join(tmpdir(), 'switchboard-attachments-')) : dirname(resolve(config.dataFile));
  const attachments = new Attachments(rows, parts.center, parts.chat, {
    dir: config.attachmentsDir ? resolve(config.attachmentsDir) : join(dataDir, 'attachments'),
    secret: loadOrCreateSecret(join(dataDir, 'attachment-links.key')),
    maxBytes: config.attachmentMaxBytes,
    types: config.attachmentTypes,
    perChat: config.attachmentsPerChat,
    bytesPerChat: config.attachmentBytesPerChat,
    uploadsPerSession: MAX_UPLOADS_PER_SESSION,
    linkTtlMs: config.attachmentLinkTtlSeconds * 1000,
    enabled: mergeBranding(DEFAULT_BRANDING, config.branding).features.attachments,
    isSupervisor: parts.isSupervisor,
    log,
  });
  parts.center.setFileLinker((fileId, viewer) => attachments.link(fileId, viewer));
  return attachments;
}
