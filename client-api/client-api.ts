/**
 * AgentDesktopClientAPIImpl: the host page's API to the Switchboard widget, shaped after
 * Bright Pattern's Agent Desktop Client API. Every method resolves to an OperationResult.
 *
 *   const api = new AgentDesktopClientAPIImpl({ server: 'https://cc.example.com', container: '#agent' });
 *   const state = await api.getInteractionsState();
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import type { BrandingOverrides, HostEventHandler, HostEventName, WidgetHostApi } from '../protocol/index.ts';
import { WidgetBridge, type MessageLogger } from './bridge.ts';

export interface ClientApiOptions {
  /** An existing widget iframe to talk to. */
  widget?: HTMLIFrameElement;
  /** The Switchboard server (default: this page's origin); the widget is at `${server}/widget/`. */
  server?: string;
  /** Where to put a new widget iframe (element or selector; default: document.body). */
  container?: HTMLElement | string;
  /** How long a call waits for the widget, in ms (default 10 s). */
  timeoutMs?: number;
  /** Branding and locale for the widget, over the server's. */
  branding?: BrandingOverrides;
}

type Handlers = { [K in HostEventName]: HostEventHandler<K> };

/** Every method of the widget's host API (getInteractionsState, setAgentState, ...) is a method here. */
export interface AgentDesktopClientAPIImpl extends Omit<WidgetHostApi, 'subscribe'> {}

export class AgentDesktopClientAPIImpl {
  readonly iframe: HTMLIFrameElement;
  private readonly emitter = createNanoEvents<Handlers>();
  private readonly bridge: WidgetBridge;

  constructor(options: ClientApiOptions = {}) {
    let iframe = options.widget;
    if (!iframe) {
      iframe = Object.assign(document.createElement('iframe'), {
        src: new URL('/widget/', options.server ?? location.href).href,
        allow: 'microphone; autoplay',
        title: 'Switchboard',
      });
      const container = typeof options.container === 'string' ? document.querySelector(options.container) : options.container;
      (container ?? document.body).append(iframe);
    }
    this.iframe = iframe;
    // Every handler runs, each on its own: one that throws is reported and the others (and later
    // events) still run. For host-answered events the first answer goes back to the widget.
    this.bridge = new WidgetBridge(
      iframe,
      options.timeoutMs ?? 10_000,
      async (name, data) =>
        (
          await Promise.all(
            (this.emitter.events[name] ?? []).map(async (h) => {
              try {
                return await (h as (d: unknown) => unknown)(data);
              } catch (err) {
                console.error(`switchboard: ${name} handler failed`, err);
              }
            }),
          )
        ).find((a) => a !== undefined),
      options.branding,
    );
    // The API methods are the widget's: forward any other name to it, so the list lives in one place.
    return new Proxy(this, {
      get: (target, name, receiver) =>
        name in target || typeof name !== 'string' || name === 'then'
          ? Reflect.get(target, name, receiver)
          : (...args: unknown[]) => target.bridge.call(name, args),
    });
  }

  /** Subscribes to a host event; returns the function that unsubscribes. A handler of a host-answered event returns its answer. */
  on<K extends HostEventName>(name: K, handler: Handlers[K]): Unsubscribe {
    return this.emitter.on(name, handler);
  }

  /** Shows every message between host and widget, both ways, to `logger` (for debugging integrations). */
  injectMessageLogger(logger: MessageLogger | null): void {
    this.bridge.logger = logger;
  }
}
