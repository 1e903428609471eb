/**
 * Sends a file into a chat over HTTP (`POST /api/attachments`), shared by the agent widget and the
 * customer SDK. XMLHttpRequest, because it reports upload progress (fetch does not). Resolves to
 * the server's UploadReply; rejects with a ProtocolError carrying the server's reason (too large,
 * type not allowed, not a participant, chat ended), or `not_connected` when the network failed.
 *
 *   const reply = await uploadFile({ server, token, contactId, file, onProgress: ({ loaded, total }) => bar.value = loaded / total });
 */
import { ProtocolError, type WireErrorName } from './errors.ts';
import type { UploadReply } from './model.ts';

/** Bytes sent so far of the file's `total`. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface FileUpload {
  /** The Switchboard server's origin ('' for the page's own). */
  server: string;
  /** The sender's session token. */
  token: string;
  contactId: string;
  file: Blob & { name?: string };
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload (it rejects `not_connected`). */
  signal?: AbortSignal;
}

export function uploadFile({ server, token, contactId, file, onProgress, signal }: FileUpload): Promise<UploadReply> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ contactId, name: file.name ?? 'file' });
    xhr.open('POST', `${server}/api/attachments?${query}`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    if (file.type) xhr.setRequestHeader('content-type', file.type);
    xhr.responseType = 'json';
    const total = file.size;
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total });
    xhr.onload = () => {
      const body = xhr.response as (UploadReply & { error?: undefined }) | { error?: { name: WireErrorName; message: string } } | null;
      if (xhr.status === 201 && body && !body.error) {
        onProgress?.({ loaded: total, total });
        return resolve(body as UploadReply);
      }
      reject(new ProtocolError(body?.error?.name ?? 'internal', body?.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = xhr.onabort = () => reject(new ProtocolError('not_connected', 'the file could not be sent: the connection failed'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** A file's size for people, in a locale: "12.3 kB", "4 MB" (decimal units, as file managers show them). */
export function fileSize(bytes: number, locale?: string): string {
  const [unit, value] = bytes >= 1e6 ? ['megabyte', bytes / 1e6] : bytes >= 1e3 ? ['kilobyte', bytes / 1e3] : ['byte', bytes];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
