/**
 * Order of a session's events on one connection: each event's `seq` must be lastSeq + 1.
 * Duplicates are dropped; a gap (something was missed) is dropped too and answered by a
 * resume from lastSeq, which replays the missing events in order (cf. LivePerson's counters).
 */
export type EventVerdict = 'process' | 'duplicate' | 'gap';

export class EventOrder {
  lastSeq = 0;
  processed = 0;
  ignoredDuplicate = 0;
  outOfOrder = 0;

  /** Classifies the event numbered `seq` and counts it; `process` advances lastSeq. */
  accept(seq: number, strict: boolean): EventVerdict {
    if (seq <= this.lastSeq) {
      this.ignoredDuplicate++;
      return 'duplicate';
    }
    if (seq > this.lastSeq + 1) {
      this.outOfOrder++;
      // Without a session to resume from, nothing can be fetched: take the event as it is.
      if (strict) return 'gap';
    }
    this.lastSeq = seq;
    this.processed++;
    return 'process';
  }

  /** Starts counting from `seq` (a new session, or a snapshot that replaces the missed events). */
  restart(seq: number): void {
    this.lastSeq = seq;
  }

  /** Events up to `seq` are known from elsewhere (a state snapshot): later ones only. */
  skipTo(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
  }
}
