/**
 * The widget's side of the host API: every method answers an OperationResult and never throws;
 * a name that is no method answers api_method_not_implemented (host-bridge.ts). The events go
 * out, and the answered ones come into the agent's work, in host-event-wiring.ts.
 */
import type { WidgetHostApi } from '../../../protocol/index.ts';
import type { BrandingState } from '../../branding.ts';
import type { CallController } from '../../calls/call-controller.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { chatMethods } from './chat-methods.ts';
import { crmMethods } from './crm-methods.ts';
import { directoryMethods } from './directory-methods.ts';
import { HostContext } from './host-context.ts';
import type { HostEvents } from './host-events.ts';
import { interactionMethods } from './interaction-methods.ts';
import { outboundMethods } from './outbound-methods.ts';
import { Results } from './results.ts';
import { sessionMethods } from './session-methods.ts';
import { voiceMethods } from './voice-methods.ts';

export { HostContext } from './host-context.ts';
export { HostEvents } from './host-events.ts';
export { wireHostEvents } from './host-event-wiring.ts';

/** Every host API method; `subscribe` is per host, added where a host is linked (host-bridge.ts). */
export type HostMethods = Omit<WidgetHostApi, 'subscribe'>;

export interface HostApiParts {
  session: AgentSession;
  branding: BrandingState;
  host: HostContext;
  events: HostEvents;
  isOwner: () => boolean;
  /** Shows the widget's login form (openLogin). */
  openLogin: () => void;
  /** The widget's calls; without it the call methods answer api_method_not_implemented. */
  calls?: CallController | null;
}

export function createHostApi({ session, branding, host, events, isOwner, openLogin, calls = null }: HostApiParts): HostMethods {
  const r = new Results(session);
  return {
    ...sessionMethods(session, r, events, openLogin),
    ...interactionMethods(session, r, calls),
    ...chatMethods(session, r),
    ...directoryMethods(session, r),
    ...crmMethods(session, r, branding, host, isOwner),
    ...voiceMethods(session, r, host, calls),
    ...outboundMethods(session, r, host, calls),
  };
}
