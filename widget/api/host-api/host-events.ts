/**
 * The hosts' listeners: notifications go to all of them; host-answered events wait (a short
 * while) for the first answer. The widget works the same when no host answers.
 */
import type { HostEventAnswers, HostEventMap, HostEventName } from '../../../protocol/index.ts';

const ANSWER_TIMEOUT_MS = 3_000;
/** One per link of a host page; past that the oldest (links the hosts replaced) go. */
const MAX_HOST_LISTENERS = 8;
type Listener = (name: HostEventName, data: unknown) => unknown;

export class HostEvents {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly log = console.warn) {}

  /** Adds a host's listener; returns the function that removes it. */
  add(listener: Listener): () => void {
    if (this.listeners.size >= MAX_HOST_LISTENERS) this.listeners.delete(this.listeners.values().next().value!);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify<K extends HostEventName>(name: K, data: HostEventMap[K]): void {
    for (const listener of this.listeners) {
      // A failing host handler is the host's bug: say so, and keep the host subscribed.
      Promise.resolve(listener(name, data)).catch((err) => this.log(`switchboard: the host's ${name} listener failed: ${err}`));
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
