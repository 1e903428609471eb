/**
 * Answers host pages: a handshake from an allow-listed origin gets the host API over Comlink on a
 * private port; any other gets an explicit refusal on that port, so it learns at once. A method
 * name the API does not have answers api_method_not_implemented, as Bright Pattern's does.
 */
import { expose } from 'comlink';
import {
  HOST_ERROR_CODES,
  HOST_PROTOCOL_VERSION,
  hostRefused,
  failure,
  type HostError,
  type HostHello,
  type HostOptions,
  type WidgetBye,
  type WidgetHelloReply,
  type WidgetHostApi,
} from '../../protocol/index.ts';
import type { HostEvents, HostMethods } from './host-api/index.ts';

const isHello = (data: unknown): data is HostHello => typeof (data as HostHello | null)?.sbHello === 'number';
const unknownError = (message: string): HostError => ({ code: HOST_ERROR_CODES.unknown_error, name: 'unknown_error', message });

/**
 * Listens for host handshakes; `allowedOrigins` resolves once the server told us the allowlist
 * (rejects if it never does). `methods` loads the host API (a chunk of its own, fetched with the
 * first handshake): a host's calls wait for the link, so they wait for it too.
 */
export function listenForHosts(
  methods: () => Promise<HostMethods>,
  events: HostEvents,
  allowedOrigins: Promise<readonly string[]>,
  onHost: (hello: { branding?: HostHello['branding']; options?: HostOptions }) => void,
  log = console.warn,
): void {
  const allowlist = allowedOrigins.catch(() => null);
  addEventListener('message', async (event) => {
    if (!isHello(event.data) || !event.ports[0]) return;
    const [port] = event.ports;
    const loading = methods().catch(() => null);
    const allowed = await allowlist;
    const loaded = allowed && (await loading);
    const refusal: HostError | null = !allowed
      ? unknownError('the widget could not load its configuration from its server: reload it')
      : !allowed.includes(event.origin)
        ? hostRefused(event.origin)
        : event.data.sbHello !== HOST_PROTOCOL_VERSION
          ? unknownError(`host speaks version ${event.data.sbHello}, widget ${HOST_PROTOCOL_VERSION}`)
          : !loaded
            ? unknownError('the widget could not load its host API from its server: reload it')
            : null;
    if (refusal) {
      log(`switchboard: refused host ${event.origin}: ${refusal.message}`);
      port.postMessage({ sbRefused: refusal, version: HOST_PROTOCOL_VERSION } satisfies WidgetHelloReply);
      return;
    }
    onHost({ branding: event.data.branding, options: event.data.options });
    let unsubscribe: (() => void) | undefined;
    const api: WidgetHostApi = {
      ...loaded!,
      async subscribe(listener) {
        unsubscribe?.();
        unsubscribe = events.add(listener);
      },
    };
    const notImplemented = (name: string) => async () => failure('api_method_not_implemented', `${name} is not a method of this API`);
    expose(
      new Proxy(api, { get: (target, name) => (typeof name !== 'string' || Object.hasOwn(target, name) ? Reflect.get(target, name) : notImplemented(name)) }),
      port,
    );
    port.postMessage({ sbReady: HOST_PROTOCOL_VERSION } satisfies WidgetHelloReply);
    // This page is going for good (reload, navigation; not into the back-forward cache): the host's
    // calls from now on wait for the next page instead of getting lost.
    addEventListener('pagehide', (e) => {
      if (!e.persisted) port.postMessage({ sbBye: true } satisfies WidgetBye);
    });
  });
}
