/**
 * Tells the agent a chat is offered: the ring (the call ringer's WebAudio tones), the tab title
 * flashing "(1) New chat — …", and a desktop notification while the page is hidden. All of it
 * lasts until the agent has seen the offer (a click or a key in the visible page) or the offer
 * goes (accepted, declined, taken by another, expired). Calls ring in their own panel.
 *
 * In a CRM the widget is an iframe: its title is not the tab's, and a notification from another
 * origin's frame is blocked. So the alert is also told to the host page (`tell`, the host API's
 * ON_OFFER_ALERT), whose library flashes its own title and, while a host is linked, shows the
 * notifications instead of the widget.
 */
import { ringsForAgent } from '../calls/call-model.ts';
import type { Ringer } from '../calls/ringer.ts';
import type { OfferAlertData } from '../../protocol/index.ts';
import type { InteractionStore } from './interaction-store.ts';

/** Offers remembered as seen; past it the oldest go (they are long gone from the list). */
const MAX_SEEN = 256;
const FLASH_MS = 1_000;

/** What of the page the alert uses (a test passes its own). */
export interface AlertPage {
  document: Document;
  /** The Notification constructor, when the browser has one. */
  notification?: typeof Notification;
}

export interface AlertText {
  /** The flashing title: "(2) New chat — Maria". */
  title: (count: number, name: string) => string;
  notification: (name: string) => { title: string; body: string };
}

export class OfferAlert {
  private readonly seen = new Set<string>();
  private readonly notified = new Set<string>();
  private readonly baseTitle: string;
  private flash: ReturnType<typeof setInterval> | null = null;
  private flashing: string | null = null;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private readonly offs: (() => void)[];
  /** What the host was last told (unseen, title, linked). */
  private told = '';
  /** Unseen chat offers now (ids), newest last. */
  unseen: string[] = [];

  constructor(
    private readonly store: InteractionStore,
    private readonly ringer: Ringer,
    private readonly text: AlertText,
    private readonly page: AlertPage = { document, notification: globalThis.Notification },
    /** Tells the host page (ON_OFFER_ALERT). */
    private readonly tell: (alert: OfferAlertData) => void = () => {},
  ) {
    const doc = page.document;
    this.baseTitle = doc.title;
    const seenNow = () => doc.visibilityState === 'visible' && this.markSeen();
    const askOnce = () => this.askPermission();
    doc.addEventListener('pointerdown', seenNow, true);
    doc.addEventListener('keydown', seenNow, true);
    doc.addEventListener('pointerdown', askOnce, { capture: true, once: true });
    doc.addEventListener('visibilitychange', () => this.update());
    this.offs = [
      store.events.on('change', () => this.update()),
      () => doc.removeEventListener('pointerdown', seenNow, true),
      () => doc.removeEventListener('keydown', seenNow, true),
      () => doc.removeEventListener('pointerdown', askOnce, true),
    ];
    this.update();
  }

  /** The agent has seen the offers on screen: quiet until the next one. */
  markSeen(): void {
    for (const id of this.unseen) this.remember(this.seen, id);
    this.update();
  }

  update(now = Date.now()): void {
    const offers = [...this.store.contacts.values()].filter(
      (c) => this.store.listOf(c.id) === 'pending' && !ringsForAgent(c.call, 'pending') && c.type !== 'voice' && (c.offerExpiresAt ?? Infinity) > now,
    );
    for (const id of this.seen) if (!offers.some((c) => c.id === id)) this.seen.delete(id);
    const unseen = offers.filter((c) => !this.seen.has(c.id));
    this.unseen = unseen.map((c) => c.id);
    if (unseen.length) this.ringer.start();
    else this.ringer.stop();
    const newest = unseen.at(-1);
    const title = newest ? this.text.title(unseen.length, newest.customer.name) : null;
    this.setFlash(title);
    const hidden = this.page.document.visibilityState === 'hidden';
    const alert: OfferAlertData = { unseen: unseen.length, title: title ?? '' };
    const linked = this.store.crmLinked;
    const told = `${alert.unseen}|${alert.title}|${linked}`;
    let notified = false;
    for (const c of unseen) {
      if (!hidden || this.notified.has(c.id)) continue;
      this.remember(this.notified, c.id);
      const text = this.text.notification(c.customer.name);
      // A linked host shows it (the browser may refuse this frame's); else the widget's page does.
      if (linked) this.tell({ ...alert, notification: { interactionId: c.id, ...text } });
      else this.notify(c.id, text);
      notified ||= linked;
    }
    if (told !== this.told && !notified) this.tell(alert);
    this.told = told;
    if (this.deadline) clearTimeout(this.deadline);
    const next = Math.min(...unseen.map((c) => c.offerExpiresAt ?? Infinity));
    this.deadline = Number.isFinite(next) ? setTimeout(() => this.update(), Math.max(0, next - now) + 10) : null;
  }

  dispose(): void {
    this.offs.forEach((off) => off());
    if (this.deadline) clearTimeout(this.deadline);
    this.setFlash(null);
    this.ringer.stop();
    if (this.told && !this.told.startsWith('0|')) this.tell({ unseen: 0, title: '' });
  }

  /**
   * Asks for notifications once, on the agent's first click (browsers refuse a request without
   * one): a linked host asks for its page (the click in the frame lets its page ask too).
   */
  private askPermission(): void {
    const N = this.page.notification;
    if (this.store.crmLinked) this.tell({ unseen: this.unseen.length, title: this.flashing ?? '', askPermission: true });
    else if (N?.permission === 'default') N.requestPermission().catch(() => {});
  }

  private notify(id: string, { title, body }: { title: string; body: string }): void {
    const N = this.page.notification;
    if (N?.permission !== 'granted') return;
    try {
      const shown = new N(title, { body, tag: `sb-offer-${id}` });
      shown.onclick = () => (globalThis.focus?.(), shown.close());
    } catch {
      // Some browsers allow notifications only from a service worker: the title still flashes.
    }
  }

  private setFlash(title: string | null): void {
    const doc = this.page.document;
    if (title === this.flashing) return;
    this.flashing = title;
    if (this.flash) clearInterval(this.flash);
    this.flash = null;
    if (!title) {
      doc.title = this.baseTitle;
      return;
    }
    doc.title = title;
    this.flash = setInterval(() => (doc.title = doc.title === title ? this.baseTitle : title), FLASH_MS);
  }

  private remember(set: Set<string>, id: string): void {
    if (set.size >= MAX_SEEN) set.delete(set.values().next().value!);
    set.add(id);
  }
}
