/**
 * Answers host pages: a handshake from an allow-listed origin gets the host API over Comlink on a
 * private port; any other gets an explicit refusal on that port, so it learns at once.
 */
import { expose } from 'comlink';
import {
  HOST_ERROR_CODES,
  HOST_PROTOCOL_VERSION,
  hostRefused,
  type HostError,
  type HostHello,
  type WidgetBye,
  type WidgetHelloReply,
  type WidgetHostApi,
} from '../../protocol/index.ts';
import type { HostEvents, HostMethods } from './host-api/index.ts';

const isHello = (data: unknown): data is HostHello => typeof (data as HostHello | null)?.sbHello === 'number';
const unknownError = (message: string): HostError => ({ code: HOST_ERROR_CODES.unknown_error, name: 'unknown_error', message });

/** Listens for host handshakes; `allowedOrigins` resolves once the server told us the allowlist (rejects if it never does). */
export function listenForHosts(
  methods: HostMethods,
  events: HostEvents,
  allowedOrigins: Promise<readonly string[]>,
  /** The host's branding overrides, as the host sent them: not checked yet. */
  onBranding: (overrides: unknown) => void,
  log = console.warn,
): void {
  const allowlist = allowedOrigins.catch(() => null);
  addEventListener('message', async (event) => {
    if (!isHello(event.data) || !event.ports[0]) return;
    const [port] = event.ports;
    const allowed = await allowlist;
    const refusal: HostError | null = !allowed
      ? unknownError('the widget could not load its configuration from its server: reload it')
      : !allowed.includes(event.origin)
        ? hostRefused(event.origin)
        : event.data.sbHello !== HOST_PROTOCOL_VERSION
          ? unknownError(`host speaks version ${event.data.sbHello}, widget ${HOST_PROTOCOL_VERSION}`)
          : null;
    if (refusal) {
      log(`switchboard: refused host ${event.origin}: ${refusal.message}`);
      port.postMessage({ sbRefused: refusal, version: HOST_PROTOCOL_VERSION } satisfies WidgetHelloReply);
      return;
    }
    onBranding(event.data.branding);
    let unsubscribe: (() => void) | undefined;
    const api: WidgetHostApi = {
      ...methods,
      async subscribe(listener) {
        unsubscribe?.();
        unsubscribe = events.add(listener);
      },
    };
    expose(api, port);
    port.postMessage({ sbReady: HOST_PROTOCOL_VERSION } satisfies WidgetHelloReply);
    // This page is going for good (reload, navigation; not into the back-forward cache): the host's
    // calls from now on wait for the next page instead of getting lost.
    addEventListener('pagehide', (e) => {
      if (!e.persisted) port.postMessage({ sbBye: true } satisfies WidgetBye);
    });
  });
}
