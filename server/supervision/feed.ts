/**
 * The supervisors' live feed: every agent (state, the state their CRM sees and since when,
 * chats and calls in progress) and every queue (how many wait, since when the longest has).
 * A connection subscribes and gets the whole feed; after that the rows that changed go out as
 * one `supervisor.feed` signal per FEED_FLUSH_MS at most, however many changes happened in
 * between (a row is the latest state, so coalescing loses nothing). Only connections whose
 * session is still a supervisor's get it.
 */
import {
  FEED_FLUSH_MS,
  MAX_FEED_CHATS_PER_AGENT,
  MAX_FEED_SUBSCRIBERS,
  hostAgentState,
  rateLimited,
  type AgentStateData,
  type FeedAgent,
  type FeedQueue,
  type SupervisorFeed,
  type SupervisorSignalFrame,
} from '../../protocol/index.ts';
import type { AgentDirectory } from '../agents/index.ts';
import type { ContactCenter, Logger } from '../contacts/index.ts';
import { activityContact, feedChatView, listOf } from '../contacts/views.ts';
import type { ContactRecord, SessionRecord } from '../store/index.ts';
import { FeedIndex, type Touched } from './feed-index.ts';

/** A connection the feed is sent to (the gateway's Connection). */
export interface FeedSink {
  readonly session: SessionRecord | null;
  sendSignal(frame: SupervisorSignalFrame): void;
}

const untouched = (): Touched => ({ agents: new Set(), queues: new Set() });

export class LiveFeed {
  private readonly subscribers = new Map<FeedSink, string>();
  private readonly index = new FeedIndex();
  private dirty = untouched();
  /** Per agent, the state their CRM sees and since when (worked out as changes come while someone is subscribed). */
  private readonly hostStates = new Map<string, { key: string; data: AgentStateData; since: number }>();
  /** Per agent, when a change last touched them: with nobody subscribed, the `since` of a state found changed later. */
  private readonly touchedAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** `supervisor.feed` frames made so far (each went to every subscriber). */
  framesSent = 0;

  constructor(
    private readonly center: ContactCenter,
    private readonly agents: AgentDirectory,
    private readonly log: Logger,
    private readonly flushMs = FEED_FLUSH_MS,
  ) {
    this.rebuild();
    center.onChange((contact) => this.changed(contact));
    agents.onStateChange((agent) => {
      this.touch(agent.id);
      this.schedule();
    });
    // After a unit of work that failed, the contacts and agents are read again: so is the index.
    center.outbox.onRebuild(() => this.rebuild());
  }

  /** Sends the feed to this connection from now on; answers the whole feed. */
  subscribe(sink: FeedSink, supervisorId: string): SupervisorFeed {
    if (!this.subscribers.has(sink) && this.subscribers.size >= MAX_FEED_SUBSCRIBERS) {
      throw rateLimited(`the live feed has ${MAX_FEED_SUBSCRIBERS} subscribers already`, 60_000);
    }
    this.subscribers.set(sink, supervisorId);
    // Nobody looked meanwhile: states are worked out now, each changed since the last change that touched its agent.
    if (this.subscribers.size === 1) for (const agent of this.agents.all()) this.refreshHost(agent.id, this.touchedAt.get(agent.id));
    return {
      agents: [...this.agents.all()].flatMap((a) => this.agentRow(a.id) ?? []),
      queues: [...this.center.queues.keys()].map((id) => this.queueRow(id)),
      at: this.center.now(),
    };
  }

  unsubscribe(sink: FeedSink): void {
    this.subscribers.delete(sink);
  }

  /** Connections subscribed now. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.subscribers.clear();
  }

  private changed(contact: ContactRecord): void {
    const touched = untouched();
    this.index.track(contact, touched);
    for (const id of touched.agents) this.touch(id);
    for (const id of touched.queues) this.dirty.queues.add(id);
    this.schedule();
  }

  /**
   * The agent's row is due again. While someone is subscribed, the state their CRM sees is worked
   * out now, so its `since` is when it changed; with nobody subscribed only the time is noted
   * (routing pays O(1) per change for a feed nobody reads).
   */
  private touch(agentId: string): void {
    const now = this.center.now();
    this.touchedAt.set(agentId, now);
    if (this.subscribers.size === 0) return;
    this.refreshHost(agentId, now);
    this.dirty.agents.add(agentId);
  }

  /** Works out the state the agent's CRM sees; a new one dates from `changedAt` (the first one, from their availability). */
  private refreshHost(agentId: string, changedAt = this.center.now()): void {
    const agent = this.agents.find(agentId);
    if (!agent) return;
    const contacts = this.contactsOf(agentId).map((c) => activityContact(c, agentId));
    const data = hostAgentState(agent, contacts);
    const key = `${data.state}|${data.notReadyReason ?? ''}`;
    const before = this.hostStates.get(agentId);
    if (before?.key !== key) this.hostStates.set(agentId, { key, data, since: before ? changedAt : Math.max(agent.stateSince, this.touchedAt.get(agentId) ?? 0) });
  }

  private schedule(): void {
    if (this.subscribers.size === 0) {
      this.dirty = untouched(); // nobody looks: the next subscriber gets the whole feed
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  private flush(): void {
    this.timer = null;
    const { agents, queues } = this.dirty;
    this.dirty = untouched();
    try {
      const data: SupervisorFeed = {
        agents: [...agents].flatMap((id) => this.agentRow(id) ?? []),
        queues: [...queues].filter((id) => this.center.queues.has(id)).map((id) => this.queueRow(id)),
        at: this.center.now(),
      };
      if (!data.agents.length && !data.queues.length) return;
      const frame: SupervisorSignalFrame = { type: 'signal', topic: 'supervisor.feed', data };
      for (const [sink, supervisorId] of this.subscribers) {
        // A connection that logged out, or now carries someone else's session, gets no more of it.
        if (sink.session?.kind !== 'agent' || sink.session.subjectId !== supervisorId || !this.agents.isSupervisor(supervisorId)) this.subscribers.delete(sink);
        else sink.sendSignal(frame);
      }
      this.framesSent++;
    } catch (err) {
      this.log(`supervisor feed failed: ${(err as Error).stack ?? err}`);
    }
  }

  private agentRow(agentId: string): FeedAgent | null {
    const agent = this.agents.find(agentId);
    if (!agent) return null;
    if (!this.hostStates.has(agentId)) this.refreshHost(agentId);
    const host = this.hostStates.get(agentId)!;
    const contacts = this.contactsOf(agentId);
    const chats = contacts
      .filter((c) => listOf(c, agentId) === 'assigned')
      .sort((a, b) => (a.deliveredAt ?? a.createdAt) - (b.deliveredAt ?? b.createdAt))
      .slice(0, MAX_FEED_CHATS_PER_AGENT)
      .map((c) => feedChatView(c, this.center.viewContext(c)));
    return {
      id: agent.id,
      name: agent.name,
      role: agent.role,
      state: agent.state,
      forcedPause: agent.forcedPause,
      hostState: host.data.state,
      ...(host.data.notReadyReason && { notReadyReason: host.data.notReadyReason }),
      since: host.since,
      capacity: agent.capacity,
      offered: contacts.filter((c) => listOf(c, agentId) === 'pending').length,
      chats,
      watching: agent.watching,
    };
  }

  private queueRow(queueId: string): FeedQueue {
    return { id: queueId, name: this.center.queues.get(queueId)?.name ?? queueId, ...this.index.waitingIn(queueId) };
  }

  private contactsOf(agentId: string): ContactRecord[] {
    return [...this.index.contactsOf(agentId)].flatMap((id) => this.center.findLive(id) ?? []);
  }

  private rebuild(): void {
    this.index.clear();
    for (const contact of this.center.liveContacts()) this.index.track(contact, untouched());
    if (this.subscribers.size === 0) return;
    for (const agent of this.agents.all()) this.touch(agent.id);
    for (const id of this.center.queues.keys()) this.dirty.queues.add(id);
    this.schedule();
  }
}
