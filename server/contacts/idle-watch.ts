/**
 * Idle conversations: after `idleSeconds` with no message the conversation's agents hear
 * `contact.idle {idle: true}` (seed 000's `isidle`), and `{idle: false}` at the next message
 * (`isactive`). With `expirySeconds`, the customer hears `chat.expiryAlert {chatId, timeLeft}`
 * `alertSeconds` before the idle chat closes, and then it closes (`timeout`). One sweep over the
 * live conversations, not a timer per chat.
 */
import { inConversation } from '../../protocol/index.ts';
import type { ContactRecord } from '../store/index.ts';
import type { ContactCenter, Logger } from './contact-center.ts';
import { endConversation } from './endings.ts';

export interface IdleOptions {
  /** 0: agents are never told. */
  idleSeconds: number;
  /** 0: idle chats never close. */
  expirySeconds: number;
  alertSeconds: number;
}

export class ChatIdleWatch {
  /** Per conversation, when its last message (or its delivery) was; only live conversations are kept. */
  private readonly lastActivity = new Map<string, number>();
  /** Conversations whose customer was alerted since their last message. */
  private readonly alerted = new Set<string>();
  private readonly timer: ReturnType<typeof setInterval> | null;

  constructor(
    private readonly center: ContactCenter,
    private readonly options: IdleOptions,
    private readonly log: Logger,
  ) {
    center.onMessage((contact) => this.active(contact));
    const periods = [options.idleSeconds, options.expirySeconds && Math.max(0.05, options.expirySeconds - options.alertSeconds)].filter((s) => s > 0);
    this.timer = periods.length ? setInterval(() => this.sweep(), Math.max(50, Math.min(1_000, (Math.min(...periods) * 1000) / 4))) : null;
    this.timer?.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks every live conversation once; exposed for tests that drive the clock. */
  sweep(): void {
    const now = this.center.now();
    const live = new Set<string>();
    try {
      this.center.outbox.run(() => {
        for (const contact of this.center.liveContacts()) {
          if (!inConversation(contact.state) || contact.type !== 'chat') continue;
          live.add(contact.id);
          // After a restart the clock starts again at the first sweep: no chat closes for time the server was down.
          if (!this.lastActivity.has(contact.id)) this.lastActivity.set(contact.id, now);
          this.check(contact, now - this.lastActivity.get(contact.id)!);
        }
      });
    } catch (err) {
      this.log(`idle sweep failed: ${(err as Error).stack ?? err}`);
    }
    for (const id of this.lastActivity.keys()) if (!live.has(id)) (this.lastActivity.delete(id), this.alerted.delete(id));
  }

  private check(contact: ContactRecord, idleMs: number): void {
    const { idleSeconds, expirySeconds, alertSeconds } = this.options;
    if (idleSeconds > 0 && idleMs >= idleSeconds * 1000 && !contact.routing.idle) this.setIdle(contact, true);
    if (expirySeconds <= 0) return;
    const leftMs = expirySeconds * 1000 - idleMs;
    if (leftMs <= 0) {
      this.log(`contact ${contact.id} closed: idle for ${Math.round(idleMs / 1000)} s`);
      endConversation(this.center, contact, 'timeout');
      return;
    }
    if (leftMs <= alertSeconds * 1000 && !this.alerted.has(contact.id)) {
      this.alerted.add(contact.id);
      this.center.emitToCustomer(contact, 'chat.expiryAlert', { chatId: contact.id, timeLeft: Math.ceil(leftMs / 1000) });
    }
  }

  /** A message: the conversation is active again, its clocks restart. */
  private active(contact: ContactRecord): void {
    this.lastActivity.set(contact.id, this.center.now());
    this.alerted.delete(contact.id);
    if (contact.routing.idle) this.setIdle(contact, false);
  }

  private setIdle(contact: ContactRecord, idle: boolean): void {
    this.center.update(contact, (c) => (c.routing.idle = idle));
    for (const agentId of new Set([contact.agentId, ...contact.routing.conference])) if (agentId) this.center.emitToAgent(agentId, 'contact.idle', { id: contact.id, idle });
  }
}
