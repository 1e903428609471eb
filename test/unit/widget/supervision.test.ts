/**
 * The widget's supervisor desk (widget/session/supervision.ts) on a real agent session against a
 * real server: the feed's snapshot and changes, a watched chat's messages (each once, private
 * ones too), a watch started elsewhere followed, one that ended marked so.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { WireConnection } from '../../../protocol/index.ts';
import { AgentSession } from '../../../widget/session/agent-session.ts';
import { supervisionOf } from '../../../widget/session/supervision.ts';
import { acceptedChat, agentSession, connect, routingConfig, startTestServer } from '../../helpers/server.ts';

async function until<T>(check: () => T, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('widget supervisor desk', () => {
  const closers: (() => unknown)[] = [];
  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('follows the feed and the watched chats', async () => {
    const config = routingConfig();
    const server = await startTestServer({ ...config, queues: config.queues.map((q) => ({ ...q, maxWaitSeconds: 600 })) });
    closers.push(() => server.close());
    const alice = await agentSession(server, 'alice');
    const first = await acceptedChat(server, alice, 'default', 'Carla');
    const second = await acceptedChat(server, alice, 'default', 'Dario');
    const conns: WireConnection[] = [alice, first.conn, second.conn];
    closers.push(() => conns.forEach((c) => c.close()));

    const session = new AgentSession(`ws://127.0.0.1:${server.port}/ws`, null, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
    await session.link.conn.open();
    await session.link.login('sam', 'sam');
    closers.push(() => session.link.conn.close());
    assert.equal(session.store.agent?.role, 'supervisor');
    const desk = supervisionOf(session);
    assert.equal(supervisionOf(session), desk, 'one desk per session');

    await desk.subscribe();
    assert.deepEqual(desk.agents.get('alice')?.chats.map((c) => c.customer).sort(), ['Carla', 'Dario']);
    assert.ok(Math.abs(desk.now() - Date.now()) < 5_000);
    await alice.request({ type: 'agent.setState', state: 'AWAY' });
    await until(() => desk.agents.get('alice')?.state === 'AWAY', 'the feed\'s change of alice');

    await first.conn.request({ type: 'chat.send', contactId: first.chat.id, text: 'before the watch' });
    await desk.watch(first.chat.id);
    assert.deepEqual(desk.watched.get(first.chat.id)?.messages.map((m) => m.text), ['before the watch']);
    await until(() => session.store.agent?.watching.includes(first.chat.id), 'the agent view says watching');
    await first.conn.request({ type: 'chat.send', contactId: first.chat.id, text: 'live' });
    await desk.whisper(first.chat.id, 'a word to alice');
    await until(() => desk.watched.get(first.chat.id)?.messages.length === 3, 'the live message and the whisper');
    await new Promise((r) => setTimeout(r, 200)); // the whisper's own signal came too: still once
    const texts = desk.watched.get(first.chat.id)!.messages.map((m) => [m.text, !!m.private]);
    assert.deepEqual(texts, [['before the watch', false], ['live', false], ['a word to alice', true]]);

    // A watch started elsewhere (another tab of the same session) shows here too.
    const otherTab = await connect(server);
    conns.push(otherTab);
    await otherTab.request({ type: 'resume', token: session.link.conn.token!, lastSeq: 0 });
    await otherTab.request({ type: 'supervisor.watch', contactId: second.chat.id });
    await until(() => desk.watched.get(second.chat.id)?.contact.customer.name === 'Dario', 'the other tab\'s watch');

    // The chat ends: its watch is marked ended, and goes when dismissed.
    await alice.request({ type: 'contact.end', contactId: first.chat.id });
    await until(() => desk.watched.get(first.chat.id)?.ended, 'the watch of an ended chat marked');
    assert.equal(desk.watched.get(second.chat.id)?.ended, false);
    desk.dismiss(first.chat.id);
    assert.equal(desk.watched.has(first.chat.id), false);

    await desk.unwatch(second.chat.id);
    assert.equal(desk.watched.size, 0);
    await until(() => session.store.agent?.watching.length === 0, 'nothing watched');
    desk.unsubscribe();
  });
});
