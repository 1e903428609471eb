/** After-contact work: disposition, notes, completion. */
import { randomUUID } from 'node:crypto';
import {
  AGENT_WORK_STATES,
  TERMINAL_CONTACT_STATES,
  MAX_ATTACHED_DATA_CHARS,
  MAX_NOTE_CHARS,
  MAX_NOTES_PER_CONTACT,
  MAX_VARIABLES_PER_CONTACT,
  ProtocolError,
  forbidden,
  invalidArgs,
  notFound,
  notSuitableState,
  type ContactView,
  type Note,
} from '../../protocol/index.ts';
import type { ContactRecord } from '../store/index.ts';

/** Notes and variables are edited while the agent works on the contact, never after completion. */
function requireWork(contact: ContactRecord): void {
  if (!AGENT_WORK_STATES.includes(contact.state)) throw notSuitableState(`contact is ${contact.state}: it can no longer be edited`);
}
import type { ContactCenter } from './contact-center.ts';


export class WrapUp {
  constructor(private readonly center: ContactCenter) {}

  setDisposition(agentId: string, contactId: string, disposition: string): ContactView {
    const contact = this.center.assignedTo(agentId, contactId);
    requireWork(contact);
    if (!this.center.options.dispositions.some((d) => d.id === disposition)) throw invalidArgs(`unknown disposition ${disposition}`);
    this.center.update(contact, (c) => (c.routing.disposition = disposition));
    return this.center.view(contact, agentId);
  }

  /** Adds a note; one longer than MAX_NOTE_CHARS is truncated and the reply says so (LivePerson's setAgentNote). */
  addNote(agentId: string, contactId: string, text: string): { note: Note; truncated: boolean; truncatedText?: string } {
    const contact = this.center.assignedTo(agentId, contactId);
    requireWork(contact);
    if (contact.routing.notes.length >= MAX_NOTES_PER_CONTACT) throw invalidArgs(`a contact holds at most ${MAX_NOTES_PER_CONTACT} notes`);
    const truncated = text.length > MAX_NOTE_CHARS;
    const note: Note = { id: `${agentId}::${this.center.now()}::${randomUUID().slice(0, 8)}`, agentId, text: text.slice(0, MAX_NOTE_CHARS), createdAt: this.center.now() };
    this.center.update(contact, (c) => c.routing.notes.push(note));
    return truncated ? { note, truncated, truncatedText: note.text } : { note, truncated };
  }

  /** Rewrites one of the agent's notes (truncated as addNote). */
  updateNote(agentId: string, contactId: string, noteId: string, text: string): { note: Note; truncated: boolean; truncatedText?: string } {
    const contact = this.center.assignedTo(agentId, contactId);
    requireWork(contact);
    const note = contact.routing.notes.find((n) => n.id === noteId);
    if (!note) throw notFound(`note ${noteId}`);
    if (note.agentId !== agentId) throw forbidden('an agent edits only their own notes');
    const truncated = text.length > MAX_NOTE_CHARS;
    const updated: Note = { ...note, text: text.slice(0, MAX_NOTE_CHARS) };
    this.center.update(contact, (c) => (c.routing.notes = c.routing.notes.map((n) => (n.id === noteId ? updated : n))));
    return truncated ? { note: updated, truncated, truncatedText: updated.text } : { note: updated, truncated };
  }

  /** Replaces the agent's own notes with one (or none, for empty text); other agents' notes stay. */
  replaceNotes(agentId: string, contactId: string, text: string): { notes: Note[]; truncated: boolean; truncatedText?: string } {
    const contact = this.center.assignedTo(agentId, contactId);
    requireWork(contact);
    const truncated = text.length > MAX_NOTE_CHARS;
    const mine: Note[] = text ? [{ id: `${agentId}::${this.center.now()}::${randomUUID().slice(0, 8)}`, agentId, text: text.slice(0, MAX_NOTE_CHARS), createdAt: this.center.now() }] : [];
    const notes = [...contact.routing.notes.filter((n) => n.agentId !== agentId), ...mine];
    this.center.update(contact, (c) => (c.routing.notes = notes));
    return truncated ? { notes, truncated, truncatedText: mine[0].text } : { notes, truncated };
  }

  /** Sets a variable attached to the contact (CRM context, associated records). */
  setVariable(agentId: string, contactId: string, name: string, value: string): ContactView {
    const contact = this.center.assignedTo(agentId, contactId);
    if (TERMINAL_CONTACT_STATES.includes(contact.state)) throw notSuitableState(`contact is ${contact.state}: it can no longer be edited`);
    if (!(name in contact.attachedData) && Object.keys(contact.attachedData).length >= MAX_VARIABLES_PER_CONTACT) {
      throw invalidArgs(`a contact holds at most ${MAX_VARIABLES_PER_CONTACT} variables`);
    }
    const attachedData = { ...contact.attachedData, [name]: value };
    const chars = Object.entries(attachedData).reduce((n, [k, v]) => n + k.length + v.length, 0);
    if (chars > MAX_ATTACHED_DATA_CHARS) throw new ProtocolError('too_large', `the contact's variables would take ${chars} characters, over ${MAX_ATTACHED_DATA_CHARS}`);
    this.center.update(contact, (c) => (c.attachedData = attachedData));
    return this.center.view(contact, agentId);
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
