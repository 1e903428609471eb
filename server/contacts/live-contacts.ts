/**
 * The contacts in play (not completed or ended in queue) and the customers, kept in memory over
 * the store. `reload` reads them again from the store: after a unit of work that failed, memory
 * matches what was committed.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '../../protocol/index.ts';
import type { ContactRecord, CustomerRecord, Store } from '../store/index.ts';

export class LiveContacts {
  private readonly live = new Map<string, ContactRecord>();
  private readonly customers = new Map<string, CustomerRecord>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.reload();
  }

  /** Reads every live contact again from the store; records held elsewhere are replaced in place. */
  reload(): void {
    const fresh = new Map(this.store.listLiveContacts().map((c) => [c.id, c]));
    for (const [id, contact] of this.live) {
      const stored = fresh.get(id) ?? this.store.getContact(id);
      if (stored) Object.assign(contact, stored); // callers holding the object see the committed state
      if (!fresh.has(id)) this.live.delete(id);
    }
    for (const [id, contact] of fresh) if (!this.live.has(id)) this.live.set(id, contact);
    this.customers.clear();
  }

  all(): Iterable<ContactRecord> {
    return this.live.values();
  }

  get(id: string): ContactRecord {
    const contact = this.live.get(id) ?? this.store.getContact(id);
    if (!contact) throw notFound(`contact ${id}`);
    return contact;
  }

  find(id: string): ContactRecord | undefined {
    return this.live.get(id);
  }

  /** The customer's contact `contactId`, or not_found (never another customer's). */
  ownedBy(customerId: string, contactId: string): ContactRecord {
    const contact = this.live.get(contactId) ?? this.store.getContact(contactId);
    if (!contact || contact.customerId !== customerId) throw notFound(`chat ${contactId}`);
    return contact;
  }

  add(contact: ContactRecord): void {
    this.live.set(contact.id, contact);
    this.store.saveContact(contact);
  }

  /** Stores the contact; a terminal one leaves the live set. */
  save(contact: ContactRecord, terminal: boolean): void {
    if (terminal) this.live.delete(contact.id);
    this.store.saveContact(contact);
  }

  createCustomer(name: string | undefined, verified?: CustomerRecord['verified']): CustomerRecord {
    const customer: CustomerRecord = {
      id: randomUUID(),
      name: verified?.name ?? (name?.trim() || 'Customer'),
      createdAt: this.now(),
      authType: verified ? 'CONSUMER_AUTHENTICATED' : 'CONSUMER_ANONYMOUS',
      ...(verified && { verified }),
    };
    this.store.insertCustomer(customer);
    this.customers.set(customer.id, customer);
    return customer;
  }

  verify(id: string, verified: NonNullable<CustomerRecord['verified']>): void {
    this.store.verifyCustomer(id, verified);
    this.customers.delete(id);
  }

  customer(id: string): CustomerRecord {
    let customer = this.customers.get(id);
    if (!customer) {
      customer = this.store.getCustomer(id);
      if (!customer) throw notFound(`customer ${id}`);
      this.customers.set(id, customer);
    }
    return customer;
  }
}
