/**
 * Network cut (issue 8): the customer's link to a real server goes half-open for 30 s (a proxy
 * stops carrying anything, closes included) while the agent keeps writing. The server's heartbeat
 * must notice the silent socket and close it within the cut; when the link is back the customer
 * reconnects, resumes, and has every message the agent was told was stored, in order, exactly once.
 * This file takes ~35 s: the cut is as long as a real one the server must survive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage } from '../../../protocol/index.ts';
import { serverFiles, spawnServer, type ChildServer } from '../../helpers/child-server.ts';
import { TcpProxy } from '../../helpers/tcp-proxy.mjs';
import { faultClient, sleep, type FaultClient } from '../../helpers/wire-client.ts';

const CUT_MS = 30_000;
const AGENT_SEND_EVERY_MS = 500;
const CATCH_UP_MS = 5_000;

describe('a half-open link for 30 s', () => {
  let server: ChildServer;
  let proxy: TcpProxy;
  const clients: FaultClient[] = [];
  before(async () => {
    server = await spawnServer(serverFiles());
    proxy = await TcpProxy.start(server.port);
  });
  after(async () => {
    for (const c of clients) c.conn.close();
    await proxy?.close();
    await server?.kill();
  });

  it('closes the dead socket, and the customer gets every missed message once, in order', { timeout: CUT_MS + 30_000 }, async () => {
    const agent = faultClient(server.wsUrl);
    const customer = faultClient(`ws://127.0.0.1:${proxy.port}/ws`, { retryDelayMs: 200 });
    clients.push(agent, customer);
    await agent.conn.open();
    const login = await agent.conn.request({ type: 'agent.login', username: 'alice', password: 'alice' });
    agent.conn.setSession(login.token, login.seq);
    await agent.conn.request({ type: 'agent.setState', state: 'ONLINE' });
    await customer.conn.open();
    const init = await customer.conn.request({ type: 'chat.init', room: 'default', name: 'Roaming' });
    customer.conn.setSession(init.token, Math.max(customer.conn.lastSeq, init.seq));
    const chatId = init.contact.id;
    await until(() => agent.events.some((e) => e.event.topic === 'contact.offered'), 5_000);
    await agent.conn.request({ type: 'contact.accept', contactId: chatId });
    await customer.conn.request({ type: 'chat.send', contactId: chatId, text: 'before the cut', clientMessageId: 'customer-1' });

    proxy.cut();
    const acked: string[] = [];
    const refused: string[] = [];
    const cutEnds = performance.now() + CUT_MS;
    for (let n = 1; performance.now() < cutEnds; n++) {
      const text = `agent-${n} while the customer is away`;
      try {
        await agent.conn.request({ type: 'chat.send', contactId: chatId, text, clientMessageId: `agent-${n}` });
        acked.push(text);
      } catch (err) {
        refused.push(`${text}: ${(err as Error).name} ${(err as Error).message}`);
      }
      await sleep(AGENT_SEND_EVERY_MS);
    }
    proxy.restore();

    const received = () =>
      customer.events.flatMap(({ event }) => (event.topic === 'chat.message' && event.data.message.from.kind === 'agent' ? [event.data.message as ChatMessage] : []));
    await until(() => acked.every((t) => received().some((m) => m.text === t)), CATCH_UP_MS).catch(() => {});

    assert.ok(acked.length > 0, `the agent could not send during the cut: ${refused.slice(0, 3).join('; ')}`);
    assert.ok(
      proxy.closedByServerDuringCut.length > 0,
      `the server kept the half-open socket for all of the ${CUT_MS / 1000} s cut (no heartbeat closed it)`,
    );
    const got = received().map((m) => m.text);
    const missing = acked.filter((t) => !got.includes(t));
    assert.deepEqual(missing, [], `acknowledged messages the customer never got (${got.length} received)`);
    assert.deepEqual(got, [...new Set(got)], 'a message reached the customer twice');
    assert.deepEqual(got.filter((t) => acked.includes(t)), acked, 'the missed messages came out of order');
    const ids = received().map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'one message delivered under two seqs');
  });
});

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}
