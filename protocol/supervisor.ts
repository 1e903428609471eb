/**
 * Supervisors (issue 12): the live feed of agents and queues, watching a chat read-only,
 * whispering to its agents (a private message: never the customer's) and intervening (joining the
 * chat; the customer's SDK hears `chat:intervened`, seed 001). Only agents with the supervisor
 * role make these requests (server/gateway/authorization.ts).
 *
 * The feed is a live view, not a history: `supervisor.subscribe` answers a snapshot, then the
 * rows that changed arrive as unstored `supervisor.feed` signals, at most one every
 * FEED_FLUSH_MS per connection however many changes happened meanwhile. A connection that comes
 * back subscribes again. Watches are kept with the supervisor (AgentView.watching), so a reload
 * or a restart keeps them; a watched chat's messages arrive as unstored `watch.message` signals
 * (after a reconnect the client reads the history again).
 */
import type { HostAgentState } from './host-agent-state.ts';
import type { AgentRole, ChatMessage, ContactType, ContactView } from './model.ts';
import type { AgentState, ContactState } from './states.ts';

/** A chat (or call) an agent works, as the supervisor's feed shows it. */
export interface FeedChat {
  id: string;
  type: ContactType;
  state: ContactState;
  /** The customer's display name. */
  customer: string;
  /** The queue's display name. */
  queue: string;
  /** When the agent got it (delivered), else when it started. */
  since: number;
  /** A call of this contact is going on. */
  call: boolean;
}

/** One agent, as the supervisor's feed shows it. */
export interface FeedAgent {
  id: string;
  name: string;
  role: AgentRole;
  /** Availability (LivePerson's) and the router's forced pause. */
  state: AgentState;
  forcedPause: boolean;
  /** The state the agent's CRM sees (protocol/host-agent-state.ts), and since when (ms since epoch). */
  hostState: HostAgentState;
  notReadyReason?: string;
  since: number;
  capacity: number;
  /** Contacts offered to the agent now. */
  offered: number;
  /** Conversations the agent holds or joined (in wrap-up too), oldest first, at most MAX_FEED_CHATS_PER_AGENT. */
  chats: FeedChat[];
  /** The chats a supervisor watches. */
  watching: string[];
}

/** One queue: how many contacts wait in it and since when the one waiting longest has (null: none). */
export interface FeedQueue {
  id: string;
  name: string;
  waiting: number;
  oldestSince: number | null;
}

/** The whole feed (the subscribe reply) or the rows that changed (a `supervisor.feed` signal). */
export interface SupervisorFeed {
  agents: FeedAgent[];
  queues: FeedQueue[];
  /** The server's clock when the rows were made: durations are counted from it. */
  at: number;
}

/** A watched chat: the supervisor's view of it and its last messages, private ones included. */
export interface WatchReply {
  contact: ContactView;
  messages: ChatMessage[];
  /** Every chat the supervisor watches now. */
  watching: string[];
}

/** Who intervened, as seed 001's `interventor` user object. */
export interface Interventor {
  id: string;
  name: string;
  nickname: string;
}

/**
 * Unstored frames to supervisors (`type: 'signal'`, as call.ts's). Kept out of its
 * SignalEventMap, which the media engine's call links switch over: these are not media's, and
 * the media code ignores a signal that names no contact of its own.
 */
export interface SupervisorSignalEventMap {
  /** Rows of the feed that changed since the last frame (to each subscribed connection). */
  'supervisor.feed': SupervisorFeed;
  /** A message stored in a chat the supervisor watches (private ones included). */
  'watch.message': { message: ChatMessage };
}
export type SupervisorSignal = { [K in keyof SupervisorSignalEventMap]: { topic: K; data: SupervisorSignalEventMap[K] } }[keyof SupervisorSignalEventMap];
export type SupervisorSignalFrame = SupervisorSignal & { type: 'signal' };
