/**
 * Branding and links from a host are data the widget checks: a host that passes an invalid locale,
 * a `javascript:` logo, a `data:` favicon and other bad values gets a working widget with the
 * valid rest of its branding, and no URL that is not http(s) anywhere in the page.
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { createChat } from '../../customer/index.ts';
import type { BrandingOverrides } from '../../protocol/index.ts';
import { applyHostBranding } from '../../widget/api/host-link.ts';
import { BrandingState } from '../../widget/branding.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

const HOSTILE_BRANDING = {
  productName: 'Hosted Care',
  locale: 'not a locale!',
  logoUrl: 'javascript:alert(document.domain)',
  faviconUrl: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  darkMode: 'purple',
  theme: { primary: '#123456', 'no-such-token': 'red' },
  strings: { 'login.submit': 'Go in' },
} as unknown as BrandingOverrides;

describe('host branding and links are checked', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => stopServer(server));
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('a host passing an invalid locale, a javascript: logo and bad values gets a working widget with the rest of its branding', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, branding: HOSTILE_BRANDING });
    Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    const widget = frame(`${server.url}/widget/`);
    await widget.waitForText('.sb-login h1', 'Agent sign-in');
    // Signed in, with a chat: message times render (Intl threw on the bad locale, and the widget
    // went blank).
    await widget.type('input[name=username]', 'alice');
    await widget.type('input[name=password]', 'alice');
    await widget.click('[data-action=login]');
    await widget.waitFor('select[name=agent-state]');
    await api.setAgentState('ready');
    const customer = createChat({ server: server.url, storage: null });
    try {
      await customer.init({ room: 'default', name: 'Ada' });
      await customer.sendMessage('Hello');
      await widget.click('[data-action=accept]');
      await widget.waitForText('.sb-messages', 'Hello');
      const signedIn = await widget.eval<any>(`({
        time: document.querySelector('.sb-message time').textContent,
        logos: document.querySelectorAll('img').length,
      })`);
      expect(signedIn.time).to.match(/^\d{2}:\d{2}/);
      expect(signedIn.logos).to.equal(0);
      const config = await api.getConfig();
      expect(config.status === 'success' && config.data).to.deep.include({ productName: 'Hosted Care', locale: 'en' });
    } finally {
      customer.disconnect();
      await eventually(async () => (await api.getInteractionsState()).status === 'success', 5_000);
    }

    // The sign-in form, in the server's locale (English), with the host's valid fields applied and
    // no javascript: or data: URL anywhere.
    await api.logout();
    await widget.waitForText('.sb-product', 'Hosted Care');
    await widget.waitForText('[data-action=login]', 'Go in');
    const page = await widget.eval<any>(`({
      lang: document.documentElement.lang,
      theme: document.documentElement.dataset.theme,
      primary: getComputedStyle(document.documentElement).getPropertyValue('--sb-primary').trim(),
      logos: document.querySelectorAll('img').length,
      icons: [...document.querySelectorAll('link[rel~=icon]')].map((l) => l.href),
      notHttp: [...document.querySelectorAll('[src],[href]')].map((e) => e.src || e.href).filter((u) => !/^https?:/.test(u)),
    })`);
    expect(page).to.deep.equal({ lang: 'en', theme: 'light', primary: '#123456', logos: 0, icons: [], notHttp: [] });
  });

  it('an http(s) logo from the host is rendered, so the check refuses only what it should', async () => {
    const logoUrl = `${server.url}/widget/no-such-logo.png`;
    const api = new AgentDesktopClientAPIImpl({ server: server.url, branding: { logoUrl, productName: 'Logo Care' } });
    const widget = frame(`${server.url}/widget/`);
    // On the sign-in form or in the agent bar (a session of the test before may be restored); a
    // broken image with an empty alt takes no room, so it is looked up, not waited for as visible.
    const srcs = await eventually(async () => {
      const found = await widget.eval<string[]>(`[...document.querySelectorAll('img.sb-logo')].map((i) => i.getAttribute('src'))`).catch(() => []);
      return found.length ? found : null;
    }, 10_000, 'the logo');
    expect(srcs).to.deep.equal([logoUrl]);
    expect(api.iframe.isConnected).to.equal(true);
  });

  it('the warning names every dropped field', () => {
    const warnings: string[] = [];
    const title = document.title;
    applyHostBranding(new BrandingState(), HOSTILE_BRANDING, (m) => warnings.push(m));
    document.title = title;
    expect(warnings).to.have.length(1);
    for (const field of ['locale', 'logoUrl', 'faviconUrl', 'darkMode', 'theme.no-such-token']) expect(warnings[0]).to.include(`${field}:`);
    expect(warnings[0]).not.to.include('productName');
  });
});
