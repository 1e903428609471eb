/** The agent desk in Chromium: offers (ring, title, notification, countdown), the chat list, drafts per chat, guarded actions, errors, transfer. */
import { expect } from '@esm-bundle/chai';
import { Ringer } from '../../widget/calls/index.ts';
import type { OfferAlertData } from '../../protocol/index.ts';
import { OfferAlert } from '../../widget/session/offer-alert.ts';
import { ERROR_SHOWN_MS } from '../../widget/ui/errors.ts';
import { DOUBLE_ACTION_MS } from '../../widget/ui/use-guard.ts';
import { $, $$, desk, tick, widgetStyles, type Desk } from './fixtures/call-desk.ts';
import { chat, message, offered } from './fixtures/desk-contacts.ts';
import { eventually } from './harness.ts';

const key = (init: KeyboardEventInit) => document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }));
const input = () => $<HTMLInputElement>('.sb-composer input[name=message]')!;

describe('agent desk', function () {
  this.timeout(30_000);
  let d: Desk;
  before(() => widgetStyles());
  beforeEach(() => (d = desk()));
  afterEach(() => d.unmount());

  it('a chat offer rings, flashes the title, shows the first message and a countdown, until seen', async () => {
    const title = document.title;
    d.show([offered('c1')]);
    d.session.store.addMessage(message('c1', 'Hello, my order #42 has not arrived'));
    await tick();
    const item = $('[data-contact-id=c1]')!;
    expect(item.querySelector('[data-preview]')!.textContent).to.equal('Hello, my order #42 has not arrived');
    const left = Number(item.querySelector<HTMLElement>('[data-countdown]')!.dataset.countdown);
    expect(left).to.be.within(19, 20);
    expect(d.offerRinger.ringing).to.equal(true);
    await eventually(() => d.offerRinger.level() > 0.01, 2_000, 'the offer audible');
    expect(document.title).to.equal('(1) New chat — Nadia Bianchi');
    await eventually(() => document.title === title, 2_000, 'the title flashing back');
    await eventually(() => document.title.startsWith('(1)'), 2_000, 'the title flashing again');
    await new Promise((r) => setTimeout(r, 1_100));
    expect(Number(item.querySelector<HTMLElement>('[data-countdown]')!.dataset.countdown)).to.be.below(left);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })); // the agent is looking at it
    await tick();
    expect(d.offerRinger.ringing).to.equal(false);
    expect(document.title).to.equal(title);
    // A second offer alerts again, counting only the unseen one.
    d.upsert(offered('c2', { customer: { id: 'cust-2', name: 'Omar', authType: 'CONSUMER_ANONYMOUS' } }));
    await tick();
    expect(d.offerRinger.ringing).to.equal(true);
    expect(document.title).to.equal('(1) New chat — Omar');
    d.upsert({ ...offered('c2'), list: 'hidden' }); // taken by another agent
    await tick();
    expect(d.offerRinger.ringing).to.equal(false);
    expect(document.title).to.equal(title);
  });

  it('notifies while the page is hidden, once per offer, after asking permission once on a click', async () => {
    const shown: { title: string; body?: string }[] = [];
    let asked = 0;
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = async () => (asked++, (FakeNotification.permission = 'granted'));
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, body: options.body });
      }
      close() {}
    }
    let visibility: DocumentVisibilityState = 'visible';
    const doc = new Proxy(document, { get: (target, p) => (p === 'visibilityState' ? visibility : Reflect.get(target, p, target)) });
    const bound = (f: unknown) => (typeof f === 'function' ? f.bind(document) : f);
    const page = { document: new Proxy(doc, { get: (t, p) => bound(Reflect.get(t, p)), set: (_, p, v) => Reflect.set(document, p, v) }), notification: FakeNotification as unknown as typeof Notification };
    const ringer = new Ringer(null);
    const told: OfferAlertData[] = [];
    const alert = new OfferAlert(d.session.store, ringer, { title: (n, name) => `(${n}) ${name}`, notification: (name) => ({ title: 'New chat', body: name }) }, page, (a) => told.push(a));
    try {
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      await tick();
      expect(asked, 'asked once, on the first click').to.equal(1);
      d.upsert(offered('n1'));
      expect(shown, 'visible: the page shows it').to.deep.equal([]);
      visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      d.upsert(offered('n1', { priority: 1 }));
      expect(shown).to.deep.equal([{ title: 'New chat', body: 'Nadia Bianchi' }]);
      expect(told.at(-1), 'the host is told of the alert, not asked to notify').to.deep.equal({ unseen: 1, title: '(1) Nadia Bianchi' });
      // Linked to a host page, the widget leaves the notification to it (a frame's may be blocked).
      d.session.store.setCrmLinked(true);
      d.upsert(offered('n2', { customer: { id: 'cust-2', name: 'Omar', authType: 'CONSUMER_ANONYMOUS' } }));
      expect(shown, 'not shown by the widget').to.have.length(1);
      expect(told.at(-1)).to.deep.equal({ unseen: 2, title: '(2) Omar', notification: { interactionId: 'n2', title: 'New chat', body: 'Omar' } });
      d.session.store.removeContact('n1');
      d.session.store.removeContact('n2');
      expect(told.at(-1), 'the alert is over').to.deep.equal({ unseen: 0, title: '' });
    } finally {
      alert.dispose();
    }
  });

  it('lists unread counts, the last message, the waiting time and the active chat; Alt+↑/↓ switch chats', async () => {
    d.show([chat('a1'), chat('a2', { customer: { id: 'cust-2', name: 'Omar', authType: 'CONSUMER_ANONYMOUS' } })]);
    const { store } = d.session;
    expect(store.activeId).to.equal('a1');
    store.addMessage(message('a2', 'Are you there?', 'customer', Date.now() - 65_000));
    store.addMessage(message('a2', 'Hello?'));
    store.addMessage(message('a1', 'Thanks', 'customer'));
    const a2 = await eventually(() => $('[data-contact-id=a2]'), 2_000, 'a2 listed');
    expect(a2.querySelector('[data-unread-badge]')!.textContent).to.equal('2');
    expect($('[data-contact-id=a1] [data-unread-badge]'), 'the chat shown has nothing unread').to.equal(null);
    expect(a2.querySelector('[data-preview]')!.textContent).to.equal('Hello?');
    expect(a2.querySelector('[data-waiting]')!.textContent).to.match(/Waiting 0:0\d/);
    expect($('[data-contact-id=a1]')!.getAttribute('aria-current')).to.equal('true');
    expect($('.sb-lists')!.getAttribute('aria-keyshortcuts')).to.contain('Alt+ArrowDown');
    key({ key: 'ArrowDown', altKey: true });
    await tick();
    expect(store.activeId).to.equal('a2');
    expect($('[data-contact-id=a2]')!.classList.contains('sb-active')).to.equal(true);
    expect($('[data-contact-id=a2] [data-unread-badge]'), 'read once shown').to.equal(null);
    key({ key: 'ArrowDown', altKey: true });
    await tick();
    expect(store.activeId, 'wraps around').to.equal('a1');
    key({ key: 'ArrowUp', altKey: true });
    await tick();
    expect(store.activeId).to.equal('a2');
  });

  it('Alt+A and a double click accept once; a failed accept shows an error that goes with its interaction', async () => {
    let accepts = 0;
    let fail = false;
    d.session.actions.accept = (id) => (accepts++, new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(`cannot take ${id}`)) : resolve()), 100)));
    d.show([offered('o1')]);
    const accept = await eventually(() => $<HTMLButtonElement>('[data-action=accept]'), 2_000, 'the offer listed');
    // The last accept done (its buttons enabled again), and the double-click pause over.
    const settled = async () => {
      await eventually(() => $$<HTMLButtonElement>('[data-action=accept]').every((b) => !b.disabled), 5_000, 'the accept done');
      await tick(DOUBLE_ACTION_MS + 50);
    };
    expect(accept.getAttribute('aria-keyshortcuts')).to.equal('Alt+A');
    accept.click();
    accept.click();
    key({ code: 'KeyA', key: 'a', altKey: true });
    await tick(200);
    expect(accepts).to.equal(1);
    // Done, but a double click's second click (or the second Alt+A) comes now: nothing either.
    accept.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 2 }));
    key({ code: 'KeyA', key: 'a', altKey: true });
    key({ code: 'KeyA', key: 'a', altKey: true, repeat: true });
    await tick();
    expect(accepts).to.equal(1);
    await settled();
    fail = true;
    key({ code: 'KeyA', key: 'a', altKey: true });
    await tick(200);
    expect(accepts).to.equal(2);
    expect($('.sb-error')!.textContent).to.equal('cannot take o1');
    d.session.store.removeContact('o1'); // the offer went
    await tick();
    expect($('.sb-error'), 'the error went with it').to.equal(null);
    // A stale error goes once an action works.
    d.upsert(offered('o2'));
    d.upsert(offered('o3'));
    await settled();
    $<HTMLButtonElement>('[data-contact-id=o2] [data-action=accept]')!.click();
    await tick(200);
    expect($('.sb-error')!.textContent).to.equal('cannot take o2');
    fail = false;
    await settled();
    $<HTMLButtonElement>('[data-contact-id=o3] [data-action=accept]')!.click();
    await tick(200);
    expect($('.sb-error')).to.equal(null);
  });

  it('the reply box draft belongs to its chat: a suggestion for one is not shown or sent in another', async () => {
    const sent: [string, string][] = [];
    d.session.actions.send = async (id, text) => (sent.push([id, text]), undefined as never); // the message itself is not looked at
    d.show([chat('a1'), chat('a2')]);
    d.session.store.setDraft('a1', 'Your refund is on its way'); // the host suggests a reply for a1
    d.session.store.setActive('a2');
    await tick();
    expect(input().value).to.equal('');
    $<HTMLButtonElement>('[data-action=send]')!.click();
    await tick();
    expect(sent, 'nothing sent to a2').to.deep.equal([]);
    input().value = 'Hi Omar';
    input().dispatchEvent(new Event('input', { bubbles: true }));
    d.session.store.setActive('a1');
    await tick();
    expect(input().value).to.equal('Your refund is on its way');
    $<HTMLButtonElement>('[data-action=send]')!.click();
    await tick();
    expect(sent).to.deep.equal([['a1', 'Your refund is on its way']]);
    d.session.store.setActive('a2');
    await tick();
    expect(input().value, "a2's own draft").to.equal('Hi Omar');
  });

  it("a transferred offer names the sender, and the sender's message when there is one", async () => {
    d.session.store.agentNames = new Map([['bob', 'Bob Verdi']]);
    d.show([offered('t1', { transfer: { fromAgentId: 'bob', message: '' } }), offered('t2', { transfer: { fromAgentId: 'bob', message: 'VIP, wants a refund' } })]);
    await tick();
    expect($$('.sb-transfer-note').map((el) => el.textContent)).to.deep.equal(['Transfer from Bob Verdi', 'Transfer from Bob Verdi: VIP, wants a refund']);
  });

  it('transfer lists agents by name and state, refuses offline ones, and closes when another chat is shown', async () => {
    d.show([chat('a1'), chat('a2')]);
    await tick();
    $<HTMLButtonElement>('[data-action=transfer]')!.click();
    await eventually(() => $$('.sb-transfer option[value^="agent:"]').length === 2, 2_000, 'the team listed');
    const options = $$<HTMLOptionElement>('.sb-transfer option[value^="agent:"]');
    expect(options.map((o) => [o.textContent, o.disabled])).to.deep.equal([
      ['Bob Verdi (Online)', false],
      ['Carol Neri — offline, cannot take chats', true],
    ]);
    d.session.store.setActive('a2');
    await tick();
    expect($('.sb-transfer'), 'the form was for a1').to.equal(null);
  });

  it('a notice about an interaction goes when the interaction leaves the desk', async () => {
    d.show([chat('a1'), chat('a2')]);
    await tick();
    d.session.events.emit('notice', 'notice.screenPop', { contact: 'Nadia' }, 'a1');
    await tick();
    expect($('.sb-notice')!.textContent).to.equal('New interaction with Nadia');
    d.upsert(chat('a2', { state: 'wrap_up' })); // another chat changing leaves it
    await tick();
    expect($('.sb-notice')!.textContent).to.equal('New interaction with Nadia');
    d.upsert({ ...chat('a1'), list: 'hidden', state: 'queued' }); // transferred away: waiting for another agent
    await tick();
    expect($('.sb-notice'), 'gone with its chat').to.equal(null);
    d.upsert(chat('a1')); // back (a bounce): the old notice does not come back
    await tick();
    expect($('.sb-notice')).to.equal(null);
    // A farewell notice (about a chat already gone) stays until it times out or is clicked.
    d.session.events.emit('notice', 'notice.transferred', { contact: 'Omar', agent: 'Bob Verdi' });
    await tick();
    expect($('.sb-notice')!.textContent).to.equal('Chat with Omar transferred to Bob Verdi.');
  });

  it('an error and a notice do not stay on screen all day', async function () {
    this.timeout(20_000);
    d.show([chat('a1')]);
    await tick(); // the widget listens once mounted
    d.session.events.emit('error', new Error('something failed'));
    d.session.events.emit('notice', 'notice.transferred', { contact: 'Nadia', agent: 'Bob Verdi' });
    await tick();
    expect($('.sb-error')!.textContent).to.equal('something failed');
    expect($('.sb-notice')!.textContent).to.equal('Chat with Nadia transferred to Bob Verdi.');
    await new Promise((r) => setTimeout(r, ERROR_SHOWN_MS + 200));
    expect($('.sb-error')).to.equal(null);
    expect($('.sb-notice')).to.equal(null);
  });
});
