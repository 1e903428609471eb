/** The media side of a customer's calls, as the chat part of the SDK sees it (customer-voice.js). */
import type { Unsubscribe } from 'nanoevents';
import type { MediaContact } from '../../media/index.ts';
import type { WireConnection } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';

export interface CustomerVoiceEvents {
  /** The stream to play (audio, and video when on), or null while the call is parked. */
  remote: (stream: MediaStream | null) => void;
  /** The customer's screen is being shared (or stopped). */
  sharing: (on: boolean) => void;
  /** The agent asks to see the screen: call `reply(true)` to share, `reply(false)` to refuse. */
  shareRequest: (reply: (ok: boolean) => void) => void;
}

export interface CustomerVoice {
  /** Opens the microphone (once per call) and joins the call's media; idempotent. */
  join(): Promise<void>;
  /** Releases the media of a call that ended. */
  leave(): void;
  answer(): Promise<void>;
  decline(): Promise<void>;
  hangUp(): Promise<void>;
  setMuted(muted: boolean): void;
  addVideo(): Promise<void>;
  stopSharing(): Promise<void>;
  /** Seed 000's contact for the current chat or call: data channels, RPC (`contact().on('Type', (data, cb) => ...)`, `request`), capabilities, media. */
  contact(): MediaContact;
  on<K extends keyof CustomerVoiceEvents>(event: K, handler: CustomerVoiceEvents[K]): Unsubscribe;
}

export interface VoiceModule {
  createVoice(chat: CustomerChat, conn: WireConnection): CustomerVoice;
}
