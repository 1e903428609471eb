/**
 * Seed 000's agent contact in the widget: server events become the seed's contact events (with
 * its positional arguments), the facade filters them per contact and sends through the one path
 * (NACK kept with Retry), and history pages back to the first message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError, type ChatMessage, type ContactView, type ServerEvent, type TtrView } from '../../../protocol/index.ts';
import { AgentActions } from '../../../widget/session/agent-actions.ts';
import { AgentContact } from '../../../widget/session/agent-contact.ts';
import type { ContactEvent } from '../../../widget/session/contact-events.ts';
import { reduceActivity, reduceServerEvent } from '../../../widget/session/event-reducer.ts';
import { InteractionStore } from '../../../widget/session/interaction-store.ts';
import { HISTORY_PAGE, SessionLink } from '../../../widget/session/session-link.ts';

const ME = { id: 'alice', name: 'Alice Rossi', nickname: 'Alice' };
const CUSTOMER = { id: 'cust-1', name: 'Carla', authType: 'CONSUMER_ANONYMOUS' as const };

const chat = (over: Partial<ContactView> = {}): ContactView => ({
  id: 'c1', type: 'chat', state: 'delivered', list: 'assigned', isMine: false, queue: 'default', queueName: 'Customer Service',
  customer: CUSTOMER, agent: { ...ME }, lang: 'en', source: 'test', attachedData: {}, priority: 0, mode: 'direct', offerExpiresAt: null,
  participants: [
    { id: CUSTOMER.id, name: 'Carla', role: 'CONSUMER', state: 'ACTIVE' },
    { id: ME.id, name: ME.name, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
  ],
  transfer: null, disposition: null, notes: [], createdAt: 1_000, deliveredAt: 2_000, endedAt: null, completedAt: null, endReason: null,
  call: null, unread: 0, customerReadUpTo: 0, ttr: null, csat: null, idle: false, ...over,
});

let seq = 0;
const message = (from: ChatMessage['from'], over: Partial<ChatMessage> = {}): ChatMessage => {
  seq += 1;
  return { id: `m${seq}`, contactId: 'c1', sequence: seq, from, text: `text ${seq}`, createdAt: 10_000 + seq, ...over };
};
const fromCustomer = { kind: 'customer' as const, id: CUSTOMER.id, name: 'Carla' };
const fromMe = { kind: 'agent' as const, id: ME.id, name: ME.nickname };

function setup() {
  seq = 0;
  const store = new InteractionStore();
  store.reset({ ...ME, username: 'alice', state: 'ONLINE', forcedPause: false, skills: [], capacity: 3 } as never, [chat()]);
  const seen: [string, ContactEvent][] = [];
  const host: [string, unknown[]][] = [];
  store.events.on('contact', (id, e) => seen.push([id, e]));
  store.events.on('host', (name, args) => host.push([name, args]));
  const reduce = (event: ServerEvent) => reduceServerEvent(event, store, { notice: () => {}, sessionEnded: () => {} });
  const names = () => seen.map(([, e]) => e.name);
  return { store, seen, host, reduce, names };
}

describe('the agent contact (seed 000) in the widget', () => {
  it('turns messages into text, localtext, link, locallink, action and localaction with the seed\'s arguments, once each', () => {
    const { reduce, seen } = setup();
    const hello = message(fromCustomer, { text: 'hello' });
    reduce({ topic: 'chat.message', data: { message: hello } });
    reduce({ topic: 'chat.message', data: { message: hello } }); // a duplicate tells nothing
    const link = message(fromCustomer, { text: 'see https://x.test', content: { kind: 'link', url: 'https://x.test', desc: 'see' } });
    reduce({ topic: 'chat.message', data: { message: link } });
    const mine = message(fromMe, { text: 'answer', lang: 'en' });
    reduce({ topic: 'chat.message', data: { message: mine } });
    const myLink = message(fromMe, { text: 'https://y.test', content: { kind: 'link', url: 'https://y.test' } });
    reduce({ topic: 'chat.message', data: { message: myLink } });
    const action = message(fromCustomer, { text: '[cart]', content: { kind: 'action', code: 'cart', args: [1, 'two'] } });
    reduce({ topic: 'chat.message', data: { message: action } });
    const other = message({ kind: 'agent', id: 'bob', name: 'Bob' }, { text: 'bob here', private: true });
    reduce({ topic: 'chat.message', data: { message: other } });
    assert.deepEqual(seen.map(([id, e]) => [id, e.name, ...e.args]), [
      ['c1', 'text', 'hello', CUSTOMER.id, 'Carla', false, hello],
      ['c1', 'link', 'https://x.test', CUSTOMER.id, 'Carla', 'see', false, link],
      ['c1', 'localtext', 'answer', mine],
      ['c1', 'locallink', 'https://y.test', undefined, myLink],
      ['c1', 'action', 'cart', [1, 'two'], CUSTOMER.id, 'Carla', false, action],
      ['c1', 'text', 'bob here', 'bob', 'Bob', true, other],
    ]);
  });

  it('acks each public agent message a READ mark covers, once; ACCESS marks the file opened', () => {
    const { store, reduce, seen } = setup();
    const a = message(fromMe);
    const note = message(fromMe, { private: true });
    const b = message(fromMe);
    for (const m of [a, note, b]) reduce({ topic: 'chat.message', data: { message: m } });
    seen.length = 0;
    const by = { kind: 'customer' as const, id: CUSTOMER.id };
    reduce({ topic: 'chat.receipt', data: { contactId: 'c1', status: 'READ', upTo: a.sequence, by } });
    reduce({ topic: 'chat.receipt', data: { contactId: 'c1', status: 'READ', upTo: b.sequence, by } });
    reduce({ topic: 'chat.receipt', data: { contactId: 'c1', status: 'READ', upTo: b.sequence, by } });
    reduce({ topic: 'chat.receipt', data: { contactId: 'c1', status: 'ACCESS', messageId: b.id, by } });
    assert.deepEqual(seen.map(([, e]) => [e.name, ...e.args]), [
      ['ack', a.id, CUSTOMER.id, 'Carla', false, 'READ'],
      ['ack', b.id, CUSTOMER.id, 'Carla', false, 'READ'],
      ['ack', b.id, CUSTOMER.id, 'Carla', false, 'ACCESS'],
    ]);
    assert.equal(store.marks.wasOpened('c1', b.id), true);
  });

  it('typing (iswriting and every activity), left with its reasons, joined, isidle / isactive', () => {
    const { store, reduce, seen, names } = setup();
    reduceActivity(store, 'c1', fromCustomer, 'writing');
    assert.equal(store.typing.has('c1'), true);
    reduceActivity(store, 'c1', fromCustomer, 'stop-writing');
    assert.equal(store.typing.has('c1'), false);
    assert.deepEqual(names(), ['iswriting', 'activity', 'activity']);
    assert.deepEqual(seen[2]![1].args, [CUSTOMER.id, 'Carla', false, 'stop-writing']);

    seen.length = 0;
    // bob joins the conference, then leaves it; the customer closes.
    store.upsertContact(chat({ participants: [...chat().participants, { id: 'bob', name: 'Bob Verdi', role: 'AGENT', state: 'ACTIVE' }] }));
    reduce({ topic: 'conversation.participant-removed', data: { contactId: 'c1', participant: { id: 'bob', name: 'Bob Verdi', role: 'AGENT', state: 'ACTIVE' } } });
    const left = { id: 'c1', reason: 'vvcu' as const, vvcu: CUSTOMER.id, channels: { total: 1, vvcu: 0, user: 1 } };
    reduce({ topic: 'contact.left', data: left });
    reduce({ topic: 'contact.idle', data: { id: 'c1', idle: true } });
    assert.equal(store.contacts.get('c1')!.idle, true);
    assert.equal(new AgentContact('c1', store, null as never).idle, true);
    reduce({ topic: 'contact.idle', data: { id: 'c1', idle: false } });
    assert.deepEqual(seen.map(([, e]) => [e.name, ...e.args]), [
      ['joined', { id: 'c1', user: 'bob', nick: 'Bob Verdi' }],
      ['left', { id: 'c1', reason: 'user', user: 'bob', channels: { total: 2, vvcu: 1, user: 1 } }],
      ['left', left],
      ['isidle'],
      ['isactive'],
    ]);
  });

  it("tells a customer who left the queue while the chat rang here as `left` abandon; the agent's own accept as `joined`", () => {
    const { store, reduce, seen } = setup();
    store.upsertContact(chat({ id: 'c2', state: 'offered', list: 'pending', participants: [{ id: 'cust-2', name: 'Dan', role: 'CONSUMER', state: 'ACTIVE' }], customer: { ...CUSTOMER, id: 'cust-2', name: 'Dan' } }));
    store.upsertContact(chat({ id: 'c3', state: 'offered', list: 'pending', participants: [{ id: CUSTOMER.id, name: 'Carla', role: 'CONSUMER', state: 'ACTIVE' }] }));
    reduce({ topic: 'contact.cleared', data: { id: 'c2', reason: 'abandon' } });
    store.upsertContact(chat({ id: 'c3' }));
    assert.deepEqual(seen.map(([id, e]) => [id, e.name, ...e.args]), [
      ['c2', 'left', { id: 'c2', reason: 'abandon', vvcu: 'cust-2', channels: { total: 0, vvcu: 0, user: 0 } }],
      ['c3', 'joined', { id: 'c3', user: ME.id, nick: ME.name }],
    ]);
  });

  it('the host hears a new time to respond once, and the customer\'s rating once', () => {
    const { store, reduce, host } = setup();
    const ttr: TtrView = { type: 'URGENT', seconds: 300, manualETTR: null, effective: 20_000 };
    // The view with it comes first (contact.updated), then the event, then the reply of setTTR.
    store.upsertContact(chat({ ttr }));
    reduce({ topic: 'conversation.ttr-change', data: { contactId: 'c1', ttr } });
    store.setTtr('c1', { ...ttr, effective: 21_000 }); // a later deadline is no new TTR
    assert.deepEqual(store.contacts.get('c1')!.ttr, { ...ttr, effective: 21_000 });
    const csat = { rate: 4, resolutionConfirmation: true, status: 'FILLED' as const, at: 30_000 };
    store.upsertContact(chat({ state: 'wrap_up', csat }));
    store.upsertContact(chat({ state: 'wrap_up', csat, notes: [] }));
    assert.deepEqual(host.filter(([n]) => n === 'ON_TTR_CHANGE' || n === 'ON_CHAT_CSAT'), [
      ['ON_TTR_CHANGE', ['c1', ttr]],
      ['ON_CHAT_CSAT', ['c1', csat]],
    ]);
  });
});

describe('the contact facade sends through one path', () => {
  function facade(reply: (frame: any) => Promise<unknown>) {
    const { store, seen } = setup();
    const frames: any[] = [];
    const link = { request: (frame: any) => (frames.push(frame), reply(frame)) } as unknown as SessionLink;
    const actions = new AgentActions(link, store);
    return { store, seen, frames, contact: new AgentContact('c1', store, actions), other: new AgentContact('c2', store, actions) };
  }

  it('sends text with its language, links and actions; refuses a link that is not http(s); hears only its own contact', async () => {
    const { contact, other, frames, store } = facade(async (f) => message(fromMe, { text: f.text ?? '', ...(f.content && { content: f.content }) }));
    const heard: string[] = [];
    contact.on('localtext', (text) => heard.push(text));
    other.on('localtext', () => heard.push('wrong contact'));
    await contact.sendText('Buongiorno', 'it');
    await contact.sendLink('https://shop.test/returns', 'Returns');
    await contact.sendAction('open-cart', ['x']);
    await assert.rejects(contact.sendLink('javascript:alert(1)'), { name: 'invalid_args' });
    contact.sendIsWriting();
    contact.sendIsWriting(); // at most every 2 s
    assert.deepEqual(frames.map((f) => [f.type, f.text ?? f.content?.kind ?? f.activity, f.lang]), [
      ['chat.send', 'Buongiorno', 'it'],
      ['chat.post', 'link', undefined],
      ['chat.post', 'action', undefined],
      ['chat.activity', 'writing', undefined],
    ]);
    assert.deepEqual(heard, ['Buongiorno']);
    assert.equal(store.outgoing.has('c1'), false, 'nothing left waiting');
  });

  it('keeps a refused message marked (NACK) and sends it again with the same clientMessageId on retry', async () => {
    let fail = true;
    const { contact, frames, store, seen } = facade(async (f) => {
      if (fail) throw new ProtocolError('not_suitable_state', 'chat is wrap_up');
      return message(fromMe, { text: f.text });
    });
    await assert.rejects(contact.sendText('are you there?'), { name: 'not_suitable_state' });
    const [waiting] = store.outgoing.get('c1')!;
    assert.deepEqual(waiting!.failed, { name: 'not_suitable_state', message: 'chat is wrap_up' });
    assert.deepEqual(seen.at(-1)![1], { name: 'nack', args: [waiting!.clientMessageId, { name: 'not_suitable_state', message: 'chat is wrap_up' }] });
    fail = false;
    await contact.retry(waiting!.clientMessageId);
    assert.equal(frames[1].clientMessageId, frames[0].clientMessageId);
    assert.equal(store.outgoing.has('c1'), false);
    assert.equal(store.messages.get('c1')!.at(-1)!.text, 'are you there?');
    await assert.rejects(contact.retry('gone'), { name: 'not_found' });
  });
});

describe('history paging', () => {
  it('loads the latest page, then older pages before the oldest held, until the first message; a gap drops what was held', async () => {
    const { store } = setup();
    const all = Array.from({ length: 250 }, () => message(fromCustomer));
    const asked: any[] = [];
    const link = new SessionLink('ws://127.0.0.1:9/ws', null, store, { emit: () => {} } as never);
    link.request = (async (frame: any) => {
      asked.push(frame);
      const max = frame.sequenceMax ?? Infinity;
      return { messages: all.filter((m) => m.sequence <= max).slice(-frame.maxQuantity) };
    }) as never;
    await link.loadHistory('c1');
    assert.equal(store.messages.get('c1')!.length, HISTORY_PAGE);
    assert.equal(store.marks.historyOf('c1').complete, false);
    assert.equal(await link.loadOlder('c1'), true);
    assert.equal(await link.loadOlder('c1'), false);
    assert.equal(await link.loadOlder('c1'), false, 'nothing more to ask');
    assert.deepEqual(store.messages.get('c1')!.map((m) => m.sequence), all.map((m) => m.sequence));
    assert.deepEqual(asked.map((f) => f.sequenceMax), [undefined, 150, 50]);
    assert.equal(asked.length, 3);
    // Many messages later (missed in an outage), the latest page is not next to what is held: it replaces it.
    const later = Array.from({ length: 300 }, () => message(fromCustomer));
    all.push(...later);
    await link.loadHistory('c1');
    assert.equal(store.messages.get('c1')![0]!.sequence, later.at(-HISTORY_PAGE)!.sequence);
    assert.equal(store.marks.historyOf('c1').complete, false);
  });
});
