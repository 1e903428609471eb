/** ContactView and CallView fixtures for call tests (node and browser). */
import type { CallPartyView, CallView, ContactView } from '../../protocol/index.ts';

export const customerParty = (over: Partial<CallPartyView> = {}): CallPartyView => ({
  kind: 'customer',
  id: 'cust-1',
  name: 'Nadia Bianchi',
  address: 'customer:cust-1',
  state: 'connected',
  ...over,
});

export const agentParty = (id: string, name: string, over: Partial<CallPartyView> = {}): CallPartyView => ({
  kind: 'agent',
  id,
  name,
  userId: id,
  address: `agent:${id}`,
  state: 'connected',
  ...over,
});

export const callView = (over: Partial<CallView> = {}): CallView => ({
  state: 'connected',
  direction: 'inbound',
  internal: false,
  ani: 'customer:cust-1',
  dnis: 'agent:alice',
  parties: [customerParty(), agentParty('alice', 'Alice Rossi')],
  muted: false,
  hold: false,
  recording: false,
  recordings: [],
  video: false,
  sharing: false,
  parked: false,
  consult: null,
  conference: false,
  consultFor: null,
  startTime: 10_000,
  connectTime: 12_000,
  endTime: null,
  endReason: null,
  ...over,
});

export const callContact = (id: string, over: Partial<ContactView> = {}): ContactView => ({
  id,
  type: 'voice',
  state: 'delivered',
  list: 'assigned',
  isMine: true,
  queue: 'default',
  queueName: 'Customer Service',
  customer: { id: 'cust-1', name: 'Nadia Bianchi', authType: 'CONSUMER_ANONYMOUS' },
  agent: { id: 'alice', name: 'Alice Rossi', nickname: 'Alice' },
  lang: 'en',
  source: 'test',
  attachedData: {},
  priority: 0,
  mode: 'direct',
  offerExpiresAt: null,
  participants: [],
  transfer: null,
  disposition: null,
  notes: [],
  createdAt: 9_000,
  deliveredAt: 12_000,
  endedAt: null,
  completedAt: null,
  endReason: null,
  call: callView(),
  ...over,
});
