/** After-contact work: disposition, notes, completion. */
import { randomUUID } from 'node:crypto';
import { MAX_NOTE_CHARS, ProtocolError, invalidArgs, notSuitableState, type ContactView, type Note } from '../../protocol/index.ts';
import type { ContactCenter } from './contact-center.ts';

const WORKING_STATES = ['delivered', 'hold', 'wrap_up'];

export class WrapUp {
  constructor(private readonly center: ContactCenter) {}

  setDisposition(agentId: string, contactId: string, disposition: string): ContactView {
    const contact = this.center.assignedTo(agentId, contactId);
    if (!WORKING_STATES.includes(contact.state)) throw notSuitableState(`contact is ${contact.state}`);
    if (!this.center.options.dispositions.some((d) => d.id === disposition)) throw invalidArgs(`unknown disposition ${disposition}`);
    this.center.update(contact, (c) => (c.routing.disposition = disposition));
    return this.center.view(contact, agentId);
  }

  /** Adds a note; one longer than MAX_NOTE_CHARS is truncated and the reply says so (LivePerson's setAgentNote). */
  addNote(agentId: string, contactId: string, text: string): { note: Note; truncated: boolean; truncatedText?: string } {
    const contact = this.center.assignedTo(agentId, contactId);
    if (!WORKING_STATES.includes(contact.state)) throw notSuitableState(`contact is ${contact.state}`);
    const truncated = text.length > MAX_NOTE_CHARS;
    const note: Note = { id: `${agentId}::${this.center.now()}::${randomUUID().slice(0, 8)}`, agentId, text: text.slice(0, MAX_NOTE_CHARS), createdAt: this.center.now() };
    this.center.update(contact, (c) => c.routing.notes.push(note));
    return truncated ? { note, truncated, truncatedText: note.text } : { note, truncated };
  }

  /** The agent finishes wrap-up; the contact leaves the agent's lists. */
  complete(agentId: string, contactId: string): ContactView {
    const contact = this.center.assignedTo(agentId, contactId);
    if (contact.state !== 'wrap_up') throw notSuitableState(`contact is ${contact.state}, not in wrap-up`);
    if (this.center.queues.get(contact.queue)?.requireDisposition && !contact.routing.disposition) {
      throw new ProtocolError('no_disposition', 'pick a disposition before completing');
    }
    this.center.transition(contact, 'completed', (c) => (c.completedAt = this.center.now()));
    this.center.agents.touch(agentId);
    return this.center.view(contact, agentId);
  }
}
