/**
 * What the widget's UI and the host API ask of calls. The call's durable state comes from the
 * server (`ContactView.call`); what only this page knows (is audio flowing, which devices) comes
 * from the controller. The real controller joins the session's call frames and the media engine;
 * tests use a recording double. Every method rejects with a ProtocolError (a wire name the host
 * API turns into Bright Pattern's code) when it cannot do what was asked.
 */
import type { CustomTransferData, RecorderState } from '../../protocol/index.ts';
import type { TransferRequest } from '../session/transfer-request.ts';

/** Whom a call goes to: the customer of an open chat, another agent (internal), or an address the controller resolves. */
export type CallTarget = { contactId: string } | { agentId: string } | { destination: string };

/** Where a consultation, a transfer or a conference invitation goes (the host API resolves Bright Pattern's `phone` string to one). */
export type CallDestination = TransferRequest;

export type AudioDeviceKind = 'input' | 'output';

export interface AudioDevice {
  deviceId: string;
  /** Empty until the page has microphone permission (the browser hides labels before). */
  label: string;
}

/** The devices the agent can pick and the ones picked (null: the system's default). */
export interface DeviceState {
  inputs: AudioDevice[];
  outputs: AudioDevice[];
  input: string | null;
  output: string | null;
  /** The browser can route audio to a chosen speaker (`setSinkId`). */
  outputSelectable: boolean;
}

/** What this page knows of one call's media, beside the server's CallView. */
export interface CallMediaFacts {
  /** Remote audio arrives (inbound RTP grows); false while connecting or parked. */
  audioFlowing: boolean;
  /** The local microphone track is disabled (follows `mute`; the server's `muted` is the durable copy). */
  micMuted: boolean;
  /** A consultation this call is waiting on: the customer is held while the agent talks to `agentId` in `contactId`. */
  consult: { contactId: string; agentId: string } | null;
  /** This page sends the agent's camera (the call's `video` says whether either party does). */
  cameraOn?: boolean;
  /** The other party's camera, while it sends video. */
  remoteVideo?: MediaStream | null;
  /** The other party's shared screen, while it shares. */
  remoteScreen?: MediaStream | null;
  /** This page's recorder (seed 000's states: recready, recstart, recstarted, recstopping), where it carries the media. */
  recorder?: RecorderState;
}

export const NO_MEDIA: CallMediaFacts = { audioFlowing: false, micMuted: false, consult: null, remoteVideo: null, remoteScreen: null };

/** The softphone is the widget's media: ready once this tab carries the agent's calls and the microphone can be used. */
export interface SoftphoneStatus {
  ready: boolean;
  /** Why it is not ready (not signed in, another tab carries the calls, the microphone blocked or missing...). */
  error?: string;
  /** The microphone is why: the agent can fix it in the browser or by connecting one. */
  device?: boolean;
}

export interface CallControllerEvents {
  /** This page's media facts of a call changed. */
  media: (contactId: string) => void;
  /** The device list or the choice changed. */
  devices: (state: DeviceState) => void;
  softphone: (status: SoftphoneStatus) => void;
}

export interface CallController {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof CallControllerEvents>(event: E, listener: CallControllerEvents[E]): () => void;

  /** Answers a call ringing for the agent (an offered voice contact is accepted with it). */
  answer(contactId: string): Promise<void>;
  /** Declines a call ringing for the agent. */
  decline(contactId: string): Promise<void>;
  /** Ends the agent's call (a ringing outbound call is cancelled). */
  hangup(contactId: string): Promise<void>;
  hold(contactId: string, hold: boolean): Promise<void>;
  mute(contactId: string, muted: boolean): Promise<void>;
  /** Sends DTMF digits (0-9, *, #, A-D; `,` pauses) in the call's audio (RFC 4733). */
  sendDtmf(contactId: string, digits: string): Promise<void>;
  /** Starts a call; resolves with the contact that carries it. */
  startCall(target: CallTarget, options?: { video?: boolean }): Promise<{ contactId: string }>;
  setRecording(contactId: string, recording: boolean): Promise<void>;
  /** Pauses the running recording (a card number is read out) or resumes it. */
  setRecordingPaused(contactId: string, paused: boolean): Promise<void>;
  /** A short-lived link to play or download one of the call's recordings. */
  recordingLink(recordingId: string): Promise<{ url: string; expiresAt: number }>;
  /** Holds the customer and calls `to`; resolves with the consultation's contact. */
  consult(contactId: string, to: CallDestination): Promise<{ contactId: string }>;
  /** Hands the customer to the agent consulted; this agent leaves the call. */
  completeTransfer(contactId: string, data?: CustomTransferData): Promise<void>;
  /** Joins the consulted agent, the customer and this agent in one call. */
  mergeConsult(contactId: string, data?: CustomTransferData): Promise<void>;
  /** Transfers the call without consulting. */
  blindTransfer(contactId: string, to: CallDestination, data?: CustomTransferData): Promise<void>;
  inviteToConference(contactId: string, to: CallDestination, data?: CustomTransferData): Promise<void>;
  /** `partyId`: an agent party's id. */
  removeFromConference(contactId: string, partyId: string): Promise<void>;
  /** Drops every other agent from the call; the agent keeps the customer. */
  endConference(contactId: string): Promise<void>;
  addVideo(contactId: string): Promise<void>;
  stopVideo(contactId: string): Promise<void>;
  /** Asks the customer to share their screen (the customer accepts or not on their page). */
  askScreenShare(contactId: string): Promise<void>;
  /**
   * Seed 000's `request(type, data, timeout, retries)` to the customer's page of a call or a chat
   * (over the call's data channel, or relayed by the server): resolves with the page's answer,
   * rejects `timeout`, `not_supported` (no handler there) or the handler's error.
   */
  request(contactId: string, type: string, data?: unknown, timeoutMs?: number, retries?: number): Promise<unknown>;

  /** This page's media facts of a call (NO_MEDIA for a call it carries no media of). */
  media(contactId: string): CallMediaFacts;
  softphone(): SoftphoneStatus;
  devices(): DeviceState;
  /** Lists the devices again (after a permission prompt the labels appear). */
  refreshDevices(): Promise<DeviceState>;
  /** Picks a microphone or speaker (null: the default); a live call switches to it. */
  chooseDevice(kind: AudioDeviceKind, deviceId: string | null): Promise<void>;
}
