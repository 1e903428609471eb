/**
 * A file in the chat box's transcript: an image as a thumbnail, anything else as a line with its
 * name and size. Both open the file in a new tab (its sender gets an ACCESS receipt); a link
 * that expired is renewed first, and a thumbnail whose link expired asks once for a fresh one.
 */
import { fileSize, isInlineImage, type HostedFile } from '../../protocol/index.ts';
import { el } from './dom.ts';
import type { Locale } from './strings.ts';

export interface FileLinks {
  /** The file's link, absolute (on the Switchboard server). */
  href(file: HostedFile): string;
  /** A working link: the one it came with while it lasts, else a fresh one. */
  fresh(file: HostedFile): Promise<string>;
}

const DOC_ICON = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM8 13h8v1.5H8zm0 3.5h8V18H8z"/></svg>';

export function fileView(file: HostedFile, links: FileLinks, locale: Locale): HTMLElement {
  const link = el('a', { className: 'sbc-file', href: links.href(file), target: '_blank', rel: 'noopener', title: locale.t('openFile', { name: file.name }) });
  link.dataset.fileId = file.id;
  link.onclick = (e) => {
    // An expired link is renewed first (the new tab opens within the click's user activation).
    if ((file.expiresAt ?? 0) - Date.now() > 30_000) return;
    e.preventDefault();
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    links.fresh(file).then(
      (url) => (tab ? tab.location.replace(url) : window.open(url, '_blank')),
      () => tab?.close(),
    );
  };
  if (isInlineImage(file.type)) {
    const img = el('img', { className: 'sbc-thumb', alt: file.name, src: `${links.href(file)}&preview=1`, loading: 'lazy', decoding: 'async' });
    img.addEventListener('error', () => void links.fresh(file).then((url) => (img.src = `${url}&preview=1`)), { once: true });
    link.append(img);
  } else {
    const icon = el('span', { className: 'sbc-file-icon' });
    icon.innerHTML = DOC_ICON;
    link.append(icon, el('span', { className: 'sbc-file-name', dir: 'auto', textContent: file.name }), el('span', { className: 'sbc-file-size', textContent: fileSize(file.size, locale.tag) }));
  }
  return link;
}
