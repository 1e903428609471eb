/**
 * What the widget keeps per chat besides its messages: the reply box's private toggle (it belongs
 * to its chat, as the draft does), how far the history is loaded, which of the agent's files the
 * customer opened (ACCESS), and up to where READ receipts were told. Gone with the chat.
 */

/** How much of a chat's history the widget holds: `complete` once its first message is in. */
export interface HistoryState {
  complete: boolean;
  loading: boolean;
}

export class ChatMarks {
  /** Chats whose reply box writes private notes. */
  private readonly privateMode = new Set<string>();
  private readonly history = new Map<string, HistoryState>();
  private readonly accessed = new Map<string, Set<string>>();
  private readonly acked = new Map<string, number>();

  isPrivate(contactId: string): boolean {
    return this.privateMode.has(contactId);
  }

  setPrivate(contactId: string, on: boolean): void {
    if (on) this.privateMode.add(contactId);
    else this.privateMode.delete(contactId);
  }

  historyOf(contactId: string): HistoryState {
    return this.history.get(contactId) ?? { complete: false, loading: false };
  }

  setHistory(contactId: string, state: Partial<HistoryState>): void {
    this.history.set(contactId, { ...this.historyOf(contactId), ...state });
  }

  /** The customer opened the file of message `messageId`. */
  opened(contactId: string, messageId: string): void {
    const set = this.accessed.get(contactId) ?? new Set<string>();
    set.add(messageId);
    this.accessed.set(contactId, set);
  }

  wasOpened(contactId: string, messageId: string): boolean {
    return this.accessed.get(contactId)?.has(messageId) ?? false;
  }

  /** Moves the READ mark told to `upTo` (never back); returns where it was. */
  readAcked(contactId: string, upTo: number): number {
    const before = this.acked.get(contactId) ?? 0;
    if (upTo > before) this.acked.set(contactId, upTo);
    return before;
  }

  forget(contactId: string): void {
    this.privateMode.delete(contactId);
    this.history.delete(contactId);
    this.accessed.delete(contactId);
    this.acked.delete(contactId);
  }
}
