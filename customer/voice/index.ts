/**
 * customer-voice.js: the media side of a customer's calls, fetched by the chat part of the SDK
 * (`chat.voice()`) when a call first needs it. One MediaContact (media/) per call: the
 * microphone opens once and stays open while the agent's side comes and goes (a reload parks
 * the call; the agent's new page re-attaches and a fresh peer connection is made to it).
 */
import { createNanoEvents } from 'nanoevents';
import { MediaContact, SHARE_SCREEN_RPC, wireTransport } from '../../media/index.ts';
import type { WireConnection } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';
import type { CustomerVoice, CustomerVoiceEvents } from './types.ts';

export type { CustomerVoice, CustomerVoiceEvents, VoiceModule } from './types.ts';

export function createVoice(chat: CustomerChat, conn: WireConnection): CustomerVoice {
  const events = createNanoEvents<CustomerVoiceEvents>();
  const transport = wireTransport(conn);
  let media: MediaContact | null = null;
  let joining: Promise<void> | null = null;

  const contactId = () => {
    const id = chat.getId();
    if (!id) throw new Error('there is no call');
    return id;
  };
  const setMedia = (next: { video?: boolean; sharing?: boolean }) => conn.request({ type: 'call.media', contactId: contactId(), ...next });

  /** The seed-000 contact of the current chat: data channels and RPC at once (relayed), and the call's media once joined. */
  const contact = () => {
    const id = contactId();
    if (media?.contactId === id) return media;
    media?.close();
    joining = null;
    const made = (media = new MediaContact({ contactId: id, transport, role: 'customer' }));
    made.on('remotestream', () => events.emit('remote', made.remoteStream));
    made.on('parked', () => events.emit('remote', null));
    made.on('mediachange', (m) => {
      const sharing = Boolean(m.Sharing?.tx);
      events.emit('sharing', sharing);
      void setMedia({ sharing, video: Boolean(m.Video?.tx || m.Video?.rx) }).catch(() => {});
    });
    // The agent asks to see the screen: only the customer's own click shares it.
    made.on(SHARE_SCREEN_RPC, (_data, cb) =>
      events.emit('shareRequest', (ok) => {
        if (!ok) return cb({ name: 'refused', message: 'the customer did not share the screen' });
        made.shareScreen().then(
          () => cb(null, true),
          (err: Error) => cb({ name: 'failed', message: err.message }),
        );
      }),
    );
    return made;
  };

  const join = () =>
    (joining ??= (async () => {
      const made = contact();
      await made.start({ audio: true });
      await made.attach();
    })().catch((err) => {
      leave();
      throw err;
    }));
  const leave = () => {
    media?.close();
    media = joining = null;
    events.emit('sharing', false);
    events.emit('remote', null);
  };

  return {
    join,
    leave,
    async answer() {
      await conn.request({ type: 'call.answer', contactId: contactId() });
      await join();
    },
    async decline() {
      await conn.request({ type: 'call.decline', contactId: contactId() });
    },
    async hangUp() {
      await conn.request({ type: 'call.hangup', contactId: contactId() });
      leave();
    },
    setMuted: (muted) => media?.setMuted(muted),
    async addVideo() {
      await join();
      await media!.addVideo();
    },
    async stopSharing() {
      await media?.stopSharing();
    },
    contact,
    on: (event, handler) => events.on(event, handler),
  };
}
