export { Attachments, UploadRefused, type AttachmentsOptions } from './attachments.ts';
export { openAttachments } from './open.ts';
export { baseType, contentDisposition } from './file-kinds.ts';
