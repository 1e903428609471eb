/** Waiting for a call the agent placed (a consultation) to be answered. */
import { notSuitableState, type ProtocolError } from '../../protocol/index.ts';
import type { InteractionStore } from '../session/interaction-store.ts';

/** Resolves when the call is answered; rejects when it ends first or rings past `timeoutMs`. */
export function whenAnswered(store: InteractionStore, contactId: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const call = store.contacts.get(contactId)?.call;
      if (call && (call.state === 'connected' || call.state === 'held')) return done(null);
      if (!call || call.state === 'ended') return done(notSuitableState('the colleague did not answer'));
    };
    const timer = setTimeout(() => done(notSuitableState('the colleague did not answer')), timeoutMs);
    const off = store.events.on('change', check);
    function done(err: ProtocolError | null) {
      clearTimeout(timer);
      off();
      if (err) reject(err);
      else resolve();
    }
    check();
  });
}
