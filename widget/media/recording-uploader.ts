/**
 * Where a recording's chunks go. `httpUploader` posts them to the server's recording routes
 * (POST /api/recordings/<id>/chunks?seq=n, then /finish) with the agent's session token.
 */

/** A refused upload; `retryable` when trying the same chunk again later may succeed. */
export class UploadError extends Error {
  override readonly name = 'UploadError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RecordingUploader {
  /** Stores chunk `seq` (0, 1, 2, ... in order); resolves once stored, rejects with an UploadError. */
  upload(seq: number, chunk: Blob): Promise<void>;
  /** No more chunks: the recording is complete. */
  finish(): Promise<void>;
}

export interface HttpUploaderOptions {
  /** fetch to use (tests, or a fetch with credentials policy). */
  fetch?: typeof fetch;
  /** A request with no answer within this time is abandoned (and retried): a network gone quiet never answers. */
  timeoutMs?: number;
}

/** How long one upload request may take: a ~1 s chunk is a few KB (video: ~100 KB). */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Statuses worth a retry: timeouts, rate limits and server trouble. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Uploads to the Switchboard server at `baseUrl` (the widget's own origin: '' or location.origin).
 *   const uploader = httpUploader(location.origin, recordingId, session.token);
 */
export function httpUploader(baseUrl: string, recordingId: string, token: string, options: HttpUploaderOptions = {}): RecordingUploader {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const base = `${baseUrl.replace(/\/$/, '')}/api/recordings/${encodeURIComponent(recordingId)}`;
  const post = async (url: string, body?: Blob) => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': body.type || 'application/octet-stream' }) },
        body,
        cache: 'no-store',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new UploadError(`network error: ${(err as Error).message}`, true);
    }
    if (res.ok) return;
    const reason = await res
      .json()
      .then((b: { error?: { message?: string } }) => b.error?.message)
      .catch(() => undefined);
    throw new UploadError(reason ?? `HTTP ${res.status}`, retryableStatus(res.status), res.status);
  };
  return {
    upload: (seq, chunk) => post(`${base}/chunks?seq=${seq}`, chunk),
    finish: () => post(`${base}/finish`),
  };
}
