/**
 * The host's listeners: notifications go to all of them; host-answered events wait (a short
 * while) for the first answer. The widget works the same when no host answers.
 */
import type { HostEventAnswers, HostEventMap, HostEventName } from '../../../protocol/index.ts';

const ANSWER_TIMEOUT_MS = 3_000;
type Listener = (name: HostEventName, data: unknown) => unknown;

export class HostEvents {
  private readonly listeners = new Set<Listener>();

  add(listener: Listener): void {
    this.listeners.add(listener);
  }

  notify<K extends HostEventName>(name: K, data: HostEventMap[K]): void {
    for (const listener of this.listeners) {
      Promise.resolve(listener(name, data)).catch(() => this.listeners.delete(listener)); // host gone
    }
  }

  /** The first answer any host gives, or undefined when none answers in time. */
  async ask<K extends keyof HostEventAnswers & HostEventName>(name: K, data: HostEventMap[K]): Promise<HostEventAnswers[K]> {
    const answers = [...this.listeners].map((listener) => Promise.resolve(listener(name, data)).catch(() => undefined));
    const timeout = new Promise<undefined>((r) => setTimeout(r, ANSWER_TIMEOUT_MS));
    const first = await Promise.race([
      Promise.all(answers).then((all) => all.find((a) => a !== undefined && a !== null)),
      timeout,
    ]);
    return first as HostEventAnswers[K];
  }
}
