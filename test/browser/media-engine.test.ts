/** The media engine's call: two MediaContacts in one page on a loopback server (media/ only, no real server). */
import { expect } from '@esm-bundle/chai';
import type { MediaContact } from '../../media/index.ts';
import { contactOn, eventually, growth, grows, LoopbackServer, newContactId, sleep, startCall } from './media/harness.ts';

const inbound = (s: { inboundBytes: number }) => s.inboundBytes;
const outbound = (s: { outboundBytes: number }) => s.outboundBytes;
const energyIn = (s: { inboundAudioEnergy: number }) => s.inboundAudioEnergy;

describe('media engine: a call', function () {
  this.timeout(30_000);
  const open: MediaContact[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  const track = <T extends { agent: { contact: MediaContact }; customer: { contact: MediaContact } }>(call: T) => {
    open.push(call.agent.contact, call.customer.contact);
    return call;
  };

  it('connects and audio flows both ways', async () => {
    const { agent, customer } = track(await startCall());
    await grows(agent.contact, inbound, 2_000, 3_000, 'audio at the agent');
    await grows(customer.contact, inbound, 2_000, 3_000, 'audio at the customer');
    expect(agent.contact.remoteStream.getAudioTracks()).to.have.length(1);
    expect(customer.contact.remoteStream.getAudioTracks()).to.have.length(1);
    expect(agent.contact.mediaState).to.equal('idle');
  });
});
