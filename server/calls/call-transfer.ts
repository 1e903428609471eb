/**
 * Calls that move and join. A call keeps going while its contact is transferred: the sender
 * keeps it, held, until the target takes it (then the call's agent side changes hands) or the
 * transfer fails (the sender has it back). An agent holding a customer's call may consult a
 * colleague over an internal call, then hand the customer over or join all three: the agent's
 * widget mixes the two calls (a star with the agent at its centre), so the server only keeps the
 * state. The links live in the two call records, `consult` on the customer's call and
 * `consultFor` on the consultation, and change only here, inside the unit of work that moves them.
 */
import { forbidden, inConversation, invalidArgs, isWaiting, notFound, notSuitableState, type CallEndReason, type ContactState, type Participant } from '../../protocol/index.ts';
import { tellJoined, tellLeft, type Conference, type ContactCenter } from '../contacts/index.ts';
import type { CallRecord, CallSide, ContactRecord } from '../store/index.ts';
import { agentLeft, isLive, setCallState } from './call-record.ts';

/** What the transfers need of the calls. */
export interface CallLegs {
  /** Ends a call as Calls.finish does (a voice contact's conversation with it). */
  finish(contact: ContactRecord, reason: CallEndReason, by: CallSide | null): void;
  /** The call's agent side changed hands: after the commit, the old agent's media endpoint goes. */
  agentChanged(contactId: string): void;
}

const isAnswered = (call: CallRecord) => call.state === 'connected' || call.state === 'held';

export class CallTransfers {
  constructor(
    private readonly center: ContactCenter,
    private readonly conference: Conference,
    private readonly legs: CallLegs,
  ) {}

  /** Refuses a transfer (contact.transfer) that would strand a call. */
  checkTransfer(contactId: string): void {
    const call = this.center.get(contactId).call;
    if (!isLive(call)) return;
    if (call.internal) throw notSuitableState('an internal call is not transferred: hang up and call the agent you want');
    if (call.consult) throw notSuitableState('the call has a consultation going: transfer to the colleague (call.transferConsult), or end the consultation or conference first');
  }

  /**
   * Inside a contact's transition, before the calls' own rules: keeps an answered call through
   * a transfer. Returns true when it took care of the call.
   */
  moved(contact: ContactRecord, call: CallRecord, from: ContactState, to: ContactState): boolean {
    if (!isAnswered(call)) return false;
    const now = this.center.now();
    if (inConversation(from) && to === 'queued' && contact.routing.transfer) {
      // The sender keeps the call, and the customer waits on hold, until someone takes it.
      call.transferFrom = contact.routing.transfer.fromAgentId;
      if (call.state === 'connected') setCallState(call, 'held', now);
      return true;
    }
    if (isWaiting(from) && inConversation(to) && call.state === 'held') {
      // Taken (or back with its sender): the call goes on with the contact's agent.
      const sender = call.transferFrom ?? null;
      call.transferFrom = null;
      setCallState(call, 'connected', now);
      if (contact.agentId !== sender) this.handOver(contact, call, sender);
      return true;
    }
    if (isWaiting(to) && call.transferFrom && !contact.routing.transfer) {
      // The transfer is over and its sender is gone: the call waits in the queue, held, for whoever takes it.
      call.transferFrom = null;
      return true;
    }
    return false;
  }

  // ---- consultation ----

  /** The customer call an internal call consults about: answered, the agent's, none going yet. */
  consultable(agentId: string, contactId: string): ContactRecord {
    const contact = this.center.assignedTo(agentId, contactId);
    const call = contact.call;
    if (!isLive(call) || !isAnswered(call)) throw notSuitableState(call ? `the call on ${contactId} is not answered` : `contact ${contactId} has no call`);
    if (!inConversation(contact.state)) throw notSuitableState(`contact is ${contact.state}`);
    if (call.internal) throw notSuitableState('a consultation is made from a customer\'s call');
    if (call.consult) throw notSuitableState('this call already has a consultation going');
    return contact;
  }

  /** Records the consultation on the customer's call (held by now). */
  link(held: ContactRecord, consultation: ContactRecord, agentId: string): void {
    this.center.update(held, (c) => (c.call!.consult = { contactId: consultation.id, agentId, joined: false }));
  }

  /** The agent hands the customer's call to the colleague consulted, and leaves it; the consultation ends. */
  transferConsult(agentId: string, contactId: string, consultContactId: string): void {
    const { held, call, consultation, colleague } = this.consultation(agentId, contactId, consultContactId);
    const to = this.center.agents.get(colleague);
    const conference = call.consult!.joined;
    this.center.transition(held, this.resumedState(held), (c) => {
      const k = c.call!;
      k.consult = null;
      c.agentId = colleague;
      c.routing.conference = c.routing.conference.filter((id) => id !== colleague);
      c.routing.invited = c.routing.invited.filter((id) => id !== colleague);
      if (k.state === 'held') setCallState(k, 'connected', this.center.now());
      this.handOver(c, k, agentId);
    });
    this.legs.finish(consultation, 'hangup_agent', 'customer');
    this.center.emitToAgent(agentId, 'contact.transferred', { id: held.id, to: { toId: held.id, toAgent: colleague } });
    const participant: Participant = { id: to.id, name: to.name, role: 'ASSIGNED_AGENT', state: 'ACTIVE' };
    this.center.emitToCustomer(held, 'conversation.transfer-agent', { contactId: held.id, participant });
    tellLeft(this.center, held, agentId, 'transfer');
    tellJoined(this.center, held, to.id, { sender: agentId, transfer: true });
    this.center.log(`call on contact ${held.id} handed from ${agentId} to ${colleague} after consultation ${consultContactId}${conference ? ' (conference)' : ''}`);
  }

  /** The colleague consulted joins the customer's call: a conference of three (the agent's widget mixes it). */
  join(agentId: string, contactId: string, consultContactId: string): void {
    const { held, consultation, colleague, call } = this.consultation(agentId, contactId, consultContactId);
    if (call.consult!.joined) throw notSuitableState('the colleague is already in the conference');
    this.center.transition(held, this.resumedState(held), (c) => {
      const k = c.call!;
      k.consult = { contactId: consultation.id, agentId: colleague, joined: true };
      if (k.state === 'held') setCallState(k, 'connected', this.center.now());
    });
    // The colleague takes part in the conversation (reads and writes it) and the customer hears of it.
    this.conference.join(colleague, held);
    this.center.log(`call on contact ${held.id}: ${colleague} joined (conference over ${consultation.id})`);
  }

  /** Drops the colleague from the conference (the call's agent does, or the colleague leaves); their call ends. */
  removeFromConference(requesterId: string, contactId: string, agentId: string): void {
    const held = this.center.get(contactId);
    const call = held.call;
    if (!isLive(call) || !call.consult?.joined || call.consult.agentId !== agentId) throw notFound(`agent ${agentId} in the conference of this call`);
    if (requesterId !== agentId && requesterId !== held.agentId) throw forbidden('only the call\'s agent removes others');
    const consultation = this.center.findLive(call.consult.contactId);
    this.unlink(held, true);
    if (consultation && isLive(consultation.call)) this.legs.finish(consultation, 'hangup_agent', requesterId === agentId ? 'agent' : 'customer');
  }

  /** Drops every other agent from the call's conference; the agent keeps the customer. */
  endConference(agentId: string, contactId: string): void {
    const held = this.center.assignedTo(agentId, contactId);
    const consult = held.call?.consult;
    if (!isLive(held.call) || !consult?.joined) throw notSuitableState('the call is not a conference');
    this.removeFromConference(agentId, contactId, consult.agentId);
  }

  /** Refuses taking a held customer back while the colleague is consulted (the agent would talk to both, unmixed). */
  checkResume(contact: ContactRecord): void {
    if (contact.call?.consult && !contact.call.consult.joined) {
      throw notSuitableState('the customer is held while you consult: transfer (call.transferConsult), join (call.conference) or hang up the consultation first');
    }
  }

  /**
   * Inside the change that ended a call: a customer call's consultation ends with it, and a
   * consultation that ends leaves its customer's call (and conference).
   */
  callEnded(contact: ContactRecord, call: CallRecord): void {
    if (call.consult) {
      const consultation = this.center.findLive(call.consult.contactId);
      call.consult = null;
      if (consultation && isLive(consultation.call)) this.legs.finish(consultation, 'hangup_agent', 'customer');
    }
    if (call.consultFor) {
      const held = this.center.findLive(call.consultFor);
      if (held && isLive(held.call) && held.call.consult?.contactId === contact.id) this.unlink(held, held.call.consult.joined);
    }
  }

  // ---- internals ----

  /** The agent's customer call, its consultation (answered) and the colleague on it. */
  private consultation(agentId: string, contactId: string, consultContactId: string) {
    const held = this.center.assignedTo(agentId, contactId);
    const call = held.call;
    if (!isLive(call)) throw notSuitableState(call ? 'the call has ended' : 'this contact has no call');
    if (call.consult?.contactId !== consultContactId) throw invalidArgs(`${consultContactId} is not the consultation of this call`);
    const consultation = this.center.get(consultContactId);
    if (consultation.call?.state !== 'connected') throw notSuitableState('the colleague has not answered the consultation');
    return { held, call, consultation, colleague: call.consult.agentId };
  }

  /** A voice contact on hold is in conversation again when its call is taken back. */
  private resumedState(contact: ContactRecord): ContactState {
    return contact.type === 'voice' && contact.state === 'hold' ? 'delivered' : contact.state;
  }

  /** Inside a change: the agent side goes to the contact's agent; the sender's endpoint must go and the new agent's attach. */
  private handOver(contact: ContactRecord, call: CallRecord, from: string | null): void {
    if (from) agentLeft(call, from);
    call.parked = true; // until the new agent's widget attaches (or the call ends media_lost)
    this.legs.agentChanged(contact.id);
  }

  /** The customer call's consultation is over; a colleague in conference left it. */
  private unlink(held: ContactRecord, joined: boolean): void {
    const colleague = held.call!.consult!.agentId;
    this.center.update(held, (c) => {
      c.call!.consult = null;
      if (joined) agentLeft(c.call!, colleague);
    });
    if (joined && held.agentId && held.routing.conference.includes(colleague)) this.conference.remove(held.agentId, held.id, colleague);
  }
}
