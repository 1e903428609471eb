/**
 * What the widget keeps per chat besides its messages: the reply box's private toggle and quick
 * replies (they belong to their chat, as the draft does), how far the history is loaded, which of the agent's files the
 * customer opened (ACCESS), and up to where READ receipts were told. Gone with the chat.
 */

/** How much of a chat's history the widget holds: `complete` once its first message is in; `failed`: the last page did not come (the agent may retry). */
export interface HistoryState {
  complete: boolean;
  loading: boolean;
  failed: boolean;
}

export class ChatMarks {
  /** Chats whose reply box writes private notes. */
  private readonly privateMode = new Set<string>();
  private readonly history = new Map<string, HistoryState>();
  private readonly accessed = new Map<string, Set<string>>();
  private readonly acked = new Map<string, number>();
  private readonly replies = new Map<string, string[]>();

  isPrivate(contactId: string): boolean {
    return this.privateMode.has(contactId);
  }

  setPrivate(contactId: string, on: boolean): void {
    if (on) this.privateMode.add(contactId);
    else this.privateMode.delete(contactId);
  }

  /** Quick replies the agent is adding to the reply (then it goes as rich content). */
  quickRepliesOf(contactId: string): string[] {
    return this.replies.get(contactId) ?? [];
  }

  setQuickReplies(contactId: string, replies: string[]): void {
    if (replies.length) this.replies.set(contactId, replies);
    else this.replies.delete(contactId);
  }

  historyOf(contactId: string): HistoryState {
    return this.history.get(contactId) ?? { complete: false, loading: false, failed: false };
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
    this.replies.delete(contactId);
  }
}
