/** Turning widget work into OperationResults: logged-in checks, interaction checks, error names. */
import { HOST_ERROR_OF_WIRE, ProtocolError, failure, success, type OperationResult } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';

export class Results {
  constructor(private readonly session: AgentSession) {}

  /** Runs `fn` for a logged-in agent; server errors become Bright Pattern's error names. */
  async act<T>(fn: () => Promise<T> | T): Promise<OperationResult<T>> {
    if (this.session.status !== 'logged_in' || !this.session.store.agent) return failure('not_logged_in', 'the agent is not logged in');
    return this.run(fn);
  }

  /** The same, for an interaction this agent has (offered, assigned or ended, not others'). */
  withInteraction<T>(interactionId: unknown, fn: () => Promise<T> | T): Promise<OperationResult<T>> {
    if (typeof interactionId !== 'string' || !interactionId) return Promise.resolve(failure('invalid_args', 'interactionId must be a non-empty string'));
    const { store } = this.session;
    if (this.session.status === 'logged_in' && (!store.contacts.has(interactionId) || store.listOf(interactionId) === 'hidden')) {
      return Promise.resolve(failure('no_interaction', `no interaction ${interactionId}`));
    }
    return this.act(fn);
  }

  /** Runs `fn` whether or not anyone is logged in. */
  async run<T>(fn: () => Promise<T> | T): Promise<OperationResult<T>> {
    try {
      return success(await fn());
    } catch (err) {
      if (err instanceof ProtocolError) return failure(HOST_ERROR_OF_WIRE[err.name] ?? 'unknown_error', err.message);
      return failure('unknown_error', (err as Error).message);
    }
  }
}

/** Thrown inside a host method to answer a given Bright Pattern error. */
export const invalid = (message: string) => new ProtocolError('invalid_args', message);
