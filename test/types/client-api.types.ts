/**
 * Compile-time test of the host library's public types (checked by `npm run typecheck`, never run):
 * the right uses compile, the wrong ones must not.
 */
import { AgentDesktopClientAPIImpl, type InteractionData } from '../../client-api/index.ts';
import type { AgentDesktopClientAPIImpl as Shipped } from '../../dist/client-api.js';

export async function uses(api: AgentDesktopClientAPIImpl, shipped: Shipped, mountRoot: HTMLElement): Promise<void> {
  new AgentDesktopClientAPIImpl({ mountRoot, integrationKey: 'crm', standalone: true, disableNewInteractionPopup: true, timeoutMs: 5_000 });
  const state = await api.getInteractionsState();
  if (state.status === 'success') {
    const active: string | null = state.data.activeInteractionId;
    const first: InteractionData | undefined = state.data.interactions[0];
    void [active, first?.chatParties[0]?.type, first?.associatedObjects.list[0]?.source];
  } else {
    const code: number = state.error.code;
    void code;
  }
  const off: () => void = api.on('ON_LOGIN', (login) => void login.agentId);
  off();
  api.on('ON_WEB_SCREEN_POP_CUSTOM', (interactionId, pop) => interactionId.length > 0 && pop.popup);
  api.on('ON_REQUEST_TRANSFER_DATA', async () => ({ caseId: '42' }));
  api.on('ON_CONNECTION_STATE_CHANGE', (state, previous) => void (state === 'DISCONNECTED' && previous === 'CONNECTED'));
  api.on('ON_CHAT_MESSAGE', (message) => void message.fromType);
  api.on('ON_OFFER_ALERT', (alert) => alert.unseen > 0 && alert.title.length > 0); // true: the CRM shows it its own way
  api.on('ON_OFFER_ALERT', (alert) => void alert.notification?.interactionId); // nothing: the library flashes the title and notifies
  api.injectMessageLogger((name, data) => void [name.endsWith('_RESPONSE'), data]);
  await api.setAgentState('not_ready', 'Away');
  await api.blindTransfer('sales');
  new AgentDesktopClientAPIImpl({ shortcuts: true }); // Alt+A, Alt+↑/↓ pressed in the CRM page reach the widget
  await api.pressShortcut('Alt+ArrowDown');
  await shipped.getInteractionsState(); // the generated .d.ts says the same

  // @ts-expect-error not a method of the API
  await api.noSuchMethod();
  // @ts-expect-error the state is a boolean
  await api.setWidgetMinimized('yes');
  // @ts-expect-error not a Bright Pattern agent state
  await api.setAgentState('lunch');
  // @ts-expect-error a screen pop handler answers a boolean
  api.on('ON_WEB_SCREEN_POP_CUSTOM', () => 'yes');
  // @ts-expect-error the connection states are seed 004's, in capitals
  api.on('ON_CONNECTION_STATE_CHANGE', (state) => state === 'open');
  // @ts-expect-error the offer alert's handler answers whether it showed the alert itself
  api.on('ON_OFFER_ALERT', () => 'shown');
  // @ts-expect-error not a desk shortcut
  await api.pressShortcut('Alt+B');
  // @ts-expect-error no such event
  api.on('ON_NOTHING', () => {});
  // @ts-expect-error a transfer's destination is one string: an agent, a team, a service or a skill
  await api.blindTransfer({ skill: 'sales' });
}
