/**
 * Which tab owns the agent's session and media when several tabs of the CRM share it: the one
 * holding a Web Lock named after the agent. When it closes, the browser hands the lock to the
 * next tab waiting, which takes over. A tab that gave up leaves the queue for good.
 */
import { createNanoEvents } from 'nanoevents';

export class Ownership {
  readonly events = createNanoEvents<{ change: (owner: boolean) => void }>();
  owner = false;
  /** Aborting it leaves the queue (a request not granted yet) or releases the lock (one granted). */
  private claimed: AbortController | null = null;

  /** Queues for ownership of `agentId`'s session; resolves at once (it may become owner later). */
  claim(agentId: string): void {
    this.giveUp();
    if (!navigator.locks) return this.set(true); // no Web Locks: every tab acts alone
    const claimed = (this.claimed = new AbortController());
    const { signal } = claimed;
    navigator.locks
      .request(`switchboard-session:${agentId}`, { signal }, () => {
        if (signal.aborted) return; // given up as the lock came: pass it on
        this.set(true);
        return new Promise<void>((release) => signal.addEventListener('abort', () => release()));
      })
      .catch(() => {}); // AbortError: left the queue
  }

  /** Leaves the queue or hands ownership on (at logout). */
  giveUp(): void {
    this.claimed?.abort();
    this.claimed = null;
    this.set(false);
  }

  private set(owner: boolean): void {
    if (this.owner === owner) return;
    this.owner = owner;
    this.events.emit('change', owner);
  }
}
