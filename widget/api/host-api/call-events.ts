/**
 * The host's events of the agent's calls beside InteractionData: ON_CALL_AUDIO_QUALITY_ALERT while
 * a call's media path is down (its ICE being restarted: no audio gets through) and when it is back
 * or gone, and Switchboard's ON_CALL_ENDED with why a call ended (seen ending here, not on a reload).
 */
import { LIVE_CALL_STATES, type CallState, type HostEventMap } from '../../../protocol/index.ts';
import type { CallController } from '../../calls/call-controller.ts';
import { t } from '../../i18n/index.ts';
import type { InteractionStore } from '../../session/interaction-store.ts';

type Notify = <E extends 'ON_CALL_AUDIO_QUALITY_ALERT' | 'ON_CALL_ENDED'>(name: E, ...args: HostEventMap[E]) => void;

export function wireCallEvents(store: InteractionStore, calls: CallController | null, notify: Notify): void {
  /** The state each call of the store was in when last seen. */
  const seen = new Map<string, CallState>();
  store.events.on('change', () => {
    for (const contact of store.contacts.values()) {
      const call = contact.call;
      if (!call) continue;
      const before = seen.get(contact.id);
      seen.set(contact.id, call.state);
      if (before && LIVE_CALL_STATES.includes(before) && call.state === 'ended' && call.endReason) notify('ON_CALL_ENDED', contact.id, call.endReason, t(`call.ended.${call.endReason}`));
    }
    for (const id of seen.keys()) if (!store.contacts.has(id)) seen.delete(id);
  });
  /** Calls whose media path this page reported down. */
  const down = new Set<string>();
  calls?.on('media', (contactId) => {
    const now = calls.media(contactId).pathDown === true;
    if (now === down.has(contactId)) return;
    if (now) down.add(contactId);
    else down.delete(contactId);
    notify('ON_CALL_AUDIO_QUALITY_ALERT', contactId, now);
  });
}
