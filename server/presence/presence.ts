/**
 * Presence: absence is noticed. When a subject's last connection is gone for the grace period,
 * an agent goes OFFLINE (offers withdrawn, conversations back to the queue, no forced pause: it
 * is nobody's fault) and a customer has left (`left` with reason `timeout`, the chat goes to
 * wrap-up). A connection that comes back within the grace period changes nothing.
 */
import type { AgentDirectory } from '../agents/index.ts';
import type { ContactCenter, Logger } from '../contacts/index.ts';
import type { Outbox, SessionHub } from '../sessions/index.ts';
import type { SessionKind } from '../store/index.ts';

export class Presence {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly goneListeners = new Set<(agentId: string) => void>();
  private stopped = false;

  constructor(
    private readonly hub: SessionHub,
    private readonly outbox: Outbox,
    private readonly agents: AgentDirectory,
    private readonly center: ContactCenter,
    private readonly graceMs: number,
    private readonly log: Logger,
    /** Ends the agent's live calls (`media_lost`) before their conversations go back to the queue. */
    private readonly endCallsOf: (agentId: string) => void = () => {},
  ) {
    hub.onPresence((kind, subjectId, connections) => (connections > 0 ? this.cancel(kind, subjectId) : this.arm(kind, subjectId)));
  }

  /** After a start: everyone who was present gets the grace period to come back. */
  start(): void {
    for (const agent of this.agents.all()) if (agent.state !== 'OFFLINE' || agent.watching.length) this.arm('agent', agent.id);
    for (const contact of this.center.liveContacts()) if (!contact.call?.internal) this.arm('customer', contact.customerId);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs inside the unit of work of an agent's going (a supervisor's watches end). */
  onAgentGone(listener: (agentId: string) => void): () => void {
    this.goneListeners.add(listener);
    return () => this.goneListeners.delete(listener);
  }

  /** The agent is gone (logged out, or absent past the grace period). */
  agentGone(agentId: string, why: 'logout' | 'disconnect'): void {
    this.cancel('agent', agentId);
    this.outbox.run(() => {
      this.log(`agent ${agentId} gone (${why}): offline, conversations back to queue`);
      for (const listener of this.goneListeners) listener(agentId);
      this.agents.setState(agentId, 'OFFLINE'); // the router withdraws its offers
      this.endCallsOf(agentId); // a voice contact goes to wrap-up, not back to the queue mid-call
      for (const contact of [...this.center.liveContacts()]) {
        if (contact.agentId === agentId && this.center.isConversation(contact)) this.center.backToQueue(contact, 'agent_disconnected');
        else if (contact.routing.conference.includes(agentId)) this.center.leaveConference(contact, agentId);
      }
    });
  }

  /** The customer's connection is gone past the grace period: their chats end. */
  customerGone(customerId: string): void {
    this.cancel('customer', customerId);
    this.outbox.run(() => {
      for (const contact of [...this.center.liveContacts()]) {
        if (contact.customerId === customerId) this.center.customerLeft(contact, 'timeout');
      }
    });
  }

  private arm(kind: SessionKind, subjectId: string): void {
    if (this.stopped) return;
    const key = `${kind}:${subjectId}`;
    if (this.timers.has(key)) return;
    // An agent already offline has nothing to give back, unless they watch chats (a supervisor need not be routable).
    const agent = kind === 'agent' ? this.agents.find(subjectId) : undefined;
    if (agent?.state === 'OFFLINE' && !agent.watching.length) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.hub.connectionCount(kind, subjectId) > 0) return;
      try {
        if (kind === 'agent') this.agentGone(subjectId, 'disconnect');
        else this.customerGone(subjectId);
      } catch (err) {
        this.log(`presence of ${key} failed: ${(err as Error).stack ?? err}`);
      }
    }, this.graceMs);
    timer.unref?.();
    this.timers.set(key, timer);
  }

  private cancel(kind: SessionKind, subjectId: string): void {
    const key = `${kind}:${subjectId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
}
