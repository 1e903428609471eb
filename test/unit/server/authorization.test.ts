/**
 * Walks every cell of the authorization table (request type x role) against a real server: an
 * allowed cell is never refused (forbidden, not_logged_in, or the contact answered not_found as
 * if it did not exist), a denied one always is; where a grant reads something, it really gets it.
 * A request type with no row in the table, or no frame here, fails the test.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RequestFrame, type RequestType, type WireConnection } from '../../../protocol/index.ts';
import { AUTHORIZATION, CENTER_WIDE, ROLES, type Role } from '../../../server/gateway/authorization.ts';
import { connect, customerChat, nextEvent, routingConfig, startTestServer } from '../../helpers/server.ts';
import { withCheapPasswords } from '../../helpers/test-agents.mjs';

type Scene = { contactId: string; customerId: string; fileId: string; tokens: Partial<Record<Role, string>>; conns: Record<Role, WireConnection> };
type FrameOf = (scene: Scene, role: Role) => Record<string, unknown>;

const USER: Partial<Record<Role, string>> = { assignedAgent: 'alice', offeredAgent: 'bob', otherAgent: 'carol', supervisor: 'sam' };
const contact = (s: Scene) => ({ contactId: s.contactId });

/** A valid frame of each request type, about the scene's contact where the type is about one. */
const FRAMES: { [K in RequestType]: FrameOf } = {
  'agent.login': (_s, role) => ({ username: USER[role] ?? 'carol', password: USER[role] ?? 'carol', force: true }),
  'agent.logout': () => ({}),
  'agent.setState': () => ({ state: 'AWAY' }),
  'agent.snapshot': () => ({}),
  'team.members': () => ({}),
  resume: (s, role) => ({ token: s.tokens[role] ?? s.tokens.customerOwner!, lastSeq: 0 }),
  // With no session it starts a chat of its own (loading another's chat is not_found, as it should be).
  'chat.init': (s, role) => (role === 'none' ? { room: 'default' } : { room: 'default', chatId: s.contactId }),
  'chat.send': (s) => ({ ...contact(s), text: 'hello' }),
  'chat.post': (s, role) => ({ ...contact(s), content: role === 'customerOwner' || role === 'otherCustomer' ? { kind: 'postback', title: 'Yes', payload: 'yes' } : { kind: 'link', url: 'https://example.com' } }),
  'chat.activity': (s) => ({ ...contact(s), activity: 'writing' }),
  'chat.read': (s) => ({ ...contact(s), upTo: 1 }),
  'chat.csat': (s) => ({ ...contact(s), rate: 5 }),
  'contact.setTTR': (s) => ({ ...contact(s), ttrType: 'URGENT' }),
  'contact.setManualETTR': (s) => ({ ...contact(s), time: Date.now() + 60_000 }),
  'chat.history': contact,
  'chat.searchAgent': contact,
  'chat.close': contact,
  'chat.import': (s) => ({ ...contact(s), entries: [{ from: 'bot', name: 'Shop bot', text: 'How can I help?', createdAt: Date.now() - 60_000 }] }),
  'chat.fileLink': (s) => ({ ...contact(s), fileId: s.fileId }),
  'chat.start': (s) => ({ customerId: s.customerId }),
  'contact.accept': contact,
  'contact.decline': contact,
  'contact.clear': contact,
  'contact.transfer': (s) => ({ ...contact(s), toAgent: 'carol', message: 'please' }),
  'contact.end': contact,
  'contact.complete': contact,
  'contact.setDisposition': (s) => ({ ...contact(s), disposition: 'resolved' }),
  'contact.addNote': (s) => ({ ...contact(s), text: 'a note' }),
  'contact.updateNote': (s) => ({ ...contact(s), noteId: 'nope', text: 'x' }),
  'contact.replaceNotes': (s) => ({ ...contact(s), text: 'x' }),
  'contact.setVariable': (s) => ({ ...contact(s), name: 'crm.id', value: '1' }),
  'contact.invite': (s) => ({ ...contact(s), agentId: 'carol' }),
  'contact.removeParticipant': (s) => ({ ...contact(s), agentId: 'bob' }),
  'call.request': (s, role) => (role === 'none' ? { room: 'default' } : contact(s)),
  'call.start': contact,
  'call.answer': contact,
  'call.decline': contact,
  'call.hangup': contact,
  'call.hold': (s) => ({ ...contact(s), hold: true }),
  'call.mute': (s) => ({ ...contact(s), muted: true }),
  'call.recording': (s) => ({ ...contact(s), recording: true }),
  'call.recordingPause': (s) => ({ ...contact(s), paused: true }),
  'call.media': (s) => ({ ...contact(s), video: true }),
  'call.transferConsult': (s) => ({ ...contact(s), consultContactId: s.contactId }),
  'call.conference': (s) => ({ ...contact(s), consultContactId: s.contactId }),
  'call.removeFromConference': (s) => ({ ...contact(s), agentId: 'bob' }),
  'call.endConference': contact,
  'media.attach': (s) => ({ ...contact(s), endpointId: 'endpoint-1' }),
  'media.detach': (s) => ({ ...contact(s), endpointId: 'endpoint-1' }),
  'media.signal': (s) => ({ ...contact(s), to: 'endpoint-2', payload: { kind: 'candidate', candidate: null } }),
  'media.data': (s) => ({ ...contact(s), channel: 'rpc', data: '{"ping":1}' }),
  'recording.link': () => ({ recordingId: 'rec-1' }),
  'supervisor.subscribe': () => ({}),
  'supervisor.unsubscribe': () => ({}),
  'supervisor.watch': contact,
  'supervisor.unwatch': contact,
  'supervisor.whisper': (s) => ({ ...contact(s), text: 'a word to alice' }),
  'supervisor.intervene': contact,
};

/** What an allowed request must really return (a grant that answers nothing is a refusal in disguise). */
const GRANTED: Partial<{ [K in RequestType]: (data: any, role: Role) => void }> = {
  'chat.history': (data, role) => {
    const texts = data.messages.map((m: { text: string }) => m.text);
    assert.ok(texts.includes(CUSTOMER_SAYS), `chat.history as ${role} did not return the conversation: ${JSON.stringify(texts)}`);
    // Private notes are the agents' and supervisors': never in a customer's history.
    assert.equal(texts.includes(AGENT_NOTES), role !== 'customerOwner', `chat.history as ${role}: private note ${role === 'customerOwner' ? 'leaked' : 'missing'}`);
  },
};
const CUSTOMER_SAYS = 'hello from the owner';
// The supervisor's requests: what they answer is what a supervisor needs.
Object.assign(GRANTED, {
  'supervisor.subscribe': (data: any) => {
    const alice = data.agents.find((a: { id: string }) => a.id === 'alice');
    assert.ok(alice?.chats.some((c: { customer: string }) => c.customer === 'Owner'), `the feed shows alice's chat: ${JSON.stringify(alice)}`);
    assert.ok(data.queues.some((q: { id: string }) => q.id === 'default'), 'the feed shows the queues');
  },
  'supervisor.watch': (data: any) => {
    const texts = data.messages.map((m: { text: string }) => m.text);
    assert.ok(texts.includes(CUSTOMER_SAYS) && texts.includes(AGENT_NOTES), `a watch reads the conversation, private notes included: ${JSON.stringify(texts)}`);
    assert.deepEqual(data.watching, [data.contact.id]);
  },
  'chat.fileLink': (data: any) => assert.match(data.url, /^\/api\/attachments\/[0-9a-f-]{36}\?access=/, 'a link to the file'),
  'supervisor.whisper': (data: any) => assert.equal(data.private, true, 'a whisper is private'),
  'supervisor.intervene': (data: any) => assert.ok(data.participants.some((p: { id: string; state: string }) => p.id === 'sam' && p.state === 'ACTIVE'), 'the supervisor is in the chat'),
});
const AGENT_NOTES = 'a private note between agents';

const REQUEST_TYPES = RequestFrame.options.map((o) => o.entries.type.literal) as RequestType[];
const ABOUT_NO_CONTACT: RequestType[] = ['agent.login', 'agent.logout', 'agent.setState', 'agent.snapshot', 'team.members', 'resume', 'chat.start', 'recording.link', ...CENTER_WIDE];
/** Denied roles first, then allowed ones, those whose role depends on the contact's state first. */
const ORDER: Role[] = ['none', 'otherCustomer', 'offeredAgent', 'supervisor', 'otherAgent', 'customerOwner', 'assignedAgent'];

describe('authorization table', () => {
  const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  /** alice has the customer's chat; bob is invited into it; carol and sam see nothing of it; another customer has a chat of their own. */
  async function scene(): Promise<Scene> {
    const config = routingConfig();
    const sam = withCheapPasswords([{ id: 'sam', username: 'sam', name: 'Sam Supervisor', skills: ['nobody'], capacity: 1, role: 'supervisor' as const }]);
    const server = await startTestServer({ ...config, agents: [...config.agents.filter((a) => a.id !== 'sam'), ...sam] });
    servers.push(server);
    const conns = {} as Record<Role, WireConnection>;
    const tokens: Partial<Record<Role, string>> = {};
    for (const role of ['assignedAgent', 'offeredAgent', 'otherAgent', 'supervisor'] as const) {
      const conn = await connect(server);
      const login = await conn.request({ type: 'agent.login', username: USER[role]!, password: USER[role]!, force: true });
      conn.setSession(login.token, login.seq);
      tokens[role] = login.token;
      await conn.request({ type: 'agent.setState', state: role === 'assignedAgent' ? 'ONLINE' : 'AWAY' });
      conns[role] = conn;
    }
    const offered = nextEvent(conns.assignedAgent, 'contact.offered');
    const owner = await customerChat(server, 'default', 'Owner');
    await offered;
    await conns.assignedAgent.request({ type: 'contact.accept', contactId: owner.chat.id });
    await owner.conn.request({ type: 'chat.send', contactId: owner.chat.id, text: CUSTOMER_SAYS });
    await conns.assignedAgent.request({ type: 'chat.send', contactId: owner.chat.id, text: AGENT_NOTES, private: true });
    await conns.assignedAgent.request({ type: 'agent.setState', state: 'AWAY' });
    await conns.assignedAgent.request({ type: 'contact.invite', contactId: owner.chat.id, agentId: 'bob' });
    // A file in the chat, for chat.fileLink.
    const upload = await fetch(`${server.url}/api/attachments?contactId=${owner.chat.id}&name=a.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.conn.token}`, 'content-type': 'text/plain' },
      body: 'a file',
    });
    const { media } = (await upload.json()) as { media: { id: string } };
    const other = await customerChat(server, 'brief', 'Other');
    conns.customerOwner = owner.conn;
    conns.otherCustomer = other.conn;
    conns.none = await connect(server);
    tokens.customerOwner = owner.conn.token!;
    tokens.otherCustomer = other.conn.token!;
    return { contactId: owner.chat.id, customerId: owner.chat.customer.id, fileId: media.id, tokens, conns };
  }

  it('has a row and a frame for every request type', () => {
    for (const type of REQUEST_TYPES) {
      assert.ok(AUTHORIZATION[type], `no authorization row for ${type}`);
      assert.ok(FRAMES[type], `no frame for ${type} in this test`);
    }
  });

  for (const type of REQUEST_TYPES) {
    it(`${type}: allowed exactly for ${AUTHORIZATION[type]?.join(', ')}`, async () => {
      const s = await scene();
      const allowed = (role: Role) => {
        // A request about no contact knows customers only as customers and agents only as agents
        // (about the whole center: a supervisor, or another agent).
        const agent = role === 'assignedAgent' || role === 'offeredAgent' || role === 'otherAgent';
        const effective = !ABOUT_NO_CONTACT.includes(type) ? role : role === 'otherCustomer' ? 'customerOwner' : CENTER_WIDE.includes(type) && agent ? 'otherAgent' : role;
        return AUTHORIZATION[type].includes(effective);
      };
      const order = [...ORDER.filter((r) => !allowed(r)), ...ORDER.filter(allowed)];
      assert.deepEqual([...order].sort(), [...ROLES].sort());
      for (const role of order) {
        const frame = { type, ...FRAMES[type](s, role) } as never;
        const outcome = await s.conns[role].request(frame).then(
          (data) => ({ name: 'ok', message: '', data }),
          (err) => ({ name: err.name as string, message: err.message as string, data: undefined }),
        );
        // not_found about the scene's contact, which exists, hides a refusal.
        const refused = outcome.name === 'forbidden' || outcome.name === 'not_logged_in' || (outcome.name === 'not_found' && outcome.message.includes(s.contactId));
        assert.equal(refused, !allowed(role), `${type} as ${role}: ${outcome.name} ${outcome.message}`);
        if (outcome.name === 'ok') GRANTED[type]?.(outcome.data, role);
        else if (allowed(role)) assert.equal(GRANTED[type], undefined, `${type} as ${role} must return data: ${outcome.name} ${outcome.message}`);
      }
      for (const conn of Object.values(s.conns)) conn.close();
    });
  }
});
