/**
 * The widget's first load carries the desk; the parts that load on demand come after login, when
 * the page is idle, before anyone asks for them: a chat offer rings and is taken, its CRM panel,
 * knowledge base and transfer form open, with no script fetched on the way.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, eventually, frame, signIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

/** Chunks the desk loads on demand (dist/widget/<name>-<hash>.js). */
const DESK_PARTS = ['call-panel', 'audio-settings', 'transfer-form', 'crm-panel', 'knowledge-base'];

describe('widget chunks: loaded ahead of need', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  /** The scripts the widget's page has fetched, by file name, in order. */
  const scripts = () =>
    widget.eval<string[]>(
      `performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || /\\.js$/.test(new URL(e.name).pathname)).map((e) => new URL(e.name).pathname.split('/').pop())`,
    );
  const named = (files: string[], part: string) => files.some((f) => f.startsWith(`${part}-`));

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await stopServer(server);
  });

  it('before login: widget.js and, framed by a host, the host link; after login the desk parts, then nothing more for an offered chat', async () => {
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    await widget.waitFor('input[name=username]');
    const atLogin = await eventually(async () => {
      const files = await scripts();
      return named(files, 'host-link') ? files : null;
    }, 10_000, 'the host link, loaded for the CRM page that frames the widget');
    expect(atLogin).to.include('widget.js');
    for (const part of [...DESK_PARTS, 'call-media']) expect(named(atLogin, part), `${part} before login`).to.equal(false);

    await signIn('/widget/', 'alice');
    const prefetched = await eventually(async () => {
      const files = await scripts();
      return DESK_PARTS.every((part) => named(files, part)) ? files : null;
    }, 10_000, 'the desk parts, prefetched after login');
    expect(named(prefetched, 'call-media'), 'the media engine waits for a call').to.equal(false);

    await widget.select('select[name=agent-state]', 'ONLINE');
    await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop');
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'where is my parcel?');
    // The offer alert (the ring and the flashing title) runs from widget.js.
    await eventually(async () => /New chat — Carla Verdi/.test(await widget.eval<string>('document.title')), 10_000, 'the offer flashing the title');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'where is my parcel?');
    await widget.click('[data-side-tab=crm]');
    await widget.waitFor('.sb-crm');
    await widget.click('[data-side-tab=kb]');
    await widget.waitFor('.sb-kb');
    await widget.click('[data-action=transfer]');
    await widget.waitFor('form.sb-transfer');
    expect(await scripts(), 'scripts fetched after the prefetch').to.deep.equal(prefetched);
  });
});
