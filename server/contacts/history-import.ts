/**
 * Seed 001's importHistory: entries of a conversation held elsewhere (a bot before the agent,
 * say) stored in the chat, so the agents read them too. Each is a message from `system` with
 * `imported` content (who said it) and the entry's own time; clients show them before the live
 * messages. A chat holds at most MAX_IMPORTED_ENTRIES; texts have the limit of messages.
 */
import { MAX_IMPORTED_ENTRIES, MAX_TEXT_CHARS, OPEN_CHAT_STATES, ProtocolError, invalidArgs, notSuitableState, type HistoryEntry } from '../../protocol/index.ts';
import type { ContactCenter } from './contact-center.ts';

/** An entry may be this far ahead of the server's clock (the page's clock may run fast). */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The sender id of imported entries (their role is in the content). */
export const IMPORTED_SENDER_ID = 'imported';

export function importHistory(center: ContactCenter, customerId: string, contactId: string, entries: readonly HistoryEntry[]): { imported: number; total: number } {
  const contact = center.ownedBy(customerId, contactId);
  if (!OPEN_CHAT_STATES.includes(contact.state)) throw notSuitableState(`chat is ${contact.state}`);
  const held = contact.routing.imported ?? 0;
  if (held + entries.length > MAX_IMPORTED_ENTRIES) {
    throw new ProtocolError('too_large', `a chat holds at most ${MAX_IMPORTED_ENTRIES} imported entries; it has ${held}, ${entries.length} more were sent`);
  }
  const latest = center.now() + CLOCK_SKEW_MS;
  entries.forEach((entry, i) => {
    if (entry.text.length > MAX_TEXT_CHARS) throw new ProtocolError('too_large', `entries.${i}.text is ${entry.text.length} characters, over the limit of ${MAX_TEXT_CHARS}`);
    if (entry.createdAt > latest) throw invalidArgs(`entries.${i}.createdAt is in the future`);
  });
  const customer = center.customer(customerId);
  return center.outbox.run(() => {
    for (const entry of entries) {
      const from = { kind: 'system' as const, id: IMPORTED_SENDER_ID, name: entry.name ?? (entry.from === 'customer' ? customer.name : '') };
      center.postMessage(contact, from, { text: entry.text, content: { kind: 'imported', from: entry.from } }, undefined, entry.createdAt);
    }
    const total = held + entries.length;
    center.update(contact, (c) => (c.routing.imported = total));
    return { imported: entries.length, total };
  });
}
