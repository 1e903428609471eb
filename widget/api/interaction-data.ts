/** Maps a contact as the server sends it to Bright Pattern's InteractionData. */
import {
  interactionStateOf,
  type CallParty,
  type CallView,
  type ChatParty,
  type ContactView,
  type InteractionData,
  type InteractionOrigination,
} from '../../protocol/index.ts';
import { otherParty } from '../calls/call-model.ts';
import { crmContext, hostAttachedData } from './crm-context.ts';

/** A link to a call's latest recording (short-lived; the widget refreshes it before it expires). */
export interface RecordingLink {
  recordingId: string;
  url: string;
  expiresAt: number;
}

/** How the interaction came to this agent, when the agent (or its CRM) started it or joined it. */
function origination(contact: ContactView, me: string | null): InteractionOrigination | undefined {
  if (contact.source === 'outbound') return 'integration-api';
  if (me && contact.agent && contact.agent.id !== me && contact.participants.some((p) => p.id === me && p.role === 'AGENT')) return 'conference';
  return undefined;
}

/** The call's part of InteractionData: parties, addresses, flags, times, and the recording's link. */
export function callData(contact: ContactView & { call: CallView }, me: string | null, now: number, recording?: RecordingLink): Partial<InteractionData> {
  const { call } = contact;
  const callParties: CallParty[] = call.parties
    .filter((p) => p.state !== 'left')
    .map((p) => {
      const userId = p.userId ?? (p.kind === 'agent' ? p.id : undefined);
      return userId ? { id: p.id, name: p.name, phone: p.address, userId } : { id: p.id, name: p.name, phone: p.address };
    });
  const data: Partial<InteractionData> = {
    callParties,
    callMuted: call.muted,
    callRecording: call.recording,
    callDirection: call.direction,
    internal: call.internal,
    ANI: call.ani,
    DNIS: call.dnis,
  };
  const other = otherParty(call, me);
  if (other) data.phoneNumber = other.address;
  if (call.internal) data.interactionKind = 'direct_call';
  else if (call.direction === 'outbound') data.interactionKind = 'outbound';
  if (contact.type === 'voice') {
    // A voice contact is its call: its times are the call's.
    const end = call.endTime ?? contact.endedAt;
    data.startTime = call.startTime;
    if (end !== null) data.endTime = end;
    data.duration = Math.round(((end ?? now) - call.startTime) / 1000);
  }
  // The latest file, and only while it is the call's latest: it holds every voice recorded (a mix
  // beside per-direction files too, see recordingFilesFor). recordingUrl saves it, playbackUrl plays it.
  if (recording && call.recordings.at(-1) === recording.recordingId && recording.expiresAt > now) {
    data.recordingUrl = `${recording.url}${recording.url.includes('?') ? '&' : '?'}download`;
    data.playbackUrl = recording.url;
  }
  return data;
}

export function interactionData(contact: ContactView, dispositionName: (id: string) => string, me: string | null, now = Date.now(), recording?: RecordingLink): InteractionData {
  const chatParties: ChatParty[] = [];
  if (contact.type === 'chat') {
    const email = contact.attachedData.email;
    chatParties.push({ id: contact.customer.id, type: 'external', name: contact.customer.name, contactId: contact.customer.id, ...(email && { email }) });
    // Its agent and the agents who joined a conference (not those only suggested).
    for (const p of contact.participants) {
      if (p.role !== 'CONSUMER' && p.state === 'ACTIVE' && p.id !== contact.transfer?.fromAgentId) chatParties.push({ id: p.id, type: 'internal', name: p.name, userId: p.id });
    }
  }
  const attachedData = hostAttachedData(contact.attachedData);
  const data: InteractionData = {
    interactionId: contact.id,
    globalInteractionId: contact.id,
    state: interactionStateOf(contact.state, contact.list),
    type: contact.type,
    callParties: [],
    callMuted: false,
    callRecording: false,
    chatParties,
    attachedData,
    internal: false,
    interactionKind: contact.type === 'chat' ? 'chat' : 'unknown',
    service: contact.queueName,
    startTime: contact.createdAt,
    duration: Math.round(((contact.endedAt ?? now) - contact.createdAt) / 1000),
    subject: attachedData.subject ?? '',
    associatedObjects: crmContext(contact, 'objects') ?? { list: [], selected: [] },
  };
  const email = contact.attachedData.email;
  if (email) data.email = email;
  if (contact.endedAt !== null) data.endTime = contact.endedAt;
  if (contact.disposition) data.disposition = dispositionName(contact.disposition);
  if (contact.notes.length) data.description = contact.notes.map((n) => n.text).join('\n');
  const how = origination(contact, me);
  if (how) data.origination = how;
  if (contact.call) {
    Object.assign(data, callData(contact as ContactView & { call: CallView }, me, now, recording));
    if (contact.call.hold && data.state === 'delivered') data.state = 'hold';
  }
  return data;
}
