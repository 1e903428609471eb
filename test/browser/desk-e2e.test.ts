/**
 * A chat offer against a real server, as the agent meets it in the demo CRM (its own tab, the
 * host library and the widget) while a customer writes on the demo shop: the ring (WebAudio), the
 * CRM tab's own title flashing and a desktop notification shown by the CRM page while the tab is
 * hidden, the customer's first message and the countdown in the offer; all quiet once accepted.
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, closeTab, eventually, grantPermissions, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';
import { audible, crmEvents, installAudioTap, notifications, openCrm, permissionAsks, recordNotifications, silent, type CrmTab } from './fixtures/desk-e2e.ts';
import type { OfferAlertData } from '../../protocol/index.ts';

const CRM_TITLE = 'Acme CRM — agent desk';

describe('agent desk end to end: a chat offer', function () {
  this.timeout(90_000);
  let server: TestServer;
  let alice: CrmTab;
  let shopOrigin: string;

  before(async () => {
    server = await startServer();
    alice = await openCrm(server.url, 'alice', { before: (crm) => recordNotifications(crm.crm) });
    // The agent's first click in the widget once signed in lets the CRM page ask for notifications, once.
    expect(await permissionAsks(alice.crm)).to.deep.equal([]);
    await alice.widget.click('.sb-lists');
    await alice.widget.click('.sb-lists');
    await eventually(async () => (await permissionAsks(alice.crm)).length > 0, 3_000, 'the CRM page asking');
    expect(await permissionAsks(alice.crm)).to.deep.equal([{ activation: true }]);
    // The agent allowed them (the browser's prompt, answered).
    await grantPermissions(server.url, ['notifications']);
    await installAudioTap(alice.widget);
    shopOrigin = server.url.replace('127.0.0.1', 'localhost');
    await addIframe(`${shopOrigin}/demo/shop.html`, 'shop', { width: 420, height: 600 });
  });
  after(async () => {
    await closeTab(alice.tab);
    await stopServer(server);
  });

  it('rings, flashes the CRM tab title and notifies from the CRM page while hidden; shows the first message and a countdown', async () => {
    expect(await alice.crm.eval<string>('document.visibilityState')).to.equal('visible');
    // The customer writes from the shop: this page comes to the front, the CRM's tab is hidden.
    await startShopChat(`${shopOrigin}/demo/shop.html`, 'Carla Verdi', 'my parcel 42 is late');
    expect(await alice.crmBehind.eval<string>('document.visibilityState')).to.equal('hidden');
    await eventually(() => alice.widgetBehind.eval<boolean>(`!!document.querySelector('[data-list=pending] [data-action=accept]')`), 10_000, 'the offer listed');

    // The tab's title (the top page's, which the browser shows) flashes between the offer and the CRM's own.
    const titles = new Set<string>();
    await eventually(async () => (titles.add(await alice.crmBehind.eval<string>('document.title')), titles.size === 2), 6_000, 'the CRM title flashing');
    expect([...titles].sort()).to.deep.equal(['(1) New chat — Carla Verdi', CRM_TITLE]);
    // The notification comes from the CRM page (a cross-origin frame's would be blocked), and the browser showed it.
    const note = await eventually(async () => (await notifications(alice.crmBehind)).find((n) => n.shown), 6_000, 'a notification shown');
    expect(note).to.include({ title: 'New chat', body: 'Carla Verdi is waiting for an answer' });
    expect(await notifications(alice.crmBehind), 'once per offer').to.have.length(1);
    // The ring sounds (what the widget sends to the speakers, measured).
    await audible(alice.widgetBehind, 'the offer ringing');

    // The offer shows what the customer wrote while it rang, and counts down to its timeout (30 s in the default queue).
    await eventually(async () => (await alice.widgetBehind.texts('[data-list=pending] [data-preview]')).includes('my parcel 42 is late'), 10_000, 'the first message in the offer');
    const countdown = () => alice.widgetBehind.eval<number>(`Number(document.querySelector('[data-list=pending] [data-countdown]').dataset.countdown)`);
    const first = await countdown();
    expect(first).to.be.within(1, 30);
    await eventually(async () => (await countdown()) < first, 5_000, 'the countdown running');
    expect(await alice.widgetBehind.texts('[data-list=pending] [data-countdown]')).to.deep.equal([`Answer within ${await countdown()} s`]);

    // The host API heard the alert start.
    const alerts = await crmEvents<OfferAlertData>(alice.crmBehind, 'ON_OFFER_ALERT');
    expect(alerts.some((a) => a.unseen === 1 && a.title === '(1) New chat — Carla Verdi' && a.notification?.body === 'Carla Verdi is waiting for an answer')).to.equal(true);

    // Back on the CRM, the agent accepts: the ring stops, the title is the CRM's again, the notification goes.
    await alice.widget.click('[data-list=pending] [data-action=accept]');
    await alice.widget.waitFor('li[data-list=assigned]');
    await eventually(async () => (await alice.crm.eval<string>('document.title')) === CRM_TITLE, 3_000, 'the title back');
    await new Promise((r) => setTimeout(r, 1_100)); // a flash would have come back by now
    expect(await alice.crm.eval<string>('document.title')).to.equal(CRM_TITLE);
    expect((await notifications(alice.crm))[0]!.closed, 'the notification closed').to.equal(true);
    await silent(alice.widget, 'the ring stopped');
    const last = (await crmEvents<OfferAlertData>(alice.crm, 'ON_OFFER_ALERT')).at(-1)!;
    expect(last.unseen).to.equal(0);
  });

  it('a CRM that shows the alert itself (its handler returns true) keeps its title and gets no notification from the library', async () => {
    await alice.crm.eval(`(window.ownAlerts = [], Switchboard.api.on('ON_OFFER_ALERT', (alert) => (window.ownAlerts.push(alert), true)), true)`);
    const before = (await notifications(alice.crm)).length;
    await addIframe(`${server.url}/demo/shop.html`, 'shop2', { width: 420, height: 600 }); // another customer (another origin: a chat of their own)
    await startShopChat(`${server.url}/demo/shop.html`, 'Dario Neri', 'a second question');
    await eventually(async () => (await alice.crmBehind.eval<OfferAlertData[]>('window.ownAlerts')).some((a) => a.unseen === 1 && a.notification?.body === 'Dario Neri is waiting for an answer'), 10_000, 'the CRM told');
    await audible(alice.widgetBehind, 'the widget still rings');
    await new Promise((r) => setTimeout(r, 1_100)); // a flash would have shown by now
    expect(await alice.crmBehind.eval<string>('document.title')).to.equal(CRM_TITLE);
    expect(await notifications(alice.crmBehind)).to.have.length(before);
  });
});
