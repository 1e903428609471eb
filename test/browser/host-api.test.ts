/** Every host API method against a real widget and server: successes, error names, events in order, host answers. */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { createChat, type ChatMessage } from '../../customer/index.ts';
import type { HostEventName, InteractionActivityData, OperationResult } from '../../protocol/index.ts';
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
  const events: [HostEventName, any[]][] = [];
  const logged: [string, unknown][] = [];
  const saved: InteractionActivityData[] = [];
  const transferAsks: string[] = [];
  let popCustom = true;
  let chatId = '';
  let customer: ReturnType<typeof createChat>;
  const received: ChatMessage[] = [];
  const first = (name: HostEventName) => events.find(([n]) => n === name)?.[1];

  before(async () => {
    server = await startServer();
    customer = createChat({ server: server.url, storage: null });
    api = new AgentDesktopClientAPIImpl({ server: server.url, integrationKey: 'acme-crm' });
    Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    widget = frame(`${server.url}/widget/`);
    const names: HostEventName[] = [
      'ON_LOGIN', 'ON_LOGOUT', 'ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_INTERACTION_REMOVED', 'ON_ACTIVE_INTERACTION_SWITCHED',
      'ON_AGENT_STATE_CHANGE', 'ON_CHAT_MESSAGE', 'ON_WIDGET_MINIMIZED_CHANGE', 'ON_SOFTPHONE_STATUS_CHANGE', 'ON_SERVER_ERROR', 'ON_PHONE_CAPABILITIES_CHANGE',
    ];
    for (const name of names) api.on(name, (...args: any[]) => void events.push([name, args]));
    api.on('ON_REQUEST_RECORD_INFO', ({ id, type }) => ({ id, type, displayName: `ACME ${type} ${id}`, displayType: 'Account', customFields: {} }));
    api.on('ON_WEB_SCREEN_POP_CUSTOM', () => popCustom);
    api.on('ON_REQUEST_TRANSFER_DATA', (interactionId) => (transferAsks.push(interactionId), { crmCase: 'C-77' }));
    api.on('ON_SAVE_ACTIVITY_RECORD', (activity) => (saved.push(activity), { id: 'ACT-1' }));
    api.injectMessageLogger((name, data) => logged.push([name, data]));
  });
  after(async () => {
    customer.disconnect();
    await stopServer(server);
  });

  it('session: login state, login, already logged in, force, logout', async () => {
    expect(dataOf(await api.getLoginState())).to.deep.equal({ isLoggedIn: false });
    expect(errorOf(await api.getAgentState())).to.deep.equal({ name: 'not_logged_in', code: 2 });
    expect(errorOf(await api.login({ username: 'alice', password: 'wrong' }))).to.deep.equal({ name: 'not_logged_in', code: 2 });
    await eventually(() => first('ON_SERVER_ERROR'), 5_000, 'invalid_credentials as a server error');
    expect(first('ON_SERVER_ERROR')![0]).to.include({ code: 109, name: 'invalid_credentials' });
    expect(errorOf(await api.login({ username: 'alice' } as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.login({ username: 'bob', password: 'bob', tenant: 'acme' }))).to.equal(null);
    const bob = dataOf(await api.getLoginState());
    expect(bob).to.include({ isLoggedIn: true, agentId: 'bob', username: 'bob' });
    expect(bob.sessionId).to.match(/^[0-9a-f]{24}$/);
    expect(errorOf(await api.login({ username: 'alice', password: 'alice' }))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.login({ username: 'alice', password: 'alice' }, true))).to.equal(null);
    await eventually(() => events.filter(([n]) => n === 'ON_LOGIN').length === 2, 5_000, 'two ON_LOGIN');
    const sessionEvents = events.filter(([n]) => n === 'ON_LOGIN' || n === 'ON_LOGOUT').map(([n, a]) => `${n}:${a[0]?.agentId ?? ''}`);
    expect(sessionEvents).to.deep.equal(['ON_LOGIN:bob', 'ON_LOGOUT:', 'ON_LOGIN:alice']);
    expect(events.some(([n, a]) => n === 'ON_SOFTPHONE_STATUS_CHANGE' && a[0] === false && typeof a[1] === 'string')).to.equal(true);
    expect(first('ON_PHONE_CAPABILITIES_CHANGE')).to.deep.equal([{ canDial: false, canAnswer: false, canHold: false, canRetrieve: false }]);
    expect(errorOf(await api.openLogin())).to.deep.equal({ name: 'not_suitable_state', code: 15 });
  });

  it('agent state, directory and configuration', async () => {
    expect(dataOf(await api.setAgentState('ready'))).to.equal(null);
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'ready', reservedForIncomingInteraction: false });
    await eventually(() => events.some(([n, a]) => n === 'ON_AGENT_STATE_CHANGE' && a[0] === 'ready'), 5_000, 'ON_AGENT_STATE_CHANGE(ready)');
    expect(errorOf(await api.setAgentState('not_ready', 'Lunch'))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.getTeams())).to.deep.equal([{ id: 'all', displayName: 'All agents', isSupervised: false, usersCount: 4 }]);
    const members = dataOf(await api.getTeamMembers('all'));
    expect(members.map((m) => m.id)).to.deep.equal(['alice', 'bob', 'carol', 'sam']);
    expect(members[0]).to.deep.equal({ id: 'alice', teamId: 'all', firstName: 'Alice', lastName: 'Rossi', phone: '', state: 'ready' });
    expect(members[1].state).to.equal('offline');
    expect(errorOf(await api.getTeamMembers('nope'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(dataOf(await api.getServicesList())).to.deep.include({ id: 'sales', name: 'Sales', useDispositions: true, requireDisposition: false });
    expect(dataOf(await api.getDispositionsList({}))).to.deep.include({ id: 'no-answer', code: 'no-answer', name: 'Customer did not answer', type: 'FAILURE' });
    expect(errorOf(await api.getDispositionsList({ service: 'nope' }))).to.deep.equal({ name: 'object_not_found', code: 17 });
    const config = dataOf(await api.getConfig());
    expect(config).to.deep.include({ productName: 'Switchboard', locale: 'en', sessionOwner: true, integrationKey: 'acme-crm' });
    expect(config.features).to.include({ transfer: true, voice: false });
    expect(dataOf(await api.getService())).to.equal(null);
    expect(dataOf(await api.setService('Sales'))).to.equal(null);
    expect(dataOf(await api.getService())).to.deep.equal({ id: 'sales', name: 'Sales', useDispositions: true, requireDisposition: false });
    expect(errorOf(await api.setService('nope'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(dataOf(await api.setService(null))).to.equal(null);
    expect(dataOf(await api.getPhoneDevicesList())).to.deep.equal(['phone_type_browser', 'phone_type_none']);
    expect(dataOf(await api.getPhoneDevice())).to.deep.equal({ type: 'phone_type_browser' });
    expect(errorOf(await api.setPhoneDevice({ type: 'phone_type_external', phone: '+3902' }))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.getDIDNumbersList())).to.deep.equal([]);
    expect(dataOf(await api.getDIDNumber())).to.equal(null);
  });

  it('an interaction: events in order, host answers, chat, variables, notes, transfer data, wrap-up', async () => {
    popCustom = true;
    customer.on('message:received', (m) => received.push(m));
    await customer.init({ room: 'default', name: 'Nadia' });
    const [offered] = await eventually(() => first('ON_NEW_INTERACTION'), 5_000, 'ON_NEW_INTERACTION');
    chatId = offered.interactionId;
    expect(offered.state).to.equal('delivery_pending');
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'reserved', reservedForIncomingInteraction: true });
    expect(errorOf(await api.acceptInteraction('nope'))).to.deep.equal({ name: 'no_interaction', code: 13 });
    // No id: the interaction being offered.
    expect(dataOf(await api.acceptInteraction())).to.equal(null);
    const order = events.map(([n]) => n).filter((n) => n.startsWith('ON_NEW') || n.startsWith('ON_INTERACTION') || n.startsWith('ON_ACTIVE'));
    expect(order).to.deep.equal(['ON_NEW_INTERACTION', 'ON_INTERACTION_STATE_CHANGE', 'ON_ACTIVE_INTERACTION_SWITCHED']);
    expect(first('ON_ACTIVE_INTERACTION_SWITCHED')).to.deep.equal([chatId]);
    expect(dataOf(await api.getAgentState())).to.deep.equal({ state: 'busy', reservedForIncomingInteraction: false });

    // The host popped its own screen: no default pop in the widget.
    await new Promise((r) => setTimeout(r, 300));
    expect(await widget.texts('.sb-notice')).to.deep.equal([]);

    // '' is the active interaction, as an absent id.
    expect(dataOf(await api.sendChatMessage('Hello from the CRM', ''))).to.equal(null);
    await eventually(() => received.some((m) => m.text === 'Hello from the CRM'), 5_000, 'customer got the message');
    expect(errorOf(await api.sendChatMessage(''))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.suggestChatMessage('Can I have your order number?'))).to.equal(null);
    const draft = () => widget.eval<string>('document.querySelector("input[name=message]").value');
    await eventually(async () => (await draft()) === 'Can I have your order number?', 5_000, 'the suggestion in the input box');
    expect(errorOf(await api.suggestChatMessage('Something else', false, chatId))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(dataOf(await api.suggestChatMessage('Something else', true, chatId))).to.equal(null);
    await eventually(async () => (await draft()) === 'Something else', 5_000, 'the overwritten suggestion');
    expect(dataOf(await api.switchActiveInteraction(chatId))).to.equal(null);
    expect(errorOf(await api.switchActiveInteraction('nope'))).to.deep.equal({ name: 'no_interaction', code: 13 });
    expect(errorOf(await api.switchActiveInteraction(''))).to.deep.equal({ name: 'invalid_args', code: 3 });

    expect(dataOf(await api.setVariable('orderId', '1234'))).to.equal(null);
    expect(errorOf(await api.setVariable('sb.screen', 'x'))).to.deep.equal({ name: 'invalid_args', code: 3 });
    // Linked by id alone: the CRM's ON_REQUEST_RECORD_INFO gives its display name.
    expect(dataOf(await api.addInteractionAssociatedObject({ type: 'account', id: 'A-9' } as any, chatId))).to.equal(null);
    expect(dataOf(await api.getVariables(['orderId', 'missing']))).to.deep.equal({ orderId: '1234' });
    expect(dataOf(await api.getVariables([]))).to.deep.equal({ orderId: '1234' });
    const [withObject] = dataOf(await api.getInteractionsState()).interactions;
    expect(withObject.associatedObjects).to.deep.equal({
      list: [{ id: 'A-9', type: 'account', displayName: 'ACME account A-9', displayType: 'Account', customFields: {}, source: 'acme-crm' }],
      selected: ['A-9'],
    });
    await widget.waitForText('.sb-record', 'ACME account A-9');
    expect(errorOf(await api.setVariable('bad name!', 'x', chatId))).to.deep.equal({ name: 'invalid_args', code: 3 });

    expect(dataOf(await api.addNote('First note'))).to.equal(null);
    expect(dataOf(await api.updateNote('First note, edited'))).to.equal(null);
    await eventually(async () => dataOf(await api.getInteractionsState()).interactions[0].description === 'First note, edited', 5_000, 'the edited note');
    expect(dataOf(await api.replaceNote('x'.repeat(5_001), chatId))).to.equal(null);
    expect(dataOf(await api.addNote('Second note', chatId))).to.equal(null);
    expect(dataOf(await api.setRescheduleWindow({ numberToDial: '+39021234', fromTime: '2030-01-02T09:00:00Z', untilTime: '2030-01-02T12:00:00Z', timezoneCode: 'CET' })))
      .to.equal(null);
    await widget.waitForText('[data-reschedule]', '+39021234');
    expect(errorOf(await api.setRescheduleWindow({ numberToDial: '1', fromTime: 'soon', untilTime: 'later' }))).to.deep.equal({ name: 'invalid_args', code: 3 });

    // A transfer from the API carries the data given; from the widget it asks ON_REQUEST_TRANSFER_DATA; a missing destination is a clear error.
    expect(errorOf(await api.blindTransfer('nobody'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(errorOf(await api.blindTransfer('+390212345'))).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    // A team (by id or name) goes to its ready agent with the least load: none is ready but alice.
    expect(errorOf(await api.blindTransfer('All agents'))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(errorOf(await api.blindTransfer('bob', { nested: {} } as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.blindTransfer('alice'))).to.deep.equal({ name: 'invalid_args', code: 3 }); // to yourself
    expect(transferAsks).to.deep.equal([chatId]);

    expect(errorOf(await api.setDisposition('nope'))).to.deep.equal({ name: 'no_disposition', code: 16 });
    expect(errorOf(await api.completeInteraction())).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    // By name, as a CRM knows it.
    expect(dataOf(await api.leaveAndCompleteInteraction('Resolved', 'Closed from the CRM', chatId))).to.equal(null);
    const removed = await eventually(() => events.find(([n, a]) => n === 'ON_INTERACTION_REMOVED' && a[0].interactionId === chatId), 5_000, 'removed');
    expect(removed[1][0].state).to.equal('completed');
    expect(saved).to.have.length(1);
    expect(saved[0]).to.include({ interactionId: chatId, disposition: 'Resolved', contactName: 'Nadia' });
    expect(saved[0].description!.split('\n').map((n) => n.length)).to.deep.equal([5_000, 11, 19]);
    expect(saved[0].associatedObjects.selected).to.deep.equal(['A-9']);
    const states = events.filter(([n, a]) => n === 'ON_INTERACTION_STATE_CHANGE' && a[0].interactionId === chatId).map(([, a]) => a[0].state);
    expect(states).to.deep.equal(['delivered', 'wrap_up', 'completed']);
  });

  it('without a host screen pop, the widget pops its own', async () => {
    popCustom = false;
    const second = createChat({ server: server.url, storage: null });
    await second.init({ room: 'default', name: 'Omar' });
    const [offered] = await eventually(() => events.filter(([n]) => n === 'ON_NEW_INTERACTION')[1]?.[1], 5_000, 'second offer');
    await api.acceptInteraction(offered.interactionId);
    await widget.waitForText('.sb-notice', 'New interaction with Omar');
    await api.leaveAndCompleteInteraction(undefined, undefined, offered.interactionId);
    second.disconnect();
  });

  it('outbound chat and chat conference', async () => {
    const rita = createChat({ server: server.url, storage: null });
    const joined: string[] = [];
    rita.on('user:joined', ({ user }) => joined.push(user.id));
    const started0 = await rita.init({ room: 'support', name: 'Rita' }); // nobody online has the skill: it waits
    await rita.close();
    expect(errorOf(await api.startChat('web', ''))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.startChat('pigeon' as any, 'Rita'))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(errorOf(await api.startChat('whatsapp', 'Rita'))).to.deep.equal({ name: 'no_channel_in_service', code: 20 });
    expect(errorOf(await api.startChat('web', 'nobody'))).to.deep.equal({ name: 'object_not_found', code: 17 });
    const id = dataOf(await api.startChat('web', started0.customer.id, { type: 'case', id: 'K-1', displayName: 'Case K-1', displayType: 'Case', customFields: {} })).id!;
    expect(id).to.be.a('string');
    const started = dataOf(await api.getInteractionsState()).interactions.find((i) => i.interactionId === id)!;
    expect(started.state).to.equal('delivered');
    expect(started.origination).to.equal('integration-api');
    expect(started.chatParties.map((p) => [p.type, p.name])).to.deep.equal([['external', 'Rita'], ['internal', 'Alice Rossi']]);
    await eventually(async () => dataOf(await api.getInteractionsState()).interactions.find((i) => i.interactionId === id)?.associatedObjects.list.length === 1, 5_000, 'the case linked');
    await eventually(() => joined.includes('alice'), 5_000, 'Rita hears Alice joined');

    // Carol logs in elsewhere (another browser), then is invited into the chat and joins it.
    const carol = socketIn(`${server.port}/widget/`, 'carol');
    await carol.open();
    await carol.send({ id: 1, type: 'agent.login', username: 'carol', password: 'carol' });
    await eventually(async () => (await carol.replies()).some((r) => r.re === 1 && r.ok), 5_000, 'carol logged in');
    await carol.send({ id: 2, type: 'agent.setState', state: 'AWAY' });
    await eventually(async () => (await carol.replies()).some((r) => r.re === 2 && r.ok), 5_000, 'carol is away');
    expect(errorOf(await api.inviteToChatConference('bob', id))).to.deep.equal({ name: 'not_suitable_state', code: 15 });
    expect(errorOf(await api.inviteToChatConference('nobody', id))).to.deep.equal({ name: 'object_not_found', code: 17 });
    expect(dataOf(await api.inviteToChatConference('carol', id))).to.equal(null);
    await carol.send({ id: 3, type: 'contact.accept', contactId: id });
    await eventually(() => joined.includes('carol'), 5_000, 'Rita hears Carol joined');
    const withCarol = await eventually(async () => {
      const i = dataOf(await api.getInteractionsState()).interactions.find((x) => x.interactionId === id);
      return i && i.chatParties.length === 3 ? i : null;
    }, 5_000, 'three chat parties');
    expect(withCarol.chatParties.map((p) => p.name)).to.deep.equal(['Rita', 'Alice Rossi', 'Carol Bianchi']);
    expect(dataOf(await api.removeFromChatConference('carol', id))).to.equal(null);
    expect(errorOf(await api.removeFromChatConference('carol', id))).to.deep.equal({ name: 'object_not_found', code: 17 });
    await api.leaveAndCompleteInteraction(undefined, undefined, id);
    await carol.close();
    rita.disconnect();
  });

  it('voice methods answer Bright Pattern\'s codes when there is no call to act on', async () => {
    const results = await Promise.all([
      api.startCall('+390212345'),
      api.startEmail('rita@example.com'),
      api.setCallHold(true),
      api.setCallMute(true, 'x'),
      api.sendDtmf('1#'),
      api.setCallRecording(true),
      api.setCallRecordingMute(true),
      api.consultCall('bob'),
      api.transfer({ a: 1 }),
      api.inviteToCallConference('bob'),
      api.removeFromCallConference('bob'),
      api.destroyCallConference(),
      api.mergeAllCallsIntoConference(),
      api.setScreenRecordingMute(true),
      api.getScreenRecordingState(),
      api.setDialCandidates([]),
    ]);
    const [notImplemented, noInteraction, notSuitable] = [{ name: 'api_method_not_implemented', code: 14 }, { name: 'no_interaction', code: 13 }, { name: 'not_suitable_state', code: 15 }];
    expect(results.map((r) => errorOf(r))).to.deep.equal([
      notImplemented, // a telephone number: no telephone network
      notImplemented, // e-mail
      ...Array(6).fill(noInteraction), // hold, mute, DTMF, recording, recording mute, consult: no call
      notSuitable, // transfer: no consultation under way
      noInteraction,
      noInteraction,
      noInteraction,
      notSuitable, // merge: no consultation under way
      notImplemented, // screen recording
      notImplemented,
      notImplemented, // dialing lists
    ]);
  });

  it('minimizes the widget, logs messages by name both ways, answers unknown calls with 14', async () => {
    expect(errorOf(await api.setWidgetMinimized('yes' as any))).to.deep.equal({ name: 'invalid_args', code: 3 });
    expect(dataOf(await api.setWidgetMinimized(true))).to.equal(null);
    await widget.waitFor('[data-action=expand]');
    await eventually(() => events.some(([n, a]) => n === 'ON_WIDGET_MINIMIZED_CHANGE' && a[0] === true), 5_000, 'minimized event');
    expect(dataOf(await api.activatePage())).to.equal(null);
    await eventually(() => events.some(([n, a]) => n === 'ON_WIDGET_MINIMIZED_CHANGE' && a[0] === false), 5_000, 'expanded event');
    expect(logged.filter(([n]) => n === 'SET_WIDGET_MINIMIZED').map(([, d]) => d)).to.deep.equal([['yes'], [true]]);
    expect(logged.find(([n]) => n === 'SET_WIDGET_MINIMIZED_RESPONSE')).to.deep.equal(['SET_WIDGET_MINIMIZED_RESPONSE', { status: 'error', error: { code: 3, name: 'invalid_args', message: 'state must be a boolean' } }]);
    expect(logged.some(([n, d]) => n === 'ON_WIDGET_MINIMIZED_CHANGE' && (d as unknown[])[0] === true)).to.equal(true);
    expect(logged.some(([n]) => n === 'ON_WEB_SCREEN_POP_CUSTOM_RESPONSE')).to.equal(true);
    expect(logged.some(([n]) => n === 'ON_LOGIN_RESPONSE')).to.equal(false); // only answered events have a response
    expect(errorOf(await (api as any).noSuchMethod())).to.deep.equal({ name: 'api_method_not_implemented', code: 14 });
    expect(dataOf(await api.logout())).to.equal(null);
    expect(errorOf(await api.logout())).to.deep.equal({ name: 'not_logged_in', code: 2 });
  });

  it("the widget's own form offers to sign in anyway when the agent is logged in elsewhere", async () => {
    const elsewhere = socketIn(`${server.port}/widget/`, 'carol-elsewhere');
    await elsewhere.open();
    await elsewhere.send({ id: 1, type: 'agent.login', username: 'carol', password: 'carol' });
    await eventually(async () => (await elsewhere.replies()).some((r) => r.re === 1 && r.ok), 5_000, 'carol logged in elsewhere');
    await widget.type('input[name=username]', 'carol');
    await widget.type('input[name=password]', 'carol');
    await widget.click('[data-action=login]');
    await widget.waitFor('[data-action=login][data-force]');
    expect((await widget.texts('.sb-login .sb-error'))[0]).to.match(/logged in elsewhere/);
    await widget.click('[data-action=login]');
    await widget.waitFor('select[name=agent-state]');
    const ended = await eventually(async () => (await elsewhere.replies()).find((r) => r.type === 'event' && r.topic === 'session.ended'), 5_000, 'session.ended');
    expect(ended.data).to.deep.equal({ reason: 'forced' });
    await eventually(() => events.some(([n, a]) => n === 'ON_SERVER_ERROR' && a[0].code === 108), 5_000, 'the host heard 108');
    await elsewhere.close();
    expect(dataOf(await api.logout())).to.equal(null);
  });
});
