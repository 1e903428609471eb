/** Turning widget work into OperationResults: logged-in checks, which interaction an id names, error names. */
import { HOST_ERROR_OF_WIRE, ProtocolError, failure, invalidArgs, success, type HostErrorName, type OperationResult } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';

/** What a method's work gives the host: nothing becomes `data: null`, as Bright Pattern's void results. */
export type Answer<T> = Promise<OperationResult<T extends void ? null : T>>;

export class Results {
  constructor(private readonly session: AgentSession) {}

  /** Runs `fn` for a logged-in agent; server errors become Bright Pattern's error names. */
  async act<T>(fn: () => Promise<T> | T): Answer<T> {
    if (this.session.status !== 'logged_in' || !this.session.store.agent) return failure('not_logged_in', 'the agent is not logged in');
    return this.run(fn);
  }

  /**
   * The same, for the interaction `interactionId` names: '' or absent is the active one (for an
   * offer to accept or reject, the one offered to the agent). Only the agent's own (offered,
   * assigned or ended): not those offered to others.
   */
  withInteraction<T>(interactionId: unknown, fn: (id: string) => Promise<T> | T, which: 'active' | 'offered' = 'active'): Answer<T> {
    return this.act(() => fn(this.resolve(interactionId, which)));
  }

  /** Runs `fn` whether or not anyone is logged in. */
  async run<T>(fn: () => Promise<T> | T): Answer<T> {
    try {
      const value = await fn();
      return success((value === undefined ? null : value) as T extends void ? null : T);
    } catch (err) {
      if (err instanceof HostFailure) return failure(err.hostName, err.message);
      if (err instanceof ProtocolError) return failure(HOST_ERROR_OF_WIRE[err.name] ?? 'unknown_error', err.message);
      return failure('unknown_error', (err as Error).message);
    }
  }

  private resolve(interactionId: unknown, which: 'active' | 'offered'): string {
    const { store } = this.session;
    if (interactionId === undefined || interactionId === null || interactionId === '') {
      const id = which === 'offered' ? [...store.contacts.keys()].find((c) => store.listOf(c) === 'pending') : store.activeId;
      if (!id) throw new HostFailure('no_interaction', which === 'offered' ? 'no interaction is offered to the agent' : 'no interaction is active');
      return id;
    }
    if (typeof interactionId !== 'string') throw invalidArgs('interactionId must be a string');
    if (!store.contacts.has(interactionId) || store.listOf(interactionId) === 'hidden') throw new HostFailure('no_interaction', `no interaction ${interactionId}`);
    return interactionId;
  }
}

/** Thrown inside a host method to answer a Bright Pattern error the wire has no name for. */
export class HostFailure extends Error {
  constructor(
    readonly hostName: HostErrorName,
    message: string,
  ) {
    super(message);
  }
}

export const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw invalidArgs(`${what} must be a string`);
  return value;
};
