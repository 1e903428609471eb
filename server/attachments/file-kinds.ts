/**
 * What a file is and how it is named: the leading bytes of raster images (a file sent as
 * image/png must be one, so a thumbnail shows a picture and nothing else), names cleaned of
 * paths and control characters, and the Content-Disposition a download carries.
 */
import { MAX_NAME_CHARS } from '../../protocol/index.ts';

/** Leading bytes of each raster type (WebP: "RIFF" ... "WEBP" at offset 8). */
const SIGNATURES: Record<string, (head: Uint8Array) => boolean> = {
  'image/png': (h) => starts(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (h) => starts(h, [0xff, 0xd8, 0xff]),
  'image/gif': (h) => starts(h, [0x47, 0x49, 0x46, 0x38]) && (h[4] === 0x37 || h[4] === 0x39) && h[5] === 0x61,
  'image/webp': (h) => starts(h, [0x52, 0x49, 0x46, 0x46]) && starts(h.subarray(8), [0x57, 0x45, 0x42, 0x50]),
};
/** Bytes enough to tell every signature. */
export const SIGNATURE_BYTES = 12;

const starts = (head: Uint8Array, bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** Whether the file's first bytes match its declared type (types without a signature here always do). */
export function matchesType(type: string, head: Uint8Array): boolean {
  const check = SIGNATURES[type];
  return !check || check(head);
}

/** The media type without parameters, lower case ("Image/PNG; x=y" -> "image/png"). */
export const baseType = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** A display name: the last path segment, no control or bidi-override characters, at most MAX_NAME_CHARS. */
export function cleanName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // C0/C1 controls and the bidi overrides that make "exe.pdf" read as "fdp.exe".
  const name = last.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...name].slice(0, MAX_NAME_CHARS).join('') || 'file';
}

/** `inline` or `attachment` with the name twice: plain ASCII for old clients, RFC 5987 UTF-8 for the rest. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
