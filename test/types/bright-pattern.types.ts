/**
 * Compile-time test (checked by `npm run typecheck`, never run): Switchboard's class is Bright
 * Pattern's published class, and an integration typed by the published declarations compiles
 * against it unchanged. The published surface is written down in published-api.ts.
 */
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { AgentDesktopClientAPIImpl as Shipped } from '../../dist/client-api.js';
import type { BrightPatternGlobal, LoginData, PublishedAdApi, PublishedAdApiClass } from './published-api.ts';

// The class, its constructor options, and every method and event: assignable to the published ones.
export const AdApi: PublishedAdApiClass = AgentDesktopClientAPIImpl;
export const shippedConforms = (api: Shipped): PublishedAdApi => api;

/** An integration as Bright Pattern's example writes it, typed only by the published declarations. */
export async function integration(page: Window & BrightPatternGlobal, mountRoot: HTMLElement): Promise<void> {
  const adApi = new page.brightpattern.AdApi({ integrationKey: 'crm', mountRoot, standalone: false, disableNewInteractionPopup: true });
  adApi.injectMessageLogger((message, data) => {
    if (message.endsWith('_RESPONSE') && !message.startsWith('ON_')) void (data as { status: string }).status;
  });
  let saved: LoginData | undefined = { username: 'alice', password: 'secret', tenant: 'acme' };
  adApi.on('ON_SERVER_ERROR', (error) => {
    if (error.code === 108 && saved) void adApi.login(saved, true);
    saved = undefined;
  });
  await adApi.login(saved);
  const onState = (state: string, reason?: string) => console.log(state, reason);
  adApi.on('ON_AGENT_STATE_CHANGE', onState);
  adApi.remove('ON_AGENT_STATE_CHANGE', onState);
  adApi.on('ON_ACTIVE_INTERACTION_SWITCHED', (id) => void id?.toUpperCase());
  adApi.on('ON_SHOW_SCREEN', (screen, interactionId) => void [screen.page, interactionId]);
  adApi.on('ON_LOAD_TRANSFER_DATA', (interactionId, data) => void [interactionId, data.caseId]);
  adApi.on('ON_REQUEST_TRANSFER_DATA', async () => ({ caseId: 42 }));
  adApi.on('ON_SEARCH_KNOWLEDGE_BASE', (query) => [{ id: '1', type: 'article', title: query, text: '' }]);
  adApi.on('ON_GET_KNOWLEDGE_BASE_ARTICLE', () => null);
  adApi.on('ON_WEB_SCREEN_POP_CUSTOM', () => true);
  adApi.on('ON_SAVE_ACTIVITY_RECORD', (activity) => ({ id: activity.interactionId }));
  adApi.on('ON_VALIDATE_ASSOCIATED_RECORDS', (_id, records) => ({ valid: records.selected.length > 0 }));
  adApi.on('ON_REQUEST_RECORD_ON_SCREEN', () => ({ id: 'A-1', type: 'account', displayName: 'ACME', displayType: 'Account', customFields: {} }));
  await adApi.setAgentState('not_ready', 'Away');
  await adApi.acceptInteraction();
  await adApi.blindTransfer('bob', { caseId: '42' });
  await adApi.leaveAndCompleteInteraction('Resolved', 'done', '');
  await adApi.suggestChatMessage('Hello', true);
  await adApi.getDispositionsList({ service: 'Sales' });
  await adApi.startChat('web', 'nadia@example.com', { id: 'A-1', type: 'account', displayName: 'ACME', displayType: 'Account', customFields: {} });
  const state = await adApi.getInteractionsState();
  if (state.status === 'success') void state.data.interactions[0]?.associatedObjects.selected;
  else if (state.error.code === 2) void state.error.name;
}

/** The same calls on Switchboard's own types (the shipped .d.ts), with its typed event arguments. */
export async function onOurTypes(api: AgentDesktopClientAPIImpl): Promise<void> {
  api.on('ON_AGENT_STATE_CHANGE', (state, reason) => void (state === 'not_ready' && reason?.length));
  api.on('ON_SERVER_ERROR', ({ code, name }) => void (code === 108 && name === 'user_already_logged_in'));
  const result = await api.blindTransfer('sales', { ticket: 7 }, 'interaction-1');
  if (result.status === 'success') {
    const nothing: null = result.data;
    void nothing;
  }
  // @ts-expect-error the interaction id goes last (Bright Pattern's order), not first
  await api.blindTransfer('interaction-1', 'sales');
  // @ts-expect-error events carry positional arguments: the state is a string
  api.on('ON_AGENT_STATE_CHANGE', (s) => s.state);
  // @ts-expect-error login takes Bright Pattern's LoginData
  await api.login('alice', 'secret');
  // @ts-expect-error not a published agent state
  await api.setAgentState('lunch');
  // @ts-expect-error no such event
  api.remove('ON_NOTHING', () => {});
}
