/**
 * Answers host pages: a handshake from an allow-listed origin gets the host API over Comlink on a
 * private port (host-link.ts, loaded for the first host); any other gets an explicit refusal on
 * that port, so it learns at once.
 */
import { HOST_ERROR_CODES, HOST_PROTOCOL_VERSION, hostRefused, type HostError, type HostHello, type WidgetHelloReply } from '../../protocol/index.ts';
import type { HostLinker } from './host-link.ts';

const isHello = (data: unknown): data is HostHello => typeof (data as HostHello | null)?.sbHello === 'number';
const unknownError = (message: string): HostError => ({ code: HOST_ERROR_CODES.unknown_error, name: 'unknown_error', message });

/**
 * Listens for host handshakes; `allowedOrigins` resolves once the server told us the allowlist
 * (rejects if it never does). `linker` loads what links a host (a chunk of its own): a host's calls
 * wait for the link, so they wait for it too.
 */
export function listenForHosts(linker: () => Promise<HostLinker>, allowedOrigins: Promise<readonly string[]>, log = console.warn): void {
  const allowlist = allowedOrigins.catch(() => null);
  addEventListener('message', async (event) => {
    if (!isHello(event.data) || !event.ports[0]) return;
    const [port] = event.ports;
    const loading = linker().catch(() => null);
    const allowed = await allowlist;
    const link = allowed && (await loading);
    const refusal: HostError | null = !allowed
      ? unknownError('the widget could not load its configuration from its server: reload it')
      : !allowed.includes(event.origin)
        ? hostRefused(event.origin)
        : event.data.sbHello !== HOST_PROTOCOL_VERSION
          ? unknownError(`host speaks version ${event.data.sbHello}, widget ${HOST_PROTOCOL_VERSION}`)
          : !link
            ? unknownError('the widget could not load its host API from its server: reload it')
            : null;
    if (refusal) {
      log(`switchboard: refused host ${event.origin}: ${refusal.message}`);
      port.postMessage({ sbRefused: refusal, version: HOST_PROTOCOL_VERSION } satisfies WidgetHelloReply);
      return;
    }
    link!(port, event.data);
  });
}
