/**
 * Issue 12's chat over the wire against a real server: typing (unstored, bounded), read marks with
 * receipts and unread counts, content messages and their limits, private messages that never
 * reach the customer, CSAT, time to respond.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MAX_RICH_CONTENT_CHARS, MAX_TEXT_CHARS, TTR_SECONDS, type SignalEvent, type WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, nextEvent, record, startTestServer, testConfig } from '../../helpers/server.ts';

/** Every frame a connection receives, raw (replies, events and signals alike). */
function rawFrames(conn: WireConnection): string[] {
  const frames: string[] = [];
  const ws = (conn as any).ws as { addEventListener(type: 'message', l: (e: { data: unknown }) => void): void };
  ws.addEventListener('message', (e) => frames.push(String(e.data)));
  return frames;
}

function nextSignal(conn: WireConnection, topic: SignalEvent['topic'], timeoutMs = 2_000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${topic} signal within ${timeoutMs} ms`))), timeoutMs);
    const off = conn.on('signal', (e) => {
      if (e.topic !== topic) return;
      clearTimeout(timer);
      off();
      resolve(e.data);
    });
  });
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe('chat exchange', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  // A fresh server each: alice, the one agent online, takes every chat.
  beforeEach(async () => (server = await startTestServer()));
  afterEach(() => server.close());

  it('relays typing both ways as unstored signals, at a bounded rate', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);

    await settle();
    let seqBefore = customer.lastSeq;
    const atAgent = nextSignal(agent, 'chat.activity');
    assert.deepEqual(await customer.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' }), { relayed: true });
    const typing = await atAgent;
    assert.equal(typing.contactId, chat.id);
    assert.equal(typing.activity, 'writing');
    assert.deepEqual(typing.from, { kind: 'customer', id: chat.customer.id, name: 'Customer' });
    // The same activity again at once is not relayed; a change is.
    assert.deepEqual(await customer.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' }), { relayed: false });
    assert.deepEqual(await customer.request({ type: 'chat.activity', contactId: chat.id, activity: 'stop-writing' }), { relayed: true });

    // Unstored: the customer's numbered stream did not move for activity.
    await settle();
    assert.equal(customer.lastSeq, seqBefore);

    // A message ends the typing: `writing` right after it is relayed again.
    await customer.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' });
    await customer.request({ type: 'chat.send', contactId: chat.id, text: 'sent' });
    assert.deepEqual(await customer.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' }), { relayed: true });
    await settle();
    seqBefore = customer.lastSeq;
    const atCustomer = nextSignal(customer, 'chat.activity');
    await agent.request({ type: 'chat.activity', contactId: chat.id, activity: 'writing' });
    assert.equal((await atCustomer).from.kind, 'agent');
    await settle();
    assert.equal(customer.lastSeq, seqBefore);
    agent.close();
    customer.close();
  });

  it('marks reads, sends READ receipts to the other side and keeps unread counts per participant', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    await customer.request({ type: 'chat.send', contactId: chat.id, text: 'one' });
    const two = await customer.request({ type: 'chat.send', contactId: chat.id, text: 'two' });
    const snapshot = await agent.request({ type: 'agent.snapshot' });
    const seen = snapshot.contacts.find((c) => c.id === chat.id)!;
    assert.equal(seen.unread, 2);
    assert.equal(seen.customerReadUpTo, 0);

    const receipt = nextEvent(customer, 'chat.receipt');
    const read = await agent.request({ type: 'chat.read', contactId: chat.id, upTo: two.sequence });
    assert.deepEqual(read, { upTo: two.sequence, unread: 0 });
    assert.deepEqual(await receipt, { contactId: chat.id, status: 'READ', upTo: two.sequence, by: { kind: 'agent', id: 'alice' } });

    const reply = await agent.request({ type: 'chat.send', contactId: chat.id, text: 'hello' });
    const view = nextEvent(customer, 'chat.updated', (d: any) => d.chat.unread === 0);
    const toAgent = nextEvent(agent, 'chat.receipt');
    // Past the last message is clamped; backwards does nothing.
    assert.deepEqual(await customer.request({ type: 'chat.read', contactId: chat.id, upTo: 999 }), { upTo: reply.sequence, unread: 0 });
    assert.equal((await toAgent).upTo, reply.sequence);
    assert.equal((await view).chat.agentsReadUpTo, two.sequence);
    assert.deepEqual(await customer.request({ type: 'chat.read', contactId: chat.id, upTo: 1 }), { upTo: reply.sequence, unread: 0 });
    const after = (await agent.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.equal(after.customerReadUpTo, reply.sequence);
    agent.close();
    customer.close();
  });

  it('sends an ACCESS receipt to the sender\'s side when the other side opens an attachment (the hook for the attachment routes)', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    const file = await agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'link', url: 'https://example.com/invoice.pdf', desc: 'Invoice' } });
    const receipt = nextEvent(agent, 'chat.receipt', (d: any) => d.status === 'ACCESS');
    server.chat.accessed(chat.id, file.id, { kind: 'customer', id: chat.customer.id });
    assert.deepEqual(await receipt, { contactId: chat.id, status: 'ACCESS', messageId: file.id, by: { kind: 'customer', id: chat.customer.id } });
    assert.throws(() => server.chat.accessed(chat.id, 'no-such-message', { kind: 'customer', id: chat.customer.id }), { name: 'not_found' });
    agent.close();
    customer.close();
  });

  it('carries links, actions, rich content and post-backs, and refuses what is over a limit by name', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    const link = await agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'link', url: 'https://example.com/a', desc: 'Your order' } });
    assert.deepEqual(link.content, { kind: 'link', url: 'https://example.com/a', desc: 'Your order' });
    assert.equal(link.text, 'Your order https://example.com/a');
    const action = await agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'action', code: 'open.cart', args: [1, 'x'] } });
    assert.deepEqual(action.content, { kind: 'action', code: 'open.cart', args: [1, 'x'] });

    const rich = {
      elements: [{ type: 'text' as const, text: 'Pick a size', style: 'title' as const }, { type: 'card' as const, title: 'Shoe', buttons: [{ type: 'link' as const, title: 'See', url: 'https://example.com/shoe' }] }],
      quickReplies: [{ type: 'postback' as const, title: 'Small', payload: 'size=S' }, { type: 'postback' as const, title: 'Large', payload: 'size=L' }],
    };
    const atCustomer = nextEvent(customer, 'chat.message', (d: any) => d.message.content?.kind === 'rich');
    const richMessage = await agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'rich', rich } });
    assert.deepEqual((await atCustomer).message.content.rich, rich);
    assert.equal(richMessage.text, 'Pick a size\nShoe');

    // A quick reply posts back as a customer message with the button's payload.
    const atAgent = nextEvent(agent, 'chat.message', (d: any) => d.message.content?.kind === 'postback');
    await customer.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'postback', title: 'Large', payload: 'size=L', replyTo: richMessage.id } });
    const postback = (await atAgent).message;
    assert.equal(postback.from.kind, 'customer');
    assert.deepEqual(postback.content, { kind: 'postback', title: 'Large', payload: 'size=L', replyTo: richMessage.id });
    assert.equal(postback.text, 'Large');

    // Each side posts only its own kinds.
    await assert.rejects(customer.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'rich', rich } }), { name: 'forbidden' });
    await assert.rejects(agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'postback', title: 'x', payload: 'y' } }), { name: 'forbidden' });
    await assert.rejects(agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'link', url: 'javascript:alert(1)' } }), { name: 'bad_request' });

    // Limits: refused with too_large naming the limit, never cut; nothing stored.
    const text = 'x'.repeat(MAX_TEXT_CHARS + 2_000);
    await assert.rejects(customer.request({ type: 'chat.send', contactId: chat.id, text }), (err: any) => err.name === 'too_large' && err.message.includes(String(MAX_TEXT_CHARS)));
    await assert.ok((await customer.request({ type: 'chat.send', contactId: chat.id, text: 'y'.repeat(MAX_TEXT_CHARS) })).text.length === MAX_TEXT_CHARS);
    const big = { elements: Array.from({ length: 4 }, () => ({ type: 'text' as const, text: 'z'.repeat(4_000) })) };
    await assert.rejects(agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'rich', rich: big } }), (err: any) => err.name === 'too_large' && err.message.includes(String(MAX_RICH_CONTENT_CHARS)));
    const history = await agent.request({ type: 'chat.history', contactId: chat.id });
    assert.equal(history.messages.some((m) => m.text.length > MAX_TEXT_CHARS), false);
    assert.deepEqual(history.messages.map((m) => m.content?.kind ?? 'text'), ['link', 'action', 'rich', 'postback', 'text']);
    agent.close();
    customer.close();
  });

  it('never lets a private message reach the customer: not in events, history, reload or unread counts', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    const frames = rawFrames(customer);
    const secret = 'PLANTED-SECRET-4417';
    await assert.rejects(customer.request({ type: 'chat.send', contactId: chat.id, text: 'hi', private: true }), { name: 'forbidden' });
    const note = await agent.request({ type: 'chat.send', contactId: chat.id, text: `whisper ${secret}`, private: true });
    assert.equal(note.private, true);
    await agent.request({ type: 'chat.post', contactId: chat.id, content: { kind: 'link', url: `https://example.com/${secret}` }, private: true });
    const told = nextEvent(customer, 'chat.message', (d: any) => d.message.text === 'a public reply');
    await agent.request({ type: 'chat.send', contactId: chat.id, text: 'a public reply' });
    await told;

    const history = await customer.request({ type: 'chat.history', contactId: chat.id });
    assert.deepEqual(history.messages.map((m) => m.text), ['a public reply']);
    assert.equal((await customer.request({ type: 'chat.read', contactId: chat.id, upTo: 0 })).unread, 1);
    // The agent's history has them all.
    assert.equal((await agent.request({ type: 'chat.history', contactId: chat.id })).messages.length, 3);

    // A reload (chat.init with the chat's id) on a new connection, and a resume replay.
    const reloaded = await (await import('../../helpers/server.ts')).connect(server);
    const reloadFrames = rawFrames(reloaded);
    const reply = await reloaded.request({ type: 'resume', token: customer.token!, lastSeq: 0 });
    assert.equal(reply.kind, 'customer');
    const init = await reloaded.request({ type: 'chat.init', room: 'default', chatId: chat.id });
    assert.deepEqual(init.messages.map((m) => m.text), ['a public reply']);
    await settle();
    for (const frame of [...frames, ...reloadFrames]) assert.ok(!frame.includes(secret), `a customer frame carried the secret: ${frame.slice(0, 200)}`);
    assert.ok(frames.length > 3 && reloadFrames.length >= 2);
    reloaded.close();
    agent.close();
    customer.close();
  });

  it('takes the customer survey once after close and shows it to the agent in wrap-up', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    await assert.rejects(customer.request({ type: 'chat.csat', contactId: chat.id, rate: 5 }), { name: 'not_suitable_state' });
    await customer.request({ type: 'chat.close', contactId: chat.id });
    await assert.rejects(customer.request({ type: 'chat.csat', contactId: chat.id }), { name: 'invalid_args' });
    await assert.rejects(customer.request({ type: 'chat.csat', contactId: chat.id, rate: 6 } as never), { name: 'bad_request' });
    const shown = nextEvent(agent, 'contact.updated', (d: any) => d.contact.csat !== null);
    const csat = await customer.request({ type: 'chat.csat', contactId: chat.id, rate: 4, resolutionConfirmation: true });
    assert.deepEqual({ ...csat, at: 0 }, { rate: 4, resolutionConfirmation: true, status: 'FILLED', at: 0 });
    assert.equal((await shown).contact.csat.rate, 4);
    await assert.rejects(customer.request({ type: 'chat.csat', contactId: chat.id, rate: 1 }), { name: 'not_suitable_state' });
    agent.close();
    customer.close();
  });

  it('keeps notes editable in wrap-up (CLOSE) and refuses them once completed (LOCKED), truncating past the limit', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    await agent.request({ type: 'contact.end', contactId: chat.id });
    const long = await agent.request({ type: 'contact.addNote', contactId: chat.id, text: 'n'.repeat(6_000) });
    assert.equal(long.truncated, true);
    assert.equal(long.truncatedText!.length, 5_000);
    const short = await agent.request({ type: 'contact.updateNote', contactId: chat.id, noteId: long.note.id, text: 'called back' });
    assert.deepEqual([short.truncated, short.note.text], [false, 'called back']);
    await agent.request({ type: 'contact.complete', contactId: chat.id });
    await assert.rejects(agent.request({ type: 'contact.addNote', contactId: chat.id, text: 'late' }), { name: 'not_suitable_state' });
    await assert.rejects(agent.request({ type: 'contact.updateNote', contactId: chat.id, noteId: long.note.id, text: 'late' }), { name: 'not_suitable_state' });
    agent.close();
    customer.close();
  });

  it('sets the time to respond by type and by hand, with ttr-change events and ttrEffective in the view', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    let view = (await agent.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.deepEqual({ ...view.ttr }, { type: 'NORMAL', seconds: TTR_SECONDS.NORMAL, manualETTR: null, effective: null });
    const sent = await customer.request({ type: 'chat.send', contactId: chat.id, text: 'anyone?' });
    const change = nextEvent(agent, 'conversation.ttr-change');
    const urgent = await agent.request({ type: 'contact.setTTR', contactId: chat.id, ttrType: 'URGENT' });
    assert.equal(urgent.effective, sent.createdAt + TTR_SECONDS.URGENT * 1000);
    assert.deepEqual((await change).ttr, urgent);
    await assert.rejects(agent.request({ type: 'contact.setTTR', contactId: chat.id, ttrType: 'CUSTOM' }), { name: 'invalid_args' });
    assert.equal((await agent.request({ type: 'contact.setTTR', contactId: chat.id, ttrType: 'CUSTOM', value: 90 })).effective, sent.createdAt + 90_000);
    const deadline = Date.now() + 10 * 60_000;
    assert.equal((await agent.request({ type: 'contact.setManualETTR', contactId: chat.id, time: deadline })).effective, deadline);
    await assert.rejects(agent.request({ type: 'contact.setManualETTR', contactId: chat.id, time: 1 }), { name: 'invalid_args' });
    // Answered: nothing waits, no deadline.
    await agent.request({ type: 'chat.send', contactId: chat.id, text: 'here' });
    view = (await agent.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.deepEqual([view.ttr!.type, view.ttr!.manualETTR, view.ttr!.effective], ['CUSTOM', deadline, null]);
    // The customer never hears of it.
    const log = record(customer);
    await agent.request({ type: 'contact.setTTR', contactId: chat.id, ttrType: 'PRIORITIZED' });
    await settle();
    assert.equal(log.some((e) => e.topic === 'conversation.ttr-change'), false);
    agent.close();
    customer.close();
  });
});

describe('idle chats', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeEach(async () => (server = await startTestServer(testConfig({ chatIdleSeconds: 0.3, chatExpirySeconds: 1.5, chatExpiryAlertSeconds: 0.8 }))));
  afterEach(() => server.close());

  it('tells the agents isidle then isactive, alerts the customer before expiry, then closes the chat', async () => {
    const agent = await agentSession(server, 'alice');
    const { conn: customer, chat } = await acceptedChat(server, agent);
    const agentLog = record(agent);
    const idle = await agentLog.waitFor('contact.idle', (d) => d.id === chat.id && d.idle, 3_000);
    assert.deepEqual(idle, { id: chat.id, idle: true });
    const active = nextEvent(agent, 'contact.idle', (d: any) => d.idle === false);
    await customer.request({ type: 'chat.send', contactId: chat.id, text: 'still here' });
    assert.deepEqual(await active, { id: chat.id, idle: false });

    const sentAt = Date.now();
    const alert = await nextEvent(customer, 'chat.expiryAlert', () => true, 3_000);
    assert.equal(alert.chatId, chat.id);
    assert.equal(alert.timeLeft, 1); // seconds, rounded up: under 0.8 s were left
    assert.ok(Date.now() - sentAt >= 600, 'the alert comes only in the last alert seconds');
    const closed = await nextEvent(customer, 'chat.closed', () => true, 3_000);
    assert.deepEqual([closed.contactId, closed.by], [chat.id, 'timeout']); // not "the customer closed it"
    const ended = (await agent.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === chat.id)!;
    assert.deepEqual([ended.state, ended.endReason], ['wrap_up', 'timeout']);
    agent.close();
    customer.close();
  });
});
