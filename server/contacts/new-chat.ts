/** A customer's new chat as it enters its queue: the one place that says what a fresh contact holds. */
import { randomUUID } from 'node:crypto';
import type { QueueConfig } from '../config.ts';
import type { ContactType } from '../../protocol/index.ts';
import type { CallRecord, ContactRecord, ContactRouting } from '../store/index.ts';

export interface NewChat {
  customerId: string;
  queue: Pick<QueueConfig, 'id' | 'priority' | 'mode' | 'skills'>;
  /** Its place in queue order (ms since epoch, never repeated). */
  enqueuedAt: number;
  lang?: string;
  source?: string;
  id?: string;
  /** `voice` for a call routed like any contact (default `chat`). */
  type?: ContactType;
  call?: CallRecord | null;
  assign?: ContactRouting['assign'];
  historyWatch?: boolean;
}

/** The routing a contact starts with in its queue: what a transfer or a fresh round goes back to. */
/** How long a direct offer of this contact waits for its agent, and how many in a row before a new round: the customer's own (init config), else its queue's. */
export function assignRules(contact: ContactRecord, queue: Pick<QueueConfig, 'assignTimeout' | 'assignMaxAttempts'>): { timeoutSeconds: number; maxAttempts: number } {
  const own = contact.routing.assign;
  return { timeoutSeconds: own?.timeoutSeconds ?? queue.assignTimeout, maxAttempts: own?.maxAttempts ?? queue.assignMaxAttempts };
}

export function queueRouting(queue: NewChat['queue']): Pick<ContactRouting, 'mode' | 'attempts' | 'offerExpiresAt' | 'excludedAgents' | 'requiredSkills' | 'targetAgentId' | 'allowBusy' | 'transfer'> {
  return { mode: queue.mode, attempts: 0, offerExpiresAt: null, excludedAgents: [], requiredSkills: [...queue.skills], targetAgentId: null, allowBusy: false, transfer: null };
}

export function newChatContact({ customerId, queue, enqueuedAt, lang, source, id, type, call, assign, historyWatch }: NewChat): ContactRecord {
  return {
    id: id ?? randomUUID(),
    type: type ?? 'chat',
    queue: queue.id,
    state: 'queued',
    priority: queue.priority,
    customerId,
    agentId: null,
    offeredTo: [],
    lang: lang ?? 'en',
    source: source ?? '',
    attachedData: {},
    lastSequence: 0,
    createdAt: enqueuedAt,
    enqueuedAt,
    deliveredAt: null,
    endedAt: null,
    completedAt: null,
    endReason: null,
    routing: {
      ...queueRouting(queue),
      disposition: null,
      notes: [],
      foreverAlone: false,
      conference: [],
      invited: [],
      ...(assign && { assign }),
      ...(historyWatch && { historyWatch }),
    },
    call: call ?? null,
  };
}
