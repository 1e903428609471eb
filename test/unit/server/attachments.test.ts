/**
 * Files in chats over HTTP against a real server: uploads by the chat's customer and its agent
 * become hosted-file messages with links minted for each party; downloads with the right headers;
 * ACCESS receipts; every refusal with its status and reason; links that expire, cannot be forged
 * and are checked again when used; fresh links with chat.fileLink; CORS for customer pages.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage, HostedFile, UploadReply, WireConnection } from '../../../protocol/index.ts';
import { solidPng } from '../../helpers/png.ts';
import { acceptedChat, agentSession, customerChat, nextEvent, record, startTestServer, testConfig } from '../../helpers/server.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** A real PNG of `side` x `side` pixels. */
const png = (side = 4) => solidPng(side, side);
const pdf = () => new TextEncoder().encode('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** carol supervises; alice takes the chats; bob is another agent. */
function filesConfig(overrides = {}) {
  const base = testConfig(overrides);
  return { ...base, agents: base.agents.map((a) => (a.id === 'carol' ? { ...a, role: 'supervisor' as const } : a)) };
}

function uploader(server: { url: string }) {
  return (token: string | null, contactId: string, body: Uint8Array, type = 'image/png', name = 'photo.png', headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/attachments?contactId=${encodeURIComponent(contactId)}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': type, ...headers },
      body: new Blob([body as BlobPart]),
    });
}

const fileOf = (message: ChatMessage) => {
  assert.equal(message.content?.kind, 'file', 'a hosted-file message');
  return message.content as HostedFile;
};
const reason = async (res: Response) => ((await res.json()) as { error: { name: string; message: string } }).error;

describe('attachments over HTTP', () => {
  let server: Server;
  let alice: WireConnection;
  let bob: WireConnection;
  let carol: WireConnection;
  let customer: Awaited<ReturnType<typeof acceptedChat>>;
  let upload: ReturnType<typeof uploader>;
  before(async () => {
    server = await startTestServer(filesConfig({ attachmentMaxBytes: 64 * 1024, attachmentsPerChat: 8 }));
    upload = uploader(server);
    alice = await agentSession(server, 'alice');
    bob = await agentSession(server, 'bob', 'AWAY');
    carol = await agentSession(server, 'carol', 'AWAY');
    customer = await acceptedChat(server, alice, 'default', 'Carla');
  });
  after(() => server.close());
  const chatId = () => customer.chat.id;

  it('a customer\'s image becomes a message: the reply is seed 001\'s {media}, the agent gets a link of its own', async () => {
    const atAgent = nextEvent<{ message: ChatMessage }>(alice, 'chat.message', (d) => d.message.content?.kind === 'file');
    const bytes = png(8);
    const res = await upload(customer.conn.token, chatId(), bytes, 'image/png', 'screen shot.png');
    assert.equal(res.status, 201);
    const reply = (await res.json()) as UploadReply;
    assert.deepEqual(Object.keys(reply.media).sort(), ['id', 'name', 'senderId', 'size']);
    assert.equal(reply.media.name, 'screen shot.png');
    assert.equal(reply.media.size, bytes.length);
    assert.equal(reply.media.senderId, customer.chat.customer.id);
    const mine = fileOf(reply.message);
    assert.equal(mine.id, reply.media.id);
    assert.equal(reply.message.text, 'screen shot.png');
    const theirs = fileOf((await atAgent).message);
    assert.deepEqual({ ...theirs, url: '', expiresAt: 0 }, { ...mine, url: '', expiresAt: 0 });
    assert.notEqual(theirs.url, mine.url, 'each party gets a link made for them');
    assert.ok(theirs.expiresAt! > Date.now());
    // Stored: the row in SQLite and the bytes on disk.
    const row = server.store.attachments.get(mine.id)!;
    assert.equal(row.contactId, chatId());
    assert.equal(row.messageId, reply.message.id);
    assert.deepEqual(row.sender, { kind: 'customer', id: customer.chat.customer.id });
    assert.equal(row.bytes, bytes.length);
    assert.deepEqual(new Uint8Array(readFileSync(join(server.attachments.files.dir, mine.id))), bytes);
    // The agent downloads it through their link: the bytes, inline, as the image it is.
    const got = await fetch(`${server.url}${theirs.url}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.equal(got.headers.get('content-disposition'), `inline; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.match(got.headers.get('content-security-policy')!, /sandbox/);
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes);
  });

  it('an agent\'s document reaches the customer; it downloads as an attachment, its name kept in UTF-8', async () => {
    const atCustomer = nextEvent<{ message: ChatMessage }>(customer.conn, 'chat.message', (d) => d.message.content?.kind === 'file');
    const res = await upload(alice.token, chatId(), pdf(), 'application/pdf', 'Fattura n°7 "marzo".pdf');
    assert.equal(res.status, 201);
    const file = fileOf((await atCustomer).message);
    assert.equal(file.name, 'Fattura n°7 "marzo".pdf');
    const got = await fetch(`${server.url}${file.url}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.equal(got.headers.get('content-disposition'), `attachment; filename="Fattura n_7 _marzo_.pdf"; filename*=UTF-8''Fattura%20n%C2%B07%20%22marzo%22.pdf`);
    // ?download=1 makes an image a download too; a HEAD carries the headers only.
    const image = fileOf((await customer.conn.request({ type: 'chat.history', contactId: chatId() })).messages.find((m) => m.content?.kind === 'file' && m.content.type === 'image/png')!);
    assert.match((await fetch(`${server.url}${image.url}&download=1`)).headers.get('content-disposition')!, /^attachment;/);
    assert.equal((await fetch(`${server.url}${image.url}`, { method: 'HEAD' })).status, 200);
  });

  it('history, chat.init and the offer carry files with links for whoever reads them', async () => {
    const history = await alice.request({ type: 'chat.history', contactId: chatId() });
    const files = history.messages.filter((m) => m.content?.kind === 'file').map(fileOf);
    assert.equal(files.length, 2);
    for (const f of files) assert.equal((await fetch(`${server.url}${f.url}&preview=1`)).status, 200);
    const again = await customer.conn.request({ type: 'chat.init', room: 'default', chatId: chatId() });
    assert.ok(again.messages.filter((m) => m.content?.kind === 'file').every((m) => fileOf(m).url?.startsWith('/api/attachments/')));
  });

  it('opening a file gives its sender one ACCESS receipt per party; thumbnails (preview) and the sender\'s own opening give none', async () => {
    const log = record(customer.conn);
    const agentLog = record(alice);
    const atAgent = nextEvent<{ message: ChatMessage }>(alice, 'chat.message', (d) => d.message.content?.kind === 'file');
    const sent = (await (await upload(customer.conn.token, chatId(), png(2))).json()) as UploadReply;
    const agentFile = fileOf((await atAgent).message);
    await fetch(`${server.url}${fileOf(sent.message).url}`); // the customer opens their own
    await fetch(`${server.url}${agentFile.url}&preview=1`); // the widget's thumbnail
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(agentLog.filter((e) => e.topic === 'chat.receipt').length, 0);
    assert.equal(log.filter((e) => e.topic === 'chat.receipt' && e.data.status === 'ACCESS').length, 0);
    await fetch(`${server.url}${agentFile.url}`); // the agent opens it
    const receipt = await log.waitFor('chat.receipt', (d) => d.status === 'ACCESS');
    assert.deepEqual(receipt, { contactId: chatId(), status: 'ACCESS', messageId: sent.message.id, by: { kind: 'agent', id: 'alice' } });
    await fetch(`${server.url}${agentFile.url}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(log.filter((e) => e.topic === 'chat.receipt' && e.data.status === 'ACCESS').length, 1, 'one receipt however often it is opened');
    assert.deepEqual(server.store.attachments.get(sent.media.id)!.accessedBy, ['agent:alice']);
  });

  it('refuses, with a status and a reason: no session, another customer, an agent not in the chat', async () => {
    let res = await upload(null, chatId(), png());
    assert.equal(res.status, 401);
    assert.match((await reason(res)).message, /Authorization: Bearer/);
    res = await upload('not-a-token', chatId(), png());
    assert.equal(res.status, 401);
    const other = await customerChat(server, 'default', 'Mallory');
    res = await upload(other.conn.token, chatId(), png());
    assert.equal(res.status, 403);
    assert.match((await reason(res)).message, /not a participant/);
    res = await upload(bob.token, chatId(), png());
    assert.equal(res.status, 403);
    assert.match((await reason(res)).message, /not a participant/);
    res = await upload(alice.token, 'no-such-chat', png());
    assert.equal(res.status, 404);
    other.conn.close();
  });

  it('refuses a type off the allowlist (SVG, HTML) and a file whose bytes are not the image it claims', async () => {
    for (const type of ['image/svg+xml', 'text/html', '']) {
      const res = await upload(customer.conn.token, chatId(), new TextEncoder().encode('<svg onload="alert(1)"/>'), type, 'x.svg');
      assert.equal(res.status, 415, type);
      const error = await reason(res);
      assert.equal(error.name, 'invalid_args');
      assert.equal(error.message, `files of type ${type || '(none)'} are not allowed`);
    }
    const res = await upload(customer.conn.token, chatId(), new TextEncoder().encode('<html><script>alert(1)</script>'), 'image/png', 'fake.png');
    assert.equal(res.status, 415);
    assert.match((await reason(res)).message, /content is not image\/png/);
    const empty = await upload(customer.conn.token, chatId(), new Uint8Array(0), 'text/plain', 'empty.txt');
    assert.equal(empty.status, 400);
    assert.match((await reason(empty)).message, /empty/);
  });

  it('refuses a file over the size limit, declared or counted as it streams, and keeps nothing of it', async () => {
    const before = readdirSync(server.attachments.files.dir).length;
    const big = new Uint8Array(64 * 1024 + 1);
    const res = await upload(customer.conn.token, chatId(), big, 'text/plain', 'big.txt');
    assert.equal(res.status, 413);
    assert.match((await reason(res)).message, /over the limit of 65536 bytes/);
    // No Content-Length: chunked, counted as it comes.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/attachments?contactId=${chatId()}&name=big.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${customer.conn.token}`, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 80; i++) req.write(new Uint8Array(1024));
      req.end();
    });
    assert.equal(streamed.status, 413);
    assert.match(streamed.body, /over the limit/);
    assert.equal(readdirSync(server.attachments.files.dir).length, before, 'no file or part file left behind');
  });

  it('a supervisor watching the chat gets files with links of their own, in the history and live', async () => {
    const watched = await carol.request({ type: 'supervisor.watch', contactId: chatId() });
    const earlier = watched.messages.filter((m) => m.content?.kind === 'file').map(fileOf);
    assert.ok(earlier.length > 0);
    assert.equal((await fetch(`${server.url}${earlier[0].url}&preview=1`)).status, 200);
    const live = new Promise<ChatMessage>((resolve) => {
      const off = carol.events.on('signal', (signal) => {
        const e = signal as { topic: string; data: { message?: ChatMessage } };
        if (e.topic === 'watch.message' && e.data.message?.content?.kind === 'file') (off(), resolve(e.data.message));
      });
    });
    assert.equal((await upload(customer.conn.token, chatId(), pdf(), 'application/pdf', 'watched.pdf')).status, 201);
    const file = fileOf(await live);
    assert.equal(file.name, 'watched.pdf');
    assert.equal((await fetch(`${server.url}${file.url}`)).status, 200);
    await carol.request({ type: 'supervisor.unwatch', contactId: chatId() });
  });

  it('bounds the files of one chat', async () => {
    const held = server.store.attachments.totals(chatId()).count;
    for (let i = held; i < 8; i++) assert.equal((await upload(alice.token, chatId(), png(), 'image/png', `n${i}.png`)).status, 201);
    const res = await upload(alice.token, chatId(), png());
    assert.equal(res.status, 413);
    assert.match((await reason(res)).message, /already holds 8 files, the most it may/);
  });

  it('links: a fresh one with chat.fileLink for the chat\'s parties and supervisors; forged, swapped or stale ones refused', async () => {
    const [file] = (await customer.conn.request({ type: 'chat.history', contactId: chatId() })).messages.filter((m) => m.content?.kind === 'file').map(fileOf);
    const fresh = await customer.conn.request({ type: 'chat.fileLink', contactId: chatId(), fileId: file.id });
    assert.equal((await fetch(`${server.url}${fresh.url}`)).status, 200);
    const supervised = await carol.request({ type: 'chat.fileLink', contactId: chatId(), fileId: file.id });
    assert.equal((await fetch(`${server.url}${supervised.url}`)).status, 200);
    await assert.rejects(bob.request({ type: 'chat.fileLink', contactId: chatId(), fileId: file.id }), { name: 'forbidden' });
    const other = await customerChat(server, 'default', 'Eve');
    await assert.rejects(other.conn.request({ type: 'chat.fileLink', contactId: chatId(), fileId: file.id }), { name: 'forbidden' });
    other.conn.close();
    // No access value, a tampered one, and one made for another file.
    let res = await fetch(`${server.url}/api/attachments/${file.id}`);
    assert.equal(res.status, 401);
    const [claims, mac] = new URL(fresh.url, server.url).searchParams.get('access')!.split('.');
    const forged = Buffer.from(JSON.stringify({ a: 'customer:someone-else', e: Date.now() + 60_000 })).toString('base64url');
    res = await fetch(`${server.url}/api/attachments/${file.id}?access=${forged}.${mac}`);
    assert.equal(res.status, 403);
    assert.match((await reason(res)).message, /bad signature/);
    const [second] = (await alice.request({ type: 'chat.history', contactId: chatId() })).messages.filter((m) => m.content?.kind === 'file' && m.content.id !== file.id).map(fileOf);
    res = await fetch(`${server.url}/api/attachments/${second.id}?access=${claims}.${mac}`);
    assert.equal(res.status, 403);
    assert.equal((await fetch(`${server.url}/api/attachments/not-a-file?access=${claims}.${mac}`)).status, 404);
  });

  it('answers a customer page\'s CORS preflight; refuses agent sessions from other origins', async () => {
    const pre = await fetch(`${server.url}/api/attachments`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    assert.match(pre.headers.get('access-control-allow-headers')!, /authorization/);
    const fromShop = await upload(customer.conn.token, chatId(), pdf(), 'application/pdf', 'a.pdf', { origin: 'https://shop.example.com' });
    assert.equal(fromShop.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    const agentFromShop = await upload(alice.token, chatId(), pdf(), 'application/pdf', 'a.pdf', { origin: 'https://shop.example.com' });
    assert.equal(agentFromShop.status, 403);
    assert.match((await reason(agentFromShop)).message, /widget of this server/);
  });

  it('refuses uploads to a chat that ended; its parties still open its files', async () => {
    const [file] = (await customer.conn.request({ type: 'chat.history', contactId: chatId() })).messages.filter((m) => m.content?.kind === 'file').map(fileOf);
    await customer.conn.request({ type: 'chat.close', contactId: chatId() });
    for (const token of [customer.conn.token, alice.token]) {
      const res = await upload(token, chatId(), png());
      assert.equal(res.status, 409);
      assert.match((await reason(res)).message, /the chat has ended/);
    }
    assert.equal((await fetch(`${server.url}${file.url}`)).status, 200);
  });
});

describe('attachments: links expire, limits come from the config, a restart keeps files and drops half uploads', () => {
  it('a link stops working after attachmentLinkTtlSeconds; chat.fileLink gives a working one', async () => {
    const server = await startTestServer(filesConfig({ attachmentLinkTtlSeconds: 1 }));
    try {
      const alice = await agentSession(server, 'alice');
      const customer = await acceptedChat(server, alice);
      const reply = (await (await uploader(server)(customer.conn.token, customer.chat.id, png())).json()) as UploadReply;
      const file = fileOf(reply.message);
      assert.ok(file.expiresAt! - Date.now() <= 1_000);
      assert.equal((await fetch(`${server.url}${file.url}`)).status, 200);
      await new Promise((r) => setTimeout(r, 1_100));
      const stale = await fetch(`${server.url}${file.url}`);
      assert.equal(stale.status, 403);
      assert.match((await reason(stale)).message, /link expired/);
      const fresh = await customer.conn.request({ type: 'chat.fileLink', contactId: customer.chat.id, fileId: file.id });
      assert.equal((await fetch(`${server.url}${fresh.url}`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('takes the types and sizes of the config; refuses everything when attachments are turned off', async () => {
    const server = await startTestServer(filesConfig({ attachmentTypes: ['text/plain'], attachmentBytesPerChat: 10 }));
    const off = await startTestServer(filesConfig({ branding: { features: { attachments: false } } }));
    try {
      const alice = await agentSession(server, 'alice');
      const customer = await acceptedChat(server, alice);
      const upload = uploader(server);
      assert.equal((await upload(customer.conn.token, customer.chat.id, png())).status, 415);
      assert.equal((await upload(customer.conn.token, customer.chat.id, new TextEncoder().encode('0123456789'), 'text/plain', 'a.txt')).status, 201);
      const full = await upload(customer.conn.token, customer.chat.id, new TextEncoder().encode('x'), 'text/plain', 'b.txt');
      assert.equal(full.status, 413);
      assert.match((await reason(full)).message, /would total 11 bytes, over the limit of 10 bytes/);
      const offAlice = await agentSession(off, 'alice');
      const offCustomer = await acceptedChat(off, offAlice);
      const refused = await uploader(off)(offCustomer.conn.token, offCustomer.chat.id, png());
      assert.equal(refused.status, 403);
      assert.match((await reason(refused)).message, /turned off/);
    } finally {
      await server.close();
      await off.close();
    }
  });

  it('bounds the uploads one session runs at once', async () => {
    const server = await startTestServer(filesConfig());
    const open: ReturnType<typeof httpRequest>[] = [];
    try {
      const alice = await agentSession(server, 'alice');
      const customer = await acceptedChat(server, alice);
      // Two uploads that have started and not finished.
      for (let i = 0; i < 2; i++) {
        const req = httpRequest(`${server.url}/api/attachments?contactId=${customer.chat.id}&name=slow.txt`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customer.conn.token}`, 'content-type': 'text/plain', 'content-length': '100' },
        });
        req.on('error', () => {});
        req.write('x');
        open.push(req);
      }
      await new Promise((r) => setTimeout(r, 200));
      const third = await uploader(server)(customer.conn.token, customer.chat.id, png());
      assert.equal(third.status, 429);
      assert.match((await reason(third)).message, /at most 2 at once/);
      assert.ok(third.headers.get('retry-after'));
    } finally {
      for (const req of open) req.destroy();
      await server.close();
    }
  });

  it('a restart keeps files, rows and links; a file no row knows (an upload a crash cut short) is removed', async () => {
    const config = filesConfig();
    let server = await startTestServer(config);
    const alice = await agentSession(server, 'alice');
    const customer = await acceptedChat(server, alice);
    const reply = (await (await uploader(server)(customer.conn.token, customer.chat.id, png())).json()) as UploadReply;
    const dir = server.attachments.files.dir;
    writeFileSync(join(dir, 'deadbeef-0000-4000-8000-000000000000.part'), 'half an upload');
    writeFileSync(join(dir, 'deadbeef-0000-4000-8000-000000000001'), 'never committed');
    alice.close();
    customer.conn.close();
    await server.close();
    server = await startTestServer(config);
    try {
      assert.deepEqual(readdirSync(dir), [reply.media.id]);
      assert.ok(existsSync(join(dir, reply.media.id)));
      assert.equal((await fetch(`${server.url}${fileOf(reply.message).url}`)).status, 200, 'a link made before the restart still works');
    } finally {
      await server.close();
    }
  });
});
