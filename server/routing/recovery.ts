/**
 * Start-up repairs, before the router takes over the contacts a previous run left: contacts of a
 * queue removed from the config go to the default queue (or end, when no agent could take them
 * there), and direct offers that expired while the server was down go back to the queue without
 * pausing their agent: the outage was the server's, not theirs.
 */
import { isWaiting } from '../../protocol/index.ts';
import type { QueueConfig } from '../config.ts';
import { endInQueue, type ContactCenter } from '../contacts/index.ts';
import type { ContactRecord } from '../store/index.ts';
import type { OfferActions } from './offer-actions.ts';

/** The queue that takes contacts of removed queues: the one named `default`, else the first. */
export const defaultQueue = (center: ContactCenter): QueueConfig => center.queues.get('default') ?? center.queues.values().next().value!;

export function recover(center: ContactCenter, actions: OfferActions): void {
  const now = center.now();
  for (const contact of [...center.liveContacts()]) {
    try {
      if (!center.queues.has(contact.queue)) moveFromRemovedQueue(center, contact);
      if (expiredDuringOutage(contact, now)) {
        center.log(`offer of contact ${contact.id} to ${contact.offeredTo.join(', ')} expired while the server was down: re-routed, no pause`);
        actions.requeue(contact);
      }
    } catch (err) {
      center.log(`contact ${contact.id} could not be recovered at start-up: ${(err as Error).message}`);
    }
  }
}

const expiredDuringOutage = (c: ContactRecord, now: number) =>
  c.state === 'offered' && c.routing?.mode === 'direct' && c.routing.offerExpiresAt != null && c.routing.offerExpiresAt <= now;

function moveFromRemovedQueue(center: ContactCenter, contact: ContactRecord): void {
  const removed = contact.queue;
  const target = defaultQueue(center);
  if (!isWaiting(contact.state)) {
    // With an agent already: only the label changes.
    center.update(contact, (c) => (c.queue = target.id));
    center.log(`queue ${removed} was removed: contact ${contact.id} now belongs to ${target.id}`);
    return;
  }
  const someoneCould = [...center.agents.all()].some((a) => target.skills.every((s) => a.skills.includes(s)));
  if (!someoneCould) {
    center.log(`queue ${removed} was removed and no agent could take contact ${contact.id} in ${target.id}: ended`);
    endInQueue(center, contact, 'dissuaded');
    return;
  }
  center.update(contact, (c) => {
    c.queue = target.id;
    c.priority = target.priority;
    if (!c.routing.transfer) c.routing = { ...c.routing, mode: target.mode, requiredSkills: [...target.skills], excludedAgents: [] };
  });
  center.log(`queue ${removed} was removed: contact ${contact.id} requeued to ${target.id}`);
}
