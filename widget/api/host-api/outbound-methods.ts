/** Host API: interactions the agent starts (chats and calls; email when that channel exists), the outbound service and numbers. */
import { invalidArgs, failure, inConversation, type ChatChannelType, type InitialObjects, type InteractionAssociatedObject, type WidgetHostApi } from '../../../protocol/index.ts';
import type { CallController, CallTarget } from '../../calls/call-controller.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { associatedObject } from '../crm-context.ts';
import { findAgent, notDialable } from './destinations.ts';
import { findService, serviceData } from './directory-methods.ts';
import type { HostContext } from './host-context.ts';
import { HostFailure, str, type Results } from './results.ts';
import { needCalls, noCalls } from './voice-methods.ts';

type Methods = Pick<
  WidgetHostApi,
  'startChat' | 'startCall' | 'startEmail' | 'getService' | 'setService' | 'getDIDNumbersList' | 'getDIDNumber' | 'setDIDNumber' | 'setDialCandidates'
>;

const CHAT_CHANNELS: readonly ChatChannelType[] = ['telegram', 'line', 'facebook', 'web', 'nexmo', 'sms', 'viber', 'twitter', 'wechat', 'whatsapp', 'ms_teams'];

const notYet = (what: string) => async () => failure('api_method_not_implemented', `${what} is not available in this version`);

export function outboundMethods(session: AgentSession, r: Results, host: HostContext, calls: CallController | null): Methods {
  const { store } = session;
  const objects = (initial: InitialObjects | undefined): InteractionAssociatedObject[] =>
    initial === undefined || initial === null ? [] : (Array.isArray(initial) ? initial : [initial]).map((o) => associatedObject(o, host.source));
  return {
    startChat: (channel, address, associatedObjects) =>
      r.act(async () => {
        if (!CHAT_CHANNELS.includes(channel)) throw invalidArgs(`channel must be one of ${CHAT_CHANNELS.join(', ')}`);
        if (channel !== 'web') throw new HostFailure('no_channel_in_service', `the ${channel} channel is not available: only web chat`);
        const wanted = str(address, 'address').trim();
        if (!wanted) throw invalidArgs('address must name a customer (id, name or email)');
        const list = objects(associatedObjects);
        // A customer the agent has met, by id, name or email; otherwise the server looks the address up as an id.
        const customer = store.findCustomer(wanted);
        const contact = await session.actions.startChat(customer?.id ?? wanted, host.service ?? undefined);
        if (list.length) await session.actions.setContext(contact.id, 'objects', { list, selected: list.map((o) => o.id) });
        return { id: contact.id };
      }),
    startCall: !calls
      ? noCalls
      : (phoneNumber, associatedObjects) =>
          r.act(async () => {
            const c = needCalls(calls, host);
            const address = str(phoneNumber, 'phoneNumber').trim();
            if (!address) throw new HostFailure('empty_number', 'phoneNumber is empty: give an agent, or a customer of an open chat');
            const list = objects(associatedObjects);
            // An agent by id or username (an internal call); a customer the agent is chatting with; else the controller resolves it.
            const agent = findAgent(await session.actions.teamMembers(), address);
            if (agent && agent.id === store.agent?.id) throw new HostFailure('self_call', 'that is this agent');
            const customer = agent ? undefined : store.findCustomer(address);
            const chat = customer && [...store.contacts.values()].find((x) => x.customer.id === customer.id && store.listOf(x.id) === 'assigned' && inConversation(x.state));
            if (!agent && !chat) throw notDialable(address) ?? new HostFailure('object_not_found', `no agent, and no customer of an open chat, is known by ${address}`);
            const target: CallTarget = agent ? { agentId: agent.id } : { contactId: chat!.id };
            const { contactId } = await c.startCall(target);
            if (list.length) await session.actions.setContext(contactId, 'objects', { list, selected: list.map((o) => o.id) });
            return { id: contactId };
          }),
    startEmail: notYet('email'),
    getService: () => r.act(() => (host.service ? serviceData(store, findService(store, host.service)) : null)),
    setService: (service) =>
      r.act(() => {
        host.service = service === null ? null : findService(store, str(service, 'service')).id;
      }),
    // No numbers are configured for outbound calls or SMS (they come with voice).
    getDIDNumbersList: () => r.act(() => []),
    getDIDNumber: () => r.act(() => null),
    setDIDNumber: (did) =>
      r.act(() => {
        if (did !== null) throw new HostFailure('object_not_found', `no number ${did}: none is configured`);
      }),
    setDialCandidates: notYet('dialing'),
  };
}
