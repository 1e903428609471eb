/** Every host API method against a real widget and server: successes, error names, events in order, host answers. */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { createChat, type ChatMessage } from '../../customer/index.ts';
import type { ActivityRecord, HostEventName, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, socketIn, startServer, stopServer, type TestServer } from './harness.ts';

const errorOf = (r: OperationResult<unknown>) => (r.status === 'error' ? { name: r.error.name, code: r.error.code } : { name: 'success', code: 0 });
const dataOf = <T>(r: OperationResult<T>): T => {
  if (r.status !== 'success') throw new Error(`expected success, got ${r.error.name}: ${r.error.message}`);
  return r.data;
};

describe('host API: every method', function () {
  this.timeout(60_000);
  let server: TestServer;
  let api: AgentDesktopClientAPIImpl;
  let widget: ReturnType<typeof frame>;
  const events: [HostEventName, any][] = [];
  const logged: ['in' | 'out', unknown][] = [];
  const saved: ActivityRecord[] = [];
  const transferAsks: unknown[] = [];
  let popCustom = true;
  let chatId = '';
  let customer: ReturnType<typeof createChat>;
  const received: ChatMessage[] = [];

  before(async () => {
    server = await startServer();
    customer = createChat({ server: server.url, storage: null });
    api = new AgentDesktopClientAPIImpl({ server: server.url });
    Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    widget = frame(`${server.url}/widget/`);
    const names: HostEventName[] = [
      'ON_LOGIN', 'ON_LOGOUT', 'ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_INTERACTION_REMOVED',
      'ON_ACTIVE_INTERACTION_SWITCHED', 'ON_AGENT_STATE_CHANGE', 'ON_CHAT_MESSAGE', 'ON_WIDGET_MINIMIZED_CHANGE', 'ON_SOFTPHONE_STATUS_CHANGE',
    ];
    for (const name of names) api.on(name, (data: any) => void events.push([name, data]));
    api.on('ON_REQUEST_RECORD_INFO', (i) => ({ name: `ACME account of ${i.chatParties[0]?.name}`, url: 'https://crm.example/accounts/42' }));
    api.on('ON_WEB_SCREEN_POP_CUSTOM', () => popCustom);
    api.on('ON_REQUEST_TRANSFER_DATA', (request) => (transferAsks.push(request), { crmCase: 'C-77' }));
    api.on('ON_SAVE_ACTIVITY_RECORD', (record) => (saved.push(record), { id: 'ACT-1' }));
    api.injectMessageLogger((direction, message) => logged.push([direction, message]));
  });
  after(async () => {
    customer.disconnect();
    await stopServer(server);
  });

  it('session: login state, login, force, logout', async () => {
    expect(dataOf(await api.getLoginState())).to.deep.equal({ loggedIn: false });
    expect(errorOf(await api.getAgentState())).to.deep.equal({ name: 'not_logged_in', code: 2 });
    expect(errorOf(await api.login({ username: 'alice', password: 'wrong' }))).to.deep.equal({ name: 'not_logged_in', code: 2 });
    expect(errorOf(await api.login({ username: 'alice' } as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.login({ username: 'bob', password: 'bob' }))).to.deep.equal({ loggedIn: true, agentId: 'bob', name: 'Bob Garcia' });
    expect(errorOf(await api.login({ username: 'alice', password: 'alice' }))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.login({ username: 'alice', password: 'alice' }, true))).to.include({ agentId: 'alice' });
    await eventually(() => events.filter(([n]) => n === 'ON_LOGIN').length === 2, 5_000, 'two ON_LOGIN');
    const sessionEvents = events.filter(([n]) => n === 'ON_LOGIN' || n === 'ON_LOGOUT').map(([n, d]) => `${n}:${d.agentId ?? ''}`);
    expect(sessionEvents).to.deep.equal(['ON_LOGIN:bob', 'ON_LOGOUT:', 'ON_LOGIN:alice']);
    expect(events.some(([n, d]) => n === 'ON_SOFTPHONE_STATUS_CHANGE' && d.status === 'unavailable')).to.equal(true);
  });

  it('agent state, directory and configuration', async () => {
    expect(dataOf(await api.setAgentState('ready'))).to.deep.equal({ state: 'ready' });
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'ready' });
    expect(errorOf(await api.setAgentState('not_ready', 'Lunch'))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.getTeams())).to.deep.equal([{ id: 'all', name: 'All agents' }]);
    expect(dataOf(await api.getTeamMembers('all')).map((m) => m.id)).to.deep.equal(['alice', 'bob', 'carol']);
    expect(errorOf(await api.getTeamMembers('nope'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(dataOf(await api.getServicesList()).map((s) => s.id)).to.deep.equal(['default', 'sales', 'support']);
    expect(dataOf(await api.getDispositionsList()).map((d) => d.id)).to.include('resolved');
    const config = dataOf(await api.getConfig());
    expect(config).to.deep.include({ productName: 'Switchboard', locale: 'en', sessionOwner: true });
    expect(config.features).to.include({ transfer: true, voice: false });
  });

  it('an interaction: events in order, host answers, chat, variables, notes, transfer data, wrap-up', async () => {
    popCustom = true;
    customer.on('message:received', (m) => received.push(m));
    await customer.init({ room: 'default', name: 'Nadia' });
    const offered = await eventually(() => events.find(([n]) => n === 'ON_NEW_INTERACTION')?.[1], 5_000, 'ON_NEW_INTERACTION');
    chatId = offered.interactionId;
    expect(offered.state).to.equal('delivery_pending');
    expect(errorOf(await api.acceptInteraction('nope'))).to.deep.equal({ name: 'no_interaction', code: 13 });
    expect(dataOf(await api.acceptInteraction(chatId)).state).to.equal('delivered');
    await widget.waitForText('.sb-record', 'ACME account of Nadia');
    const order = events.map(([n]) => n).filter((n) => n.startsWith('ON_NEW') || n.startsWith('ON_INTERACTION') || n.startsWith('ON_ACTIVE'));
    expect(order).to.deep.equal(['ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_ACTIVE_INTERACTION_SWITCHED']);
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'busy' });

    // The host popped its own screen: no default pop in the widget.
    expect(await widget.texts('.sb-notice')).to.deep.equal([]);

    expect(dataOf(await api.sendChatMessage(chatId, 'Hello from the CRM')).messageId).to.be.a('string');
    await eventually(() => received.some((m) => m.text === 'Hello from the CRM'), 5_000, 'customer got the message');
    expect(errorOf(await api.sendChatMessage(chatId, ''))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.suggestChatMessage(chatId, 'Can I have your order number?'))).to.equal(undefined);
    const draft = () => widget.eval<string>('document.querySelector("input[name=message]").value');
    await eventually(async () => (await draft()) === 'Can I have your order number?', 5_000, 'the suggestion in the input box');
    expect(dataOf(await api.switchActiveInteraction(chatId))).to.equal(undefined);
    expect(errorOf(await api.switchActiveInteraction('nope'))).to.deep.equal({ name: 'no_interaction', code: 13 });

    expect(dataOf(await api.setVariable(chatId, 'orderId', '1234'))).to.equal(undefined);
    expect(dataOf(await api.addInteractionAssociatedObject(chatId, { type: 'ticket', id: 'T-9' }))).to.equal(undefined);
    expect(dataOf(await api.getVariables(chatId))).to.deep.include({ orderId: '1234', 'crm.ticket': 'T-9' });
    expect(errorOf(await api.setVariable(chatId, 'bad name!', 'x'))).to.deep.equal({ name: 'invalid_args', code: 3 });

    const { noteId } = dataOf(await api.addNote(chatId, 'First note'));
    expect(dataOf(await api.updateNote(chatId, noteId, 'First note, edited'))).to.deep.equal({ truncated: false });
    expect(errorOf(await api.updateNote(chatId, 'nope', 'x'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(dataOf(await api.replaceNote(chatId, 'x'.repeat(5_001)))).to.deep.equal({ truncated: true });

    // Transfers ask the host for data to attach; a missing agent is a clear error.
    expect(errorOf(await api.blindTransfer(chatId, {} as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.blindTransfer(chatId, { agentId: 'nobody' }))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(transferAsks).to.deep.equal([{ interactionId: chatId, destination: { agentId: 'nobody' } }]);
    expect(dataOf(await api.getVariables(chatId))).to.deep.include({ crmCase: 'C-77' });

    expect(errorOf(await api.setDisposition(chatId, 'nope'))).to.deep.equal({ name: 'no_disposition', code: 16 });
    expect(errorOf(await api.completeInteraction(chatId))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.leaveAndCompleteInteraction(chatId, 'resolved', 'Closed from the CRM'))).to.equal(undefined);
    await eventually(() => events.some(([n, d]) => n === 'ON_INTERACTION_REMOVED' && d.interactionId === chatId), 5_000, 'removed');
    expect(saved).to.have.length(1);
    expect(saved[0].disposition).to.equal('Resolved');
    expect(saved[0].notes.map((n) => n.text.length)).to.deep.equal([5_000, 19]);
    expect(saved[0].interaction.interactionId).to.equal(chatId);
    const states = events.filter(([n, d]) => n === 'ON_INTERACTION_STATE_CHANGE' && d.interactionId === chatId).map(([, d]) => d.state);
    expect(states).to.deep.equal(['delivered', 'wrap_up', 'completed']);
  });

  it('without a host screen pop, the widget pops its own', async () => {
    popCustom = false;
    const second = createChat({ server: server.url, storage: null });
    await second.init({ room: 'default', name: 'Omar' });
    const offered = await eventually(() => events.filter(([n]) => n === 'ON_NEW_INTERACTION')[1]?.[1], 5_000, 'second offer');
    await api.acceptInteraction(offered.interactionId);
    await widget.waitForText('.sb-notice', 'New interaction with Omar');
    await api.leaveAndCompleteInteraction(offered.interactionId);
    second.disconnect();
  });

  it('outbound chat and chat conference', async () => {
    const rita = createChat({ server: server.url, storage: null });
    const joined: string[] = [];
    rita.on('user:joined', ({ user }) => joined.push(user.id));
    const first = await rita.init({ room: 'support', name: 'Rita' }); // nobody online has the skill: it waits
    await rita.close();
    expect(errorOf(await api.startChat(''))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.startChat('nobody'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    const started = dataOf(await api.startChat(first.customer.id));
    expect(started.state).to.equal('delivered');
    expect(started.chatParties.map((p) => [p.type, p.name])).to.deep.equal([['external', 'Rita'], ['internal', 'Alice Rossi']]);
    await eventually(() => joined.includes('alice'), 5_000, 'Rita hears Alice joined');

    // Carol logs in elsewhere (another browser), then is invited into the chat and joins it.
    const carol = socketIn(`${server.port}/widget/`, 'carol');
    await carol.open();
    await carol.send({ id: 1, type: 'agent.login', username: 'carol', password: 'carol' });
    await eventually(async () => (await carol.replies()).some((r) => r.re === 1 && r.ok), 5_000, 'carol logged in');
    await carol.send({ id: 2, type: 'agent.setState', state: 'AWAY' });
    await eventually(async () => (await carol.replies()).some((r) => r.re === 2 && r.ok), 5_000, 'carol is away');
    expect(errorOf(await api.inviteToChatConference(started.interactionId, 'bob'))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.inviteToChatConference(started.interactionId, 'carol'))).to.equal(undefined);
    await carol.send({ id: 3, type: 'contact.accept', contactId: started.interactionId });
    await eventually(() => joined.includes('carol'), 5_000, 'Rita hears Carol joined');
    const withCarol = await eventually(async () => {
      const i = dataOf(await api.getInteractionsState()).interactions.find((x) => x.interactionId === started.interactionId);
      return i && i.chatParties.length === 3 ? i : null;
    }, 5_000, 'three chat parties');
    expect(withCarol.chatParties.map((p) => p.name)).to.deep.equal(['Rita', 'Alice Rossi', 'Carol Bianchi']);
    expect(dataOf(await api.removeFromChatConference(started.interactionId, 'carol'))).to.equal(undefined);
    expect(errorOf(await api.removeFromChatConference(started.interactionId, 'carol'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    await api.leaveAndCompleteInteraction(started.interactionId);
    await carol.close();
    rita.disconnect();
  });

  it('voice methods exist and say they are not implemented yet', async () => {
    const results = await Promise.all([
      api.startCall('+390212345'),
      api.setCallHold('x', true),
      api.setCallMute('x', true),
      api.sendDtmf('x', '1#'),
      api.setCallRecording('x', true),
      api.consultCall('x', 'bob'),
      api.inviteToCallConference('x', 'bob'),
      api.removeFromCallConference('x', 'bob'),
    ]);
    for (const r of results) expect(errorOf(r)).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
  });

  it('minimizes the widget, logs messages both ways, and answers unknown calls with an error', async () => {
    expect(errorOf(await api.setWidgetMinimized('yes' as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.setWidgetMinimized(true))).to.equal(undefined);
    await widget.waitFor('[data-action=expand]');
    await eventually(() => events.some(([n, d]) => n === 'ON_WIDGET_MINIMIZED_CHANGE' && d.minimized), 5_000, 'minimized event');
    await widget.click('[data-action=expand]');
    await eventually(() => events.some(([n, d]) => n === 'ON_WIDGET_MINIMIZED_CHANGE' && !d.minimized), 5_000, 'expanded event');
    expect(logged.some(([d]) => d === 'out')).to.equal(true);
    expect(logged.some(([d]) => d === 'in')).to.equal(true);
    expect(errorOf(await (api as any).noSuchMethod())).to.deep.equal({ name: 'unknown_error', code: 99 });
    expect(dataOf(await api.logout())).to.equal(undefined);
    expect(errorOf(await api.logout())).to.deep.equal({ name: 'not_logged_in', code: 2 });
  });
});
