/** The router across restarts and bad data: the server's own outage, removed queues, broken contacts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startServer, type ServerConfig } from '../../../server/index.ts';
import { agentSession, connect, customerChat, nextEvent, record, routingConfig } from '../../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(config: ServerConfig) {
  const lines: string[] = [];
  const server = await startServer(config, (line) => lines.push(line));
  return Object.assign(server, { lines });
}

describe('routing recovery', () => {
  it('an offer that expired while the server was down is re-routed without pausing its agent', async () => {
    const config = routingConfig();
    let server = await start(config);
    const alice = await agentSession(server, 'alice');
    const offered = nextEvent(alice, 'contact.offered');
    const customer = await customerChat(server);
    await offered;
    alice.close();
    customer.conn.close();
    await server.close();
    await sleep(600); // the offer (0.4 s) expires while no server runs
    server = await start(config);
    try {
      await sleep(50);
      assert.equal(server.contacts.agents.get('alice').forcedPause, false, 'the agent did nothing wrong');
      const contact = server.contacts.get(customer.chat.id);
      assert.ok(['queued', 'offered'].includes(contact.state), contact.state);
      assert.deepEqual(contact.routing.excludedAgents, []);
      assert.ok(server.lines.some((l) => l.includes('expired while the server was down')), server.lines.join('\n'));
    } finally {
      await server.close();
    }
  });

  it('contacts of a queue removed from the config go to the default queue, or end when no agent could take them', async () => {
    const config = routingConfig();
    let server = await start(config);
    const inSales = await customerChat(server, 'sales', 'Sally');
    const inBrief = await customerChat(server, 'brief', 'Bria');
    inSales.conn.close();
    inBrief.conn.close();
    await server.close();

    // 'sales' is gone: its chat moves to 'default'. Then 'brief' and 'default' are gone too.
    const withoutSales = { ...config, queues: config.queues.filter((q) => q.id !== 'sales') };
    server = await start(withoutSales);
    try {
      const moved = server.contacts.get(inSales.chat.id);
      assert.deepEqual([moved.queue, moved.state, moved.routing.requiredSkills], ['default', 'queued', []]);
      const back = await connect(server);
      const events = record(back);
      await back.request({ type: 'resume', token: inSales.conn.token!, lastSeq: 0 });
      const told = await events.waitFor('chat.updated', (d) => d.chat.id === inSales.chat.id && d.chat.queue === 'default');
      assert.equal(told.chat.queueName, 'Customer Service');
      back.close();
    } finally {
      await server.close();
    }

    const onlyVip = { ...config, queues: [{ ...config.queues[2], id: 'vip', name: 'VIP' }] };
    server = await start(onlyVip);
    try {
      const ended = server.contacts.get(inBrief.chat.id);
      assert.deepEqual([ended.state, ended.endReason], ['dissuaded', 'dissuasion'], 'no agent has the skills of the only queue left');
      assert.ok(server.lines.some((l) => l.includes(`queue brief`) && l.includes(inBrief.chat.id)), server.lines.join('\n'));
      const back = await connect(server);
      const events = record(back);
      await back.request({ type: 'resume', token: inBrief.conn.token!, lastSeq: 0 });
      await events.waitFor('chat.closed', (d) => d.contactId === inBrief.chat.id);
      back.close();
    } finally {
      await server.close();
    }
  });

  it('one broken contact is set aside with a log line; the others are routed and the process lives', async () => {
    const config = routingConfig();
    let server = await start(config);
    const broken = await customerChat(server, 'default', 'Broken');
    const ghost = await customerChat(server, 'default', 'Ghost');
    const fine = await customerChat(server, 'default', 'Fine');
    for (const c of [broken, ghost, fine]) c.conn.close();
    await server.close();
    const db = new Database(config.dataFile);
    db.prepare(`UPDATE contacts SET routing = '{"mode":"direct","requiredSkills":"sales"}' WHERE id = ?`).run(broken.chat.id);
    // Offered to an agent who does not exist, until soon: its deadline fails when it comes.
    const routing = JSON.parse((db.prepare('SELECT routing FROM contacts WHERE id = ?').get(ghost.chat.id) as { routing: string }).routing);
    const expiresAt = Date.now() + 700;
    db.prepare(`UPDATE contacts SET state = 'offered', offered_to = '["ghost"]', routing = ? WHERE id = ?`).run(JSON.stringify({ ...routing, offerExpiresAt: expiresAt }), ghost.chat.id);
    db.close();

    server = await start(config);
    try {
      const alice = await agentSession(server, 'alice', 'AWAY');
      const offered = nextEvent(alice, 'contact.offered');
      await alice.request({ type: 'agent.setState', state: 'ONLINE' });
      const offer = await offered;
      assert.equal(offer.contact.id, fine.chat.id);
      await alice.request({ type: 'contact.accept', contactId: fine.chat.id });
      await sleep(30);
      assert.equal(server.contacts.get(broken.chat.id).state, 'queued');
      assert.equal(server.dispatcher.routeNow(), 0);
      assert.ok(server.lines.some((l) => l.includes(broken.chat.id) && l.includes('set aside')), server.lines.join('\n'));
      await sleep(Math.max(0, expiresAt - Date.now()) + 50);
      assert.ok(server.lines.some((l) => l.includes(`deadline of contact ${ghost.chat.id} failed`)), server.lines.join('\n'));
      // Routing goes on after the failed timer.
      const next = nextEvent(alice, 'contact.offered');
      const later = await customerChat(server, 'default', 'Later');
      assert.equal((await next).contact.id, later.chat.id);
      later.conn.close();
      alice.close();
    } finally {
      await server.close();
    }
  });
});
