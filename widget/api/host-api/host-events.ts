/**
 * The hosts' listeners: notifications go to all of them; answered events wait (a short while)
 * for the first answer. Each goes over as (name, args, answered), so a host logs an answer as
 * its `_RESPONSE`. The widget works the same when no host answers.
 */
import type { AnsweredEventName, HostEventAnswers, HostEventMap, HostEventName } from '../../../protocol/index.ts';

const ANSWER_TIMEOUT_MS = 3_000;
/** One per link of a host page; past that the oldest (links the hosts replaced) go. */
const MAX_HOST_LISTENERS = 8;
type Listener = (name: HostEventName, args: unknown[], answered: boolean) => unknown;

export class HostEvents {
  private readonly listeners = new Set<Listener>();
  /** Called when a host links or unlinks. */
  onChange = () => {};

  constructor(private readonly log = console.warn) {}

  get linked(): boolean {
    return this.listeners.size > 0;
  }

  /** Adds a host's listener; returns the function that removes it. */
  add(listener: Listener): () => void {
    if (this.listeners.size >= MAX_HOST_LISTENERS) this.listeners.delete(this.listeners.values().next().value!);
    this.listeners.add(listener);
    this.onChange();
    return () => {
      this.listeners.delete(listener);
      this.onChange();
    };
  }

  notify<K extends HostEventName>(name: K, ...args: HostEventMap[K]): void {
    for (const listener of this.listeners) {
      // A failing host handler is the host's bug: say so, and keep the host subscribed.
      Promise.resolve(listener(name, args, false)).catch((err) => this.log(`switchboard: the host's ${name} listener failed: ${err}`));
    }
  }

  /** The first answer any host gives, or undefined when none answers in time. */
  async ask<K extends AnsweredEventName>(name: K, ...args: HostEventMap[K]): Promise<HostEventAnswers[K] | undefined> {
    const answers = [...this.listeners].map((listener) => Promise.resolve(listener(name, args, true)).catch(() => undefined));
    const timeout = new Promise<undefined>((r) => setTimeout(r, ANSWER_TIMEOUT_MS));
    const first = await Promise.race([Promise.all(answers).then((all) => all.find((a) => a !== undefined && a !== null)), timeout]);
    return first as HostEventAnswers[K] | undefined;
  }
}
