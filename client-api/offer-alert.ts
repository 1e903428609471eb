/**
 * The host page's side of the widget's alert for new chat offers (ON_OFFER_ALERT), done by default:
 * the page's own title flashes and, while the page is hidden, a desktop notification shows, which
 * a widget in an iframe cannot do. A CRM that handles the event itself returns true from its handler.
 */
import type { OfferAlertData } from '../protocol/index.ts';

/** The page's title before the alert; undefined while none flashes. */
let base: string | undefined;
let timer: ReturnType<typeof setInterval>;
let shown: Notification[] = [];

export function showOfferAlert({ unseen, title, notification, askPermission }: OfferAlertData): void {
  const N = self.Notification;
  const doc = document;
  if (askPermission && N?.permission == 'default') N.requestPermission().catch(() => {});
  clearInterval(timer);
  if (base !== undefined) doc.title = base;
  if (!unseen) {
    base = undefined;
    shown.forEach((n) => n.close()); // seen, taken or gone: nothing left to click
    shown = [];
    return;
  }
  base ??= doc.title;
  doc.title = title;
  timer = setInterval(() => (doc.title = doc.title == title ? base! : title), 1_000);
  if (notification && N?.permission == 'granted') {
    const n = new N(notification.title, { body: notification.body, tag: notification.interactionId });
    n.onclick = () => (focus(), n.close());
    shown.push(n);
  }
}
