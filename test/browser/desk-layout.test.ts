/** The agent desk's layout at a phone's, a side panel's and a desktop's width: nothing wider than the page, RTL shown RTL, and stored screenshots. */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { $, $$, desk, tick, widgetStyles, type Desk } from './fixtures/call-desk.ts';
import { compareScreenshot } from './harness.ts';
import { chat, message, offered } from './fixtures/desk-contacts.ts';

/** Share of pixels that may differ from the reference (anti-aliasing). */
const SCREENSHOT_TOLERANCE = 0.002;
const LONG_WORD = `https://shop.example.com/orders/${'x'.repeat(8_000 - 31)}`;
const RTL = 'مرحبا، طلبي رقم ٤٢ لم يصل بعد';
const HEBREW_NAME = 'דנה כהן';
// Fixed times: the screenshots must not change from run to run.
const AT = Date.UTC(2026, 0, 15, 9, 30);

const RECORDS = JSON.stringify({
  list: [
    { id: 'case-1042', type: 'case', displayName: 'Case 1042 — parcel late', displayType: 'Case', customFields: {}, source: 'crm' },
    { id: 'acct-7', type: 'account', displayName: 'Nadia Bianchi', displayType: 'Account', customFields: {}, source: 'crm' },
  ],
  selected: ['case-1042'],
});

function fill(d: Desk) {
  d.show([
    // Its wait reads 0:00 whenever the test runs (created "later"), its countdown is off: the screenshots stay the same.
    offered('o1', { customer: { id: 'cust-3', name: 'Omar Haddad', authType: 'CONSUMER_ANONYMOUS' }, createdAt: Date.now() + 3_600_000, offerExpiresAt: null, transfer: { fromAgentId: 'bob', message: '' } }),
    chat('a1', { customer: { id: 'cust-1', name: `Nadia ${'Bianchi'.repeat(20)}`, authType: 'CONSUMER_ANONYMOUS' }, attachedData: { 'sb.objects': RECORDS } }),
    chat('a2', { customer: { id: 'cust-2', name: HEBREW_NAME, authType: 'CONSUMER_ANONYMOUS' }, notes: [{ id: 'n1', agentId: 'alice', text: `${RTL} ${LONG_WORD.slice(0, 300)}`, createdAt: AT }] }),
  ]);
  const { store } = d.session;
  store.setCrmLinked(true);
  store.agentNames = new Map([['bob', 'Bob Verdi']]);
  store.dispositions = [{ id: 'resolved', name: 'Resolved — the customer confirmed the fix and closed the ticket' }];
  store.addMessage(message('o1', 'Hello, I need help with the invoice you sent me last month', 'customer', AT));
  store.addMessage(message('a1', LONG_WORD, 'customer', AT));
  store.addMessage(message('a1', RTL, 'customer', AT + 60_000));
  store.addMessage(message('a1', 'Let me check that order for you.', 'agent', AT + 120_000));
  store.addMessage(message('a2', RTL, 'customer', AT));
  store.addMessage(message('a2', 'One moment please.', 'agent', AT + 60_000));
  store.setDraft('a1', LONG_WORD.slice(0, 200));
  store.setActive('a1');
}

/** Opens a side panel (narrow: its tab; wide: the panels stand open). */
async function openPanel(id: 'crm' | 'notes' | 'kb') {
  const tab = $<HTMLButtonElement>(`[data-side-tab=${id}]`)!;
  if (tab.getAttribute('aria-expanded') !== 'true') tab.click();
  await tick(100);
  expect($(`[data-side-panel=${id}]`), `the ${id} panel open`).to.not.equal(null);
}

/** Each line of the chat list's items is one line of text (nothing wraps to 3 or 4 lines). */
const listLinesSingle = () => {
  for (const el of $$('.sb-interaction .sb-line:not(.sb-actions), .sb-interaction .sb-preview')) {
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3;
    expect(el.getBoundingClientRect().height, `"${el.textContent}" on one line`).to.be.at.most(lineHeight * 1.6 + 2);
  }
};

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

  for (const width of [320, 390, 480, 768, 1_280]) {
    it(`fits ${width} px with an 8,000-character word, an RTL message, an offer and the CRM panel open, and looks as stored`, async () => {
      const height = width === 480 ? 600 : 720; // 480 x 600: the demo CRM's widget
      await executeServerCommand('sb-viewport', { width, height });
      fill(d);
      await tick(100);
      await openPanel('crm');
      await tick(100);
      noWiderThanPage();
      listLinesSingle();
      const rtl = $$('.sb-message .sb-text').find((el) => el.textContent === RTL)!;
      expect(getComputedStyle(rtl).direction, 'dir=auto reads the Arabic as RTL').to.equal('rtl');
      expect(getComputedStyle($$('.sb-message .sb-text').find((el) => el.textContent === LONG_WORD)!).direction).to.equal('ltr');
      // The conversation keeps most of the height, the CRM panel open; the list is wide enough to read.
      const messages = $('.sb-messages')!.getBoundingClientRect();
      expect(messages.height, 'the message area with the CRM panel open').to.be.at.least(height * (width < 640 ? 0.25 : 0.55));
      expect(messages.width).to.be.at.least(width < 640 ? width - 1 : 300);
      if (width >= 640) expect($('.sb-lists')!.getBoundingClientRect().width, 'the chat list').to.be.at.least(220);
      expect($('.sb-record')!.textContent).to.equal('Case 1042 — parcel late');
      expect($('.sb-transfer-note')!.textContent, 'no dangling colon without a message').to.equal('Transfer from Bob Verdi');
      expect(getComputedStyle($('.sb-record')!).color, 'a record reads on its background').to.not.equal(getComputedStyle($('.sb-crm')!).backgroundColor);
      const chatShot = await compareScreenshot('#app', `desk-chat-${width}`);
      expect(chatShot.reason ?? '').to.equal('');
      expect(chatShot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
      // The offer taken by another agent, the conversation has the room back.
      d.session.store.removeContact('o1');
      await tick(100);
      expect($('.sb-messages')!.getBoundingClientRect().height, 'the message area, the CRM panel open, no offer').to.be.at.least(height * (width < 640 ? 0.4 : 0.6));
      expect($('.sb-chat-head')!.getBoundingClientRect().height, 'the chat header on one line').to.be.at.most(50);

      // The other chat in wrap-up, with its long RTL note: the wrap-up row and the notes fit too.
      d.upsert(chat('a2', { customer: { id: 'cust-2', name: HEBREW_NAME, authType: 'CONSUMER_ANONYMOUS' }, state: 'wrap_up', endedAt: AT, notes: d.session.store.contacts.get('a2')!.notes }));
      d.session.store.setActive('a2');
      await tick(100);
      expect($('.sb-wrap-up select[name=disposition]'), 'the wrap-up panel shown').to.not.equal(null);
      await openPanel('notes');
      expect(getComputedStyle($('.sb-notes li')!).direction).to.equal('rtl');
      if (width >= 640) expect(getComputedStyle($('[data-contact-id=a2] .sb-party')!).direction).to.equal('rtl');
      noWiderThanPage();
      const shot = await compareScreenshot('#app', `desk-wrap-up-${width}`);
      expect(shot.reason ?? '').to.equal('');
      expect(shot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
    });
  }

  it('narrow, the chats fold into one row of names while a chat is shown, one click from each other', async () => {
    await executeServerCommand('sb-viewport', { width: 390, height: 700 });
    fill(d);
    d.session.store.addMessage(message('a2', 'Still there?'));
    await tick(100);
    expect($('section[data-list=assigned]'), 'folded').to.equal(null);
    expect($('[data-list=pending] [data-action=accept]'), 'offers stay in full').to.not.equal(null);
    const chips = $$('.sb-chip').map((el) => [el.dataset.contactId, el.getAttribute('aria-current'), el.querySelector('[data-unread-badge]')?.textContent ?? null]);
    expect(JSON.stringify(chips)).to.equal(JSON.stringify([
      ['a1', 'true', null],
      ['a2', null, '2'],
    ]));
    expect($('.sb-chips')!.getBoundingClientRect().height, 'one row').to.be.at.most(44);
    $('.sb-chip[data-contact-id=a2]')!.click();
    await tick();
    expect(d.session.store.activeId).to.equal('a2');
    expect($('.sb-chip[data-contact-id=a2] [data-unread-badge]'), 'read once shown').to.equal(null);
    // Unfolded: the chats in full; picking one folds them again.
    const fold = $<HTMLButtonElement>('[data-action=show-chats]')!;
    expect(fold.getAttribute('aria-expanded')).to.equal('false');
    fold.click();
    await tick();
    expect($$('[data-list=assigned] [data-contact-id]').map((el) => el.dataset.contactId)).to.deep.equal(['a1', 'a2']);
    expect(getComputedStyle($('[data-contact-id=a2] .sb-party')!).direction, 'the Hebrew name reads RTL').to.equal('rtl');
    noWiderThanPage();
    $('[data-list=assigned] [data-contact-id=a1]')!.click();
    await tick();
    expect(d.session.store.activeId).to.equal('a1');
    expect($('section[data-list=assigned]'), 'folded again').to.equal(null);
    // Wide enough for two columns, nothing folds.
    await executeServerCommand('sb-viewport', { width: 768, height: 700 });
    await tick(100);
    expect($('[data-action=show-chats]')).to.equal(null);
    expect($$('[data-list=assigned] [data-contact-id]')).to.have.length(2);
  });

  it("narrow, one side panel opens at a time (a chat's records at first) and the choice holds from chat to chat; wide, they stand in a column and fold one by one", async () => {
    await executeServerCommand('sb-viewport', { width: 480, height: 600 });
    fill(d);
    await tick(100);
    const open = () => $$('.sb-side-body').map((el) => el.dataset.sidePanel);
    expect(open(), 'the linked records, until the agent picks').to.deep.equal(['crm']);
    d.session.store.setActive('a2');
    await tick();
    expect(open(), 'no records here').to.deep.equal([]);
    $<HTMLButtonElement>('[data-side-tab=notes]')!.click();
    await tick();
    expect(open()).to.deep.equal(['notes']);
    d.session.store.setActive('a1');
    await tick();
    expect(open(), 'the pick holds').to.deep.equal(['notes']);
    $<HTMLButtonElement>('[data-side-tab=notes]')!.click();
    await tick();
    expect(open()).to.deep.equal([]);
    await executeServerCommand('sb-viewport', { width: 1_280, height: 720 });
    await tick(100);
    expect(open()).to.deep.equal(['crm', 'notes', 'kb']);
    const side = $('.sb-side-column')!.getBoundingClientRect();
    expect(side.left, 'beside the conversation').to.be.at.least($('.sb-messages')!.getBoundingClientRect().right - 0.5);
    $<HTMLButtonElement>('[data-side-tab=crm]')!.click();
    await tick();
    expect(open()).to.deep.equal(['notes', 'kb']);
  });
});
