/**
 * Seed 000's data channels, RPC and capabilities through a real Switchboard server (the engine's
 * own tests use an in-memory stand-in): the customer is the real SDK with its customer-voice.js,
 * the agent a WireConnection logged in as a demo agent. In a call, data goes peer to peer or by
 * the server's `media.data` relay (`sio`); on a plain chat, by the relay only.
 */
import { expect } from '@esm-bundle/chai';
import type { CustomerChat } from '../../customer/index.ts';
import type { DataMessage, MediaContact, MediaDataChannel } from '../../media/index.ts';
import type { SignalEvent } from '../../protocol/index.ts';
import { startServer, stopServer, type TestServer } from './harness.ts';
import { eventually } from './media/harness.ts';
import { acceptOffer, agentMedia, agentOn, customerOn, type AgentParty } from './media/server-parties.ts';

const rejectsWith = async (work: Promise<unknown>, name: string) => {
  const err = await work.then(
    () => expect.fail(`resolved; expected ${name}`),
    (e: Error) => e,
  );
  expect(err.name).to.equal(name);
  return err;
};

interface Parties {
  agent: AgentParty;
  customer: CustomerChat;
  /** The agent's and the customer's MediaContact of the contact. */
  atAgent: MediaContact;
  atCustomer: MediaContact;
  /** `media.data` signals the agent's connection received. */
  relayedToAgent: Extract<SignalEvent, { topic: 'media.data' }>['data'][];
}

describe('media through the server: data channels, relay, RPC, capabilities', function () {
  this.timeout(45_000);
  let server: TestServer;
  const open: { close(): void }[] = [];
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    for (const c of open.splice(0).reverse()) c.close();
    await stopServer(server);
  });

  const withAgent = async () => {
    const agent = await agentOn(server, 'alice');
    open.push(agent.conn);
    const relayedToAgent: Parties['relayedToAgent'] = [];
    agent.conn.on('signal', (s) => s.topic === 'media.data' && relayedToAgent.push(s.data));
    const customer = customerOn(server);
    open.push({ close: () => customer.disconnect() });
    return { agent, customer, relayedToAgent };
  };

  /** A customer call the agent accepted; both media endpoints attached and the peer data channel open. */
  const call = async (): Promise<Parties> => {
    const { agent, customer, relayedToAgent } = await withAgent();
    const contact = await customer.init({ room: 'default', call: true, name: 'Nadia' });
    await acceptOffer(agent, contact.id);
    const voice = await customer.voice();
    await voice.join();
    const atCustomer = voice.contact();
    const atAgent = agentMedia(agent, contact.id);
    open.push(atCustomer, atAgent);
    await atAgent.start({ audio: true });
    await atAgent.attach();
    await eventually(async () => (await atAgent.getDataChannel('probe')).via === 'webrtc' && (await atCustomer.getDataChannel('probe')).via === 'webrtc', 10_000, 'the peer data channel open on both sides');
    return { agent, customer, atAgent, atCustomer, relayedToAgent };
  };

  /** A plain chat the agent accepted: a MediaContact on each side, never started nor attached (relay only). */
  const chat = async (): Promise<Parties> => {
    const { agent, customer, relayedToAgent } = await withAgent();
    const contact = await customer.init({ room: 'default', name: 'Nadia' });
    expect(contact.call ?? null).to.equal(null);
    await acceptOffer(agent, contact.id);
    const atCustomer = (await customer.voice()).contact();
    const atAgent = agentMedia(agent, contact.id);
    open.push(atCustomer, atAgent);
    return { agent, customer, atAgent, atCustomer, relayedToAgent };
  };

  const collect = (contact: MediaContact) => {
    const data: DataMessage[] = [];
    const channels: MediaDataChannel[] = [];
    contact.on('data', (m) => data.push(m));
    contact.on('datachannel', (c) => channels.push(c));
    return { data, channels };
  };

  it('a data channel carries data both ways over the peer connection, none of it through the server', async () => {
    const { atAgent, atCustomer, relayedToAgent } = await call();
    const customerGot = collect(atCustomer);
    const agentGot = collect(atAgent);
    const ch = await atAgent.getDataChannel('crm');
    expect(ch.via).to.equal('webrtc');
    await ch.send({ form: 'address', fields: ['street', 'city'] }, 'fill');
    await eventually(() => customerGot.data.length === 1, 3_000, 'data at the customer');
    expect(customerGot.data[0]).to.deep.equal({ channel: 'crm', topic: 'fill', data: { form: 'address', fields: ['street', 'city'] } });
    expect(customerGot.channels.map((c) => c.id)).to.deep.equal(['crm']);

    const onChannel: unknown[] = [];
    ch.on('data', (m) => onChannel.push(m.data));
    expect(customerGot.channels[0]!.via).to.equal('webrtc');
    await customerGot.channels[0]!.send('done');
    await atCustomer.sendData('crm', 42, 'count');
    await eventually(() => agentGot.data.length === 2, 3_000, 'data at the agent');
    expect(agentGot.data).to.deep.equal([
      { channel: 'crm', data: 'done' },
      { channel: 'crm', topic: 'count', data: 42 },
    ]);
    expect(onChannel).to.deep.equal(['done', 42]);
    expect(relayedToAgent.filter((m) => m.channel === 'crm')).to.deep.equal([]); // peer to peer: the server relayed none of it
  });

  it('the sio relay carries data both ways during a call (strings, numbers, objects, null)', async () => {
    const { atAgent, atCustomer, relayedToAgent, customer } = await call();
    const customerGot = collect(atCustomer);
    const agentGot = collect(atAgent);
    const toCustomer = await atAgent.getDataChannel('log', 'sio');
    expect(toCustomer.via).to.equal('sio');
    await toCustomer.send({ line: 1 }, 't');
    await toCustomer.send('plain text');
    await toCustomer.send('42');
    await eventually(() => customerGot.data.length === 3, 3_000, 'relayed data at the customer');
    expect(customerGot.data).to.deep.equal([
      { channel: 'log', topic: 't', data: { line: 1 } },
      { channel: 'log', data: 'plain text' },
      { channel: 'log', data: '42' },
    ]);

    const toAgent = await atCustomer.getDataChannel('log', 'sio');
    await toAgent.send('ok', 'ack');
    await toAgent.send(null);
    await toAgent.send([1, { two: 2 }]);
    await eventually(() => agentGot.data.length === 3, 3_000, 'relayed data at the agent');
    expect(agentGot.data).to.deep.equal([
      { channel: 'log', topic: 'ack', data: 'ok' },
      { channel: 'log', data: null },
      { channel: 'log', data: [1, { two: 2 }] },
    ]);
    // Each went through the server, once, marked as the customer's.
    const customerId = customer.getChat()!.customer.id;
    expect(relayedToAgent.filter((m) => m.channel === 'log').map((m) => [m.data, m.from])).to.deep.equal([
      ['ok', { kind: 'customer', id: customerId }],
      [null, { kind: 'customer', id: customerId }],
      [[1, { two: 2 }], { kind: 'customer', id: customerId }],
    ]);
  });

  it('a plain chat (no call) relays data both ways; the server refuses what is over its bound', async () => {
    const { atAgent, atCustomer, relayedToAgent } = await chat();
    expect([atAgent.peerConnection, atCustomer.peerConnection]).to.deep.equal([null, null]);
    const customerGot = collect(atCustomer);
    const agentGot = collect(atAgent);
    const ch = await atCustomer.getDataChannel('cart');
    expect(ch.via).to.equal('sio'); // no peer connection: the relay
    await ch.send({ items: 3 }, 'summary');
    await ch.send('text');
    await eventually(() => agentGot.data.length === 2, 3_000, 'relayed data at the agent');
    expect(agentGot.data).to.deep.equal([
      { channel: 'cart', topic: 'summary', data: { items: 3 } },
      { channel: 'cart', data: 'text' },
    ]);
    expect(agentGot.channels.map((c) => c.id)).to.deep.equal(['cart']);
    expect(relayedToAgent.map((m) => m.channel)).to.deep.equal(['cart', 'cart']);
    await atAgent.sendData('cart', { applied: true });
    await eventually(() => customerGot.data.length === 1, 3_000, 'relayed data at the customer');
    expect(customerGot.data[0]).to.deep.equal({ channel: 'cart', data: { applied: true } });
    // The engine's bound is the server's (MAX_RELAYED_DATA_CHARS): refused before it is sent.
    await rejectsWith(atCustomer.sendData('cart', 'y'.repeat(20_000)), 'invalid_args');
  });

  const over = { 'a call (peer channel)': call, 'a chat (relay)': chat };

  for (const [name, setup] of Object.entries(over)) {
    it(`RPC both ways on ${name}: answered, failed by the handler, not_supported, timed out`, async () => {
      const parties = await setup();
      for (const [asker, answerer] of [
        [parties.atAgent, parties.atCustomer],
        [parties.atCustomer, parties.atAgent],
      ] as const) {
        let runs = 0;
        const offs = [
          answerer.on('PrintDocument', (data, cb) => {
            runs++;
            cb(null, { printed: (data as { name: string }).name, by: answerer.role });
          }),
          answerer.on('Refuse', (_data, cb) => cb({ name: 'invalid_args', message: 'no printer' })),
          answerer.on('Slow', () => {}), // never answers
        ];
        const label = `${name}: ${asker.role} asks`;
        expect(await asker.request('PrintDocument', { name: 'contract.pdf' }, 3_000), label).to.deep.equal({ printed: 'contract.pdf', by: answerer.role });
        expect(runs, label).to.equal(1);
        const refused = await rejectsWith(asker.request('Refuse', null, 3_000), 'invalid_args');
        expect(refused.message, label).to.equal('no printer');
        await rejectsWith(asker.request('Unknown', { x: 1 }, 3_000), 'not_supported');
        const t0 = performance.now();
        await rejectsWith(asker.request('Slow', null, 200, 2), 'timeout');
        expect(performance.now() - t0, label).to.be.within(550, 2_000);
        for (const off of offs) off();
      }
    });

    it(`capabilities on ${name}: exchanged both ways on request, then kept in sync`, async () => {
      const { atAgent, atCustomer } = await setup();
      const seenByCustomer: Record<string, unknown>[] = [];
      const seenByAgent: Record<string, unknown>[] = [];
      atCustomer.on('capabilities', (caps) => seenByCustomer.push(caps));
      atAgent.on('capabilities', (caps) => seenByAgent.push(caps));
      await atCustomer.setLocalCapability('ui.cart', true);
      await atAgent.setLocalCapability('crm.name', 'Acme CRM');

      const customerCaps = await atAgent.updateRemoteCapabilities();
      expect(customerCaps.ui, name).to.deep.equal({ cart: true });
      expect(Object.keys(customerCaps.engines ?? {}), name).to.include('WebRTC');
      expect(seenByCustomer.at(-1)?.crm, name).to.deep.equal({ name: 'Acme CRM' }); // the customer got the agent's in the exchange
      const agentCaps = await atCustomer.getRemoteCapabilities();
      expect(agentCaps.crm, name).to.deep.equal({ name: 'Acme CRM' });

      // After the exchange each change is sent: a registered engine shows up on the other side.
      await atAgent.registerMediaEngine({ id: 'Cobrowse', capabilities: { version: 2 } });
      await eventually(() => (seenByCustomer.at(-1)?.engines as Record<string, unknown> | undefined)?.Cobrowse !== undefined, 3_000, 'the agent\'s change at the customer');
      expect(((await atCustomer.getRemoteCapabilities()).engines as Record<string, unknown>).Cobrowse, name).to.deep.equal({ version: 2 });
      await atCustomer.setLocalCapability('ui.cart', false);
      await eventually(() => (seenByAgent.at(-1)?.ui as { cart?: boolean } | undefined)?.cart === false, 3_000, 'the customer\'s change at the agent');
    });

    it(`setLocalCapabilities and getLocalCapabilities on ${name}: the whole set replaced (engines stay listed), read back, and exchanged`, async () => {
      const { atAgent, atCustomer } = await setup();
      const local: Record<string, unknown>[] = [];
      const seenByAgent: Record<string, unknown>[] = [];
      const seenByCustomer: Record<string, unknown>[] = [];
      atCustomer.on('localcapabilities', (caps) => local.push(caps));
      atAgent.on('capabilities', (caps) => seenByAgent.push(caps));
      atCustomer.on('capabilities', (caps) => seenByCustomer.push(caps));
      const before = await atCustomer.getLocalCapabilities();
      expect(before.media, name).to.include.members(['Chat', 'Voice', 'Video', 'Sharing']);
      const engines = before.engines;

      const set = await atCustomer.setLocalCapabilities({ ui: { cart: true, keypad: false }, lang: 'it' });
      expect(set, name).to.deep.equal({ ui: { cart: true, keypad: false }, lang: 'it', engines });
      expect(await atCustomer.getLocalCapabilities(), name).to.deep.equal(set);
      expect(local, name).to.deep.equal([set]);
      // A copy: changing what was returned changes nothing.
      (set.ui as Record<string, unknown>).cart = 'tampered';
      expect(((await atCustomer.getLocalCapabilities()).ui as Record<string, unknown>).cart, name).to.equal(true);
      expect(seenByAgent, `${name}: nothing sent before an exchange`).to.have.length(0);

      // The agent sets theirs and asks: each side gets the other's whole set through the server.
      const agentSet = await atAgent.setLocalCapabilities({ crm: { name: 'Acme CRM' } });
      expect(await atAgent.updateRemoteCapabilities(), name).to.deep.equal(await atCustomer.getLocalCapabilities());
      expect(seenByCustomer.at(-1), name).to.deep.equal(agentSet);
      expect(await atCustomer.getRemoteCapabilities(), name).to.deep.equal(await atAgent.getLocalCapabilities());

      // After the exchange a replacement reaches the other side whole: what it leaves out is gone there too.
      const replaced = await atCustomer.setLocalCapabilities({ ui: { cart: false } });
      expect(replaced, name).to.deep.equal({ ui: { cart: false }, engines });
      await eventually(() => (seenByAgent.at(-1)?.ui as { cart?: unknown } | undefined)?.cart === false, 3_000, `${name}: the replacement at the agent`);
      expect(seenByAgent.at(-1), name).to.deep.equal(replaced);
      expect(await atAgent.getRemoteCapabilities(), name).to.deep.equal(replaced);

      // Not a set of capabilities: refused, and nothing changes.
      await rejectsWith(atCustomer.setLocalCapabilities([] as never), 'invalid_args');
      await rejectsWith(atCustomer.setLocalCapabilities({ send: () => 1 } as never), 'invalid_args'); // JSON would drop it silently
      await rejectsWith(atCustomer.setLocalCapabilities({ ui: { at: new Date() } }), 'invalid_args');
      await rejectsWith(atCustomer.setLocalCapabilities({ ratio: Number.NaN }), 'invalid_args');
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      await rejectsWith(atCustomer.setLocalCapabilities(cycle), 'invalid_args');
      await rejectsWith(atCustomer.setLocalCapabilities({ big: 'x'.repeat(9_000) }), 'invalid_args');
      expect(await atCustomer.getLocalCapabilities(), name).to.deep.equal(replaced);
    });
  }
});
