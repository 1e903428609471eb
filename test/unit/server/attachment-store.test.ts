/** The attachments table in SQLite: rows, a chat's totals, ACCESS marks once per party, and a file made by an older server. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { SqliteStore, type AttachmentRecord, type ContactRecord } from '../../../server/store/index.ts';

const contact = (id: string): ContactRecord => ({
  id,
  type: 'chat',
  queue: 'default',
  state: 'delivered',
  priority: 0,
  customerId: 'c1',
  agentId: null,
  offeredTo: [],
  lang: 'en',
  source: 'test',
  attachedData: {},
  lastSequence: 0,
  createdAt: 1,
  enqueuedAt: 1,
  deliveredAt: 2,
  endedAt: null,
  completedAt: null,
  endReason: null,
  routing: { conference: [], invited: [] } as unknown as ContactRecord['routing'],
  call: null,
});

const file = (id: string, contactId: string, bytes: number): AttachmentRecord => ({
  id,
  contactId,
  messageId: `m-${id}`,
  sender: { kind: 'customer', id: 'c1' },
  name: `${id}.png`,
  type: 'image/png',
  bytes,
  createdAt: 10,
  accessedBy: [],
});

function openStore(path = join(mkdtempSync(join(tmpdir(), 'switchboard-store-')), 'test.db')) {
  const store = new SqliteStore(path);
  store.insertCustomer({ id: 'c1', name: 'Carla', createdAt: 1, authType: 'CONSUMER_ANONYMOUS' });
  return { store, path };
}

describe('attachment rows', () => {
  it('stores and reads a row; counts a chat\'s files and bytes; marks each opener once', () => {
    const { store } = openStore();
    store.saveContact(contact('k1'));
    store.saveContact(contact('k2'));
    store.attachments.insert(file('a', 'k1', 100));
    store.attachments.insert(file('b', 'k1', 250));
    store.attachments.insert(file('c', 'k2', 7));
    assert.deepEqual(store.attachments.get('a'), file('a', 'k1', 100));
    assert.equal(store.attachments.get('nope'), undefined);
    assert.deepEqual(store.attachments.totals('k1'), { count: 2, bytes: 350 });
    assert.deepEqual(store.attachments.totals('k3'), { count: 0, bytes: 0 });
    assert.equal(store.attachments.markAccessed('a', 'agent:alice'), true);
    assert.equal(store.attachments.markAccessed('a', 'agent:alice'), false);
    assert.equal(store.attachments.markAccessed('a', 'agent:carol'), true);
    assert.equal(store.attachments.markAccessed('nope', 'agent:carol'), false);
    assert.deepEqual(store.attachments.get('a')!.accessedBy, ['agent:alice', 'agent:carol']);
    assert.deepEqual([...store.attachments.ids()].sort(), ['a', 'b', 'c']);
    store.close();
  });

  it('refuses a row for a contact that does not exist (foreign key)', () => {
    const { store } = openStore();
    assert.throws(() => store.attachments.insert(file('x', 'missing', 1)), /FOREIGN KEY/);
    store.close();
  });

  it('keeps rows across a reopen, and adds the table to a file made before attachments', () => {
    const { store, path } = openStore();
    store.saveContact(contact('k1'));
    store.attachments.insert(file('a', 'k1', 100));
    store.close();
    const again = new SqliteStore(path);
    assert.equal(again.attachments.get('a')!.bytes, 100);
    again.close();
    // A file of an older server: no attachments table until this server opens it.
    const old = join(mkdtempSync(join(tmpdir(), 'switchboard-store-')), 'old.db');
    const db = new Database(old);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.close();
    const upgraded = new SqliteStore(old);
    assert.deepEqual(upgraded.attachments.totals('any'), { count: 0, bytes: 0 });
    upgraded.close();
  });
});
