/** A rebranded widget in another locale: server branding, the embedding page's overrides, features, a stored screenshot. */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import { createChat } from '../../customer/index.ts';
import { compareScreenshot, eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

const SCREENSHOT_TOLERANCE = 0.01; // share of pixels that may differ (anti-aliasing)

describe('white-label and i18n', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startServer({
      config: { branding: { productName: 'Acme Care', theme: { primary: '#0a7d3b', radius: '2px' }, features: { transfer: false } } },
    });
  });
  after(() => stopServer(server));

  it('wears the brand and speaks Italian, without a rebuild', async () => {
    const api = new AgentDesktopClientAPIImpl({
      server: server.url,
      branding: { locale: 'it-IT', darkMode: 'dark', strings: { 'login.submit': 'Entra in Acme Care' } },
    });
    api.iframe.id = 'branded';
    Object.assign(api.iframe.style, { width: '420px', height: '360px', border: '0' });
    const widget = frame(`${server.url}/widget/`);
    await widget.waitForText('.sb-login h1', 'Accesso operatore');
    await widget.waitForText('.sb-product', 'Acme Care');
    await widget.waitForText('[data-action=login]', 'Entra in Acme Care');
    const page = await widget.eval<any>(`({
      title: document.title,
      lang: document.documentElement.lang,
      theme: document.documentElement.dataset.theme,
      primary: getComputedStyle(document.documentElement).getPropertyValue('--sb-primary').trim(),
      button: getComputedStyle(document.querySelector('[data-action=login]')).backgroundColor,
    })`);
    expect(page).to.deep.equal({ title: 'Acme Care', lang: 'it-IT', theme: 'dark', primary: '#0a7d3b', button: 'rgb(10, 125, 59)' });
    const config = await api.getConfig();
    expect(config.status === 'success' && config.data).to.deep.include({ productName: 'Acme Care', locale: 'it-IT' });
    expect(config.status === 'success' && config.data.features.transfer).to.equal(false);

    // Pixels: the branded, Italian sign-in form against the stored reference.
    await new Promise((r) => setTimeout(r, 300)); // fonts and layout settle
    const shot = await compareScreenshot('#branded', 'branded-login-it');
    expect(shot.reason ?? '').to.equal('');
    expect(shot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);

    // Signed in: Italian states, times in the Italian format, and no transfer (switched off).
    await widget.type('input[name=username]', 'alice');
    await widget.type('input[name=password]', 'alice');
    await widget.click('[data-action=login]');
    await widget.waitForText('select[name=agent-state]', 'Disponibile');
    await api.setAgentState('ready');
    const customer = createChat({ server: server.url, storage: null });
    await customer.init({ room: 'default', name: 'Giulia' });
    await customer.sendMessage('Buongiorno');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'Buongiorno');
    const time = await widget.eval<string>('document.querySelector(".sb-message time").textContent');
    expect(time).to.match(/^\d{2}:\d{2}$/);
    await widget.waitForText('[data-action=end]', 'Termina chat');
    expect(await widget.texts('[data-action=transfer]')).to.deep.equal([]);
    await eventually(async () => (await api.getInteractionsState()).status === 'success', 5_000);
    customer.disconnect();
    api.iframe.remove();
  });

  it('follows Spanish from the server when the page says nothing', async () => {
    const es = await startServer({ config: { branding: { locale: 'es', productName: 'Acme Soporte' } } });
    try {
      const api = new AgentDesktopClientAPIImpl({ server: es.url });
      const widget = frame(`${es.url}/widget/`);
      await widget.waitForText('.sb-login h1', 'Acceso de agente');
      await widget.waitForText('[data-action=login]', 'Entrar');
      api.iframe.remove();
    } finally {
      await stopServer(es);
    }
  });
});
