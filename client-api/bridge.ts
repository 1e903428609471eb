/**
 * The host's end of the widget link: performs the versioned handshake on a private MessagePort
 * (sent to the widget's exact origin, never '*') on every load of the iframe, then calls the widget
 * over Comlink with a timeout. Calls made while the widget (re)loads wait for the next link. A
 * refusal (from the widget, or from the server for a host that gets no widget) answers every call.
 * Every message either way can be shown to a logger.
 */
import { proxy, wrap, type Remote } from 'comlink';
import {
  HOST_ERROR_CODES,
  HOST_PROTOCOL_VERSION,
  type BrandingOverrides,
  type HostAccess,
  type HostError,
  type HostEventName,
  type OperationResult,
  type WidgetBye,
  type WidgetHelloReply,
  type WidgetHostApi,
} from '../protocol/index.ts';

export type MessageLogger = (direction: 'out' | 'in', message: unknown) => void;
type Link = Remote<WidgetHostApi> | HostError;

export class WidgetBridge {
  logger: MessageLogger | null = null;
  /** The current link, or the next one while the widget (re)loads. */
  private link!: Promise<Link>;
  /** Set while `link` is pending. */
  private settle?: (link: Link) => void;
  /** The port of the live link. */
  private port?: MessagePort;

  constructor(
    iframe: HTMLIFrameElement,
    private readonly timeoutMs: number,
    onEvent: (name: HostEventName, data: unknown) => unknown,
    branding?: BrandingOverrides,
  ) {
    const origin = new URL(iframe.src).origin;
    const log: MessageLogger = (direction, message) => this.logger?.(direction, message);
    this.wait();
    // The server knows the allowlist too: a refused host may get no widget at all to answer it.
    fetch(`${origin}/api/host-access?origin=${location.origin}`)
      .then((r) => r.json())
      .then((access: HostAccess) => access.error && this.settle && this.use(access.error))
      .catch(() => {});
    const hello = () => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }: MessageEvent<WidgetHelloReply>) => {
        port1.onmessage = null;
        if ('sbRefused' in data) return this.use(data.sbRefused);
        // Every message either way passes the logger before Comlink sees it.
        const post = port1.postMessage.bind(port1);
        port1.postMessage = (message: unknown, transfer?: any) => (log('out', message), post(message, transfer));
        // sbBye: the widget's page is going; calls wait for the next one.
        port1.addEventListener('message', ({ data }) => (log('in', data), (data as WidgetBye).sbBye && this.drop(port1)));
        const remote = wrap<WidgetHostApi>(port1);
        // Events of a link since replaced are ignored: each arrives once.
        const onLinkEvent = (name: HostEventName, data: unknown) => port1 === this.port ? (log('in', { event: name, data }), onEvent(name, data)) : undefined;
        remote.subscribe(proxy(onLinkEvent)).catch(() => {});
        this.use(remote, port1);
      };
      // Dropped by the browser until the iframe shows the widget's origin: exact origin only.
      iframe.contentWindow?.postMessage({ sbHello: HOST_PROTOCOL_VERSION, branding }, origin, [port2]);
    };
    // Now for a widget already loaded, and on every load of the iframe (the widget listens before `load`).
    iframe.addEventListener('load', () => (this.drop(this.port), hello()));
    hello();
  }

  /** Runs `fn` on the widget once linked; every failure becomes an error result. */
  async call<T>(fn: (remote: Remote<WidgetHostApi>) => Promise<OperationResult<T>>): Promise<OperationResult<T>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<OperationResult<T>>((resolve) => {
      const error = { code: HOST_ERROR_CODES.timeout, name: 'timeout' as const, message: `no answer from the widget in ${this.timeoutMs} ms` };
      timer = setTimeout(() => resolve({ status: 'error', error }), this.timeoutMs);
    });
    try {
      return await Promise.race([this.link.then((link) => ('code' in link ? { status: 'error' as const, error: link } : fn(link))), timeout]);
    } catch (err) {
      // Literal keys (not failure()) let the minifier keep two codes instead of the whole table.
      return { status: 'error', error: { code: HOST_ERROR_CODES.unknown_error, name: 'unknown_error', message: (err as Error).message } };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Makes `link` pending, unless it already is. */
  private wait(): void {
    if (!this.settle) this.link = new Promise((resolve) => (this.settle = resolve));
  }

  /** Links to `link`, replacing (and closing) the previous port. */
  private use(link: Link, port?: MessagePort): void {
    this.port?.close();
    this.port = port;
    this.wait();
    this.settle!(link);
    this.settle = undefined;
  }

  /** The live link's port is gone: calls wait for the next link. */
  private drop(port?: MessagePort): void {
    if (!port || port !== this.port) return;
    port.close();
    this.port = undefined;
    this.wait();
  }
}
