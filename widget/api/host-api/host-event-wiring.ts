/**
 * The widget's events to its hosts, with Bright Pattern's positional arguments, and the hosts'
 * answered events wired into the agent's work (transfer data, record validation and saving at
 * completion, records, knowledge base, screen pop).
 */
import {
  ProtocolError,
  SERVER_ERROR_OF_LOGIN,
  SERVER_ERROR_OF_SESSION_END,
  hostAgentState,
  inConversation,
  serverError,
  type ContactView,
  type HostEventMap,
  type HostEventName,
  type InteractionData,
  type WebScreenPop,
} from '../../../protocol/index.ts';
import type { BrandingState } from '../../branding.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { deviceInUse } from '../../calls/call-model.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { crmContext } from '../crm-context.ts';
import { associatedObject } from '../crm-context.ts';
import type { HostContext } from './host-context.ts';
import type { HostEvents } from './host-events.ts';
import { loginState } from './login-state.ts';

/** The events of the agent's interactions, held back until ON_LOGIN while a session starts. */
const INTERACTION_EVENTS = new Set<HostEventName>([
  'ON_NEW_INTERACTION',
  'ON_INTERACTION_STATE_CHANGE',
  'ON_INTERACTION_REMOVED',
  'ON_ACTIVE_INTERACTION_SWITCHED',
  'ON_SHOW_SCREEN',
]);
const MAX_HELD_EVENTS = 1_000;

/** Forwards the widget's events to the hosts and lets them answer where they may. */
export function wireHostEvents(session: AgentSession, events: HostEvents, host: HostContext, branding: BrandingState, calls: CallController | null = null): void {
  const { store } = session;
  const loggedIn = () => session.status === 'logged_in' && !!store.agent;
  const contactOf = (data: unknown) => (typeof data === 'object' && data ? store.contacts.get((data as InteractionData).interactionId) : undefined);
  /** Transfers offered to this agent: their data goes to the CRM once the agent has them. */
  const transfersIn = new Set<string>();
  events.onChange = () => store.setCrmLinked(events.linked);

  // While a session starts (a login, a reload) the agent's interactions load before ON_LOGIN can
  // go out: their events wait for it, so a CRM hears of the login first.
  let held: [HostEventName, unknown[]][] | null = [];
  const notify = (name: HostEventName, args: unknown[]) => {
    if (held && INTERACTION_EVENTS.has(name)) {
      if (held.length < MAX_HELD_EVENTS) held.push([name, args]);
    } else events.notify(name, ...(args as HostEventMap[HostEventName]));
  };
  const release = () => {
    const waiting = held ?? [];
    held = null;
    for (const [name, args] of waiting) events.notify(name, ...(args as HostEventMap[HostEventName]));
  };

  store.events.on('host', (name, args) => {
    notify(name, args);
    const contact = contactOf(args[0]);
    if (name === 'ON_NEW_INTERACTION' && contact?.transfer && contact.transfer.fromAgentId !== store.agent?.id) transfersIn.add(contact.id);
    if (name === 'ON_INTERACTION_STATE_CHANGE' && contact && (args[0] as InteractionData).state === 'delivered') delivered(contact);
    if (name === 'ON_INTERACTION_REMOVED') transfersIn.delete((args[0] as InteractionData).interactionId);
    if (name === 'ON_ACTIVE_INTERACTION_SWITCHED' && args[0]) {
      // The CRM gets back the screen it stored for the interaction the agent switched to.
      const switched = store.contacts.get(args[0] as string);
      const screen = switched && crmContext(switched, 'screen');
      if (screen) notify('ON_SHOW_SCREEN', [screen, switched.id]);
    }
  });

  function delivered(contact: ContactView) {
    if (transfersIn.delete(contact.id)) {
      const sent = crmContext(contact, 'transfer');
      if (sent) events.notify('ON_LOAD_TRANSFER_DATA', contact.id, sent.data);
    }
    void screenPop(contact);
  }

  async function screenPop(contact: ContactView) {
    const customer = contact.customer.name;
    const pop: WebScreenPop = {
      action: 'DISPLAY_TEXT',
      url: '',
      content: `New interaction with ${customer}`,
      label: customer,
      popUponAnswer: true,
      keepPopupOpenAfterFinish: false,
      popup: host.newInteractionPopup,
    };
    if ((await events.ask('ON_WEB_SCREEN_POP_CUSTOM', contact.id, pop)) === true) return; // the CRM showed its own
    // The CRM may take a while to answer: by then the chat may have gone (ended, transferred away).
    const now = store.contacts.get(contact.id);
    if (!host.newInteractionPopup || !now || store.listOf(now.id) !== 'assigned' || !inConversation(now.state)) return;
    session.events.emit('notice', 'notice.screenPop', { contact: customer }, contact.id);
  }

  let lastState = '';
  store.events.on('change', () => {
    if (session.status !== 'logged_in' || !store.agent) return;
    const { state, notReadyReason } = hostAgentState(store.agent, [...store.contacts.values()]);
    const key = `${state}|${notReadyReason ?? ''}`;
    if (key !== lastState) events.notify('ON_AGENT_STATE_CHANGE', state, notReadyReason);
    lastState = key;
  });

  let wasLoggedIn = false;
  session.events.on('status', async (status) => {
    if (status === 'logged_out' && wasLoggedIn) {
      lastState = '';
      events.notify('ON_LOGOUT');
    }
    wasLoggedIn = status === 'logged_in';
    if (status !== 'logged_in') held = [];
    else {
      held ??= [];
      events.notify('ON_LOGIN', await loginState(session));
      release();
      softphone = '';
      tellSoftphone();
    }
  });
  // The session ended from elsewhere: the host hears why, as Bright Pattern's server error.
  session.events.on('ended', (reason) => {
    if (reason !== 'logout') events.notify('ON_SERVER_ERROR', serverError(SERVER_ERROR_OF_SESSION_END[reason], `the agent's session ended: ${reason}`));
  });
  // Bright Pattern tells a refused login as a server error, whoever tried it (the CRM or the agent in the widget).
  session.events.on('loginFailed', (error) => {
    const name = error instanceof ProtocolError ? SERVER_ERROR_OF_LOGIN[error.name] : undefined;
    if (name) events.notify('ON_SERVER_ERROR', serverError(name, error.message));
  });
  session.events.on('error', (error) => events.notify('ON_SERVER_ERROR', serverError('unknown_error', error.message)));
  session.events.on('connection', (state, previous) => events.notify('ON_CONNECTION_STATE_CHANGE', state, previous));
  session.events.on('offerAlert', (alert) => events.notify('ON_OFFER_ALERT', alert));
  // The softphone is the widget's media: ready, able to dial, answer and hold once the controller says so.
  let softphone = '';
  const tellSoftphone = () => {
    if (!loggedIn() || held) return; // from ON_LOGIN on
    const status = calls?.softphone() ?? { ready: false, error: 'calls are not available in this widget' };
    const phone = host.phoneDevice.type === 'phone_type_browser' && status.ready;
    const key = `${phone}|${status.ready}|${status.error ?? ''}`;
    if (key === softphone) return;
    softphone = key;
    events.notify('ON_PHONE_CAPABILITIES_CHANGE', { canDial: phone, canAnswer: phone, canHold: phone, canRetrieve: phone });
    if (host.phoneDevice.type === 'phone_type_browser') {
      if (status.error) events.notify('ON_SOFTPHONE_STATUS_CHANGE', status.ready, status.error);
      else events.notify('ON_SOFTPHONE_STATUS_CHANGE', status.ready);
    }
  };
  calls?.on('softphone', tellSoftphone);
  // The microphone and speaker in use: told when the choice changes or a device comes or goes.
  let audio: string | null = null;
  calls?.on('devices', (state) => {
    const input = deviceInUse(state, 'input');
    const output = deviceInUse(state, 'output');
    const key = JSON.stringify([input, output]);
    if (key === audio) return;
    audio = key;
    events.notify('ON_AUDIO_DEVICE_CHANGE', input, output);
  });

  const interaction = (id: string) => store.interactions().find((i) => i.interactionId === id);
  const language = () => branding.current.locale.split('-')[0];
  session.actions.crm = {
    transferData: async (id) => (await events.ask('ON_REQUEST_TRANSFER_DATA', id)) ?? {},
    validateRecords: async (id) => {
      const data = interaction(id);
      const verdict = data && (await events.ask('ON_VALIDATE_ASSOCIATED_RECORDS', id, data.associatedObjects));
      return verdict && verdict.valid === false ? verdict.message || 'the CRM does not accept the records linked to this interaction' : null;
    },
    saveActivity: async (id) => {
      const data = interaction(id);
      if (!data) return undefined;
      const contactName = data.chatParties.find((p) => p.type === 'external')?.name ?? '';
      return (await events.ask('ON_SAVE_ACTIVITY_RECORD', { ...data, contactName })) ?? undefined;
    },
    openRecord: (id, record) => {
      const { id: recordId, type, displayName, displayType, customFields } = record;
      events.notify('ON_OPEN_RECORD', { id: recordId, type, displayName, displayType, customFields }, id, { inNewTab: false, source: 'user' });
    },
    searchRecords: (id, query) => events.notify('ON_SEARCH_RECORDS', query, id, false),
    recordOnScreen: async () => {
      const record = await events.ask('ON_REQUEST_RECORD_ON_SCREEN');
      return record ? associatedObject(record, host.source) : null;
    },
    recordInfo: async (id, type) => (await events.ask('ON_REQUEST_RECORD_INFO', { id, type })) ?? null,
    kbFolder: async (folderId) => (await events.ask('ON_GET_KNOWLEDGE_BASE_FOLDER', folderId ? { language: language(), folderId } : { language: language() })) ?? [],
    kbSearch: async (query, folderId) => (await events.ask('ON_SEARCH_KNOWLEDGE_BASE', query, language(), folderId)) ?? [],
    kbArticle: async (id) => (await events.ask('ON_GET_KNOWLEDGE_BASE_ARTICLE', id)) ?? null,
  };
}
