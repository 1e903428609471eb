/**
 * Client -> server request frames, validated at runtime with valibot.
 * Request: `{id, type, ...}`. Reply: `{re:id, ok:true, data}` or `{re:id, ok:false, error}`.
 * Server event: `{type:'event', seq, topic, data}`.
 */
import * as v from 'valibot';
import { plainObject } from './plain-object.ts';
import { MAX_CLOSE_DATA_CHARS, MAX_FRAME_BYTES, MAX_HISTORY_QUANTITY, MAX_IMPORTED_ENTRIES, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_TEXT_CHARS, MAX_VARIABLE_CHARS } from './limits.ts';
import { ROUTING_ALGORITHMS } from './model.ts';
import { AGENT_STATES } from './states.ts';
import type { WireError } from './errors.ts';
import { CALL_REQUEST_ENTRIES, MAX_RELAYED_DATA_CHARS } from './call.ts';
import type { SignalFrame } from './call.ts';
import { CHAT_ACTIVITIES, CSAT_STATUSES, HistoryEntry, MAX_TTR_SECONDS, PostedContent, TTR_TYPES } from './chat.ts';
import { RECORDING_LAYOUTS } from './recorder.ts';

const { EndpointId, SignalPayload } = CALL_REQUEST_ENTRIES;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const RequestId = v.union([v.pipe(v.string(), v.maxLength(64)), v.pipe(v.number(), v.integer())]);
const ShortText = v.pipe(v.string(), v.maxLength(MAX_NAME_CHARS));
const Sequence = v.pipe(v.number(), v.integer(), v.minValue(0));
const ClientMessageId = v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64)));

const request = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.object({ id: RequestId, type: v.literal(type), ...entries });

export const RequestFrame = v.variant('type', [
  // With a password, or with `token`: a JWT from the CRM's identity provider (single sign-on).
  // `force` ends the agent's sessions elsewhere; without it a login while logged in elsewhere is refused.
  request('agent.login', {
    username: v.optional(v.pipe(ShortText, v.minLength(1))),
    password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
    token: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(8192))),
    force: v.optional(v.boolean()),
  }),
  request('agent.logout', {}),
  request('agent.setState', { state: v.picklist(AGENT_STATES) }),
  request('agent.snapshot', {}),
  request('resume', { token: v.pipe(v.string(), v.minLength(16), v.maxLength(128)), lastSeq: Sequence }),
  request('contact.accept', { contactId: Id }),
  request('contact.end', { contactId: Id }),
  request('contact.complete', { contactId: Id }),
  request('chat.init', {
    room: v.pipe(ShortText, v.minLength(1)),
    lang: v.optional(v.pipe(v.string(), v.maxLength(16))),
    source: v.optional(ShortText),
    /** An existing chat to load (the SDK's `init({id})`). */
    chatId: v.optional(Id),
    name: v.optional(ShortText),
    /** A JWT signed by the brand: the customer is authenticated (seed 004's CONSUMER_AUTHENTICATED). */
    auth: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(8192))),
    /**
     * Seed 001's init config: how many direct offers in a row, and how many seconds each waits for
     * its agent, for this chat instead of its queue's (a new chat only; the server keeps them
     * within its `customerAssign` limits).
     */
    config: v.optional(
      plainObject({
        assignMaxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'assignMaxAttempts is at least 1'))),
        assignTimeout: v.optional(v.pipe(v.number(), v.gtValue(0, 'assignTimeout is seconds, more than 0'))),
      }),
    ),
    /** Seed 001's historyWatch: the customer hears of supervisors who watch the chat (a new chat only). */
    historyWatch: v.optional(v.boolean()),
  }),
  // Text past MAX_TEXT_CHARS is refused `too_large` by the server (naming the limit), never cut.
  request('chat.send', {
    contactId: Id,
    text: v.pipe(v.string(), v.minLength(1, 'text is empty'), v.maxLength(MAX_FRAME_BYTES)),
    /** The sender's own id for this message: a retried send with the same id is stored once. */
    clientMessageId: ClientMessageId,
    /** Seen only by agents and supervisors, never by the customer (agents only). */
    private: v.optional(v.boolean()),
  }),
  /** A message with content (link, action, rich content, a button's post-back); rich JSON past MAX_RICH_CONTENT_CHARS is refused `too_large`. */
  request('chat.post', { contactId: Id, content: PostedContent, clientMessageId: ClientMessageId, private: v.optional(v.boolean()) }),
  /** The sender's typing activity, relayed unstored to the other side (`chat.activity` signal). */
  request('chat.activity', { contactId: Id, activity: v.picklist(CHAT_ACTIVITIES) }),
  /** The requester read the conversation up to this sequence, or up to message `messageId` (READ receipt to the other side). */
  request('chat.read', { contactId: Id, upTo: v.optional(Sequence), messageId: v.optional(Id) }),
  /** The customer's satisfaction survey, once the chat closed. */
  request('chat.csat', {
    contactId: Id,
    rate: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'rate is 1 to 5'), v.maxValue(5, 'rate is 1 to 5'))),
    resolutionConfirmation: v.optional(v.boolean()),
    status: v.optional(v.picklist(CSAT_STATUSES)),
  }),
  /** Sets the conversation's time to respond: a type's seconds, or `value` seconds for CUSTOM. */
  request('contact.setTTR', { contactId: Id, ttrType: v.picklist(TTR_TYPES), value: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_TTR_SECONDS))) }),
  /** A deadline to answer by (ms since epoch), or null to go back to the TTR's. */
  request('contact.setManualETTR', { contactId: Id, time: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
  request('chat.history', {
    contactId: Id,
    sequenceMin: v.optional(Sequence),
    sequenceMax: v.optional(Sequence),
    maxQuantity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_HISTORY_QUANTITY))),
  }),
  /** The customer closes the chat; `extraData` (a JSON object, MAX_CLOSE_DATA_CHARS at most) is stored with the close for the agents. */
  request('chat.close', {
    contactId: Id,
    extraData: v.optional(
      v.pipe(
        v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown()),
        v.check((data) => JSON.stringify(data).length <= MAX_CLOSE_DATA_CHARS, `extraData is over ${MAX_CLOSE_DATA_CHARS} characters of JSON`),
      ),
    ),
  }),
  /** Entries of a history from elsewhere (a bot's conversation, say), stored in the chat before its live messages (seed 001's importHistory). */
  request('chat.import', { contactId: Id, entries: v.pipe(v.array(HistoryEntry), v.minLength(1, 'no entries'), v.maxLength(MAX_IMPORTED_ENTRIES, `at most ${MAX_IMPORTED_ENTRIES} entries`)) }),
  /** A fresh link to a file of the chat (links expire); its customer, its agents and supervisors. */
  request('chat.fileLink', { contactId: Id, fileId: Id }),
  request('chat.searchAgent', { contactId: Id, algorithm: v.optional(v.picklist(ROUTING_ALGORITHMS)) }),
  request('contact.decline', { contactId: Id }),
  request('contact.clear', { contactId: Id }),
  request('contact.transfer', {
    contactId: Id,
    toAgent: v.optional(Id),
    toSkill: v.optional(Id),
    toTags: v.optional(v.pipe(v.array(Id), v.minLength(1), v.maxLength(20))),
    message: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT_CHARS))),
    priority: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-100), v.maxValue(100))),
    disableBounceBack: v.optional(v.boolean()),
    allowToBusyAgents: v.optional(v.boolean()),
  }),
  request('contact.setDisposition', { contactId: Id, disposition: Id }),
  // Notes past MAX_NOTE_CHARS are truncated and reported, as LivePerson's setAgentNote.
  request('contact.addNote', { contactId: Id, text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NOTE_CHARS * 4)) }),
  request('team.members', {}),
  request('contact.invite', { contactId: Id, agentId: Id }),
  request('chat.start', { customerId: Id, queue: v.optional(Id) }),
  request('contact.removeParticipant', { contactId: Id, agentId: Id }),
  request('contact.setVariable', {
    contactId: Id,
    name: v.pipe(v.string(), v.regex(/^[\w.:-]{1,64}$/, 'name: letters, digits, . : _ - (64 at most)')),
    value: v.pipe(v.string(), v.maxLength(MAX_VARIABLE_CHARS, `value is over ${MAX_VARIABLE_CHARS} characters`)),
  }),
  request('contact.updateNote', { contactId: Id, noteId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NOTE_CHARS * 4)) }),
  request('contact.replaceNotes', { contactId: Id, text: v.pipe(v.string(), v.maxLength(MAX_NOTE_CHARS * 4)) }),
  // Calls (protocol/call.ts). A customer asks for a call: voice added to their chat (`contactId`)
  // or a new voice contact queued in `room`; opens a customer session as chat.init does.
  request('call.request', {
    room: v.optional(v.pipe(ShortText, v.minLength(1))),
    contactId: v.optional(Id),
    name: v.optional(ShortText),
    lang: v.optional(v.pipe(v.string(), v.maxLength(16))),
    source: v.optional(ShortText),
    auth: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(8192))),
    video: v.optional(v.boolean()),
  }),
  /**
   * An agent calls the customer of an open chat (`contactId`) or another agent (`agentId`, internal).
   * With `consultFor` (a contact of theirs whose call is answered) the internal call is a
   * consultation: that call is held, and this one is allowed beside it.
   */
  request('call.start', { contactId: v.optional(Id), agentId: v.optional(Id), video: v.optional(v.boolean()), consultFor: v.optional(Id) }),
  /** Hands the customer's call (`contactId`) to the agent of its consultation (`consultContactId`); the consultation ends. */
  request('call.transferConsult', { contactId: Id, consultContactId: Id }),
  /** Joins the consulted agent into the customer's call: a conference of three. */
  request('call.conference', { contactId: Id, consultContactId: Id }),
  /** Drops an agent from the call's conference (their consultation call ends); an agent may drop themself. */
  request('call.removeFromConference', { contactId: Id, agentId: Id }),
  /** Drops every other agent from the call's conference; the agent keeps the customer. */
  request('call.endConference', { contactId: Id }),
  request('call.answer', { contactId: Id }),
  request('call.decline', { contactId: Id }),
  request('call.hangup', { contactId: Id }),
  request('call.hold', { contactId: Id, hold: v.boolean() }),
  request('call.mute', { contactId: Id, muted: v.boolean() }),
  /**
   * Starts or stops recording the call. Starting: `tracks` says what (seed 000's four flags; both
   * audio directions by default), `layout` how (the server's `recordingLayout` by default);
   * `continue` (a page that re-attached to a call being recorded) ends the running files and makes
   * the next ones of the same recording.
   */
  request('call.recording', {
    contactId: Id,
    recording: v.boolean(),
    tracks: v.optional(plainObject({ audioIn: v.optional(v.boolean()), audioOut: v.optional(v.boolean()), videoIn: v.optional(v.boolean()), videoOut: v.optional(v.boolean()) })),
    layout: v.optional(v.picklist(RECORDING_LAYOUTS)),
    continue: v.optional(v.boolean()),
  }),
  /** Pauses the running recording (a card number is being read: it is left out of the files) or resumes it. */
  request('call.recordingPause', { contactId: Id, paused: v.boolean() }),
  /** A party turned video or screen sharing on or off (negotiated peer to peer; the server keeps the state). */
  request('call.media', { contactId: Id, video: v.optional(v.boolean()), sharing: v.optional(v.boolean()) }),
  /**
   * This connection carries the party's media for the call (replacing an earlier endpoint of the
   * same party). `rejoin`: the same endpoint coming back after its connection dropped; refused
   * when another endpoint of the party has taken the call meanwhile.
   */
  request('media.attach', { contactId: Id, endpointId: EndpointId, rejoin: v.optional(v.boolean()) }),
  request('media.detach', { contactId: Id, endpointId: EndpointId }),
  request('media.signal', { contactId: Id, to: EndpointId, payload: SignalPayload }),
  /** Data for the other party, relayed by the server (seed 000's `sio` channel; RPC rides on it). */
  request('media.data', {
    contactId: Id,
    channel: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    topic: v.optional(v.pipe(v.string(), v.maxLength(64))),
    data: v.pipe(v.string(), v.maxLength(MAX_RELAYED_DATA_CHARS, `data is over ${MAX_RELAYED_DATA_CHARS} characters of JSON`)),
  }),
  /** A short-lived link to play or download a recording (agents of its contact and supervisors). */
  request('recording.link', { recordingId: Id }),
  // Supervisors (protocol/supervisor.ts): the live feed of this connection, watching a chat, whispering, intervening.
  request('supervisor.subscribe', {}),
  request('supervisor.unsubscribe', {}),
  request('supervisor.watch', { contactId: Id }),
  request('supervisor.unwatch', { contactId: Id }),
  /** A private message to the chat's agents (never the customer's), from a supervisor not in the chat. */
  request('supervisor.whisper', {
    contactId: Id,
    text: v.pipe(v.string(), v.minLength(1, 'text is empty'), v.maxLength(MAX_FRAME_BYTES)),
    clientMessageId: ClientMessageId,
  }),
  /** The supervisor joins the chat and may write to the customer, who hears `chat:intervened`. */
  request('supervisor.intervene', { contactId: Id }),
]);

export type RequestFrame = v.InferOutput<typeof RequestFrame>;
export type RequestType = RequestFrame['type'];
export type RequestOf<T extends RequestType> = Extract<RequestFrame, { type: T }>;
/** A request as a client builds it: everything but the id, which the connection assigns. */
export type RequestBody<T extends RequestType> = Omit<RequestOf<T>, 'id'>;

export type ReplyFrame =
  | { re: string | number | null; ok: true; data: unknown }
  | { re: string | number | null; ok: false; error: WireError };

export interface EventFrame<Topic extends string = string, Data = unknown> {
  type: 'event';
  seq: number;
  topic: Topic;
  data: Data;
}

export type ServerFrame = ReplyFrame | EventFrame | SignalFrame;

/** Validates a parsed frame; on failure returns a message naming the first issue. */
export function parseRequest(input: unknown): { ok: true; frame: RequestFrame } | { ok: false; message: string } {
  const result = v.safeParse(RequestFrame, input);
  if (result.success) return { ok: true, frame: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}
