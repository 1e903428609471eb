import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, testConfig } from '../../../helpers/server.ts';

describe('GET /api/host-access', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (server = await startTestServer(testConfig({ allowedOrigins: ['self', 'https://crm.example'] }))));
  after(() => server.close());
  const ask = (headers: Record<string, string> = {}, query = '') => fetch(`${server.url}/api/host-access${query}`, { headers });

  it('says yes to an allowed origin, with CORS for it', async () => {
    const res = await ask({ origin: 'https://crm.example' });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://crm.example');
    assert.equal(res.headers.get('vary'), 'Origin');
    assert.deepEqual(await res.json(), { allowed: true, origin: 'https://crm.example' });
  });

  it('tells a refused origin what to change', async () => {
    const res = await ask({ origin: 'https://evil.example' });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example');
    const body = await res.json();
    assert.equal(body.allowed, false);
    assert.equal(body.origin, 'https://evil.example');
    assert.equal(body.error.code, 1);
    assert.equal(body.error.name, 'not_enough_privileges');
    assert.match(body.error.message, /https:\/\/evil\.example.*allowedOrigins.*SB_ALLOWED_ORIGINS/);
  });

  it('trusts the Origin header over the query, and takes the query when there is no header (same origin)', async () => {
    const lying = await (await ask({ origin: 'https://evil.example' }, '?origin=https://crm.example')).json();
    assert.equal(lying.allowed, false);
    const self = await ask({}, `?origin=http://127.0.0.1:${server.port}`);
    assert.equal(self.headers.get('access-control-allow-origin'), null);
    assert.deepEqual(await self.json(), { allowed: true, origin: `http://127.0.0.1:${server.port}` });
    const nobody = await (await ask()).json();
    assert.equal(nobody.allowed, false);
    assert.equal(nobody.origin, null);
  });
});
