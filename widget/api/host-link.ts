/**
 * Links an accepted host (host-bridge.ts checked its origin and version): applies its branding,
 * checked field by field with the server's schema, and its options, then serves the host API over
 * Comlink on the host's port. A chunk of its own with the host API's methods (the schemas and
 * Comlink with them): a widget no host embeds never loads it.
 */
import { expose } from 'comlink';
import { HOST_PROTOCOL_VERSION, failure, parseBrandingOverrides, type HostHello, type WidgetBye, type WidgetHelloReply, type WidgetHostApi } from '../../protocol/index.ts';
import type { BrandingState } from '../branding.ts';
import { RecordingLinks } from '../calls/recording-links.ts';
import { createHostApi, type HostApiParts } from './host-api/index.ts';

/** Links one host on its port. */
export type HostLinker = (port: MessagePort, hello: HostHello) => void;

/**
 * An invalid branding field (a malformed locale, a `javascript:` logo) is dropped with a warning
 * naming it, and the rest applies on top of the server's branding.
 */
export function applyHostBranding(branding: BrandingState, input: unknown, warn: (message: string) => void = console.warn): void {
  if (input === undefined || input === null) return;
  const { overrides, dropped } = parseBrandingOverrides(input);
  if (dropped.length) warn(`switchboard: host branding ignored: ${dropped.join('; ')}`);
  branding.override(overrides);
}

/** The host API's methods are made once; each linked host gets them on its own port. */
export function hostLinker(parts: HostApiParts): HostLinker {
  const methods = createHostApi(parts);
  // The links to the calls' recordings are for the host's InteractionData: kept once a host may link.
  if (parts.calls) new RecordingLinks(parts.session.store, parts.calls);
  const notImplemented = (name: string) => async () => failure('api_method_not_implemented', `${name} is not a method of this API`);
  return (port, hello) => {
    parts.host.apply(hello.options);
    applyHostBranding(parts.branding, hello.branding);
    let unsubscribe: (() => void) | undefined;
    const api: WidgetHostApi = {
      ...methods,
      async subscribe(listener) {
        unsubscribe?.();
        unsubscribe = parts.events.add(listener);
      },
    };
    // A name that is no method answers api_method_not_implemented, as Bright Pattern's does.
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
  };
}
