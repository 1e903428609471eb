/**
 * The host's end of the widget link: performs the versioned handshake on a private MessagePort
 * (sent to the widget's exact origin, never '*'), then calls the widget over Comlink with a
 * timeout. Every message either way can be shown to a logger.
 */
import { proxy, wrap, type Remote } from 'comlink';
import {
  HOST_ERROR_CODES,
  HOST_PROTOCOL_VERSION,
  type BrandingOverrides,
  type HostEventName,
  type OperationResult,
  type WidgetHelloReply,
  type WidgetHostApi,
} from '../protocol/index.ts';

export type MessageLogger = (direction: 'out' | 'in', message: unknown) => void;

export class WidgetBridge {
  private readonly remote: Promise<Remote<WidgetHostApi>>;
  logger: MessageLogger | null = null;

  constructor(
    iframe: HTMLIFrameElement,
    private readonly timeoutMs: number,
    onEvent: (name: HostEventName, data: unknown) => unknown,
    branding?: BrandingOverrides,
  ) {
    const log: MessageLogger = (direction, message) => this.logger?.(direction, message);
    this.remote = handshake(iframe, new URL(iframe.src).origin, log, branding);
    this.remote
      .then((r) =>
        r.subscribe(
          proxy((name: HostEventName, data: unknown) => {
            log('in', { event: name, data });
            return onEvent(name, data);
          }),
        ),
      )
      .catch(() => {});
  }

  /** Runs `fn` on the widget once the handshake is done; every failure becomes an error result. */
  async call<T>(fn: (remote: Remote<WidgetHostApi>) => Promise<OperationResult<T>>): Promise<OperationResult<T>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<OperationResult<T>>((resolve) => {
      const error = { code: HOST_ERROR_CODES.timeout, name: 'timeout' as const, message: `no answer from the widget in ${this.timeoutMs} ms` };
      timer = setTimeout(() => resolve({ status: 'error', error }), this.timeoutMs);
    });
    try {
      return await Promise.race([this.remote.then(fn), timeout]);
    } catch (err) {
      // Literal keys (not failure()) let the minifier keep two codes instead of the whole table.
      return { status: 'error', error: { code: HOST_ERROR_CODES.unknown_error, name: 'unknown_error', message: (err as Error).message } };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Resolves with the widget's API once it accepted the handshake; rejects on a version mismatch. */
function handshake(iframe: HTMLIFrameElement, widgetOrigin: string, log: MessageLogger, branding?: BrandingOverrides): Promise<Remote<WidgetHostApi>> {
  return new Promise((resolve, reject) => {
    const hello = () => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }: MessageEvent<WidgetHelloReply>) => {
        port1.onmessage = null;
        if ('sbReady' in data) {
          // Every message either way passes the logger before Comlink sees it.
          const post = port1.postMessage.bind(port1);
          port1.postMessage = (message: unknown, transfer?: any) => (log("out", message), post(message, transfer));
          port1.addEventListener('message', (e) => log('in', e.data));
          resolve(wrap<WidgetHostApi>(port1));
        }
        else reject(new Error(`version mismatch: ${data.sbRefused}`));
      };
      // Dropped by the browser until the iframe shows the widget's origin: exact origin only.
      iframe.contentWindow?.postMessage({ sbHello: HOST_PROTOCOL_VERSION, branding }, widgetOrigin, [port2]);
    };
    // Now for a widget already loaded, and on every load of the iframe (the widget listens before `load`).
    iframe.addEventListener('load', hello);
    hello();
  });
}
