/**
 * Tells the agent a chat is offered: the ring (the call ringer's WebAudio tones), the tab title
 * flashing "(1) New chat — …", and a desktop notification while the page is hidden. All of it
 * lasts until the agent has seen the offer (a click or a key in the visible page) or the offer
 * goes (accepted, declined, taken by another, expired). Calls ring in their own panel.
 */
import { ringsForAgent } from '../calls/call-model.ts';
import type { Ringer } from '../calls/ringer.ts';
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
  /** Unseen chat offers now (ids), newest last. */
  unseen: string[] = [];

  constructor(
    private readonly store: InteractionStore,
    private readonly ringer: Ringer,
    private readonly text: AlertText,
    private readonly page: AlertPage = { document, notification: globalThis.Notification },
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
    this.setFlash(newest ? this.text.title(unseen.length, newest.customer.name) : null);
    const hidden = this.page.document.visibilityState === 'hidden';
    for (const c of unseen) {
      if (!hidden || this.notified.has(c.id)) continue;
      this.remember(this.notified, c.id);
      this.notify(c.id, c.customer.name);
    }
    if (this.deadline) clearTimeout(this.deadline);
    const next = Math.min(...unseen.map((c) => c.offerExpiresAt ?? Infinity));
    this.deadline = Number.isFinite(next) ? setTimeout(() => this.update(), Math.max(0, next - now) + 10) : null;
  }

  dispose(): void {
    this.offs.forEach((off) => off());
    if (this.deadline) clearTimeout(this.deadline);
    this.setFlash(null);
    this.ringer.stop();
  }

  /** Asks for notifications once, on the agent's first click (browsers refuse a request without one). */
  private askPermission(): void {
    const N = this.page.notification;
    if (N?.permission === 'default') N.requestPermission().catch(() => {});
  }

  private notify(id: string, name: string): void {
    const N = this.page.notification;
    if (N?.permission !== 'granted') return;
    try {
      const { title, body } = this.text.notification(name);
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
