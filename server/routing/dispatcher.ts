/** Runs the router whenever something routable changes and applies its offers. */
import type { AgentDirectory } from '../agents/index.ts';
import type { ContactCenter } from '../contacts/index.ts';
import { planOffers, type RoutableAgent, type WaitingContact } from './router.ts';

const HOLDING_STATES = new Set(['offered', 'delivered', 'hold', 'wrap_up']);

export class Dispatcher {
  private scheduled = false;

  constructor(
    private readonly agents: AgentDirectory,
    private readonly contacts: ContactCenter,
  ) {
    contacts.onRoutableChange(() => this.schedule());
    agents.onStateChange(() => this.schedule());
  }

  /** Coalesces the changes of one tick into one routing pass. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.routeNow();
    });
  }

  routeNow(): number {
    const load = new Map<string, number>();
    const waiting: WaitingContact[] = [];
    for (const c of this.contacts.liveContacts()) {
      if (c.state === 'queued') {
        waiting.push({ id: c.id, priority: c.priority, enqueuedAt: c.enqueuedAt, requiredSkills: this.contacts.queue(c.queue)?.skills ?? [] });
      } else if (HOLDING_STATES.has(c.state)) {
        for (const id of c.agentId ? [c.agentId] : c.offeredTo) load.set(id, (load.get(id) ?? 0) + 1);
      }
    }
    if (waiting.length === 0) return 0;
    const agents: RoutableAgent[] = [...this.agents.all()].map((a) => ({
      id: a.id,
      state: a.state,
      capacity: a.capacity,
      load: load.get(a.id) ?? 0,
      lastActivityAt: a.lastActivityAt,
      skills: a.skills,
    }));
    const offers = planOffers(agents, waiting);
    for (const offer of offers) this.contacts.offer(offer.contactId, offer.agentIds);
    return offers.length;
  }
}
