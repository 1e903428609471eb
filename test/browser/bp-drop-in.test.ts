/**
 * Drop-in for Bright Pattern's Agent Desktop Client API: a CRM page written only against the
 * published API (fixtures/bp-crm.ts: the adapter script, brightpattern.AdApi, ids last, positional
 * events, the name-based logger) goes through a whole day of an agent on a real Switchboard
 * server. Two such CRMs, one per agent (alice: widget on 127.0.0.1, bob: widget on localhost);
 * every message either CRM sees is checked against the published shapes as it arrives.
 */
import { expect } from '@esm-bundle/chai';
import { createChat, type ChatMessage } from '../../customer/index.ts';
import { addIframe, eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

type Result = { status: 'success'; data: any } | { status: 'error'; error: { code: number; name: string; message?: string } };
type CrmEvent = { name: string; args: any[]; argc: number };

function crmPage(key: string) {
  const f = frame(`key=${key}`);
  return {
    frame: f,
    /** Calls the API as the CRM page would: `expr` is the call, e.g. `acceptInteraction()`. */
    call: (expr: string) => f.eval<Result>(`crm.api.${expr}`),
    eval: <T>(expr: string) => f.eval<T>(expr),
    events: () => f.eval<CrmEvent[]>('crm.events'),
    log: () => f.eval<[string, any][]>('crm.log'),
    /** The first event `name` (after `skip` of them) whose arguments pass `test`. */
    event: (name: string, test: (args: any[]) => boolean = () => true, skip = 0) =>
      eventually(async () => (await f.eval<CrmEvent[]>('crm.events')).filter((e) => e.name === name && test(e.args))[skip], 10_000, `${key}: ${name}`),
  };
}
const ok = (r: Result) => {
  if (r.status !== 'success') throw new Error(`expected success, got ${r.error.name}: ${r.error.message}`);
  return r.data;
};
const err = (r: Result) => (r.status === 'error' ? { code: r.error.code, name: r.error.name } : { code: 0, name: 'success' });

describe("drop-in for Bright Pattern's Agent Desktop Client API: a day of an agent", function () {
  this.timeout(120_000);
  let server: TestServer;
  let host127 = '';
  let hostLocal = '';
  const a = crmPage('crm-a'); // alice's CRM
  const b = crmPage('crm-b'); // bob's CRM
  let aWidget: ReturnType<typeof frame>;
  const customers: ReturnType<typeof createChat>[] = [];
  let nadiaChat = '';
  let omarChat = '';
  const omarReceived: ChatMessage[] = [];

  before(async () => {
    server = await startServer();
    host127 = `http://127.0.0.1:${server.port}`;
    hostLocal = `http://localhost:${server.port}`;
    const page = (origin: string, key: string, app: string) => `/test/browser/fixtures/bp-crm.html?server=${encodeURIComponent(origin)}&key=${key}&app=${app}`;
    // Comm.Widget 1.0's path for alice's CRM, 2.0's for bob's: the same script.
    await addIframe(page(host127, 'crm-a', 'communicator'), 'crm-a', { width: 900, height: 640 });
    await addIframe(page(hostLocal, 'crm-b', 'crmembedded'), 'crm-b', { width: 900, height: 640 });
    aWidget = frame(`${host127}/widget/`);
    await eventually(() => a.eval<boolean>('!!window.crm'), 10_000, 'CRM A loaded');
    await eventually(() => b.eval<boolean>('!!window.crm'), 10_000, 'CRM B loaded');
  });
  after(async () => {
    for (const c of customers) c.disconnect();
    await stopServer(server);
  });

  it('loads from the adapter path: brightpattern.AdApi starts nothing itself, fills mountRoot, answers before login', async () => {
    expect(await a.eval('crm.startedNothing')).to.equal(true);
    expect(await b.eval('crm.startedNothing')).to.equal(true);
    const size = await a.eval<{ width: number; height: number; mount: { width: number; height: number } }>('crm.widgetSize()');
    expect([size.width, size.height]).to.deep.equal([size.mount.width, size.mount.height]);
    expect(await a.call('getLoginState()')).to.deep.equal({ status: 'success', data: { isLoggedIn: false } });
    expect(err(await a.call('getInteractionsState()'))).to.deep.equal({ code: 2, name: 'not_logged_in' });
    expect(err(await a.call('noSuchMethod()'))).to.deep.equal({ code: 14, name: 'api_method_not_implemented' });
    expect(ok(await a.call('getConfig()'))).to.include({ integrationKey: 'crm-a' });
  });

  it('login: logged in elsewhere gives user_already_logged_in (108), the CRM logs in with force, the other session hears 100', async () => {
    // Alice is logged in on another CRM (B's widget) first.
    expect(await b.eval('crm.login("alice", "alice")')).to.deep.equal({ status: 'success', data: null });
    await b.event('ON_LOGIN', ([s]) => s.agentId === 'alice');
    // CRM A logs in as the published example does: the 108 makes it log in again with force.
    const first = await a.eval<Result>('crm.login("alice", "alice")');
    expect(err(first)).to.deep.equal({ code: 15, name: 'not_suitable_state' });
    const [error] = (await a.event('ON_SERVER_ERROR')).args;
    expect(error).to.include({ code: 108, name: 'user_already_logged_in' });
    expect(error.timestamp).to.be.a('number');
    const [login] = (await a.event('ON_LOGIN')).args;
    expect(login).to.include({ isLoggedIn: true, agentId: 'alice', username: 'alice' });
    const logins = (await a.log()).filter(([n]) => n === 'LOGIN').map(([, args]) => args);
    expect(logins).to.deep.equal([[{ username: 'alice', password: 'alice', tenant: 'acme' }], [{ username: 'alice', password: 'alice', tenant: 'acme' }, true]]);
    // The session it replaced: forced_logout_by_other_client, then logged out.
    const [forced] = (await b.event('ON_SERVER_ERROR', ([e]) => e.code === 100)).args;
    expect(forced.name).to.equal('forced_logout_by_other_client');
    await b.event('ON_LOGOUT');
    expect(await b.call('getLoginState()')).to.deep.equal({ status: 'success', data: { isLoggedIn: false } });
    // Bob logs in on his CRM.
    expect(await b.eval('crm.login("bob", "bob")')).to.deep.equal({ status: 'success', data: null });
    await b.event('ON_LOGIN', ([s]) => s.agentId === 'bob');
  });

  it('agent states, with positional ON_AGENT_STATE_CHANGE', async () => {
    expect(ok(await a.call('getAgentNotReadyReasons()'))).to.deep.equal(['Away', 'Back soon', 'Offline']);
    expect(ok(await a.call('setAgentState("not_ready", "Back soon")'))).to.equal(null);
    expect(ok(await a.call('getAgentState()'))).to.deep.equal({ state: 'not_ready', reservedForIncomingInteraction: false, notReadyReason: 'Back soon' });
    const notReady = await a.event('ON_AGENT_STATE_CHANGE', ([s, r]) => s === 'not_ready' && r === 'Back soon');
    expect(notReady.argc).to.equal(2);
    expect(ok(await a.call('setAgentState("ready")'))).to.equal(null);
    await a.event('ON_AGENT_STATE_CHANGE', ([s]) => s === 'ready');
    expect(err(await a.call('setAgentState("busy")'))).to.deep.equal({ code: 3, name: 'invalid_args' });
    expect(ok(await b.call('setAgentState("not_ready", "Away")'))).to.equal(null); // the first chats go to alice
  });

  it('accepts the offered chat (no id), chats, notes, variables, links a record, stores the screen', async () => {
    const nadia = createChat({ server: host127, storage: null });
    customers.push(nadia);
    const nadiaReceived: ChatMessage[] = [];
    nadia.on('message:received', (m) => nadiaReceived.push(m));
    await nadia.init({ room: 'default', name: 'Nadia' });
    const [offered] = (await a.event('ON_NEW_INTERACTION')).args;
    nadiaChat = offered.interactionId;
    expect(offered).to.include({ state: 'delivery_pending', type: 'chat', interactionKind: 'chat', service: 'Customer Service', subject: '', internal: false });
    expect(ok(await a.call('getAgentState()'))).to.deep.equal({ state: 'reserved', reservedForIncomingInteraction: true });
    expect(ok(await a.call('acceptInteraction()'))).to.equal(null);
    await a.event('ON_INTERACTION_STATE_CHANGE', ([i]) => i.interactionId === nadiaChat && i.state === 'delivered');
    expect((await a.event('ON_ACTIVE_INTERACTION_SWITCHED', ([id]) => id === nadiaChat)).argc).to.equal(1);
    const [popId, pop] = (await a.event('ON_WEB_SCREEN_POP_CUSTOM')).args;
    expect(popId).to.equal(nadiaChat);
    expect(pop).to.include({ action: 'DISPLAY_TEXT', label: 'Nadia' });

    expect(ok(await a.call('sendChatMessage("Hello Nadia, how can I help?")'))).to.equal(null);
    await eventually(() => nadiaReceived.some((m) => m.text === 'Hello Nadia, how can I help?'), 5_000, 'Nadia got the reply');
    await nadia.sendMessage('My order 1234 is late');
    await aWidget.waitForText('.sb-messages', 'My order 1234 is late');

    expect(ok(await a.call('addNote("Order 1234 late")'))).to.equal(null);
    expect(ok(await a.call(`updateNote("Order 1234 late, refund asked", "${nadiaChat}")`))).to.equal(null);
    expect(ok(await a.call('setVariable("orderId", "1234")'))).to.equal(null);
    expect(ok(await a.call(`getVariables(["orderId", "nothing"], "${nadiaChat}")`))).to.deep.equal({ orderId: '1234' });
    expect(ok(await a.call('addInteractionAssociatedObject({ id: "ACC-1", type: "account", displayName: "ACME Corp", displayType: "Account", customFields: { tier: "gold" } })'))).to.equal(null);
    expect(ok(await a.call('setInteractionActiveScreen({ record: "ACC-1", tab: "orders" })'))).to.equal(null);
    const state = ok(await a.call('getInteractionsState()'));
    expect(state.activeInteractionId).to.equal(nadiaChat);
    const [interaction] = state.interactions;
    expect(interaction.associatedObjects).to.deep.equal({
      list: [{ id: 'ACC-1', type: 'account', displayName: 'ACME Corp', displayType: 'Account', customFields: { tier: 'gold' }, source: 'crm-a' }],
      selected: ['ACC-1'],
    });
    expect(interaction.attachedData).to.deep.equal({ orderId: '1234' });
    expect(interaction.description).to.equal('Order 1234 late, refund asked');
    expect(interaction.chatParties.map((p: any) => [p.type, p.name])).to.deep.equal([['external', 'Nadia'], ['internal', 'Alice Rossi']]);

    // The agent opens the record, and searches the CRM, from the widget.
    await aWidget.click('[data-record-id="ACC-1"]');
    const opened = await a.event('ON_OPEN_RECORD');
    expect(opened.args).to.deep.equal([
      { id: 'ACC-1', type: 'account', displayName: 'ACME Corp', displayType: 'Account', customFields: { tier: 'gold' } },
      nadiaChat,
      { inNewTab: false, source: 'user' },
    ]);
    await aWidget.type('input[name=crm-search]', 'ACME');
    await aWidget.click('[data-action=crm-search]');
    expect((await a.event('ON_SEARCH_RECORDS')).args).to.deep.equal([{ text: 'ACME', types: ['account'] }, nadiaChat, false]);
  });

  it('a second chat; switching back restores the first one\'s screen through ON_SHOW_SCREEN', async () => {
    const omar = createChat({ server: hostLocal, storage: null });
    customers.push(omar);
    omar.on('message:received', (m) => omarReceived.push(m));
    await omar.init({ room: 'default', name: 'Omar' });
    const [offered] = (await a.event('ON_NEW_INTERACTION', ([i]) => i.interactionId !== nadiaChat)).args;
    omarChat = offered.interactionId;
    expect(ok(await a.call(`acceptInteraction("${omarChat}")`))).to.equal(null);
    expect(ok(await a.call(`switchActiveInteraction("${omarChat}")`))).to.equal(null);
    await a.event('ON_ACTIVE_INTERACTION_SWITCHED', ([id]) => id === omarChat);
    expect(ok(await a.call('setInteractionActiveScreen({ record: "CASE-9" })'))).to.equal(null);

    expect(ok(await a.call(`switchActiveInteraction("${nadiaChat}")`))).to.equal(null);
    const shown = await a.event('ON_SHOW_SCREEN', ([, id]) => id === nadiaChat);
    expect(shown.args).to.deep.equal([{ record: 'ACC-1', tab: 'orders' }, nadiaChat]);
    expect(await a.eval('crm.screen')).to.deep.equal({ record: 'ACC-1', tab: 'orders' });
    // The agent clicks Omar's chat in the widget: his case comes back.
    await aWidget.click(`.sb-interaction[data-contact-id="${omarChat}"]`);
    expect((await a.event('ON_SHOW_SCREEN', ([, id]) => id === omarChat)).args).to.deep.equal([{ record: 'CASE-9' }, omarChat]);
    expect(ok(await a.call('getInteractionsState()')).activeInteractionId).to.equal(omarChat);
  });

  it('chat conference: bob is invited, joins from his CRM, and is removed', async () => {
    expect(ok(await a.call(`inviteToChatConference("bob", "${omarChat}")`))).to.equal(null);
    const [invited] = (await b.event('ON_NEW_INTERACTION', ([i]) => i.interactionId === omarChat)).args;
    expect(invited.state).to.equal('delivery_pending');
    expect(ok(await b.call('acceptInteraction()'))).to.equal(null);
    const joined = await eventually(async () => {
      const i = ok(await b.call('getInteractionsState()')).interactions.find((x: any) => x.interactionId === omarChat);
      return i?.state === 'delivered' ? i : null;
    }, 10_000, 'bob in the conference');
    expect(joined.origination).to.equal('conference');
    const three = await eventually(async () => {
      const i = ok(await a.call('getInteractionsState()')).interactions.find((x: any) => x.interactionId === omarChat);
      return i?.chatParties.length === 3 ? i : null;
    }, 10_000, 'three parties');
    expect(three.chatParties.map((p: any) => p.name)).to.deep.equal(['Omar', 'Alice Rossi', 'Bob Garcia']);
    expect(ok(await a.call(`removeFromChatConference("bob", "${omarChat}")`))).to.equal(null);
    const [removed] = (await b.event('ON_INTERACTION_REMOVED', ([i]) => i.interactionId === omarChat)).args;
    expect(removed.interactionId).to.equal(omarChat);
  });

  it('knowledge base: searched from the widget, answered by the CRM, the article inserted into a reply', async () => {
    await aWidget.click('[data-side-tab=kb]');
    expect((await a.event('ON_GET_KNOWLEDGE_BASE_FOLDER')).args).to.deep.equal([{ language: 'en' }]);
    await aWidget.type('input[name=kb-query]', 'refund');
    await aWidget.click('[data-action=kb-search]');
    expect((await a.event('ON_SEARCH_KNOWLEDGE_BASE')).args.slice(0, 2)).to.deep.equal(['refund', 'en']);
    await aWidget.click('[data-kb-item="KB-1"] button');
    expect((await a.event('ON_GET_KNOWLEDGE_BASE_ARTICLE')).args).to.deep.equal(['KB-1']);
    await aWidget.click('[data-action=kb-insert]');
    const answer = 'We refund the shipping cost of any order that arrives late.';
    await eventually(async () => (await aWidget.eval<string>('document.querySelector("input[name=message]").value')) === answer, 5_000, 'the answer in the reply');
    await aWidget.click('[data-action=send]');
    await eventually(() => omarReceived.some((m) => m.text === answer), 5_000, 'Omar got the answer');
  });

  it('blind transfer with data: it reaches bob\'s CRM with the record and the screen', async () => {
    expect(ok(await b.call('setAgentState("ready")'))).to.equal(null);
    expect(err(await a.call(`blindTransfer("nobody", {}, "${nadiaChat}")`))).to.deep.equal({ code: 17, name: 'object_not_found' });
    expect(ok(await a.call(`blindTransfer("bob", { caseId: "C-77", priority: 2, vip: true }, "${nadiaChat}")`))).to.equal(null);
    await b.event('ON_NEW_INTERACTION', ([i]) => i.interactionId === nadiaChat);
    expect(ok(await b.call(`acceptInteraction("${nadiaChat}")`))).to.equal(null);
    expect((await b.event('ON_LOAD_TRANSFER_DATA')).args).to.deep.equal([nadiaChat, { caseId: 'C-77', priority: 2, vip: true }]);
    // Bob's CRM gets alice's record and the screen she left for it.
    expect((await b.event('ON_SHOW_SCREEN', ([, id]) => id === nadiaChat)).args).to.deep.equal([{ record: 'ACC-1', tab: 'orders' }, nadiaChat]);
    const atBob = ok(await b.call('getInteractionsState()')).interactions.find((i: any) => i.interactionId === nadiaChat);
    expect(atBob.associatedObjects.list.map((o: any) => o.id)).to.deep.equal(['ACC-1']);
    expect(atBob.attachedData).to.deep.equal({ orderId: '1234' });
    await a.event('ON_INTERACTION_REMOVED', ([i]) => i.interactionId === nadiaChat);
    // Bob wraps it up with a disposition by code.
    expect(ok(await b.call(`leaveAndCompleteInteraction("sale", "Refund done", "${nadiaChat}")`))).to.equal(null);
    const [saved] = (await b.event('ON_SAVE_ACTIVITY_RECORD')).args;
    expect(saved).to.include({ interactionId: nadiaChat, disposition: 'Sale made', contactName: 'Nadia' });
  });

  it('disposition by name, reschedule window, a record the CRM requires, leave and complete', async () => {
    expect(ok(await a.call(`getDispositionsList({ interactionId: "${omarChat}" })`)).map((d: any) => d.name)).to.include('Resolved');
    expect(ok(await a.call('setDisposition("Resolved")'))).to.equal(null);
    await eventually(async () => ok(await a.call('getInteractionsState()')).interactions.find((i: any) => i.interactionId === omarChat)?.disposition === 'Resolved', 5_000, 'disposition');
    expect(ok(await a.call('setRescheduleWindow({ numberToDial: "+390212345", fromTime: "2030-05-02T09:00:00Z", untilTime: "2030-05-02T12:00:00Z", timezoneCode: "CET" })'))).to.equal(null);
    await aWidget.click('[data-side-tab=crm]'); // the agent last looked at the knowledge base
    await aWidget.waitForText('[data-reschedule]', '+390212345');

    // This CRM wants a record selected before completion: the first try ends the chat but is refused.
    await a.eval('crm.requireRecords = true');
    const refused = await a.call(`leaveAndCompleteInteraction("Resolved", "Answered from the knowledge base", "${omarChat}")`);
    expect(err(refused)).to.deep.equal({ code: 15, name: 'not_suitable_state' });
    expect(refused.status === 'error' && refused.error.message).to.equal('Link the case before completing');
    // The agent links the record on the CRM's screen from the widget, and completes.
    await aWidget.click('[data-action=link-record]');
    await a.event('ON_REQUEST_RECORD_ON_SCREEN');
    await aWidget.waitFor('[data-record-id="CASE-9"]');
    expect(ok(await a.call('completeInteraction()'))).to.equal(null);
    const validated = (await a.event('ON_VALIDATE_ASSOCIATED_RECORDS', ([, r]) => r.selected.length > 0)).args;
    expect(validated[1].selected).to.deep.equal(['CASE-9']);
    const [saved] = (await a.event('ON_SAVE_ACTIVITY_RECORD')).args;
    expect(saved).to.include({ interactionId: omarChat, disposition: 'Resolved', contactName: 'Omar', description: 'Answered from the knowledge base' });
    const [removed] = (await a.event('ON_INTERACTION_REMOVED', ([i]) => i.interactionId === omarChat)).args;
    expect(removed.state).to.equal('completed');
    expect(ok(await a.call('getInteractionsState()'))).to.deep.equal({ activeInteractionId: null, interactions: [] });
  });

  it('voice without a call answers Bright Pattern\'s codes; logout; every message either way had the published shape', async () => {
    expect(err(await a.call('startCall("+390212345")'))).to.deep.equal({ code: 14, name: 'api_method_not_implemented' }); // no telephone network
    expect(err(await a.call('getScreenRecordingState()'))).to.deep.equal({ code: 14, name: 'api_method_not_implemented' });
    for (const call of ['consultCall("bob")', 'setCallHold(true)']) expect(err(await a.call(call))).to.deep.equal({ code: 13, name: 'no_interaction' });
    expect(ok(await a.call('logout()'))).to.equal(null);
    await a.event('ON_LOGOUT');
    expect(await a.call('getLoginState()')).to.deep.equal({ status: 'success', data: { isLoggedIn: false } });
    expect(ok(await b.call('logout()'))).to.equal(null);

    for (const crm of [a, b]) {
      expect(await crm.eval<string[]>('crm.violations')).to.deep.equal([]);
      const names = new Set((await crm.log()).map(([n]) => n));
      // Events no handler listens to reach the logger too.
      expect([...names]).to.include.members(['ON_PHONE_CAPABILITIES_CHANGE', 'ON_SOFTPHONE_STATUS_CHANGE', 'LOGIN', 'LOGIN_RESPONSE', 'GET_INTERACTIONS_STATE_RESPONSE']);
      // Beyond the published names, only Switchboard's own additions.
      expect((await crm.eval<string[]>('crm.unpublished')).filter((n) => !['LINK', 'ON_CHAT_MESSAGE', 'ON_CONNECTION_STATE_CHANGE', 'ON_OFFER_ALERT'].includes(n))).to.deep.equal([]);
    }
    const aNames = new Set((await a.log()).map(([n]) => n));
    expect([...aNames]).to.include.members([
      'SET_AGENT_STATE', 'ACCEPT_INTERACTION', 'SEND_CHAT_MESSAGE', 'ADD_NOTE', 'UPDATE_NOTE', 'SET_VARIABLE', 'GET_VARIABLES',
      'ADD_INTERACTION_ASSOCIATED_OBJECT', 'SET_INTERACTION_ACTIVE_SCREEN', 'SWITCH_ACTIVE_INTERACTION', 'INVITE_TO_CHAT_CONFERENCE',
      'REMOVE_FROM_CHAT_CONFERENCE', 'BLIND_TRANSFER', 'SET_DISPOSITION', 'SET_RESCHEDULE', 'LEAVE_AND_COMPLETE_INTERACTION',
      'COMPLETE_INTERACTION', 'LOGOUT', 'ON_SHOW_SCREEN', 'ON_SEARCH_KNOWLEDGE_BASE', 'ON_SEARCH_KNOWLEDGE_BASE_RESPONSE',
    ]);
  });
});
