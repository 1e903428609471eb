/**
 * AgentDesktopClientAPIImpl: the host page's API to the Switchboard widget, in the shape of
 * Bright Pattern's Agent Desktop Client API (and the same class as its `brightpattern.AdApi`).
 * Every method resolves to an OperationResult; events carry positional arguments.
 *
 *   const api = new AgentDesktopClientAPIImpl({ server: 'https://cc.example.com', mountRoot: document.getElementById('agent') });
 *   api.on('ON_AGENT_STATE_CHANGE', (state, reason) => console.log(state, reason));
 *   await api.setAgentState('ready');
 */
import { createNanoEvents, type Unsubscribe } from 'nanoevents';
import type { BrandingOverrides, HostEventHandler, HostEventName, HostOptions, OfferAlertData, WidgetHostApi } from '../protocol/index.ts';
import { WidgetBridge, type MessageLogger } from './bridge.ts';
import { showOfferAlert } from './offer-alert.ts';

export interface ClientApiOptions extends HostOptions {
  /** An existing iframe for the widget (Bright Pattern's name; `widget` is the same). */
  adcFrame?: HTMLIFrameElement;
  widget?: HTMLIFrameElement;
  /** The element the widget fills (Bright Pattern's name). */
  mountRoot?: HTMLElement;
  /** No widget UI: the API only (the agent logs in with login()). */
  standalone?: boolean;
  adaptiveWidth?: boolean;
  /** The Switchboard server (default: where the adapter script came from, else this page's origin); the widget is at `${server}/widget/`. */
  server?: string;
  /** Where to put a new widget iframe (element or selector; default: document.body), at its own size. */
  container?: HTMLElement | string;
  /** How long a call waits for the widget, in ms (default 10 s). */
  timeoutMs?: number;
  /** Branding and locale for the widget, over the server's. */
  branding?: BrandingOverrides;
  /** The desk's shortcuts (Alt+A, Alt+↑/↓) work while this page has the focus too, not only the widget. */
  shortcuts?: boolean;
}

/** Defaults of every instance; the adapter script sets `server` to its own origin. */
export const defaults: ClientApiOptions = {};

type Handlers = { [K in HostEventName]: HostEventHandler<K> };

/** Every method of the widget's host API (getInteractionsState, setAgentState, ...) is a method here. */
export interface AgentDesktopClientAPIImpl extends Omit<WidgetHostApi, 'subscribe'> {}

export class AgentDesktopClientAPIImpl {
  readonly iframe: HTMLIFrameElement;
  private readonly emitter = createNanoEvents<Handlers>();
  private readonly bridge: WidgetBridge;

  constructor(options: ClientApiOptions = {}) {
    const o = { ...defaults, ...options };
    const src = new URL('/widget/', o.server ?? location.href).href;
    let iframe = o.adcFrame ?? o.widget;
    if (!iframe) {
      iframe = Object.assign(document.createElement('iframe'), { allow: 'microphone; camera; autoplay', title: 'Switchboard' });
      const container = o.mountRoot ?? (typeof o.container === 'string' ? document.querySelector(o.container) : o.container);
      // mountRoot: the widget takes the element's size.
      if (o.mountRoot) iframe.style.cssText = 'width:100%;height:100%;border:0;display:block';
      (container ?? document.body).append(iframe);
    }
    if (!iframe.getAttribute('src')) iframe.src = src;
    if (o.standalone) iframe.style.display = 'none';
    this.iframe = iframe;
    // Every handler runs, each on its own: one that throws is reported and the others (and later
    // events) still run. For answered events the first answer goes back to the widget.
    this.bridge = new WidgetBridge(
      iframe,
      o.timeoutMs ?? 10_000,
      async (name, args) => {
        const answer = (
          await Promise.all(
            (this.emitter.events[name] ?? []).map(async (h) => {
              try {
                return await (h as (...a: unknown[]) => unknown)(...args);
              } catch (err) {
                console.error(`switchboard: ${name} handler failed`, err);
              }
            }),
          )
        ).find((a) => a !== undefined);
        // The offer alert shows on this page (title, notification) unless a handler did it (true).
        if (name == 'ON_OFFER_ALERT' && answer !== true) showOfferAlert(args[0] as OfferAlertData);
        return answer;
      },
      o.branding,
      { integrationKey: o.integrationKey, disableNewInteractionPopup: o.disableNewInteractionPopup },
    );
    if (o.shortcuts) {
      addEventListener('keydown', (e) => {
        const key = e.code == 'KeyA' ? 'A' : e.key;
        if (!e.altKey || e.ctrlKey || e.metaKey || !/^(A|ArrowUp|ArrowDown)$/.test(key)) return;
        e.preventDefault();
        if (!e.repeat) void this.bridge.call('pressShortcut', ['Alt+' + key]);
      });
    }
    // The API methods are the widget's: forward any other name to it, so the list lives in one place.
    return new Proxy(this, {
      get: (target, name, receiver) =>
        name in target || typeof name !== 'string' || name === 'then'
          ? Reflect.get(target, name, receiver)
          : (...args: unknown[]) => target.bridge.call(name, args),
    });
  }

  /** Subscribes to an event; returns the function that unsubscribes. A handler of an answered event returns its answer. */
  on<K extends HostEventName>(name: K, handler: Handlers[K]): Unsubscribe {
    return this.emitter.on(name, handler);
  }

  /** Unsubscribes a handler given to on(). */
  remove<K extends HostEventName>(name: K, handler: Handlers[K]): void {
    const { events } = this.emitter;
    events[name] = events[name]?.filter((h) => h !== handler) as typeof events[K];
  }

  /** Shows every message between host and widget, both ways, to `logger` by Bright Pattern's names (LOGIN, LOGIN_RESPONSE, ON_LOGIN, ...). */
  injectMessageLogger(logger: MessageLogger | null): void {
    this.bridge.logger = logger;
  }
}
