/**
 * What the customer hears of agents coming and going (seed 001's `user:joined` / `user:left`):
 * one place that says who joined, how and why someone left, whatever path led there (offers,
 * transfers, conferences, a lost connection, a supervisor watching).
 */
import type { JoinMode, LeaveReason } from '../../protocol/index.ts';
import type { ContactRecord } from '../store/index.ts';
import type { ContactCenter } from './contact-center.ts';

export interface JoinHow {
  /** Who brought the agent in: themself (an offer taken, a chat started), the transferring or inviting agent. */
  sender: string;
  transfer?: boolean;
  mode?: JoinMode;
}

/** A watcher's coming and going reaches the customer only when the chat asked for it (`historyWatch`). */
const toldToCustomer = (contact: ContactRecord, watching: boolean) => !watching || contact.routing.historyWatch === true;

/** Tells the customer that `agentId` joined their chat. */
export function tellJoined(center: ContactCenter, contact: ContactRecord, agentId: string, how: JoinHow): void {
  if (!toldToCustomer(contact, how.mode === 'watch')) return;
  const agent = center.agents.get(agentId);
  const user = { id: agent.id, name: agent.name, nickname: agent.nickname };
  center.emitToCustomer(contact, 'user.joined', { contactId: contact.id, user, mode: how.mode ?? '', sender: how.sender, transfer: how.transfer ?? false });
}

/** Tells the customer that `agentId` is no longer in their chat. */
export function tellLeft(center: ContactCenter, contact: ContactRecord, agentId: string, reason: LeaveReason): void {
  if (!toldToCustomer(contact, reason === 'watch')) return;
  center.emitToCustomer(contact, 'user.left', { contactId: contact.id, userId: agentId, reason });
}
