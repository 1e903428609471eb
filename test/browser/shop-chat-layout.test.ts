/**
 * The customer chat box's layout at phone and desktop widths, against stored screenshots: full
 * screen at 320 and 390 px, a 360 px panel at 1,280 px, no horizontal overflow with an
 * 8,000-character word, right-to-left text shown right-to-left; and its strings in Italian.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, compareScreenshot, eventually, frame, signIn, startServer, stopServer, type TestServer } from './harness.ts';

/** Share of pixels allowed to differ (anti-aliasing of text between runs). */
const SCREENSHOT_TOLERANCE = 0.0005;
const HEIGHT = 640;
const LONG_WORD = 'x'.repeat(8_000);
const RTL_TEXT = 'مرحبا كارلا، كيف يمكنني مساعدتك؟';

describe('shop chat box layout and screenshots', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer();
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    await signIn('/widget/', 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
  });
  after(async () => {
    await stopServer(server);
  });

  it('fits 320, 390 and 1,280 px with an 8,000-character word and an RTL message, as the references show', async () => {
    const iframe = await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop', { width: 320, height: HEIGHT });
    expect(await shop.eval<string | null>("document.querySelector('meta[name=viewport]')?.content ?? null")).to.match(/width=device-width/);
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.waitFor('[name=message]:enabled');
    // Typing 8,000 keys is slow: the word goes in as a paste would put it.
    await shop.eval(`(() => { const input = document.querySelector('[name=message]'); input.value = '${LONG_WORD}'; return true; })()`);
    await shop.click('[data-action=send]');
    await widget.waitForText('[data-contact-id]', 'xxxxxxxx'); // the offer shows the message: its layout has settled
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'xxxxxxxx');
    await widget.type('input[name=message]', RTL_TEXT);
    await widget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', RTL_TEXT);
    await shop.waitFor('.sbc-msg.me .sbc-tick[data-read]'); // the agent read it: ✓✓ in the pictures

    const rtl = await shop.eval<string>("getComputedStyle([...document.querySelectorAll('.sbc-text')].at(-1)).direction");
    expect(rtl).to.equal('rtl');
    expect(await shop.eval<string>("getComputedStyle(document.querySelector('.sbc-msg.me .sbc-text')).direction")).to.equal('ltr');

    for (const width of [320, 390, 1280]) {
      iframe.width = String(width);
      await eventually(() => shop.eval<boolean>(`innerWidth === ${width}`), 5_000, `a ${width} px page`);
      const layout = await shop.eval<{ page: number; list: number[]; box: number[]; form: number; launcher: boolean }>(`(() => {
        document.activeElement?.blur(); // no blinking caret in the picture
        document.querySelectorAll('.sbc-time').forEach((t) => (t.textContent = '10:00')); // times of day differ run to run
        const list = document.querySelector('.sbc-messages');
        list.scrollTop = list.scrollHeight;
        const box = document.querySelector('.sbc').getBoundingClientRect();
        return {
          page: document.documentElement.scrollWidth,
          list: [list.scrollWidth, list.clientWidth],
          box: [box.left, box.top, box.width, box.height],
          form: document.querySelector('.sbc-reply').getBoundingClientRect().bottom,
          launcher: getComputedStyle(document.querySelector('.sbc-launcher')).display !== 'none',
        };
      })()`);
      expect(layout.page, `page width at ${width}`).to.be.at.most(width);
      expect(layout.list[0], `message list width at ${width}`).to.be.at.most(layout.list[1]);
      if (width < 480) {
        // A phone: the open chat is the whole screen, the reply box on screen, the launcher out of the way.
        expect(layout.box).to.deep.equal([0, 0, width, HEIGHT]);
        expect(layout.launcher).to.equal(false);
      } else {
        expect(layout.box[2]).to.equal(360);
        expect(layout.launcher).to.equal(true);
      }
      expect(layout.form).to.be.at.most(HEIGHT);
      if (width < 480) {
        // The keyboard takes the lower part: the box shrinks to what is left, the reply box stays above it.
        const squeezed = await shop.eval<number[]>(`(() => {
          const root = document.querySelector('.sbc-root');
          root.style.setProperty('--sbc-vh', '300px');
          const box = document.querySelector('.sbc').getBoundingClientRect();
          const form = document.querySelector('.sbc-reply').getBoundingClientRect();
          root.style.setProperty('--sbc-vh', innerHeight + 'px');
          return [box.height, form.bottom];
        })()`);
        expect(squeezed[0]).to.equal(300);
        expect(squeezed[1]).to.be.at.most(300);
      }
      await new Promise((r) => setTimeout(r, 200)); // layout and scrolling settle
      const shot = await compareScreenshot('iframe[name=shop]', `shop-chat-${width}`);
      expect(shot.reason ?? '', `screenshot at ${width}`).to.equal('');
      expect(shot.diffRatio, `screenshot at ${width}`).to.be.at.most(SCREENSHOT_TOLERANCE);
    }
  });

  it('speaks Italian when the page says data-locale="it"', async () => {
    document.querySelector('iframe[name=shop]')?.remove();
    // The other origin: a fresh session, no chat to reopen.
    await addIframe(`${server.url}/demo/shop.html?locale=it`, 'shop-it', { width: 800, height: HEIGHT });
    const it = frame('/demo/shop.html?locale=it');
    await it.waitFor('input[name=name]');
    const words = await it.eval<string[]>(`[
      document.querySelector('input[name=name]').placeholder,
      document.querySelector('[data-action=start]').textContent,
      document.querySelector('.sbc-identity').textContent,
      document.querySelector('[data-action=launcher]').ariaLabel,
    ]`);
    expect(words).to.deep.equal(['Il tuo nome', 'Inizia la chat', 'Chatta con noi', 'Riduci la chat']);
    await it.type('input[name=name]', 'Giulia');
    await it.click('[data-action=start]');
    await it.waitForText('.sbc-messages', 'In attesa di un operatore…');
    await widget.click('[data-action=accept]');
    await it.waitForText('.sbc-messages', 'Alice è entrato nella chat');
    await it.waitForText('.sbc-agent-name', 'Alice Rossi');
    await it.click('[data-action=end]');
    await it.waitForText('.sbc-messages', 'La chat è terminata');
    await it.waitForText('.sbc-csat-title', 'Il tuo problema è stato risolto?');
  });
});
