/**
 * The attachments service: a party of a chat uploads a file (HTTP), which becomes a hosted-file
 * message of the chat; its parties download it through links signed for each of them that
 * expire; opening one gives its sender an ACCESS receipt. Metadata is a row in the store, bytes
 * are a file (AttachmentFiles), links are signed (LinkSigner, as recordings').
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  OPEN_CHAT_STATES,
  forbidden,
  inConversation,
  isInlineImage,
  notFound,
  notLoggedIn,
  notSuitableState,
  ProtocolError,
  rateLimited,
  type HostedFile,
  type UploadReply,
} from '../../protocol/index.ts';
import { messageBody, readsConversation, type ChatExchange, type ContactCenter, type Viewer } from '../contacts/index.ts';
import { LinkSigner } from '../recordings/index.ts';
import type { AttachmentRecord, AttachmentRows, ContactRecord, SessionRecord } from '../store/index.ts';
import { AttachmentFiles } from './attachment-files.ts';
import { cleanName, matchesType } from './file-kinds.ts';

export interface AttachmentsOptions {
  /** Folder of the files (created if missing). */
  dir: string;
  /** The HMAC secret of links. */
  secret: Buffer;
  /** Most bytes one file may hold. */
  maxBytes: number;
  /** Media types taken (anything else is refused). */
  types: readonly string[];
  /** Most files, and most bytes together, one chat may hold. */
  perChat: number;
  bytesPerChat: number;
  /** Uploads one session may have under way at once. */
  uploadsPerSession: number;
  /** How long a download link works. */
  linkTtlMs: number;
  /** Attachments are turned on (branding's `features.attachments`). */
  enabled: boolean;
  isSupervisor: (agentId: string) => boolean;
  now?: () => number;
  log?: (line: string) => void;
}

/** Why an upload is refused, by HTTP status: the routes answer with it. */
export class UploadRefused extends ProtocolError {
  constructor(
    readonly status: 400 | 403 | 409 | 413 | 415 | 429,
    name: ProtocolError['name'],
    message: string,
    retryAfterMs?: number,
  ) {
    super(name, message, retryAfterMs);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MIB ? `${+(bytes / MIB).toFixed(1)} MiB` : `${bytes} bytes`);
/** A link's subject: whom it was made for. */
const subjectOf = (viewer: Viewer) => `${viewer.kind}:${viewer.id}`;
const viewerOf = (subject: string): Viewer | null => {
  const [kind, id] = subject.split(/:(.*)/s);
  return (kind === 'customer' || kind === 'agent') && id ? { kind, id } : null;
};

export class Attachments {
  readonly files: AttachmentFiles;
  private readonly signer: LinkSigner;
  private readonly now: () => number;
  /** Uploads under way, by session. */
  private readonly uploading = new Map<string, number>();

  constructor(
    private readonly rows: AttachmentRows,
    private readonly center: ContactCenter,
    private readonly chat: ChatExchange,
    private readonly options: AttachmentsOptions,
  ) {
    this.files = new AttachmentFiles(options.dir);
    this.signer = new LinkSigner(options.secret);
    this.now = options.now ?? Date.now;
    const removed = this.files.sweep(rows.ids());
    if (removed) options.log?.(`attachments: removed ${removed} files of uploads that never completed`);
  }

  /**
   * Stores a file `session`'s party sends into chat `contactId` and posts it there. Everything
   * that can be known before the bytes arrive (who, which chat, its state, the type, the
   * declared size, the chat's room) is checked first; the size again as the bytes come.
   */
  async upload(session: SessionRecord, contactId: string, file: { name: string; type: string; declaredBytes: number | null; body: Readable }): Promise<UploadReply> {
    const sender = this.admit(session, contactId, file.type, file.declaredBytes);
    const key = session.token;
    const running = this.uploading.get(key) ?? 0;
    if (running >= this.options.uploadsPerSession) {
      throw new UploadRefused(429, 'rate_limited', `${running} uploads are under way; at most ${this.options.uploadsPerSession} at once`, 1_000);
    }
    this.uploading.set(key, running + 1);
    const id = randomUUID();
    try {
      const tooLarge = () => new UploadRefused(413, 'too_large', `the file is over the limit of ${size(this.options.maxBytes)}`);
      const { bytes, head } = await this.files.receive(id, file.body, this.options.maxBytes, tooLarge);
      try {
        if (bytes === 0) throw new UploadRefused(400, 'bad_request', 'the file is empty');
        if (!matchesType(file.type, head)) throw new UploadRefused(415, 'invalid_args', `the file's content is not ${file.type}`);
        return this.post(session, contactId, sender, { id, name: cleanName(file.name), type: file.type, bytes });
      } catch (err) {
        this.files.remove(id);
        throw err;
      }
    } finally {
      const left = (this.uploading.get(key) ?? 1) - 1;
      if (left > 0) this.uploading.set(key, left);
      else this.uploading.delete(key);
    }
  }

  /** A link to file `fileId` for `viewer`, valid for the configured time. */
  link(fileId: string, viewer: Viewer): { url: string; expiresAt: number } {
    const expiresAt = this.now() + this.options.linkTtlMs;
    const access = this.signer.sign(fileId, { subject: subjectOf(viewer), expiresAt });
    return { url: `/api/attachments/${fileId}?access=${access}`, expiresAt };
  }

  /** A fresh link for a party of the file's chat (`chat.fileLink`). */
  linkFor(session: SessionRecord, contactId: string, fileId: string): { url: string; expiresAt: number } {
    // Who may open the chat's files first: a stranger learns nothing of which files exist.
    const viewer: Viewer = { kind: session.kind, id: session.subjectId };
    if (!this.mayOpen(this.contact(contactId), viewer)) throw forbidden('only the chat\'s customer, its agents and supervisors open its files');
    const attachment = UUID.test(fileId) ? this.rows.get(fileId) : undefined;
    if (!attachment || attachment.contactId !== contactId) throw notFound(`file ${fileId} (in that chat)`);
    return this.link(fileId, viewer);
  }

  /** Checks a link when it is used: signature, expiry, and whether its party may still open the file. */
  authorizeDownload(fileId: string, access: string | null): { attachment: AttachmentRecord; viewer: Viewer; inline: boolean } {
    const attachment = UUID.test(fileId) ? this.rows.get(fileId) : undefined;
    if (!attachment) throw notFound(`file ${fileId}`);
    if (!access) throw notLoggedIn('a file link carries ?access=...; a party of the chat gets one with chat.fileLink');
    const check = this.signer.verify(fileId, access, this.now());
    if (!check.ok) throw forbidden(check.reason);
    const viewer = viewerOf(check.claims.subject);
    if (!viewer || !this.mayOpen(this.contact(attachment.contactId), viewer)) throw forbidden('this link\'s party may no longer open the file');
    return { attachment, viewer, inline: isInlineImage(attachment.type) };
  }

  /** `viewer` opened the file: its sender gets one ACCESS receipt from each party (none for their own opening). */
  opened(attachment: AttachmentRecord, viewer: Viewer): void {
    if (viewer.kind === attachment.sender.kind && viewer.id === attachment.sender.id) return;
    this.center.outbox.run(() => {
      if (!this.rows.markAccessed(attachment.id, subjectOf(viewer))) return;
      if (this.center.findLive(attachment.contactId)) this.chat.accessed(attachment.contactId, attachment.messageId, viewer);
    });
  }

  /** Refuses early what can be refused before the bytes arrive; returns the sender as messages name them. */
  private admit(session: SessionRecord, contactId: string, type: string, declaredBytes: number | null): Viewer {
    if (!this.options.enabled) throw new UploadRefused(403, 'forbidden', 'attachments are turned off on this server');
    const contact = this.contact(contactId);
    const me = session.subjectId;
    const party = session.kind === 'customer' ? contact.customerId === me && !contact.call?.internal : contact.agentId === me || contact.routing.conference.includes(me);
    if (!party) throw new UploadRefused(403, 'forbidden', `you are not a participant of chat ${contactId}`);
    const open = session.kind === 'customer' ? OPEN_CHAT_STATES.includes(contact.state) : inConversation(contact.state);
    if (!open) throw new UploadRefused(409, 'not_suitable_state', contact.endedAt !== null ? 'the chat has ended' : `the chat is ${contact.state}`);
    if (!this.options.types.includes(type)) throw new UploadRefused(415, 'invalid_args', `files of type ${type || '(none)'} are not allowed`);
    if (declaredBytes !== null && declaredBytes > this.options.maxBytes) {
      throw new UploadRefused(413, 'too_large', `the file is ${size(declaredBytes)}, over the limit of ${size(this.options.maxBytes)}`);
    }
    this.checkRoom(contactId, declaredBytes ?? 0);
    return { kind: session.kind, id: me };
  }

  /** The chat has room for one more file of `bytes`. */
  private checkRoom(contactId: string, bytes: number): void {
    const held = this.rows.totals(contactId);
    if (held.count >= this.options.perChat) throw new UploadRefused(413, 'too_large', `this chat already holds ${held.count} files, the most it may`);
    if (held.bytes + bytes > this.options.bytesPerChat) {
      throw new UploadRefused(413, 'too_large', `this chat's files would total ${size(held.bytes + bytes)}, over the limit of ${size(this.options.bytesPerChat)}`);
    }
  }

  /** One unit of work: the room checked again (uploads run side by side), the message posted, the row stored. */
  private post(session: SessionRecord, contactId: string, sender: Viewer, file: { id: string; name: string; type: string; bytes: number }): UploadReply {
    return this.center.outbox.run(() => {
      this.checkRoom(contactId, file.bytes);
      const content: HostedFile = { kind: 'file', id: file.id, name: file.name, size: file.bytes, type: file.type };
      const message = this.chat.send(session, contactId, messageBody(session.kind, undefined, content, false));
      this.rows.insert({ id: file.id, contactId, messageId: message.id, sender, name: file.name, type: file.type, bytes: file.bytes, createdAt: this.now(), accessedBy: [] });
      return { media: { id: file.id, name: file.name, size: file.bytes, senderId: sender.id }, message: this.center.messageFor(message, sender) };
    });
  }

  private mayOpen(contact: ContactRecord, viewer: Viewer): boolean {
    if (viewer.kind === 'customer') return contact.customerId === viewer.id && !contact.call?.internal;
    return readsConversation(contact, viewer.id) || this.options.isSupervisor(viewer.id);
  }

  private contact(contactId: string): ContactRecord {
    const contact = this.center.findLive(contactId) ?? this.center.store.getContact(contactId);
    if (!contact) throw notFound(`chat ${contactId}`);
    return contact;
  }
}
