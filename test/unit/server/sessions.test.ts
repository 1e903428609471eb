/** Sessions end, logins are throttled and single sign-on works: against a real server. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { agentSession, connect, record, startTestServer, testConfig } from '../../helpers/server.ts';
import type { ServerConfig } from '../../../server/index.ts';

type Running = Awaited<ReturnType<typeof startTestServer>>;
const running: Running[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
const start = async (overrides: Partial<ServerConfig> = {}, config = testConfig(overrides)) => {
  const s = await startTestServer(config);
  running.push(s);
  return s;
};
const db = (s: Running) => (s.store as unknown as { db: { prepare(sql: string): { all(...a: unknown[]): any[] } } }).db;
const login = async (s: Running, username: string, password = username, extra: object = {}) => {
  const conn = await connect(s);
  return { conn, reply: await conn.request({ type: 'agent.login', username, password, ...extra }) };
};

describe('sessions', () => {
  it('stores session tokens hashed, never as given to the client', async () => {
    const s = await start();
    const { conn, reply } = await login(s, 'alice');
    const stored = db(s).prepare('SELECT token FROM sessions').all().map((r) => r.token);
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0], reply.token);
    assert.ok(!JSON.stringify(db(s).prepare('SELECT * FROM sessions').all()).includes(reply.token));
    conn.close();
  });

  it('ends a session idle past its TTL; a connected one stays until its absolute TTL', async () => {
    const s = await start({ sessionIdleTtlSeconds: 0.4, sessionAbsoluteTtlSeconds: 1.5 });
    const idle = await login(s, 'alice');
    idle.conn.close();
    const kept = await login(s, 'bob');
    const keptLog = record(kept.conn);
    await new Promise((r) => setTimeout(r, 900));
    const again = await connect(s);
    await assert.rejects(again.request({ type: 'resume', token: idle.reply.token, lastSeq: 0 }), { name: 'not_logged_in' });
    assert.ok(!keptLog.some((e) => e.topic === 'session.ended'), 'a connected session is not idle');
    const ended = await keptLog.waitFor('session.ended', () => true, 3_000);
    assert.equal(ended.reason, 'expired');
    await assert.rejects(again.request({ type: 'resume', token: kept.reply.token, lastSeq: 0 }), { name: 'not_logged_in' });
    again.close();
    kept.conn.close();
  });

  it('an agent removed from the config cannot log in and its sessions end', async () => {
    const first = testConfig();
    const s = await start({}, first);
    const bob = await login(s, 'bob');
    bob.conn.close();
    await s.close();
    running.pop();
    const s2 = await start({}, { ...first, agents: first.agents.filter((a) => a.username !== 'bob') });
    const conn = await connect(s2);
    await assert.rejects(conn.request({ type: 'resume', token: bob.reply.token, lastSeq: 0 }), { name: 'not_logged_in' });
    await assert.rejects(conn.request({ type: 'agent.login', username: 'bob', password: 'bob' }), { name: 'invalid_credentials' });
    conn.close();
  });

  it('a login while logged in elsewhere is refused unless forced; forcing ends the other session with a reason', async () => {
    const s = await start();
    const first = await agentSession(s, 'alice');
    const firstLog = record(first);
    const second = await connect(s);
    await assert.rejects(second.request({ type: 'agent.login', username: 'alice', password: 'alice' }), { name: 'already_logged_in' });
    const forced = await second.request({ type: 'agent.login', username: 'alice', password: 'alice', force: true });
    assert.equal((await firstLog.waitFor('session.ended')).reason, 'forced');
    await assert.rejects(first.request({ type: 'agent.snapshot' }), { name: 'not_logged_in' });
    second.setSession(forced.token, forced.seq);
    assert.equal((await second.request({ type: 'agent.snapshot' })).agent.id, 'alice');
    first.close();
    second.close();
  });
});

describe('login throttling', () => {
  it('refuses a username after 5 failures with rate_limited and retryAfterMs, even with the right password', async () => {
    const s = await start();
    const conn = await connect(s);
    for (let i = 0; i < 5; i++) await assert.rejects(conn.request({ type: 'agent.login', username: 'carol', password: 'wrong' }), { name: 'invalid_credentials' });
    const err = await conn.request({ type: 'agent.login', username: 'carol', password: 'carol' }).catch((e) => e);
    assert.equal(err.name, 'rate_limited');
    const raw = await new Promise<any>((resolve) => {
      const ws = (conn as any).ws as WebSocket;
      ws.addEventListener('message', (e) => resolve(JSON.parse(String(e.data))), { once: true });
      conn.sendRaw(JSON.stringify({ id: 'x', type: 'agent.login', username: 'carol', password: 'carol' }));
    });
    assert.equal(raw.error.name, 'rate_limited');
    assert.ok(raw.error.retryAfterMs > 60_000, `retryAfterMs ${raw.error.retryAfterMs}`);
    // Another agent is not affected.
    assert.equal((await conn.request({ type: 'agent.login', username: 'bob', password: 'bob' })).agent.id, 'bob');
    conn.close();
  });

  it('refuses an IP address after its failures across usernames', async () => {
    const s = await start({ loginFailuresPerIp: 4 });
    const conn = await connect(s);
    for (const u of ['x1', 'x2', 'x3', 'x4']) await assert.rejects(conn.request({ type: 'agent.login', username: u, password: 'p' }), { name: 'invalid_credentials' });
    await assert.rejects(conn.request({ type: 'agent.login', username: 'alice', password: 'alice' }), { name: 'rate_limited' });
    conn.close();
  });

  it('an unknown username costs the same scrypt time as a wrong password', async () => {
    const s = await start({ loginFailuresPerUser: 1_000, loginFailuresPerIp: 1_000 });
    const conn = await connect(s);
    const time = async (username: string) => {
      const t0 = performance.now();
      await conn.request({ type: 'agent.login', username, password: 'wrong' }).catch(() => {});
      return performance.now() - t0;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await time('alice'));
      unknown.push(await time(`nobody${i}`));
    }
    // The fastest of each: what the work costs when nothing else competes for the CPU (a busy
    // machine only adds time). Without the dummy check an unknown name costs a few percent of a known one.
    const ratio = Math.min(...unknown) / Math.min(...known);
    assert.ok(ratio > 0.5 && ratio < 2, `unknown/known scrypt time ratio ${ratio.toFixed(2)}`);
    conn.close();
  });

  it('parallel logins run a few at a time and the excess is refused, the server stays responsive', async () => {
    const s = await start({ loginFailuresPerUser: 10_000, loginFailuresPerIp: 10_000 });
    const conns = await Promise.all(Array.from({ length: 100 }, () => connect(s)));
    const attempts = conns.map((c) => c.request({ type: 'agent.login', username: 'alice', password: 'wrong' }).catch((e) => e.name));
    const probe = await connect(s);
    const t0 = performance.now();
    await probe.request({ type: 'chat.init', room: 'default' });
    const probeMs = performance.now() - t0;
    const names = await Promise.all(attempts);
    assert.ok(names.includes('rate_limited'), 'the excess is refused');
    assert.ok(names.includes('invalid_credentials'), 'the rest are checked');
    assert.ok(probeMs < 500, `a chat.init took ${probeMs.toFixed(0)} ms during the login burst`);
    for (const c of [...conns, probe]) c.close();
  });
});

describe('single sign-on', () => {
  const secret = 'a-shared-secret-of-the-crm-idp-0123456789';
  const sso = { issuer: 'https://idp.example.com', audience: 'switchboard', secret, usernameClaim: 'preferred_username' };
  const token = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(opts.iss ?? sso.issuer)
      .setAudience(opts.aud ?? sso.audience)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(new TextEncoder().encode(secret));

  it('logs an agent in with a JWT from the identity provider; issuer, audience and expiry are checked', async () => {
    const s = await start({ sso });
    const conn = await connect(s);
    const reply = await conn.request({ type: 'agent.login', token: await token({ preferred_username: 'alice' }) });
    assert.equal(reply.agent.id, 'alice');
    const other = await connect(s);
    for (const bad of [
      await token({ preferred_username: 'bob' }, { iss: 'https://evil.example.com' }),
      await token({ preferred_username: 'bob' }, { aud: 'someone-else' }),
      await token({ preferred_username: 'bob' }, { exp: '-1m' }),
      await token({ preferred_username: 'mallory' }),
      'not-a-jwt',
    ]) {
      await assert.rejects(other.request({ type: 'agent.login', token: bad }), { name: 'invalid_credentials' });
    }
    conn.close();
    other.close();
  });

  it('refuses a token where single sign-on is not configured', async () => {
    const s = await start();
    const conn = await connect(s);
    await assert.rejects(conn.request({ type: 'agent.login', token: await token({ preferred_username: 'alice' }) }), { name: 'invalid_credentials' });
    conn.close();
  });
});
