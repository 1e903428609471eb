/**
 * The host's end of the widget link: performs the versioned handshake on a private MessagePort
 * (sent to the widget's exact origin, never '*') on every load of the iframe, then calls the
 * widget's Comlink-exposed API with a timeout, in Comlink's own messages (protocol/host-api.ts),
 * which is all of Comlink the host needs. Calls made while the widget (re)loads wait for the next
 * link; calls the widget's page left unanswered when it went fail at once. A refusal (from the
 * widget, or from the server for a host that gets no widget) answers every call. Every message
 * either way can be shown to a logger, by Bright Pattern's message names.
 */
import {
  HOST_ERROR_CODES,
  HOST_PROTOCOL_VERSION,
  RESPONSE_SUFFIX,
  messageName,
  type BrandingOverrides,
  type ComlinkMessage,
  type ComlinkReply,
  type HostAccess,
  type HostError,
  type HostEventName,
  type HostOptions,
  type OperationResult,
} from '../protocol/index.ts';

/** Sees each message by name: a call (its arguments), its `_RESPONSE` (the result), an event (its arguments), an answered event's `_RESPONSE`; `LINK` for the handshake. */
export type MessageLogger = (messageName: string, data: unknown) => void;
type Link = MessagePort | HostError;
/** Anything the widget posts on the link's port: the handshake's reply, goodbye, or a Comlink reply. */
type WidgetMessage = { sbReady?: number; sbRefused?: HostError; sbBye?: true } & Partial<ComlinkReply>;

export class WidgetBridge {
  logger: MessageLogger | null = null;
  /** The current link, or the next one while the widget (re)loads. */
  private link!: Promise<Link>;
  /** Set while `link` is pending. */
  private settle?: (link: Link) => void;
  /** The port of the live link. */
  private port?: MessagePort;
  private lastId = 0;

  constructor(
    iframe: HTMLIFrameElement,
    private readonly timeoutMs: number,
    onEvent: (name: HostEventName, args: unknown[]) => unknown,
    branding?: BrandingOverrides,
    options?: HostOptions,
  ) {
    const origin = new URL(iframe.src).origin;
    this.wait();
    // The server knows the allowlist too: a refused host may get no widget at all to answer it.
    fetch(`${origin}/api/host-access?origin=${location.origin}`)
      .then((r) => r.json())
      .then((access: HostAccess) => access.error && this.settle && this.use(access.error))
      .catch(() => {});
    const hello = () => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }: MessageEvent<WidgetMessage>) => {
        if (data.id === undefined) this.logger?.('LINK', data);
        if (data.sbRefused) this.use(data.sbRefused);
        if (data.sbReady) {
          // Our event listener, as Comlink's proxy: a port on which the widget calls it with (name, data).
          // Events of a link since replaced are ignored: each arrives once.
          const events = new MessageChannel();
          events.port1.onmessage = async ({ data: call }: MessageEvent<ComlinkMessage>) => {
            // (name, args, answered): an answered event's answer is logged as its _RESPONSE.
            const [name, args, answered] = call.type == 'APPLY' && port1 == this.port ? call.argumentList.map((a) => a.value) : [];
            let value: unknown;
            if (name) {
              this.logger?.(name as string, args);
              value = await onEvent(name as HostEventName, args as unknown[]);
              if (answered) this.logger?.(name + RESPONSE_SUFFIX, value);
            }
            try {
              events.port1.postMessage({ id: call.id, type: 'RAW', value });
            } catch {
              events.port1.postMessage({ id: call.id, type: 'RAW' }); // not an answer the widget can take
            }
          };
          port1.postMessage({ id: 0, type: 'APPLY', path: ['subscribe'], argumentList: [{ type: 'HANDLER', name: 'proxy', value: events.port2 }] } satisfies ComlinkMessage, [
            events.port2,
          ]);
          this.use(port1, port1);
        }
        // The widget's page is going: calls wait for the next one.
        if (data.sbBye && port1 == this.port) {
          this.port = undefined;
          this.wait();
        }
      };
      // Dropped by the browser until the iframe shows the widget's origin: exact origin only.
      const message = { sbHello: HOST_PROTOCOL_VERSION, branding, options };
      this.logger?.('LINK', message);
      iframe.contentWindow?.postMessage(message, origin, [port2]);
    };
    // Now for a widget already loaded, and on every load of the iframe (the widget listens before
    // `load`). A page that went without saying goodbye (a crash) is gone all the same.
    iframe.addEventListener('load', () => (this.port?.dispatchEvent(new MessageEvent('message', { data: { sbBye: true } })), hello()));
    hello();
  }

  /** Calls `method` of the widget once linked; every failure becomes an error result. */
  call(method: string, args: unknown[]): Promise<OperationResult<unknown>> {
    const name = messageName(method);
    this.logger?.(name, args);
    let port: MessagePort | undefined;
    let onReply: (e: MessageEvent<WidgetMessage>) => void;
    let timer: ReturnType<typeof setTimeout> | 0;
    const result = new Promise<OperationResult<unknown>>((resolve) => {
      // Literal keys (not failure()) let the minifier keep two codes instead of the whole table.
      const fail = (code: number, name: 'timeout' | 'unknown_error' | 'invalid_args', message: string) => resolve({ status: 'error', error: { code, name, message } as HostError });
      timer = setTimeout(() => fail(HOST_ERROR_CODES.timeout, 'timeout', `no answer from the widget in ${this.timeoutMs} ms`), this.timeoutMs);
      void this.link.then((link) => {
        if (!timer) return; // answered timeout meanwhile: never run it after that
        if (!(link instanceof MessagePort)) return resolve({ status: 'error', error: link });
        const id = ++this.lastId;
        onReply = ({ data }) => {
          if (data.sbBye) fail(HOST_ERROR_CODES.unknown_error, 'unknown_error', `the widget's page went before answering ${method}: it may or may not have been done`);
          else if (data.id === id) data.type == 'RAW' ? resolve(data.value as OperationResult<unknown>) : fail(HOST_ERROR_CODES.unknown_error, 'unknown_error', (data.value as any)?.value?.message);
        };
        (port = link).addEventListener('message', onReply);
        try {
          link.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map((value) => ({ type: 'RAW', value })) } satisfies ComlinkMessage);
        } catch (err) {
          fail(HOST_ERROR_CODES.invalid_args, 'invalid_args', (err as Error).message); // arguments that cannot be cloned
        }
      });
    });
    return result.finally(() => {
      clearTimeout(timer);
      timer = 0;
      port?.removeEventListener('message', onReply);
    }).then((r) => (this.logger?.(name + RESPONSE_SUFFIX, r), r));
  }

  /** Makes `link` pending, unless it already is. */
  private wait(): void {
    if (!this.settle) this.link = new Promise((resolve) => (this.settle = resolve));
  }

  /** Links to `link` (over `port`, or to a refusal). */
  private use(link: Link, port?: MessagePort): void {
    this.port = port;
    this.wait();
    this.settle!(link);
    this.settle = undefined;
  }
}
