/** Notes and variables: edited while the agent works the contact, never after completion; an agent edits only their own notes; bounded counts. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_NOTES_PER_CONTACT, MAX_VARIABLES_PER_CONTACT, MAX_CHAT_INITS_PER_CONNECTION } from '../../../protocol/index.ts';
import { acceptedChat, agentSession, connect, startTestServer } from '../../helpers/server.ts';

describe('wrap-up rules', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('refuses edits after completion, edits of another agent’s note, and notes or variables past their bound', async () => {
    const alice = await agentSession(server, 'alice');
    const bob = await agentSession(server, 'bob', 'AWAY');
    const { conn, chat } = await acceptedChat(server, alice);
    const id = chat.id;
    // Alice writes a note and transfers the chat to bob: he may not rewrite her note, nor drop it by replacing his.
    const hers = await alice.request({ type: 'contact.addNote', contactId: id, text: 'alice note' });
    await bob.request({ type: 'agent.setState', state: 'ONLINE' });
    await alice.request({ type: 'contact.transfer', contactId: id, toAgent: 'bob' });
    await new Promise((r) => setTimeout(r, 100));
    await bob.request({ type: 'contact.accept', contactId: id });
    await assert.rejects(bob.request({ type: 'contact.updateNote', contactId: id, noteId: hers.note.id, text: 'x' }), { name: 'forbidden' });
    const replaced = await bob.request({ type: 'contact.replaceNotes', contactId: id, text: 'bob only' });
    assert.deepEqual(replaced.notes.map((n) => n.text), ['alice note', 'bob only']);
    const agent = bob;

    for (let i = 2; i < MAX_NOTES_PER_CONTACT; i++) await agent.request({ type: 'contact.addNote', contactId: id, text: `n${i}` });
    await assert.rejects(agent.request({ type: 'contact.addNote', contactId: id, text: 'one too many' }), { name: 'invalid_args' });
    for (let i = 0; i < MAX_VARIABLES_PER_CONTACT; i++) await agent.request({ type: 'contact.setVariable', contactId: id, name: `v${i}`, value: 'x' });
    await assert.rejects(agent.request({ type: 'contact.setVariable', contactId: id, name: 'vMore', value: 'x' }), { name: 'invalid_args' });
    await agent.request({ type: 'contact.setVariable', contactId: id, name: 'v0', value: 'rewritten is fine' });

    await agent.request({ type: 'contact.end', contactId: id });
    await agent.request({ type: 'contact.setDisposition', contactId: id, disposition: 'resolved' }).catch(() => {});
    await agent.request({ type: 'contact.complete', contactId: id });
    for (const frame of [
      { type: 'contact.addNote' as const, contactId: id, text: 'late' },
      { type: 'contact.replaceNotes' as const, contactId: id, text: 'late' },
      { type: 'contact.updateNote' as const, contactId: id, noteId: replaced.notes[1].id, text: 'late' },
      { type: 'contact.setVariable' as const, contactId: id, name: 'late', value: 'x' },
    ]) {
      await assert.rejects(agent.request(frame), { name: 'not_suitable_state' }, frame.type);
    }
    for (const c of [alice, bob, conn]) c.close();
  });

  it('a connection starts a bounded number of chats', async () => {
    const conn = await connect(server);
    for (let i = 0; i < MAX_CHAT_INITS_PER_CONNECTION; i++) {
      const reply = await conn.request({ type: 'chat.init', room: 'default', name: `C${i}` });
      conn.setSession(reply.token, reply.seq);
    }
    await assert.rejects(conn.request({ type: 'chat.init', room: 'default' }), { name: 'rate_limited' });
    conn.close();
  });
});
