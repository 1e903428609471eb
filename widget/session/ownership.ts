/**
 * Which tab owns the agent's session and media when several tabs of the CRM share it: the one
 * holding a Web Lock named after the agent. When it closes, the browser hands the lock to the
 * next tab waiting, which takes over.
 */
import { createNanoEvents } from 'nanoevents';

export class Ownership {
  readonly events = createNanoEvents<{ change: (owner: boolean) => void }>();
  owner = false;
  private release: (() => void) | null = null;

  /** Queues for ownership of `agentId`'s session; resolves at once (it may become owner later). */
  claim(agentId: string): void {
    this.giveUp();
    if (!navigator.locks) return this.set(true); // no Web Locks: every tab acts alone
    const held = new Promise<void>((resolve) => (this.release = resolve));
    void navigator.locks.request(`switchboard-session:${agentId}`, () => {
      this.set(true);
      return held;
    });
  }

  /** Leaves the queue or hands ownership on (at logout). */
  giveUp(): void {
    this.release?.();
    this.release = null;
    this.set(false);
  }

  private set(owner: boolean): void {
    if (this.owner === owner) return;
    this.owner = owner;
    this.events.emit('change', owner);
  }
}
