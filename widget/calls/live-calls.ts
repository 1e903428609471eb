/**
 * The widget's real CallController: call state changes are the server's call frames; the media
 * (microphone, peer connection, recording) live in widget/media/, loaded when the first call
 * needs them. The tab that owns the agent's session carries the media: whenever a call of the
 * agent is live (and answered by them, or placed by them), that tab attaches to it, so a reload
 * or a tab taking over re-attaches on its own.
 */
import { createNanoEvents } from 'nanoevents';
import { LIVE_CALL_STATES, ProtocolError, inConversation, invalidArgs, notSuitableState, type ContactView, type CustomTransferData } from '../../protocol/index.ts';
import type { AgentSession } from '../session/agent-session.ts';
import type { CallMedia, CallMediaOptions, ConferenceMix } from '../media/call-media.ts';
import type { AudioDevices } from './audio-devices.ts';
import { Softphone } from './softphone.ts';
import {
  NO_MEDIA,
  type AudioDeviceKind,
  type CallController,
  type CallControllerEvents,
  type CallDestination,
  type CallMediaFacts,
  type CallTarget,
  type DeviceState,
  type SoftphoneStatus,
} from './call-controller.ts';

type MediaModule = typeof import('../media/call-media.ts');
const loadMediaModule = (): Promise<MediaModule> => import('../media/call-media.ts');
/** How long a host's request to the customer's page waits for the answer by default. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Chats with a seed-000 contact for requests at once. */
const MAX_DATA_CONTACTS = 20;
type MediaContactLike = Pick<CallMedia['contact'], 'request' | 'close'>;
/** Calls whose media one page carries at once (a call and a consultation, with room to spare). */
const MAX_CALL_MEDIA = 4;

export interface LiveCallsOptions {
  /** This tab owns the agent's session (and so its media). */
  owner: () => boolean;
  candidateFilter?: CallMediaOptions['candidateFilter'];
  loadMedia?: () => Promise<MediaModule>;
  log?: (line: string) => void;
}

export class LiveCalls implements CallController {
  private readonly emitter = createNanoEvents<CallControllerEvents>();
  private readonly media_ = new Map<string, Promise<CallMedia>>();
  private readonly ready = new Map<string, CallMedia>();
  /** Seed-000 contacts of chats the host sent requests on (no media), by contact id. */
  private readonly dataContacts = new Map<string, Promise<MediaContactLike>>();
  /** Conferences this page mixes, by the customer call's contact id. */
  private readonly mixes = new Map<string, Promise<ConferenceMix | null>>();
  /** Ready or not, and why: the session, this tab, the microphone. */
  private readonly phone = new Softphone((status) => {
    this.emitter.emit('softphone', status);
    if (status.ready) this.sync(); // the microphone is back: attach the calls left waiting
  });

  constructor(
    private readonly session: AgentSession,
    private readonly audio: AudioDevices,
    private readonly options: LiveCallsOptions,
  ) {
    audio.on('change', (state) => this.emitter.emit('devices', state));
    session.store.events.on('change', () => this.sync());
  }

  on<E extends keyof CallControllerEvents>(event: E, listener: CallControllerEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  /** Attaches to the agent's live calls and lets go of ended ones; call when ownership changes too. */
  sync(): void {
    const owner = this.options.owner() && this.session.status === 'logged_in';
    this.phone.update(this.session.status === 'logged_in', this.options.owner());
    const wanted = new Set(owner ? [...this.session.store.contacts.values()].filter((c) => this.carries(c)).map((c) => c.id) : []);
    for (const id of this.media_.keys()) if (!wanted.has(id)) void this.release(id, !owner);
    // Without a usable microphone a call waits (the agent is told) until the permission or the devices change.
    for (const id of wanted) if (!this.media_.has(id) && !this.phone.blocked) void this.mediaFor(id).catch((err) => this.options.log?.(`call ${id}: media failed: ${(err as Error).message}`));
    this.syncHolds();
    this.syncMixes();
    for (const [id, made] of this.dataContacts) {
      const contact = this.session.store.contacts.get(id);
      if (contact && inConversation(contact.state)) continue;
      this.dataContacts.delete(id);
      void made.then((c) => c.close()).catch(() => {});
    }
  }

  /** The server holds a call (the agent's click, a consultation, a transfer under way): the media follow it. */
  private syncHolds(): void {
    for (const [id, media] of this.ready) {
      const call = this.session.store.contacts.get(id)?.call;
      if (call && LIVE_CALL_STATES.includes(call.state) && media.contact.held !== call.hold) {
        void media.contact.setHold(call.hold).catch((err) => this.options.log?.(`call ${id}: hold failed: ${(err as Error).message}`));
      }
    }
  }

  /** Mixes the conferences of the agent's calls (the customer call with its consultation), and stops those that ended. */
  private syncMixes(): void {
    const conferences = new Map<string, string>();
    for (const c of this.session.store.contacts.values()) {
      if (c.call?.conference && c.call.consult && this.media_.has(c.id)) conferences.set(c.id, c.call.consult.contactId);
    }
    for (const [id, mix] of this.mixes) {
      if (conferences.has(id)) continue;
      this.mixes.delete(id);
      void mix.then((m) => m?.stop());
    }
    for (const [id, consultId] of conferences) {
      if (this.mixes.has(id)) continue;
      const made = Promise.all([this.mediaFor(id), this.mediaFor(consultId), (this.options.loadMedia ?? loadMediaModule)()])
        .then(async ([customer, colleague, { ConferenceMix }]) => {
          const mix = new ConferenceMix(customer, colleague);
          await mix.start();
          if (this.mixes.get(id) === made) return mix;
          await mix.stop(); // the conference ended while it was being set up
          return null;
        })
        .catch((err) => {
          this.options.log?.(`conference ${id}: mixing failed: ${(err as Error).message}`);
          return null;
        });
      this.mixes.set(id, made);
    }
  }

  // --- the call's life, through the server --------------------------------------------------------

  /** Answers once the microphone can be used (a blocked or missing one leaves the call ringing, with the reason). */
  async answer(contactId: string): Promise<void> {
    const contact = this.contact(contactId);
    const owner = this.options.owner();
    if (owner) await this.phone.check(this.audio.inputConstraint());
    if (this.session.store.listOf(contactId) === 'pending') await this.session.link.request({ type: 'contact.accept', contactId });
    else await this.session.link.request({ type: 'call.answer', contactId });
    if (contact.call && owner) await this.mediaFor(contactId).catch((err) => this.microphoneError(err));
  }

  async decline(contactId: string): Promise<void> {
    if (this.session.store.listOf(contactId) === 'pending') await this.session.link.request({ type: 'contact.decline', contactId });
    else await this.session.link.request({ type: 'call.decline', contactId });
  }

  async hangup(contactId: string): Promise<void> {
    // A recording's last chunks are stored before the call (and so the recording) ends on the server.
    await this.ready.get(contactId)?.stopRecording().catch(() => {});
    await this.session.link.request({ type: 'call.hangup', contactId });
    await this.release(contactId, true);
  }

  async hold(contactId: string, hold: boolean): Promise<void> {
    await this.session.link.request({ type: 'call.hold', contactId, hold }); // the media follow the call's state (syncHolds)
  }

  /** In a conference this page mixes the agent is muted for everyone: the customer's call and its consultation together. */
  async mute(contactId: string, muted: boolean): Promise<void> {
    const consultOf = (id: string) => this.session.store.contacts.get(id)?.call?.consult?.contactId;
    const held = [...this.mixes.keys()].find((id) => id === contactId || consultOf(id) === contactId);
    const ids = held ? [held, consultOf(held)!] : [contactId];
    for (const id of ids) {
      this.ready.get(id)?.contact.setMuted(muted);
      this.emitter.emit('media', id);
    }
    await Promise.all(ids.map((id) => this.session.link.request({ type: 'call.mute', contactId: id, muted })));
  }

  async sendDtmf(contactId: string, digits: string): Promise<void> {
    await this.requireMedia(contactId).contact.sendDtmf(digits);
  }

  async startCall(target: CallTarget, options: { video?: boolean } = {}): Promise<{ contactId: string }> {
    if ('destination' in target) throw invalidArgs(`no agent or customer is known by ${target.destination}`);
    if (this.options.owner()) await this.phone.check(this.audio.inputConstraint());
    const contact = await this.session.link.request({ type: 'call.start', ...target, ...(options.video && { video: true }) });
    this.session.store.upsertContact(contact);
    void this.mediaFor(contact.id).catch(() => {});
    return { contactId: contact.id };
  }

  async setRecording(contactId: string, recording: boolean): Promise<void> {
    await this.requireMedia(contactId).setRecording(recording);
  }

  async setRecordingPaused(contactId: string, paused: boolean): Promise<void> {
    await this.requireMedia(contactId).setRecordingPaused(paused);
  }

  /** The server's link is relative to it: absolute here, so that a CRM on another origin can use it. */
  async recordingLink(recordingId: string): Promise<{ url: string; expiresAt: number }> {
    const link = await this.session.link.request({ type: 'recording.link', recordingId });
    return { ...link, url: new URL(link.url, location.href).href };
  }

  async blindTransfer(contactId: string, to: CallDestination, data?: CustomTransferData): Promise<void> {
    await this.session.actions.transfer(contactId, to, data);
  }

  /** Holds the customer (the server does it in the same step) and calls a colleague about them. */
  async consult(contactId: string, to: CallDestination): Promise<{ contactId: string }> {
    const call = this.contact(contactId).call;
    if (!call || !LIVE_CALL_STATES.includes(call.state)) throw notSuitableState('there is no call to consult about');
    if (!to.toAgent) throw invalidArgs('a consultation calls one agent: give toAgent');
    const consultation = await this.session.link.request({ type: 'call.start', agentId: to.toAgent, consultFor: contactId });
    this.session.store.upsertContact(consultation);
    return { contactId: consultation.id };
  }

  async completeTransfer(contactId: string): Promise<void> {
    await this.session.link.request({ type: 'call.transferConsult', contactId, consultContactId: this.consultOf(contactId) });
  }

  async mergeConsult(contactId: string): Promise<void> {
    await this.session.link.request({ type: 'call.conference', contactId, consultContactId: this.consultOf(contactId) });
  }

  /** Calls the colleague about the customer and, once they answer, joins the three. */
  async inviteToConference(contactId: string, to: CallDestination): Promise<void> {
    const { contactId: consultation } = await this.consult(contactId, to);
    const { whenAnswered } = await import('./when-answered.ts'); // a chunk: conferences are rare
    await whenAnswered(this.session.store, consultation);
    await this.mergeConsult(contactId);
  }

  async removeFromConference(contactId: string, partyId: string): Promise<void> {
    await this.session.link.request({ type: 'call.removeFromConference', contactId, agentId: partyId });
  }

  async endConference(contactId: string): Promise<void> {
    await this.session.link.request({ type: 'call.endConference', contactId });
  }

  async addVideo(contactId: string): Promise<void> {
    await this.setCamera(contactId, true);
  }

  async stopVideo(contactId: string): Promise<void> {
    await this.setCamera(contactId, false);
  }

  /** The agent's camera on or off; the call's `video` stays on while the other party still sends theirs. */
  private async setCamera(contactId: string, on: boolean): Promise<void> {
    const media = this.requireMedia(contactId);
    await (on ? media.contact.addVideo() : media.contact.removeVideo());
    this.emitter.emit('media', contactId);
    await this.session.link.request({ type: 'call.media', contactId, video: media.cameraOn || media.remoteVideo !== null });
  }

  async request(contactId: string, type: string, data?: unknown, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS, retries?: number): Promise<unknown> {
    const contact = this.contact(contactId);
    if (contact.type === 'chat' && !inConversation(contact.state)) throw notSuitableState('the chat is not in conversation');
    const media = this.ready.get(contactId);
    const target = media ? media.contact : await this.dataContact(contactId);
    return target.request(type, data, timeoutMs, retries);
  }

  async askScreenShare(contactId: string): Promise<void> {
    await this.requireMedia(contactId).contact.requestScreenShare();
  }

  // --- what this page knows ------------------------------------------------------------------------

  media(contactId: string): CallMediaFacts {
    const media = this.ready.get(contactId);
    const consult = this.session.store.contacts.get(contactId)?.call?.consult ?? null;
    return media
      ? { audioFlowing: media.audioFlowing, micMuted: media.micMuted, consult, cameraOn: media.cameraOn, remoteVideo: media.remoteVideo, remoteScreen: media.remoteScreen, recorder: media.recorderState }
      : { ...NO_MEDIA, consult };
  }

  softphone(): SoftphoneStatus {
    return this.phone.status();
  }

  devices(): DeviceState {
    return this.audio.current();
  }

  refreshDevices(): Promise<DeviceState> {
    this.phone.captured(); // the agent looks again: a failed capture is tried again
    return this.audio.refresh();
  }

  async chooseDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<void> {
    await this.audio.choose(kind, deviceId);
    if (kind !== 'input') return;
    await Promise.all([...this.ready.values()].map((m) => m.contact.setInputDevice(deviceId ?? 'default').catch(() => {})));
  }

  /** A seed-000 contact without media for a chat (data channels and RPC relayed by the server); dropped when the chat ends. */
  private dataContact(contactId: string): Promise<MediaContactLike> {
    let made = this.dataContacts.get(contactId);
    if (made) return made;
    if (this.dataContacts.size >= MAX_DATA_CONTACTS) {
      const [oldest, first] = this.dataContacts.entries().next().value!;
      this.dataContacts.delete(oldest);
      void first.then((c) => c.close());
    }
    made = (this.options.loadMedia ?? loadMediaModule)().then(({ dataContact }) => dataContact(contactId, this.session.link.conn));
    made.catch(() => this.dataContacts.get(contactId) === made && this.dataContacts.delete(contactId));
    this.dataContacts.set(contactId, made);
    return made;
  }

  /** The media of a call this tab carries: made and attached once, then the same. */
  private mediaFor(contactId: string): Promise<CallMedia> {
    let made = this.media_.get(contactId);
    if (made) return made;
    if (!this.options.owner()) return Promise.reject(notSuitableState('another tab of this agent carries the calls'));
    if (this.media_.size >= MAX_CALL_MEDIA) return Promise.reject(notSuitableState(`${MAX_CALL_MEDIA} calls already have media here`));
    made = (this.options.loadMedia ?? loadMediaModule)().then(async ({ CallMedia }) => {
      const media = new CallMedia({
        contactId,
        conn: this.session.link.conn,
        microphone: this.audio.inputConstraint(),
        attachOutput: (sink) => this.audio.attachOutput(sink),
        candidateFilter: this.options.candidateFilter,
        call: () => this.session.store.contacts.get(contactId)?.call,
        log: this.options.log,
      });
      media.events.on('change', () => this.emitter.emit('media', contactId));
      media.events.on('replaced', () => void this.release(contactId, false));
      try {
        await media.join();
      } catch (err) {
        this.phone.failed(err);
        await media.close(true);
        throw err;
      }
      this.phone.captured();
      if (this.media_.get(contactId) !== made) {
        await media.close(true); // let go while joining
        throw notSuitableState('the call ended');
      }
      this.ready.set(contactId, media);
      this.syncHolds();
      this.emitter.emit('media', contactId);
      return media;
    });
    made.catch(() => this.media_.get(contactId) === made && this.media_.delete(contactId));
    this.media_.set(contactId, made);
    return made;
  }

  private async release(contactId: string, detach: boolean): Promise<void> {
    const made = this.media_.get(contactId);
    if (!made) return;
    this.media_.delete(contactId);
    this.ready.delete(contactId);
    const media = await made.catch(() => null);
    await media?.close(detach);
    this.emitter.emit('media', contactId);
  }

  /** This agent's part in the call is live: answered (or placed) by them, not ringing for them, and not a colleague's seat in a conference. */
  private carries(contact: ContactView): boolean {
    const call = contact.call;
    const me = this.session.store.agent?.id;
    // A colleague in a conference hears it over the consultation: the customer's call is its agent's to carry.
    if (!call || !me || !LIVE_CALL_STATES.includes(call.state) || call.consult?.agentId === me) return false;
    const party = call.parties.find((p) => p.kind === 'agent' && p.id === me);
    if (!party || party.state === 'left') return false;
    return party.state !== 'ringing' && this.session.store.listOf(contact.id) === 'assigned';
  }

  private requireMedia(contactId: string): CallMedia {
    this.contact(contactId);
    const media = this.ready.get(contactId);
    if (!media) throw notSuitableState('this call has no media on this page yet');
    return media;
  }

  private contact(contactId: string): ContactView {
    const contact = this.session.store.contacts.get(contactId);
    if (!contact) throw new ProtocolError('not_found', `no interaction ${contactId}`);
    return contact;
  }

  private consultOf(contactId: string): string {
    const consult = this.contact(contactId).call?.consult;
    if (!consult) throw notSuitableState('no consultation is under way for this call');
    return consult.contactId;
  }

  /** The call's media failed for want of a microphone: the agent (and the host) hear why; other failures are retried by sync. */
  private microphoneError(err: unknown): void {
    if ((err as Error | null)?.name === 'device') throw notSuitableState(this.phone.status().error ?? (err as Error).message);
    this.options.log?.(`media failed: ${(err as Error)?.message}`);
  }
}
