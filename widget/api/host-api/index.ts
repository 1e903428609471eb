/**
 * The widget's side of the host API: every method answers an OperationResult and never throws.
 * It also wires the host's events: notifications out, and the host-answered ones (screen pop,
 * CRM record info, transfer data, activity record) into the agent's work.
 */
import { hostAgentState, type HostEventMap, type HostEventName, type WidgetHostApi } from '../../../protocol/index.ts';
import type { BrandingState } from '../../branding.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { crmRecord } from './crm-record.ts';
import { directoryMethods } from './directory-methods.ts';
import { HostEvents } from './host-events.ts';
import { interactionMethods } from './interaction-methods.ts';
import { Results } from './results.ts';
import { sessionMethods } from './session-methods.ts';
import { voiceMethods } from './voice-methods.ts';

export { HostEvents } from './host-events.ts';

/** Every host API method; `subscribe` is per host, added where a host is linked (host-bridge.ts). */
export type HostMethods = Omit<WidgetHostApi, 'subscribe'>;

export function createHostApi(session: AgentSession, branding: BrandingState, isOwner: () => boolean): HostMethods {
  const r = new Results(session);
  return {
    ...sessionMethods(session, r),
    ...interactionMethods(session, r),
    ...directoryMethods(session, r, branding, isOwner),
    ...voiceMethods(),
  };
}

/** Forwards the widget's events to the hosts and lets them answer where they may. */
export function wireHostEvents(session: AgentSession, events: HostEvents): void {
  const { store } = session;
  const notify = <K extends HostEventName>(name: K, data: HostEventMap[K]) => events.notify(name, data);
  store.events.on('host', (name, data) => {
    notify(name, data);
    if (name === 'ON_NEW_INTERACTION') void recordInfo((data as HostEventMap['ON_NEW_INTERACTION']).interactionId);
    if (name === 'ON_INTERACTION_STATE_CHANGE' && (data as HostEventMap['ON_INTERACTION_STATE_CHANGE']).state === 'delivered') {
      void screenPop(data as HostEventMap['ON_INTERACTION_STATE_CHANGE']);
    }
  });
  let lastState = '';
  store.events.on('change', () => {
    if (session.status !== 'logged_in' || !store.agent) return;
    const state = hostAgentState(store.agent, [...store.contacts.values()]);
    const key = JSON.stringify(state);
    if (key !== lastState) notify('ON_AGENT_STATE_CHANGE', state);
    lastState = key;
  });
  let wasLoggedIn = false;
  session.events.on('status', (status) => {
    if (status === 'logged_out' && wasLoggedIn) notify('ON_LOGOUT', {});
    wasLoggedIn = status === 'logged_in';
    if (status === 'logged_in' && store.agent) {
      notify('ON_LOGIN', { loggedIn: true, agentId: store.agent.id, name: store.agent.name });
      notify('ON_SOFTPHONE_STATUS_CHANGE', { status: 'unavailable', reason: 'voice is not enabled' });
    }
  });
  session.events.on('error', (error) => notify('ON_SERVER_ERROR', { message: error.message }));
  session.events.on('connection', (state, previous) => notify('ON_CONNECTION_STATE_CHANGE', { state, previous }));
  navigator.mediaDevices?.addEventListener?.('devicechange', async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const labels = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind).map((d) => d.label || d.deviceId);
    notify('ON_AUDIO_DEVICE_CHANGE', { inputs: labels('audioinput'), outputs: labels('audiooutput') });
  });

  const interaction = (id: string) => store.interactions().find((i) => i.interactionId === id);
  async function recordInfo(id: string) {
    const data = interaction(id);
    const record = data && crmRecord(await events.ask('ON_REQUEST_RECORD_INFO', data));
    if (record) store.setRecord(id, record);
  }
  async function screenPop(data: HostEventMap['ON_WEB_SCREEN_POP_CUSTOM']) {
    if ((await events.ask('ON_WEB_SCREEN_POP_CUSTOM', data)) === true) return; // the host popped its own
    const customer = data.chatParties.find((p) => p.type === 'external')?.name ?? '';
    session.events.emit('notice', 'notice.screenPop', { contact: customer });
  }
  session.actions.hooks = {
    transferData: async (contactId, request) =>
      (await events.ask('ON_REQUEST_TRANSFER_DATA', {
        interactionId: contactId,
        destination: request.toAgent ? { agentId: request.toAgent } : request.toSkill ? { skill: request.toSkill } : { tags: request.toTags ?? [] },
      })) ?? {},
    saveActivity: async (contactId) => {
      const data = interaction(contactId);
      const contact = store.contacts.get(contactId);
      if (!data || !contact) return undefined;
      const saved = await events.ask('ON_SAVE_ACTIVITY_RECORD', { interaction: data, notes: contact.notes, ...(data.disposition && { disposition: data.disposition }) });
      return saved?.id;
    },
  };
}
