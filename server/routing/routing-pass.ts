/**
 * One routing pass: agents who became full leave their pending offers, the router plans offers
 * over the lines of queued contacts, the offers are made, and the queue notices go out. Its cost
 * follows the agents and the offers made, not the length of the queues. A contact that makes a
 * step fail is set aside with a log line; the pass goes on with the others.
 */
import type { AgentDirectory } from '../agents/index.ts';
import type { ContactCenter } from '../contacts/index.ts';
import type { OfferActions } from './offer-actions.ts';
import type { QueueNotices } from './queue-notices.ts';
import { planLines, type RoutableAgent } from './router.ts';
import type { WaitingIndex } from './waiting-index.ts';

export class RoutingPass {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly center: ContactCenter,
    private readonly index: WaitingIndex,
    private readonly actions: OfferActions,
    private readonly notices: QueueNotices,
  ) {}

  /** Runs one pass; returns the number of offers made. */
  run(): number {
    this.notices.beforePass();
    this.releaseBeyondCapacity();
    const offers = planLines(this.routableAgents(), this.index.allLines(), this.center.now());
    let made = 0;
    for (const offer of offers) {
      const contact = this.center.findLive(offer.contactId);
      if (contact?.state !== 'queued') continue;
      try {
        this.actions.offer(contact, offer.agentIds);
        made++;
      } catch (err) {
        this.index.markAside(contact.id, `offer failed: ${(err as Error).message}`);
      }
    }
    this.notices.afterPass();
    return made;
  }

  /** Every agent with what counts against its capacity now. */
  routableAgents(): RoutableAgent[] {
    return [...this.agents.all()].map((a) => ({
      id: a.id,
      state: a.state,
      forcedPause: a.forcedPause,
      capacity: a.capacity,
      load: this.index.load(a.id),
      voiceBusy: this.index.voiceBusy(a.id),
      lastActivityAt: a.lastActivityAt,
      lastOfferAt: a.lastOfferAt,
      skills: a.skills,
    }));
  }

  /**
   * An agent whose hands are full (an accept, an outbound chat, a transfer bounced back) leaves its
   * other chat offers; one on a call leaves its voice offers.
   */
  private releaseBeyondCapacity(): void {
    for (const agent of this.agents.all()) {
      const chatsFull = this.index.heldCount(agent.id) >= agent.capacity;
      const onCall = this.index.onCall(agent.id);
      if (!chatsFull && !onCall) continue;
      for (const contact of this.index.offersOf(agent.id)) {
        if (contact.routing.allowBusy) continue;
        if (contact.type === 'voice' ? !onCall : !chatsFull) continue;
        try {
          this.actions.release(contact, agent.id);
        } catch (err) {
          this.index.markAside(contact.id, `releasing the offer to ${agent.id} failed: ${(err as Error).message}`);
        }
      }
    }
  }
}
