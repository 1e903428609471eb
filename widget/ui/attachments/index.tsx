/**
 * Files in the agent's chat (a chunk of its own, loaded when a chat is shown): the attach button
 * with the uploads in flight and their progress bars, files dropped on the chat, and received
 * files as thumbnails (raster images) or file lines. Links expire: an expired one is renewed
 * with chat.fileLink before it is used.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { fileSize, isInlineImage, uploadFile, type ContactView, type HostedFile } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';

/** A link with less time than this left is renewed before it is used. */
const LINK_MARGIN_MS = 30_000;

interface Upload {
  key: number;
  name: string;
  /** 0 to 1. */
  sent: number;
}

/** Uploads in flight by chat: they go on when another chat is shown, and show again with it. */
const inFlight = new Map<string, Upload[]>();
const watchers = new Set<() => void>();
let nextKey = 1;
const changed = () => watchers.forEach((w) => w());

function upload(session: AgentSession, contactId: string, file: File, onError: OnError): void {
  const entry: Upload = { key: nextKey++, name: file.name, sent: 0 };
  inFlight.set(contactId, [...(inFlight.get(contactId) ?? []), entry]);
  changed();
  uploadFile({
    server: '',
    token: session.link.conn.token ?? '',
    contactId,
    file,
    onProgress: ({ loaded, total }) => {
      entry.sent = total ? loaded / total : 1;
      changed();
    },
  })
    .then(
      (reply) => session.store.addMessage(reply.message),
      (err: Error) => onError(new Error(t('file.notSent', { name: file.name, error: err.message })), contactId),
    )
    .finally(() => {
      const left = (inFlight.get(contactId) ?? []).filter((u) => u !== entry);
      if (left.length) inFlight.set(contactId, left);
      else inFlight.delete(contactId);
      changed();
    });
}

const CLIP = (
  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
    <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11.5 12.3 19.2a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3" />
  </svg>
);

/** The attach button of the reply box, the chat's uploads in flight, and files dropped on the chat. */
export function Attach({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const [, setTick] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const watch = () => setTick((n) => n + 1);
    watchers.add(watch);
    return () => void watchers.delete(watch);
  }, []);
  // Files dropped anywhere on the chat are sent into it.
  useEffect(() => {
    const pane = input.current?.closest<HTMLElement>('.sb-chat');
    if (!pane) return;
    pane.dataset.dropHint = t('file.drop');
    const files = (e: DragEvent) => e.dataTransfer?.types.includes('Files');
    const over = (e: DragEvent) => {
      if (!files(e)) return;
      e.preventDefault();
      pane.classList.add('sb-dropping');
    };
    const leave = (e: DragEvent) => !pane.contains(e.relatedTarget as Node | null) && pane.classList.remove('sb-dropping');
    const drop = (e: DragEvent) => {
      pane.classList.remove('sb-dropping');
      if (!files(e)) return;
      e.preventDefault();
      for (const file of e.dataTransfer!.files) upload(session, contact.id, file, onError);
    };
    pane.addEventListener('dragover', over);
    pane.addEventListener('dragleave', leave);
    pane.addEventListener('drop', drop);
    return () => {
      pane.removeEventListener('dragover', over);
      pane.removeEventListener('dragleave', leave);
      pane.removeEventListener('drop', drop);
    };
  }, [contact.id]);
  const uploads = inFlight.get(contact.id) ?? [];
  return (
    <>
      {uploads.length > 0 && (
        <ul class="sb-uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} data-uploading>
              <bdi>{u.name}</bdi>
              <progress max={1} value={u.sent} aria-label={u.name} />
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="sb-secondary sb-attach" data-action="attach" title={t('file.attach')} aria-label={t('file.attach')} onClick={() => input.current?.click()}>
        {CLIP}
      </button>
      <input
        ref={input}
        type="file"
        name="file"
        multiple
        hidden
        onChange={(e) => {
          for (const file of e.currentTarget.files ?? []) upload(session, contact.id, file, onError);
          e.currentTarget.value = '';
        }}
      />
    </>
  );
}

/** A received (or sent) file: a thumbnail that opens the image, or a line with name and size that downloads it. */
export function FileMessage({ session, contactId, file }: { session: AgentSession; contactId: string; file: HostedFile }) {
  const [url, setUrl] = useState(file.url ?? '');
  const [renewed, setRenewed] = useState(false);
  const fresh = () => session.link.request({ type: 'chat.fileLink', contactId, fileId: file.id }).then((link) => (setUrl(link.url), link.url));
  const open = (e: MouseEvent) => {
    if ((file.expiresAt ?? 0) - Date.now() > LINK_MARGIN_MS) return;
    // An old link is renewed first; the tab opens now, within the click.
    e.preventDefault();
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    fresh().then(
      (link) => tab?.location.replace(link),
      () => tab?.close(),
    );
  };
  const image = isInlineImage(file.type);
  return (
    <a class={image ? 'sb-file sb-file-image' : 'sb-file'} href={url} target="_blank" rel="noopener" data-file-id={file.id} onClick={open}>
      {image ? (
        <img
          class="sb-thumb"
          src={`${url}&preview=1`}
          alt={file.name}
          loading="lazy"
          onError={() => {
            if (renewed) return;
            setRenewed(true); // once: an expired link (an event replayed after a while) gets a fresh one
            void fresh().catch(() => {});
          }}
        />
      ) : (
        <>
          <svg class="sb-file-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM8 13h8v1.5H8zm0 3.5h8V18H8z" />
          </svg>
          <bdi class="sb-file-name">{file.name}</bdi>
          <span class="sb-file-size">{fileSize(file.size, document.documentElement.lang || undefined)}</span>
        </>
      )}
    </a>
  );
}
