/** Answers host pages on the allowlist: handshake, then the host API over Comlink on a private port. */
import { expose } from 'comlink';
import { HOST_PROTOCOL_VERSION, type BrandingOverrides, type HostHello, type WidgetHelloReply, type WidgetHostApi } from '../../protocol/index.ts';

const isHello = (data: unknown): data is HostHello => typeof (data as HostHello | null)?.sbHello === 'number';

/** Listens for host handshakes; `allowedOrigins` resolves once the server told us the allowlist. */
export function listenForHosts(
  api: WidgetHostApi,
  allowedOrigins: Promise<readonly string[]>,
  onBranding: (overrides: BrandingOverrides | undefined) => void,
  log = console.warn,
): void {
  addEventListener('message', async (event) => {
    if (!isHello(event.data) || !event.ports[0]) return;
    const port = event.ports[0];
    if (!(await allowedOrigins).includes(event.origin)) {
      log(`switchboard: refused host ${event.origin}: not on the allowlist`);
      return;
    }
    const reply: WidgetHelloReply =
      event.data.sbHello === HOST_PROTOCOL_VERSION
        ? { sbReady: HOST_PROTOCOL_VERSION }
        : { sbRefused: `host speaks version ${event.data.sbHello}, widget ${HOST_PROTOCOL_VERSION}`, version: HOST_PROTOCOL_VERSION };
    if ('sbReady' in reply) {
      onBranding(event.data.branding);
      expose(api, port);
    }
    port.postMessage(reply);
  });
}
