/** The edges: security headers on every page, CORS on the host bundles, Origin checks on the WebSocket, config validation. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket as WsSocket } from 'ws';
import { parseConfig } from '../../../server/index.ts';
import { startTestServer, testConfig } from '../../helpers/server.ts';

describe('edges', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer(testConfig({ allowedOrigins: ['self', 'https://crm.example.com'], customerOrigins: ['https://shop.example.com'] }))));
  after(() => server.close());

  it('sends a strict CSP, nosniff and a Referrer-Policy on every page; frame-ancestors is the host allowlist', async () => {
    for (const path of ['/widget/', '/demo/crm.html', '/demo/shop.html', '/client-api.js', '/api/widget-config', '/nope']) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /object-src 'none'/, path);
      assert.match(csp, /frame-ancestors 'self' http:\/\/localhost:\d+ http:\/\/127\.0\.0\.1:\d+ http:\/\/\[::1\]:\d+ https:\/\/crm\.example\.com$/, path);
    }
    const page = await (await fetch(`http://127.0.0.1:${server.port}/demo/shop.html`)).text();
    assert.doesNotMatch(page, /<script>(?!<\/script>)/, 'no inline script under a strict CSP');
  });

  it('serves the host bundles and the customer SDK (with its voice and extras parts, imported by shop pages on other origins) to any origin (CORS), with ETag and Range', async () => {
    for (const path of ['/client-api.js', '/communicator.js', '/client-api.d.ts', '/customer-sdk.js', '/customer-voice.js', '/customer-extras.js']) {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { origin: 'https://crm.example.com' } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
      assert.ok(res.headers.get('etag'), path);
    }
    const ranged = await fetch(`http://127.0.0.1:${server.port}/client-api.js`, { headers: { range: 'bytes=0-9' } });
    assert.equal(ranged.status, 206);
    assert.equal((await ranged.text()).length, 10);
    const page = await fetch(`http://127.0.0.1:${server.port}/widget/`, { headers: { origin: 'https://evil.example.com' } });
    assert.equal(page.headers.get('access-control-allow-origin'), null, 'the widget page is not for other origins');
  });

  const open = (origin?: string) =>
    new Promise<{ ok: boolean; ws: WsSocket }>((resolve) => {
      const ws = new WsSocket(`ws://127.0.0.1:${server.port}/ws`, origin ? { origin } : {});
      ws.on('open', () => resolve({ ok: true, ws }));
      ws.on('error', () => resolve({ ok: false, ws }));
    });
  const ask = (ws: WsSocket, frame: object) =>
    new Promise<any>((resolve) => {
      const onMessage = (data: unknown) => {
        const reply = JSON.parse(String(data));
        if (reply.re !== (frame as { id: number }).id) return; // events come first
        ws.off('message', onMessage);
        resolve(reply);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify(frame));
    });

  it('checks the Origin of WebSocket upgrades: agents only from the widget origin, customers from the customer origins', async () => {
    assert.equal((await open('https://evil.example.com')).ok, false, 'an unknown origin is refused');
    const shop = await open('https://shop.example.com');
    assert.equal(shop.ok, true);
    assert.equal((await ask(shop.ws, { id: 1, type: 'chat.init', room: 'default' })).ok, true, 'a customer from a customer origin');
    assert.equal((await ask(shop.ws, { id: 2, type: 'agent.login', username: 'alice', password: 'alice' })).error.name, 'forbidden', 'never an agent');
    const widget = await open(`http://127.0.0.1:${server.port}`);
    assert.equal((await ask(widget.ws, { id: 3, type: 'agent.login', username: 'alice', password: 'alice' })).ok, true, 'an agent from the widget origin');
    shop.ws.close();
    widget.ws.close();
  });

  it('validates allowedOrigins and customerOrigins entries as origins at start, and listens on loopback by default', () => {
    const base = testConfig();
    for (const bad of ['crm.example.com', 'https://crm.example.com/', 'https://crm.example.com/path', 'javascript:alert(1)', '*']) {
      assert.throws(() => parseConfig({ ...base, allowedOrigins: [bad] }), /allowedOrigins/, bad);
    }
    assert.throws(() => parseConfig({ ...base, customerOrigins: ['shop.example.com'] }), /customerOrigins/);
    assert.deepEqual(parseConfig({ ...base, allowedOrigins: ['self', 'http://localhost:3000'] }).allowedOrigins, ['self', 'http://localhost:3000']);
    const { host: _h, ...noHost } = base;
    assert.equal(parseConfig(noHost).host, '127.0.0.1');
  });
});
