/**
 * Calls: a customer asks for one (voice added to their chat, or a new voice contact routed like
 * any contact), an agent calls the customer of an open chat or another agent; the called party
 * answers or declines; either side hangs up; the agent holds, mutes and records. Every change of
 * a call goes through `setCallState` (call-record.ts) inside a contact update, so it is stored
 * and reaches clients as `contact.updated` / `chat.updated` in the same unit of work.
 */
import {
  TERMINAL_CONTACT_STATES,
  forbidden,
  inConversation,
  invalidArgs,
  isWaiting,
  notFound,
  notSuitableState,
  type CallEndReason,
  type ContactState,
  type ContactView,
  type CustomerChatView,
  type RecordingLayout,
  type RecordingPlan,
} from '../../protocol/index.ts';
import type { Conference, ContactCenter, Logger } from '../contacts/index.ts';
import type { RecordingService } from '../recordings/service.ts';
import type { Dispatcher } from '../routing/index.ts';
import type { SessionHub } from '../sessions/index.ts';
import type { CallRecord, CallSide, ContactRecord, SessionRecord } from '../store/index.ts';
import { agentsOnCall, internalCallerCustomerId, isLive, newCall, setCallState, sideOf } from './call-record.ts';
import { CallTransfers } from './call-transfer.ts';
import { CallRecording, type RecordingRequest } from './call-recording.ts';

export interface CallsOptions {
  ringSeconds: number;
  /** How a recording is laid out when its request does not say: both directions mixed, or a file per direction. */
  recordingLayout?: RecordingLayout;
}

type Timer = ReturnType<typeof setTimeout>;

export class Calls {
  private readonly ringTimers = new Map<string, Timer>();
  private readonly endedListeners = new Set<(contactId: string) => void>();
  private readonly handOverListeners = new Set<(contactId: string) => void>();
  /** Transfers, consultations and conferences of calls. */
  readonly transfers: CallTransfers;
  private readonly recorder: CallRecording;
  private stopped = false;
  /** The reason a call is being ended with while its contact's transition runs (see `finish`). */
  private ending: { contactId: string; reason: CallEndReason } | null = null;

  constructor(
    private readonly center: ContactCenter,
    private readonly dispatcher: Dispatcher,
    private readonly hub: SessionHub,
    private readonly recordings: RecordingService,
    private readonly options: CallsOptions,
    private readonly log: Logger,
    conference: Conference,
  ) {
    this.transfers = new CallTransfers(center, conference, {
      finish: (contact, reason, by) => this.finish(contact, reason, by),
      agentChanged: (contactId) => this.center.outbox.deliver(() => this.handOverListeners.forEach((listener) => listener(contactId))),
    });
    this.recorder = new CallRecording(recordings, options.recordingLayout ?? 'mixed');
    center.setTransitionHook((contact, from, to) => this.contactMoved(contact, from, to));
    // Calls that rang when the server stopped ring on for what is left of their time.
    for (const contact of center.liveContacts()) if (contact.call?.state === 'ringing') this.armRing(contact);
  }

  /** Called (after the commit) with the contact id of every call that ended. */
  onEnded(listener: (contactId: string) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Called (after the commit) with the contact id of every call whose agent side changed hands (a transfer was taken). */
  onHandOver(listener: (contactId: string) => void): () => void {
    this.handOverListeners.add(listener);
    return () => this.handOverListeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.ringTimers.values()) clearTimeout(timer);
    this.ringTimers.clear();
  }

  // ---- starting calls ----

  /** A customer asks for a call: voice on their chat with an agent, or a new voice contact in `room`. */
  request(customerId: string, req: { room?: string; contactId?: string; lang?: string; source?: string; video?: boolean }): CustomerChatView {
    const now = this.center.now();
    for (const c of this.center.liveContacts()) {
      if (c.customerId === customerId && isLive(c.call)) throw notSuitableState('you are already in a call');
    }
    const chat = req.contactId === undefined ? undefined : this.center.ownedBy(customerId, req.contactId);
    if (chat && chat.agentId && inConversation(chat.state)) {
      const agent = this.center.agents.get(chat.agentId);
      if (this.dispatcher.voiceBusy(agent.id)) throw notSuitableState(`${agent.nickname} is on another call: try again in a moment`);
      const call = newCall({ direction: 'inbound', callerSide: 'customer', ani: `customer:${customerId}`, dnis: `agent:${agent.username}`, now, ringsUntil: now + this.ringMs(), video: req.video });
      this.center.update(chat, (c) => (c.call = call));
      this.armRing(chat);
      this.log(`call on contact ${chat.id}: customer rings agent ${agent.id}`);
      return this.center.customerView(chat);
    }
    const room = req.room ?? chat?.queue;
    if (!room) throw invalidArgs('call.request needs a room (a queue) or the contactId of your chat with an agent');
    const call = newCall({ direction: 'inbound', callerSide: 'customer', ani: `customer:${customerId}`, dnis: room, now, video: req.video });
    const { contact } = this.center.startChat(customerId, { room, lang: req.lang, source: req.source ?? 'voice', contactType: 'voice', call });
    this.log(`voice contact ${contact.id} queued in ${room}`);
    return contact;
  }

  /**
   * An agent calls the customer of their open chat (`contactId`), or another agent (`agentId`:
   * internal). With `consultFor`, the internal call is a consultation about the agent's customer
   * call: that call is held, and this second call is allowed beside it (the voice slot's one exception).
   */
  start(agentId: string, req: { contactId?: string; agentId?: string; video?: boolean; consultFor?: string }): ContactView {
    if ((req.contactId === undefined) === (req.agentId === undefined)) throw invalidArgs('call.start takes either contactId (call its customer) or agentId (call an agent)');
    if (req.consultFor !== undefined && req.agentId === undefined) throw invalidArgs('a consultation (consultFor) calls an agent (agentId)');
    const held = req.consultFor === undefined ? undefined : this.transfers.consultable(agentId, req.consultFor);
    const busy = held ? this.dispatcher.callsOf(agentId).some((id) => id !== held.id) : this.dispatcher.voiceBusy(agentId);
    if (busy) throw notSuitableState('you are already on a call');
    const me = this.center.agents.get(agentId);
    const now = this.center.now();
    if (req.contactId !== undefined) {
      const contact = this.center.assignedTo(agentId, req.contactId);
      if (!inConversation(contact.state)) throw notSuitableState(`contact is ${contact.state}: there is no chat to call from`);
      if (isLive(contact.call)) throw notSuitableState('this contact is already in a call');
      if (this.hub.connectionCount('customer', contact.customerId) === 0) throw notSuitableState('the customer is offline: they can be called while their chat page is open');
      const call = newCall({ direction: 'outbound', callerSide: 'agent', ani: `agent:${me.username}`, dnis: `customer:${contact.customerId}`, now, ringsUntil: now + this.ringMs(), video: req.video });
      this.center.update(contact, (c) => (c.call = call));
      this.armRing(contact);
      this.log(`call on contact ${contact.id}: agent ${agentId} rings the customer`);
      return this.center.view(contact, agentId);
    }
    const callee = this.center.agents.find(req.agentId!);
    if (!callee) throw notFound(`agent ${req.agentId}`);
    if (callee.id === agentId) throw invalidArgs('you cannot call yourself');
    if (callee.state === 'OFFLINE' || this.hub.connectionCount('agent', callee.id) === 0) throw notSuitableState(`agent ${callee.id} is offline`);
    if (this.dispatcher.voiceBusy(callee.id)) throw notSuitableState(`agent ${callee.id} is on a call`);
    if (held) this.hold(agentId, held.id, true);
    // The contact's other party is the calling agent, kept as a customers row of its own.
    const callerId = internalCallerCustomerId(agentId);
    if (!this.center.store.getCustomer(callerId)) this.center.store.insertCustomer({ id: callerId, name: me.name, createdAt: now, authType: 'CONSUMER_ANONYMOUS' });
    const call = newCall({ direction: 'outbound', callerSide: 'customer', internal: true, callerAgentId: agentId, ani: `agent:${me.username}`, dnis: `agent:${callee.username}`, now, ringsUntil: now + this.ringMs(), video: req.video, consultFor: held?.id });
    const room = this.center.queues.has('default') ? 'default' : this.center.options.queues[0].id;
    const { contact: started } = this.center.startChat(callerId, { room, source: 'internal', contactType: 'voice', call }, false);
    const contact = this.center.get(started.id);
    this.dispatcher.offerDirect(contact, callee.id);
    if (held) this.transfers.link(held, contact, callee.id);
    this.armRing(contact);
    this.log(`internal call ${contact.id}: agent ${agentId} rings agent ${callee.id}${held ? `, consulting about ${held.id}` : ''}`);
    return this.center.view(contact, agentId);
  }

  // ---- the called party ----

  answer(session: SessionRecord, contactId: string): void {
    const { contact, call, side } = this.party(session, contactId);
    // A call transferred to the agent is answered by taking the contact.
    if (this.isTransferOffer(contact, session)) return void this.dispatcher.accept(session.subjectId, contactId);
    if (call.state !== 'ringing') throw notSuitableState(`the call is ${call.state}`);
    if (side === call.callerSide) throw notSuitableState('the caller cannot answer their own call');
    // A voice contact offered to the agent is answered by taking it.
    if (contact.type === 'voice' && contact.state === 'offered') {
      this.dispatcher.accept(session.subjectId, contactId);
      return;
    }
    this.setState(contact, 'connected');
  }

  decline(session: SessionRecord, contactId: string): void {
    const { contact, call, side } = this.party(session, contactId);
    if (this.isTransferOffer(contact, session)) return void this.dispatcher.decline(session.subjectId, contactId);
    if (call.state !== 'ringing') throw notSuitableState(`the call is ${call.state}`);
    if (side === call.callerSide) throw notSuitableState('the caller hangs up (call.hangup) instead');
    // A queue's voice contact declined by the agent it was offered to rings the next agent.
    if (contact.type === 'voice' && contact.state === 'offered' && !call.internal) {
      this.dispatcher.decline(session.subjectId, contactId);
      return;
    }
    this.finish(contact, 'declined', side);
  }

  // ---- either party ----

  hangup(session: SessionRecord, contactId: string): void {
    const { contact, call, side } = this.party(session, contactId);
    if (this.isTransferOffer(contact, session)) return this.decline(session, contactId);
    // The called party hanging up a ringing call declines it (a queue's voice contact then rings the next agent).
    if (call.state === 'ringing' && side !== call.callerSide) return this.decline(session, contactId);
    const reason: CallEndReason = call.state === 'ringing' ? 'cancelled' : side === 'agent' || call.internal ? 'hangup_agent' : 'hangup_customer';
    this.finish(contact, reason, side);
  }

  media(session: SessionRecord, contactId: string, flags: { video?: boolean; sharing?: boolean }): void {
    const { contact, call } = this.party(session, contactId);
    if (call.state === 'ringing') throw notSuitableState('the call is not answered yet');
    this.center.update(contact, (c) => {
      if (flags.video !== undefined) c.call!.video = flags.video;
      if (flags.sharing !== undefined) c.call!.sharing = flags.sharing;
    });
  }

  // ---- the contact's agent ----

  hold(agentId: string, contactId: string, hold: boolean): void {
    const { contact, call } = this.agentCall(agentId, contactId);
    if (call.state === (hold ? 'held' : 'connected')) return;
    if (!hold) this.transfers.checkResume(contact);
    const to = hold ? 'held' : 'connected';
    // A voice contact is on hold with its call; a chat with voice stays a chat in progress.
    const contactTo: ContactState = contact.type === 'voice' && inConversation(contact.state) ? (hold ? 'hold' : 'delivered') : contact.state;
    this.center.transition(contact, contactTo, (c) => setCallState(c.call!, to, this.center.now()));
  }

  /** The agent's own microphone: the contact's agent's, or an internal call's caller's (each sees their own). */
  mute(agentId: string, contactId: string, muted: boolean): void {
    const { contact } = this.agentCall(agentId, contactId);
    this.center.update(contact, (c) => {
      if (contact.agentId === agentId) c.call!.muted = muted;
      else c.call!.callerMuted = muted;
    });
  }

  /** Starts (or continues after a re-attach) or stops a recording of the call; returns what to record now. */
  recording(agentId: string, contactId: string, on: boolean, req: RecordingRequest = {}): RecordingPlan {
    const { contact } = this.agentCall(agentId, contactId);
    let plan!: RecordingPlan;
    this.center.update(contact, (c) => (plan = on ? this.recorder.start(c.call!, contactId, agentId, req) : this.recorder.stop(c.call!)));
    return plan;
  }

  /** Pauses the running recording (what is said meanwhile stays out of its files) or resumes it. */
  recordingPaused(agentId: string, contactId: string, paused: boolean): void {
    const { contact, call } = this.agentCall(agentId, contactId);
    if (!call.recorder) throw notSuitableState('no recording is running');
    this.center.update(contact, (c) => this.recorder.pause(c.call!, paused));
  }

  // ---- for the media relay and presence ----

  /** A party's media endpoint left (parked: true) or came back (parked: false). */
  setParked(contact: ContactRecord, parked: boolean): void {
    if (!isLive(contact.call) || contact.call.parked === parked) return;
    this.center.update(contact, (c) => (c.call!.parked = parked));
  }

  /** Ends the call and what follows from it: a voice contact's conversation goes to wrap-up (or leaves the queue); a chat goes on. */
  finish(contact: ContactRecord, reason: CallEndReason, by: CallSide | null): void {
    if (!isLive(contact.call)) return;
    // A voice contact whose call ends while it is being transferred is its sender's again: they wrap it up.
    if (contact.type === 'voice' && contact.call.transferFrom && isWaiting(contact.state)) this.center.returnToSender(contact);
    if (contact.type !== 'voice' || !(inConversation(contact.state) || isWaiting(contact.state))) {
      this.center.update(contact, (c) => this.end(c, c.call!, reason));
      return;
    }
    // A voice contact's call and conversation end in one transition (the hook ends the call with this reason).
    const outer = this.ending; // a consultation ends inside its customer call's end
    this.ending = { contactId: contact.id, reason };
    try {
      if (inConversation(contact.state)) this.center.endConversation(contact, reason === 'media_lost' ? 'timeout' : by === 'customer' ? 'customer' : 'agent');
      else if (by === 'customer' && !contact.call.internal) this.center.customerLeft(contact, 'vvcu');
      else this.center.endInQueue(contact, 'cancelled');
    } finally {
      this.ending = outer;
    }
  }

  /** The agent is gone past the grace period: their live calls end `media_lost` (a voice contact is not requeued mid-call). */
  agentGone(agentId: string): void {
    for (const contact of [...this.center.liveContacts()]) {
      if (!agentsOnCall(contact).includes(agentId)) continue;
      // A call being transferred goes on to its target without its sender.
      if (contact.call?.transferFrom === agentId && isWaiting(contact.state)) continue;
      this.finish(contact, 'media_lost', contact.agentId === agentId ? 'agent' : 'customer');
    }
  }

  // ---- internals ----

  /** The requester's side of the contact's live call (or, with `offered`, of a voice contact offered to them). */
  private party(session: SessionRecord, contactId: string): { contact: ContactRecord; call: CallRecord; side: CallSide } {
    const contact = this.center.get(contactId);
    const call = contact.call;
    if (!isLive(call)) throw notSuitableState(call ? 'the call has ended' : 'this contact has no call');
    let side = sideOf(contact, session);
    // An agent a voice contact is offered to is its called party.
    if (!side && session.kind === 'agent' && contact.state === 'offered' && contact.offeredTo.includes(session.subjectId) && (contact.type === 'voice' || call.transferFrom)) side = 'agent';
    if (!side) throw forbidden(`you are not a party of the call on ${contactId}`);
    return { contact, call, side };
  }

  /** The contact, whose answered call is being transferred, is offered to this agent. */
  private isTransferOffer(contact: ContactRecord, session: SessionRecord): boolean {
    return session.kind === 'agent' && contact.state === 'offered' && !!contact.call?.transferFrom && contact.offeredTo.includes(session.subjectId);
  }

  /** The call of the contact's agent, or of an internal call's calling agent (its other party, with the same controls). */
  private agentCall(agentId: string, contactId: string): { contact: ContactRecord; call: CallRecord } {
    const found = this.center.get(contactId);
    const caller = found.call?.internal && found.call.callerAgentId === agentId && found.agentId !== agentId;
    const contact = caller ? found : this.center.assignedTo(agentId, contactId);
    const call = contact.call;
    if (!isLive(call)) throw notSuitableState(call ? 'the call has ended' : 'this contact has no call');
    if (call.state === 'ringing') throw notSuitableState('the call is not answered yet');
    return { contact, call };
  }

  private setState(contact: ContactRecord, to: 'connected' | 'held'): void {
    this.center.update(contact, (c) => setCallState(c.call!, to, this.center.now()));
  }

  /** Ends the call record in place (inside a contact change): its recording ends, its timers and endpoints go. */
  private end(contact: ContactRecord, call: CallRecord, reason: CallEndReason): void {
    this.recorder.end(call);
    call.recorder = null;
    setCallState(call, 'ended', this.center.now(), reason);
    call.transferFrom = null;
    this.transfers.callEnded(contact, call);
    clearTimeout(this.ringTimers.get(contact.id));
    this.ringTimers.delete(contact.id);
    this.log(`call on contact ${contact.id} ended: ${reason}`);
    const id = contact.id;
    this.center.outbox.deliver(() => {
      for (const listener of this.endedListeners) listener(id);
    });
  }

  /** A conversation that ends (or goes back to the queue) takes its live call with it. */
  private contactMoved(contact: ContactRecord, from: ContactState, to: ContactState): void {
    if (!isLive(contact.call)) return;
    if (this.transfers.moved(contact, contact.call, from, to)) return;
    const leaves = TERMINAL_CONTACT_STATES.includes(to) || to === 'wrap_up' || (to === 'queued' && inConversation(from));
    if (leaves) this.end(contact, contact.call, this.ending?.contactId === contact.id ? this.ending.reason : endReasonOf(contact, to));
  }

  private ringMs(): number {
    return this.options.ringSeconds * 1000;
  }

  /** Rings until `ringsUntil`; then, if it still rings, it ends `no_answer`. */
  private armRing(contact: ContactRecord): void {
    const call = contact.call;
    if (this.stopped || !call?.ringsUntil) return;
    clearTimeout(this.ringTimers.get(contact.id));
    const startTime = call.startTime;
    const timer = setTimeout(() => {
      this.ringTimers.delete(contact.id);
      const current = this.center.findLive(contact.id);
      if (!current || current.call?.state !== 'ringing' || current.call.startTime !== startTime) return;
      try {
        this.center.outbox.run(() => this.finish(current, 'no_answer', null));
      } catch (err) {
        this.log(`ring timeout of ${contact.id} failed: ${(err as Error).stack ?? err}`);
      }
    }, Math.max(0, call.ringsUntil - this.center.now()));
    timer.unref?.();
    this.ringTimers.set(contact.id, timer);
  }
}

/** Why a live call ended when its contact left the conversation by other means. */
function endReasonOf(contact: ContactRecord, to: ContactState): CallEndReason {
  if (to === 'queued') return 'media_lost'; // its agent was gone
  switch (contact.endReason) {
    case 'customer':
      return contact.call?.state === 'ringing' && contact.call.callerSide === 'customer' ? 'cancelled' : 'hangup_customer';
    case 'agent':
      return 'hangup_agent';
    case 'timeout':
      return 'media_lost';
    case 'abandon':
    case 'cancel':
      return 'cancelled';
    case 'dissuasion':
      return 'no_answer';
    case null:
      return 'hangup_agent';
  }
}
