/** Each party sees only its own: secrets planted by the agent reach no customer frame and no unrelated agent. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, customerChat, record, startTestServer } from '../../helpers/server.ts';

/** Every text frame the connection receives, replies and events alike. */
function tap(conn: WireConnection): string[] {
  const frames: string[] = [];
  ((conn as unknown as { ws: WebSocket }).ws as unknown as { addEventListener(t: string, f: (e: { data: unknown }) => void): void }).addEventListener(
    'message',
    (e) => frames.push(String(e.data)),
  );
  return frames;
}

describe('views per audience', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('plants secrets in a note, a variable and a transfer message: the customer and an unrelated agent receive none', async () => {
    const alice = await agentSession(server, 'alice');
    const carol = await agentSession(server, 'carol'); // unrelated: she only ever sees it waiting
    const carolFrames = tap(carol);
    const bob = await agentSession(server, 'bob', 'AWAY');
    const customer = await acceptedChat(server, alice, 'default', 'Vera');
    const customerFrames = tap(customer.conn);
    const { id } = customer.chat;

    await alice.request({ type: 'contact.addNote', contactId: id, text: 'SECRET-NOTE the customer is a VIP' });
    await alice.request({ type: 'contact.setVariable', contactId: id, name: 'crm.account', value: 'SECRET-VARIABLE 4242' });
    await alice.request({ type: 'contact.setDisposition', contactId: id, disposition: 'resolved' }).catch(() => {});
    await bob.request({ type: 'agent.setState', state: 'ONLINE' });
    const bobLog = record(bob);
    await alice.request({ type: 'contact.transfer', contactId: id, toAgent: 'bob', message: 'SECRET-TRANSFER refund approved' });
    const offered = await bobLog.waitFor('contact.offered', (d) => d.contact.id === id);
    // The agent it is offered to reads the transfer's message, not yet what the conversation keeps.
    assert.equal(offered.contact.transfer.message, 'SECRET-TRANSFER refund approved');
    assert.deepEqual([offered.contact.notes, offered.contact.attachedData], [[], {}]);
    await bob.request({ type: 'contact.accept', contactId: id });
    const full = (await bob.request({ type: 'agent.snapshot' })).contacts.find((c) => c.id === id)!;
    assert.equal(full.notes[0].text, 'SECRET-NOTE the customer is a VIP', 'the assigned agent has the full record');
    await customer.conn.request({ type: 'chat.send', contactId: id, text: 'thanks' });
    await customer.conn.request({ type: 'chat.history', contactId: id });
    await customer.conn.request({ type: 'chat.init', room: 'default', chatId: id });
    await new Promise((r) => setTimeout(r, 200));

    assert.ok(customerFrames.length > 3, 'the customer heard things');
    assert.ok(carolFrames.length > 0, 'carol heard things');
    for (const [who, frames] of [['customer', customerFrames], ['carol', carolFrames]] as const) {
      for (const frame of frames) {
        assert.doesNotMatch(frame, /SECRET|crm\.account|"disposition":"resolved"/, `${who} received ${frame.slice(0, 300)}`);
        assert.doesNotMatch(frame, /"notes":\[\{|"attachedData":\{"/, `${who} received agent-only data: ${frame.slice(0, 300)}`);
      }
    }
    // The customer knows an agent joined, by display name.
    assert.ok(customerFrames.some((f) => f.includes('"chat.updated"') && f.includes('Bob')));
    for (const c of [alice, bob, carol, customer.conn]) c.close();
  });

  it('an agent a chat merely rang cannot read it once it ended', async () => {
    const other = await startTestServer();
    const dana = await agentSession(other, 'alice');
    const { conn, chat } = await customerChat(other, 'default', 'Ugo');
    const log = record(dana);
    await log.waitFor('contact.offered', (d) => d.contact.id === chat.id);
    await dana.request({ type: 'chat.history', contactId: chat.id }); // while it rings: allowed
    await conn.request({ type: 'chat.close', contactId: chat.id });
    await assert.rejects(dana.request({ type: 'chat.history', contactId: chat.id }), { name: 'forbidden' });
    dana.close();
    conn.close();
    await other.close();
  });
});
