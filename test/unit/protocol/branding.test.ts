/** Branding from data: one schema for the server's config and a host's overrides; URLs only if http(s). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_STRING_OVERRIDES, isHttpUrl, parseBrandingOverrides } from '../../../protocol/index.ts';
import { parseConfig } from '../../../server/index.ts';
import { testConfig } from '../../helpers/server.ts';

const HOSTILE_URLS = [
  'javascript:alert(1)',
  ' javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '\u0000javascript:alert(1)',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://crm.example.com/0d3c',
  'ftp://files.example.com/logo.png',
  'http://[not a host',
  '',
  '   ',
  `https://cdn.example.com/${'x'.repeat(2_100)}`,
];

describe('URLs from data', () => {
  it('accepts http(s), absolute or relative', () => {
    for (const url of ['https://cdn.example.com/logo.svg', 'http://localhost:8080/a.png', '/brand/logo.svg', 'logo.png', '//cdn.example.com/x.png']) {
      assert.equal(isHttpUrl(url), true, url);
    }
  });

  it('refuses javascript:, data: and every other scheme, however it is spelled', () => {
    for (const url of HOSTILE_URLS) assert.equal(isHttpUrl(url), false, JSON.stringify(url));
    for (const notText of [undefined, null, 42, {}, ['https://a.example']]) assert.equal(isHttpUrl(notText), false, String(notText));
  });
});

describe('branding overrides', () => {
  it('keeps every valid field', () => {
    const input = {
      productName: 'Acme Care',
      logoUrl: 'https://cdn.acme.example/logo.svg',
      faviconUrl: '/favicon.ico',
      theme: { primary: '#0a7d3b', radius: '2px' },
      darkMode: 'dark',
      locale: 'it-IT',
      strings: { 'login.submit': 'Entra' },
      features: { transfer: false },
    };
    assert.deepEqual(parseBrandingOverrides(input), { overrides: input, dropped: [] });
    assert.deepEqual(parseBrandingOverrides(undefined), { overrides: {}, dropped: [] });
  });

  it('drops each invalid field, names it, and keeps the rest', () => {
    const { overrides, dropped } = parseBrandingOverrides({
      productName: 'Acme Care',
      locale: 'not a locale!',
      logoUrl: 'javascript:alert(1)',
      faviconUrl: 'data:image/png;base64,AAAA',
      darkMode: 'purple',
      theme: { primary: '#0a7d3b', 'no-such-token': 'red', radius: 7 },
      strings: { 'login.submit': 'Entra', 'login.title': { html: '<b>' } },
      features: { transfer: false, voice: 'yes', teleport: true },
      evil: '<script>',
    });
    assert.deepEqual(overrides, {
      productName: 'Acme Care',
      theme: { primary: '#0a7d3b' },
      strings: { 'login.submit': 'Entra' },
      features: { transfer: false },
    });
    const fields = dropped.map((d) => d.split(':')[0]);
    assert.deepEqual(fields.sort(), ['darkMode', 'evil', 'faviconUrl', 'features.teleport', 'features.voice', 'locale', 'logoUrl', 'strings.login.title', 'theme.no-such-token', 'theme.radius'].sort());
    assert.match(dropped.find((d) => d.startsWith('locale'))!, /locale tag/);
    assert.match(dropped.find((d) => d.startsWith('logoUrl'))!, /http\(s\) URL/);
  });

  it('drops a field of the wrong type whole, and a branding that is not an object', () => {
    assert.deepEqual(parseBrandingOverrides({ theme: 'dark', locale: 7, productName: 'x'.repeat(81) }).overrides, {});
    assert.deepEqual(parseBrandingOverrides('acme'), { overrides: {}, dropped: ['branding: must be an object'] });
    assert.deepEqual(parseBrandingOverrides([1, 2]).overrides, {});
  });

  it(`keeps a map within its bound (${MAX_STRING_OVERRIDES} strings)`, () => {
    const strings = Object.fromEntries(Array.from({ length: MAX_STRING_OVERRIDES + 1 }, (_, i) => [`key.${i}`, 'x']));
    const { overrides, dropped } = parseBrandingOverrides({ strings, productName: 'Acme' });
    assert.deepEqual(overrides, { productName: 'Acme' });
    assert.match(dropped.join(), /strings: at most 500 strings/);
  });

  it('is the schema the server checks its config with: what a host loses, the server refuses to start with', () => {
    const base = testConfig();
    for (const bad of [{ locale: 'not a locale!' }, { logoUrl: 'javascript:alert(1)' }, { faviconUrl: 'data:image/png;base64,AAAA' }, { theme: { primary: 7 } }]) {
      assert.throws(() => parseConfig({ ...base, branding: bad }), /invalid config at branding\./, JSON.stringify(bad));
      assert.deepEqual(parseBrandingOverrides(bad).overrides, {}, JSON.stringify(bad));
    }
    assert.equal(parseConfig({ ...base, branding: { logoUrl: '/brand/logo.svg', locale: 'es' } }).branding.logoUrl, '/brand/logo.svg');
  });
});
