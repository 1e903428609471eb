import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { WireConnection } from '../../../protocol/index.ts';
import { MAX_CHUNK_BYTES } from '../../../server/recordings/index.ts';
import { httpUploader, UploadError } from '../../../widget/media/recording-uploader.ts';
import { acceptedChat, agentSession, customerChat, startTestServer, testConfig } from '../../helpers/server.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** alice records, bob is another agent, carol supervises. */
function recordingConfig(overrides = {}) {
  const base = testConfig(overrides);
  return { ...base, agents: base.agents.map((a) => (a.id === 'carol' ? { ...a, role: 'supervisor' as const } : a)) };
}

describe('recordings over HTTP', () => {
  let server: Server;
  let alice: WireConnection;
  let bob: WireConnection;
  let contactId: string;
  let customerToken: string;
  before(async () => {
    server = await startTestServer(recordingConfig({ recordingMaxBytes: 3 * MAX_CHUNK_BYTES }));
    alice = await agentSession(server, 'alice');
    bob = await agentSession(server, 'bob', 'AWAY');
    const customer = await acceptedChat(server, alice);
    contactId = customer.chat.id;
    customerToken = customer.conn.token!;
  });
  after(() => server.close());

  const post = (path: string, token: string | null, body?: Uint8Array) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: body && new Uint8Array(body) });
  const chunk = (id: string, seq: number | string, body: Uint8Array, token = alice.token!) => post(`/api/recordings/${id}/chunks?seq=${seq}`, token, body);
  const fileOf = (id: string) => readFileSync(server.recordings.files.path(id));
  const row = (id: string) => server.recordings.get(id)!;
  const playUrl = (id: string, agentId = 'alice', supervisor = false) => `${server.url}${server.recordings.link(id, { agentId, supervisor }).url}`;

  it('appends chunks in order; the row counts exactly the bytes on disk', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const parts = [randomBytes(1000), randomBytes(2000), randomBytes(10)];
    for (const [seq, part] of parts.entries()) {
      const res = await chunk(id, seq, part);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { seq, bytes: parts.slice(0, seq + 1).reduce((n, p) => n + p.length, 0), chunks: seq + 1, duplicate: false });
    }
    assert.deepEqual(fileOf(id), Buffer.concat(parts));
    assert.equal(row(id).bytes, 3010);
    assert.equal(row(id).chunks, 3);
    assert.equal(row(id).status, 'recording');
  });

  it('takes a resend of the last chunk as a retry: 200, nothing appended', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const part = randomBytes(500);
    assert.equal((await chunk(id, 0, part)).status, 200);
    const again = await chunk(id, 0, part);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).duplicate, true);
    assert.equal(fileOf(id).length, 500);
    assert.equal(row(id).chunks, 1);
  });

  it('refuses gaps and stale chunks (409) and a missing or bad seq (400), with the reason', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const gap = await chunk(id, 1, randomBytes(10));
    assert.equal(gap.status, 409);
    assert.match((await gap.json()).error.message, /chunk 0 expected, got 1/);
    for (const seq of [0, 1, 2]) assert.equal((await chunk(id, seq, randomBytes(10))).status, 200);
    assert.equal((await chunk(id, 0, randomBytes(10))).status, 409, 'an older chunk is not the last one');
    assert.equal((await post(`/api/recordings/${id}/chunks`, alice.token, randomBytes(10))).status, 400);
    const bad = await chunk(id, '-1', randomBytes(10));
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.name, 'bad_request');
    assert.equal((await chunk(id, 3, new Uint8Array(0))).status, 400, 'an empty chunk');
    assert.equal(fileOf(id).length, 30);
  });

  it('refuses a chunk over 1 MiB and a recording past recordingMaxBytes (413)', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const big = await chunk(id, 0, randomBytes(MAX_CHUNK_BYTES + 1));
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error.name, 'too_large');
    for (const seq of [0, 1, 2]) assert.equal((await chunk(id, seq, randomBytes(MAX_CHUNK_BYTES))).status, 200);
    const past = await chunk(id, 3, randomBytes(1));
    assert.equal(past.status, 413);
    assert.match((await past.json()).error.message, /may hold 3145728 bytes/);
    assert.equal(fileOf(id).length, 3 * MAX_CHUNK_BYTES);
    assert.equal(row(id).bytes, 3 * MAX_CHUNK_BYTES);
  });

  it('lets only the recording agent upload: none 401, another agent 403, a customer 403', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const none = await post(`/api/recordings/${id}/chunks?seq=0`, null, randomBytes(10));
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.name, 'not_logged_in');
    assert.equal((await chunk(id, 0, randomBytes(10), 'not-a-token')).status, 401);
    const other = await chunk(id, 0, randomBytes(10), bob.token!);
    assert.equal(other.status, 403);
    assert.match((await other.json()).error.message, /only the agent recording it/);
    const customer = await chunk(id, 0, randomBytes(10), customerToken);
    assert.equal(customer.status, 403);
    assert.match((await customer.json()).error.message, /only agents/);
    assert.equal((await post(`/api/recordings/${id}/finish`, bob.token)).status, 403);
    assert.equal((await chunk('00000000-0000-4000-8000-000000000000', 0, randomBytes(10))).status, 404);
    assert.equal(fileOf(id).length, 0);
  });

  it('takes the chunks still on their way when the call ended first (the customer hung up), until the uploader finishes', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    assert.equal((await chunk(id, 0, randomBytes(100))).status, 200);
    server.recordings.end(id); // the call ended: the server ends the recording
    assert.equal(row(id).status, 'complete');
    assert.equal((await chunk(id, 1, randomBytes(50))).status, 200, 'a chunk that was under way');
    assert.equal((await post(`/api/recordings/${id}/finish`, alice.token)).status, 200);
    assert.equal((await chunk(id, 2, randomBytes(10))).status, 409, 'nothing after the uploader finished');
    assert.equal(fileOf(id).length, 150);
    assert.equal(row(id).bytes, 150);
  });

  it('finish completes it; later chunks get 409, the last chunk again still 200', async () => {
    const id = server.recordings.begin(contactId, 'alice');
    assert.equal((await chunk(id, 0, randomBytes(100))).status, 200);
    const done = await post(`/api/recordings/${id}/finish`, alice.token);
    assert.equal(done.status, 200);
    assert.deepEqual(await done.json(), { id, status: 'complete', bytes: 100, chunks: 1 });
    assert.equal(row(id).status, 'complete');
    assert.ok(row(id).endedAt! >= row(id).startedAt);
    const late = await chunk(id, 1, randomBytes(10));
    assert.equal(late.status, 409);
    assert.match((await late.json()).error.message, /has ended/);
    assert.equal((await chunk(id, 0, randomBytes(100))).status, 200);
    assert.equal((await post(`/api/recordings/${id}/finish`, alice.token)).status, 200, 'finish is idempotent');
    server.recordings.end(id); // the call handler's end after the uploader's finish
    assert.equal(fileOf(id).length, 100);
  });

  it("the widget's httpUploader: chunks, a retry, finish; refusals carry the server's reason and say whether to retry", async () => {
    const id = server.recordings.begin(contactId, 'alice');
    const up = httpUploader(server.url, id, alice.token!);
    await up.upload(0, new Blob(['one']));
    await up.upload(1, new Blob(['two']));
    await up.upload(1, new Blob(['two']));
    await up.finish();
    assert.equal(fileOf(id).toString(), 'onetwo');
    await assert.rejects(up.upload(2, new Blob(['x'])), (err: UploadError) => err instanceof UploadError && err.status === 409 && !err.retryable && /has ended/.test(err.message));
    const wrong = httpUploader(server.url, id, bob.token!);
    await assert.rejects(wrong.upload(2, new Blob(['x'])), (err: UploadError) => err.status === 403 && !err.retryable);
    const down = httpUploader('http://127.0.0.1:9', id, alice.token!);
    await assert.rejects(down.upload(2, new Blob(['x'])), (err: UploadError) => err.retryable && /network error/.test(err.message));
    // A server that takes the request and never answers (a network gone quiet): abandoned after the timeout, to be retried.
    const quiet = createServer(() => {});
    await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
    try {
      const hung = httpUploader(`http://127.0.0.1:${(quiet.address() as AddressInfo).port}`, id, alice.token!, { timeoutMs: 200 });
      const started = Date.now();
      await assert.rejects(hung.upload(2, new Blob(['x'])), (err: UploadError) => err.retryable && /network error/.test(err.message));
      assert.ok(Date.now() - started < 5_000);
    } finally {
      quiet.closeAllConnections();
      quiet.close();
    }
  });

  describe('playback links', () => {
    let id: string;
    let bytes: Buffer;
    before(async () => {
      id = server.recordings.begin(contactId, 'alice');
      bytes = randomBytes(5000);
      assert.equal((await chunk(id, 0, bytes)).status, 200);
    });

    it('serves the file with its type and no caching', async () => {
      const res = await fetch(playUrl(id));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'audio/webm');
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      assert.equal(res.headers.get('content-length'), '5000');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    });

    it('answers a Range with 206 and exactly those bytes', async () => {
      const res = await fetch(playUrl(id), { headers: { range: 'bytes=100-1099' } });
      assert.equal(res.status, 206);
      assert.equal(res.headers.get('content-range'), 'bytes 100-1099/5000');
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes.subarray(100, 1100));
      const tail = await fetch(playUrl(id), { headers: { range: 'bytes=4990-' } });
      assert.equal(tail.status, 206);
      assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(4990));
    });

    it('has an ETag that answers 304 until the recording grows', async () => {
      const first = await fetch(playUrl(id));
      const etag = first.headers.get('etag')!;
      assert.ok(etag);
      await first.arrayBuffer();
      const same = await fetch(playUrl(id), { headers: { 'if-none-match': etag } });
      assert.equal(same.status, 304);
      const grown = server.recordings.begin(contactId, 'alice');
      assert.equal((await chunk(grown, 0, randomBytes(10))).status, 200);
      const before = (await fetch(playUrl(grown))).headers.get('etag')!;
      assert.equal((await chunk(grown, 1, randomBytes(10))).status, 200);
      const res = await fetch(playUrl(grown), { headers: { 'if-none-match': before } });
      assert.equal(res.status, 200);
      assert.equal((await res.arrayBuffer()).byteLength, 20);
    });

    it('refuses no link (401), a tampered or expired one (403), and an unknown recording (404)', async () => {
      const none = await fetch(`${server.url}/api/recordings/${id}`);
      assert.equal(none.status, 401);
      assert.match((await none.json()).error.message, /access=/);
      const url = new URL(playUrl(id));
      const access = url.searchParams.get('access')!;
      const [claims, mac] = access.split('.');
      const forged = Buffer.from(JSON.stringify({ a: 'bob', e: Date.now() + 3_600_000 })).toString('base64url');
      for (const [bad, reason] of [
        [`${forged}.${mac}`, /bad signature/],
        [`${claims}.${mac.slice(0, -2)}xx`, /bad signature/],
        ['garbage', /malformed/],
        [customerToken, /malformed/],
      ] as const) {
        const res = await fetch(`${server.url}/api/recordings/${id}?access=${bad}`);
        assert.equal(res.status, 403, bad);
        assert.match((await res.json()).error.message, reason);
      }
      // A link for one recording does not open another.
      const other = server.recordings.begin(contactId, 'alice');
      assert.equal((await fetch(`${server.url}/api/recordings/${other}?access=${access}`)).status, 403);
      const unknown = await fetch(`${server.url}/api/recordings/00000000-0000-4000-8000-000000000000?access=${access}`);
      assert.equal(unknown.status, 404);
      assert.equal((await fetch(`${server.url}/api/recordings/..%2Fswitchboard.db?access=${access}`)).status, 404);
    });

    it('refuses an expired link', async () => {
      const short = await startTestServer(recordingConfig({ recordingLinkTtlSeconds: 1 }));
      try {
        const agent = await agentSession(short, 'alice');
        const chat = await acceptedChat(short, agent);
        const rec = short.recordings.begin(chat.chat.id, 'alice');
        const url = `${short.url}${short.recordings.link(rec, { agentId: 'alice', supervisor: false }).url}`;
        assert.equal((await fetch(url)).status, 200);
        await new Promise((r) => setTimeout(r, 1_100));
        const res = await fetch(url);
        assert.equal(res.status, 403);
        assert.match((await res.json()).error.message, /expired/);
      } finally {
        await short.close();
      }
    });

    it('only links for agents of the contact and supervisors; checks access again at play time', async () => {
      assert.throws(() => server.recordings.link(id, { agentId: 'bob', supervisor: false }), { name: 'forbidden' });
      assert.throws(() => server.recordings.link('00000000-0000-4000-8000-000000000000', { agentId: 'alice', supervisor: false }), { name: 'not_found' });
      assert.equal((await fetch(playUrl(id, 'carol', true))).status, 200, 'a supervisor');
      // A link made for a supervisor flag the server does not confirm is refused when played.
      const claimed = await fetch(playUrl(id, 'bob', true));
      assert.equal(claimed.status, 403);
      assert.match((await claimed.json()).error.message, /no longer/);
    });

    it('refuses methods other than GET/HEAD and POST where they belong', async () => {
      const res = await fetch(`${server.url}/api/recordings/${id}/chunks?seq=0`, { method: 'PUT', body: 'x' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
    });
  });
});

describe('recordings after a crash', () => {
  it('cuts bytes written but never counted, so the next chunk lands right after the counted ones', async () => {
    const config = recordingConfig();
    const first = await startTestServer(config);
    const alice = await agentSession(first, 'alice');
    const chat = await acceptedChat(first, alice);
    const id = first.recordings.begin(chat.chat.id, 'alice');
    const counted = randomBytes(300);
    const ok = await fetch(`${first.url}/api/recordings/${id}/chunks?seq=0`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: new Uint8Array(counted) });
    assert.equal(ok.status, 200);
    const path = first.recordings.files.path(id);
    alice.close();
    await first.close();
    // What a crash between the write and the row update leaves: more bytes than the row counts.
    writeFileSync(path, Buffer.concat([counted, randomBytes(77)]));
    const second = await startTestServer(config);
    try {
      assert.equal(statSync(path).size, 300);
      const again = await agentSession(second, 'alice');
      const next = randomBytes(50);
      const res = await fetch(`${second.url}/api/recordings/${id}/chunks?seq=1`, { method: 'POST', headers: { authorization: `Bearer ${again.token}` }, body: new Uint8Array(next) });
      assert.equal(res.status, 200);
      assert.deepEqual(readFileSync(path), Buffer.concat([counted, next]));
    } finally {
      await second.close();
    }
  });

  it('keeps the link secret in a 0600 file beside the data file, the same across restarts', async () => {
    const config = recordingConfig();
    const first = await startTestServer(config);
    const alice = await agentSession(first, 'alice');
    const chat = await acceptedChat(first, alice);
    const id = first.recordings.begin(chat.chat.id, 'alice');
    const link = first.recordings.link(id, { agentId: 'alice', supervisor: false }).url;
    alice.close();
    await first.close();
    const keyFile = config.dataFile.replace(/test\.db$/, 'recording-links.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const second = await startTestServer(config);
    try {
      assert.equal((await fetch(`${second.url}${link}`)).status, 200);
    } finally {
      await second.close();
    }
  });
});

describe('customers', () => {
  it('cannot upload with their own session token even to a contact of theirs', async () => {
    const server = await startTestServer(recordingConfig());
    try {
      const customer = await customerChat(server);
      const alice = await agentSession(server, 'alice');
      const id = server.recordings.begin(customer.chat.id, 'alice');
      const res = await fetch(`${server.url}/api/recordings/${id}/finish`, { method: 'POST', headers: { authorization: `Bearer ${customer.conn.token}` } });
      assert.equal(res.status, 403);
      alice.close();
    } finally {
      await server.close();
    }
  });
});
