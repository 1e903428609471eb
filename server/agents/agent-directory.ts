/** The agents of the contact center: definitions from config, state and activity in the store. */
import { AGENT_STATES, MAX_WATCHED_CHATS, type AgentRole, type AgentState, type AgentView, ProtocolError, notFound } from '../../protocol/index.ts';
import type { AgentDefinition, AgentRecord, Store } from '../store/index.ts';

/** Hears every change of an agent's status: availability (`from` is the one before), forced pause, watched chats. */
export type AgentStateListener = (agent: AgentRecord, from: AgentState) => void;

export const agentView = (a: AgentRecord): AgentView => ({
  id: a.id,
  username: a.username,
  name: a.name,
  nickname: a.nickname,
  state: a.state,
  forcedPause: a.forcedPause,
  skills: a.skills,
  capacity: a.capacity,
  role: a.role,
  watching: a.watching,
});

export class AgentDirectory {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly listeners = new Set<AgentStateListener>();

  constructor(
    private readonly store: Store,
    definitions: readonly (Omit<AgentDefinition, 'role'> & { role?: AgentRole })[],
    private readonly now: () => number = Date.now,
  ) {
    for (const def of definitions) store.upsertAgentDefinition({ ...def, role: def.role ?? 'agent' }, now());
    this.configured = new Set(definitions.map((d) => d.id));
    this.supervisors = definitions.filter((d) => d.role === 'supervisor').map((d) => d.id);
    this.reload();
  }

  /** Agents in the current config: only they exist (one removed from it cannot log in). */
  private readonly configured: ReadonlySet<string>;
  /** The supervisors of the config, in its order. */
  readonly supervisors: readonly string[];

  /** A supervisor reads any conversation, watches, whispers and intervenes. */
  isSupervisor(id: string): boolean {
    return this.supervisors.includes(id);
  }

  ids(): string[] {
    return [...this.agents.keys()];
  }

  /** Reads the agents again from the store (after a unit of work that failed); held records are updated in place. */
  reload(): void {
    for (const stored of this.store.listAgents()) {
      if (!this.configured.has(stored.id)) continue;
      const agent = this.agents.get(stored.id);
      if (agent) Object.assign(agent, stored);
      else this.agents.set(stored.id, stored);
    }
  }

  /** The agent with this username (or id), if it is in the config. */
  byUsername(username: string): AgentRecord | undefined {
    for (const agent of this.agents.values()) if (agent.username === username) return agent;
    return this.agents.get(username);
  }

  get(id: string): AgentRecord {
    const agent = this.agents.get(id);
    if (!agent) throw notFound(`agent ${id}`);
    return agent;
  }

  find(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  all(): Iterable<AgentRecord> {
    return this.agents.values();
  }

  onStateChange(listener: AgentStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The one setter of agent state: any state may follow any other. Picking a state (even the
   * same one) ends a forced pause; a change that changes nothing emits nothing.
   */
  setState(id: string, state: AgentState): AgentRecord {
    if (!AGENT_STATES.includes(state)) throw new ProtocolError('invalid_args', `unknown agent state ${state}`);
    const agent = this.get(id);
    const from = agent.state;
    if (from === state && !agent.forcedPause) return agent;
    const now = this.now();
    agent.state = state;
    agent.forcedPause = false;
    if (from !== state) agent.stateSince = now;
    if (state === 'ONLINE') agent.lastActivityAt = now;
    this.store.saveAgentState(agent);
    for (const listener of this.listeners) listener(agent, from);
    return agent;
  }

  /**
   * The one setter of the chats a supervisor watches (server/supervision/watches.ts decides them).
   * Its listeners hear it as a change of the agent's status, availability unchanged.
   */
  setWatching(id: string, watching: readonly string[]): AgentRecord {
    if (watching.length > MAX_WATCHED_CHATS) throw new ProtocolError('not_suitable_state', `a supervisor watches at most ${MAX_WATCHED_CHATS} chats at once`);
    const agent = this.get(id);
    if (agent.watching.length === watching.length && agent.watching.every((c, i) => c === watching[i])) return agent;
    agent.watching = [...watching];
    this.store.saveAgentState(agent);
    for (const listener of this.listeners) listener(agent, agent.state);
    return agent;
  }

  /** The router pauses an agent who let a direct offer lapse: not routable until they pick a state. */
  forcePause(id: string): void {
    const agent = this.get(id);
    if (agent.forcedPause) return;
    agent.forcedPause = true;
    agent.stateSince = this.now();
    this.store.saveAgentState(agent);
    for (const listener of this.listeners) listener(agent, agent.state);
  }

  /** Records an offer made to the agent, for round-robin routing. */
  offered(id: string): void {
    const agent = this.get(id);
    agent.lastOfferAt = this.now();
    this.store.saveAgentState(agent);
  }

  /** Records work the agent just took or finished, for longest-idle routing. */
  touch(id: string): void {
    const agent = this.get(id);
    agent.lastActivityAt = this.now();
    this.store.saveAgentState(agent);
  }
}
