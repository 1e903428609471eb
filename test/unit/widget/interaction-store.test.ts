import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactView } from '../../../protocol/index.ts';
import { InteractionStore, type QueueChange } from '../../../widget/session/interaction-store.ts';

const contact = (id: string, over: Partial<ContactView> = {}): ContactView => ({
  id,
  type: 'chat',
  state: 'queued',
  list: 'hidden',
  isMine: false,
  queue: 'default',
  queueName: 'Customer Service',
  customer: { id: `cust-${id}`, name: `Customer ${id}`, authType: 'CONSUMER_ANONYMOUS' },
  agent: null,
  lang: 'en',
  source: 'test',
  attachedData: {},
  priority: 0,
  mode: 'direct',
  offerExpiresAt: null,
  participants: [],
  transfer: null,
  disposition: null,
  notes: [],
  createdAt: 1_000,
  deliveredAt: null,
  endedAt: null,
  completedAt: null,
  endReason: null,
  call: null,
  unread: 0,
  customerReadUpTo: 0,
  ttr: null,
  csat: null,
  idle: false,
  ...over,
});

function storeWithLog() {
  const store = new InteractionStore();
  const host: [string, any][] = [];
  const moves: QueueChange[] = [];
  store.events.on('host', (name, args) => host.push([name, args[0]]));
  store.events.on('queuechange', (e) => moves.push(e));
  return { store, host, moves };
}

describe('widget interaction store', () => {
  it('keeps hidden contacts from the host; an offer is new to the host, its acceptance a state change', () => {
    const { store, host, moves } = storeWithLog();
    store.upsertContact(contact('c1'));
    assert.equal(host.length, 0);
    assert.deepEqual(store.interactions(), []);
    store.upsertContact(contact('c1', { state: 'offered', list: 'pending', isMine: true }));
    store.upsertContact(contact('c1', { state: 'delivered', list: 'assigned', agent: { id: 'a', name: 'Alice Rossi', nickname: 'Alice' } }));
    assert.deepEqual(host.map(([n, d]) => [n, d?.interactionId ?? d, d?.state]), [
      ['ON_NEW_INTERACTION', 'c1', 'delivery_pending'],
      ['ON_INTERACTION_STATE_CHANGE', 'c1', 'delivered'],
      ['ON_ACTIVE_INTERACTION_SWITCHED', 'c1', undefined],
    ]);
    assert.deepEqual(moves, [
      { id: 'c1', assigned: false, pending: false, hidden: true },
      { id: 'c1', assigned: false, pending: true, hidden: true },
      { id: 'c1', assigned: true, pending: true, hidden: false },
    ]);
    assert.equal(store.activeId, 'c1');
  });

  it('an offer that goes to another agent leaves the host list', () => {
    const { store, host } = storeWithLog();
    store.upsertContact(contact('c2', { state: 'offered', list: 'pending' }));
    store.upsertContact(contact('c2', { state: 'delivered', list: 'hidden' }));
    assert.deepEqual(host.map(([n]) => n), ['ON_NEW_INTERACTION', 'ON_INTERACTION_REMOVED']);
    // Bright Pattern's ON_INTERACTION_REMOVED carries the whole interaction, not only its id.
    assert.equal(host[1][1].interactionId, 'c2');
    assert.equal(host[1][1].type, 'chat');
    assert.deepEqual(host[1][1].associatedObjects, { list: [], selected: [] });
  });

  it('a removed contact goes to the host with its data; the CRM context stays out of attachedData', () => {
    const { store, host } = storeWithLog();
    const objects = { list: [{ id: 'A-1', type: 'account', displayName: 'ACME', displayType: 'Account', customFields: {}, source: 'crm' }], selected: ['A-1'] };
    store.upsertContact(contact('c5', { state: 'delivered', list: 'assigned', attachedData: { orderId: '7', 'sb.objects': JSON.stringify(objects), 'sb.screen': '{"page":1}' } }));
    const [i] = store.interactions();
    assert.deepEqual(i.attachedData, { orderId: '7' });
    assert.deepEqual(i.associatedObjects, objects);
    assert.equal(i.subject, '');
    store.removeContact('c5');
    const removed = host.find(([n]) => n === 'ON_INTERACTION_REMOVED')![1];
    assert.equal(removed.interactionId, 'c5');
    assert.deepEqual(removed.associatedObjects, objects);
  });

  it('remembers the customers it met, by id, email and name, for startChat; drafts by interaction', () => {
    const { store } = storeWithLog();
    store.upsertContact(contact('c6', { state: 'delivered', list: 'assigned', customer: { id: 'cust-9', name: 'Nadia Rossi', authType: 'CONSUMER_ANONYMOUS' }, attachedData: { email: 'nadia@example.com' } }));
    store.upsertContact(contact('c7', { customer: { id: 'cust-hidden', name: 'Hidden Person', authType: 'CONSUMER_ANONYMOUS' } })); // hidden: not the agent's
    assert.equal(store.findCustomer('cust-9')?.id, 'cust-9');
    assert.equal(store.findCustomer('NADIA@example.com')?.id, 'cust-9');
    assert.equal(store.findCustomer(' nadia rossi ')?.id, 'cust-9');
    assert.equal(store.findCustomer('Hidden Person'), undefined);
    store.setDraft('c6', 'Hello');
    assert.equal(store.drafts.get('c6'), 'Hello');
    store.setDraft('c6', '');
    assert.equal(store.drafts.has('c6'), false);
  });

  it('moveTo files a contact under another list locally, with a queuechange, until the server moves it', () => {
    const { store, moves } = storeWithLog();
    store.upsertContact(contact('c3', { state: 'offered', list: 'pending', mode: 'broadcast' }));
    moves.length = 0;
    store.moveTo('c3', 'hidden');
    assert.equal(store.listOf('c3'), 'hidden');
    assert.deepEqual(moves, [{ id: 'c3', assigned: false, pending: true, hidden: true }]);
    store.upsertContact(contact('c3', { state: 'delivered', list: 'assigned' }));
    assert.equal(store.listOf('c3'), 'assigned');
    assert.throws(() => store.moveTo('nope', 'hidden'), /no contact nope/);
  });

  it('maps disposition ids to names and notes to the description', () => {
    const { store } = storeWithLog();
    store.reset(null, [], { dispositions: [{ id: 'resolved', name: 'Resolved' }] });
    store.upsertContact(
      contact('c4', {
        state: 'wrap_up',
        list: 'assigned',
        disposition: 'resolved',
        notes: [{ id: 'n1', agentId: 'a', text: 'Refund issued', createdAt: 2_000 }],
        endedAt: 61_000,
      }),
    );
    const [i] = store.interactions(100_000);
    assert.deepEqual([i.state, i.disposition, i.description, i.endTime, i.duration], ['wrap_up', 'Resolved', 'Refund issued', 61_000, 60]);
  });

  it('counts unread customer messages of the chats not shown, until shown; names agents from the team or the participants', () => {
    const store = new InteractionStore();
    store.reset(null, [contact('a', { list: 'assigned', state: 'delivered' }), contact('b', { list: 'assigned', state: 'delivered', participants: [{ id: 'bob', name: 'Bob Verdi', role: 'AGENT', state: 'ACTIVE' }] })]);
    assert.equal(store.activeId, 'a');
    const msg = (contactId: string, sequence: number, kind: 'customer' | 'agent') => ({ id: `m${sequence}`, contactId, sequence, from: { kind, id: kind, name: kind }, text: 'hi', createdAt: 1 });
    store.addMessage(msg('a', 1, 'customer'));
    store.addMessage(msg('b', 2, 'customer'));
    store.addMessage(msg('b', 2, 'customer')); // the same message again
    store.addMessage(msg('b', 3, 'agent'));
    store.addMessage(msg('b', 4, 'customer'));
    assert.deepEqual([...store.unread], [['b', 2]]);
    store.setActive('b');
    assert.deepEqual([...store.unread], []);
    assert.equal(store.agentName('bob'), 'Bob Verdi');
    assert.equal(store.agentName('carol'), 'carol');
    store.agentNames = new Map([['carol', 'Carol Neri']]);
    assert.equal(store.agentName('carol'), 'Carol Neri');
  });
});
