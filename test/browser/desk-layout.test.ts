/** The agent desk's layout at a phone's, a side panel's and a desktop's width: nothing wider than the page, RTL shown RTL, and stored screenshots. */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { $, $$, desk, tick, widgetStyles, type Desk } from './fixtures/call-desk.ts';
import { compareScreenshot } from './harness.ts';
import { chat, message } from './fixtures/desk-contacts.ts';

/** Share of pixels that may differ from the reference (anti-aliasing). */
const SCREENSHOT_TOLERANCE = 0.002;
const LONG_WORD = `https://shop.example.com/orders/${'x'.repeat(8_000 - 31)}`;
const RTL = 'مرحبا، طلبي رقم ٤٢ لم يصل بعد';
const HEBREW_NAME = 'דנה כהן';
// Fixed times: the screenshots must not change from run to run.
const AT = Date.UTC(2026, 0, 15, 9, 30);

function fill(d: Desk) {
  d.show([
    chat('a1', { customer: { id: 'cust-1', name: `Nadia ${'Bianchi'.repeat(20)}`, authType: 'CONSUMER_ANONYMOUS' } }),
    chat('a2', { customer: { id: 'cust-2', name: HEBREW_NAME, authType: 'CONSUMER_ANONYMOUS' }, notes: [{ id: 'n1', agentId: 'alice', text: `${RTL} ${LONG_WORD.slice(0, 300)}`, createdAt: AT }] }),
  ]);
  const { store } = d.session;
  store.dispositions = [{ id: 'resolved', name: 'Resolved — the customer confirmed the fix and closed the ticket' }];
  store.addMessage(message('a1', LONG_WORD, 'customer', AT));
  store.addMessage(message('a1', RTL, 'customer', AT + 60_000));
  store.addMessage(message('a1', 'Let me check that order for you.', 'agent', AT + 120_000));
  store.addMessage(message('a2', RTL, 'customer', AT));
  store.addMessage(message('a2', 'One moment please.', 'agent', AT + 60_000));
  store.setDraft('a1', LONG_WORD.slice(0, 200));
}

const noWiderThanPage = () => {
  const { scrollWidth, clientWidth } = document.documentElement;
  expect(scrollWidth, `page ${clientWidth} px wide`).to.be.at.most(clientWidth);
  for (const el of $$('#app *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > clientWidth + 0.5) throw new Error(`${el.tagName}.${el.className} ends at ${box.right} px, past ${clientWidth}`);
  }
};

describe('agent desk layout', function () {
  this.timeout(30_000);
  let d: Desk;
  before(() => widgetStyles());
  beforeEach(() => (d = desk()));
  afterEach(async () => {
    d.unmount();
    await executeServerCommand('sb-viewport', { width: 800, height: 600 });
  });

  for (const width of [320, 390, 1_280]) {
    it(`fits ${width} px with an 8,000-character word and an RTL message, and looks as stored`, async () => {
      await executeServerCommand('sb-viewport', { width, height: 720 });
      fill(d);
      await tick(100);
      noWiderThanPage();
      const rtl = $$('.sb-message .sb-text').find((el) => el.textContent === RTL)!;
      expect(getComputedStyle(rtl).direction, 'dir=auto reads the Arabic as RTL').to.equal('rtl');
      expect(getComputedStyle($$('.sb-message .sb-text').find((el) => el.textContent === LONG_WORD)!).direction).to.equal('ltr');
      expect(getComputedStyle($('[data-contact-id=a2] .sb-party')!).direction).to.equal('rtl');
      expect(getComputedStyle($('[data-contact-id=a2] [data-preview]')!).direction, 'the preview of the last (English) line').to.equal('ltr');
      // The wrap-up panel of the chat with the long RTL note fits too.
      d.upsert(chat('a2', { customer: { id: 'cust-2', name: HEBREW_NAME, authType: 'CONSUMER_ANONYMOUS' }, state: 'wrap_up', endedAt: AT, notes: d.session.store.contacts.get('a2')!.notes }));
      d.session.store.setActive('a2');
      await tick(100);
      expect($('.sb-wrap-up select[name=disposition]'), 'the wrap-up panel shown').to.not.equal(null);
      expect(getComputedStyle($('.sb-notes li')!).direction).to.equal('rtl');
      noWiderThanPage();
      const shot = await compareScreenshot('#app', `desk-wrap-up-${width}`);
      expect(shot.reason ?? '').to.equal('');
      expect(shot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
      d.session.store.setActive('a1');
      await tick(100);
      const chatShot = await compareScreenshot('#app', `desk-chat-${width}`);
      expect(chatShot.reason ?? '').to.equal('');
      expect(chatShot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
    });
  }
});
