/**
 * The chat box's call panel: a call button, the ringing prompt, the in-call controls, the remote
 * audio and video, and a clear "you are sharing your screen" bar that stops it with one click.
 * The media part (customer-voice.js) is fetched from the server when a call first needs it.
 */
import type { CustomerChatView, CustomerCallView } from '../../protocol/index.ts';
import type { CustomerChat } from '../sdk.ts';
import type { CustomerVoice } from '../voice/types.ts';
import { el } from './dom.ts';
import type { Translate } from './strings.ts';

const LIVE = ['ringing', 'connected', 'held'];
const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const button = (action: string, text: string, className = '') => {
  const b = el('button', { type: 'button', textContent: text, className });
  b.dataset.action = action;
  return b;
};

export interface CallPanelOptions {
  /** Starts a chat that is a call (no chat open yet). */
  startCall(): Promise<void>;
  /** Adds a line to the transcript. */
  note(text: string): void;
  /** The page's words (strings.ts). */
  t: Translate;
}

export function mountCallPanel(chat: CustomerChat, header: HTMLElement, options: CallPanelOptions) {
  const { t } = options;
  const call = button('call', '', 'sbc-call-button');
  // A drawn handset: an emoji needs a colour-emoji font, which not every device has.
  call.innerHTML = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.46.57 3.6a1 1 0 0 1-.25 1z"/></svg>';
  call.title = call.ariaLabel = t('callUs');
  header.append(call);

  const status = el('span', { className: 'sbc-call-status', role: 'status' });
  const answer = button('answer', t('answer'));
  const decline = button('decline', t('decline'), 'sbc-end');
  const mute = button('mute', t('mute'));
  const video = button('video', t('video'));
  const hangup = button('hangup', t('hangUp'), 'sbc-hangup');
  const remoteAudio = el('audio', { autoplay: true });
  const remoteVideo = el('video', { autoplay: true, playsInline: true, muted: true, hidden: true, className: 'sbc-video' });
  const sharing = el('div', { className: 'sbc-sharing', role: 'alert', hidden: true }, el('span', {}, t('sharingScreen')), button('stop-sharing', t('stopSharing')));
  const askShare = el('div', { className: 'sbc-ask', hidden: true }, el('span', { className: 'sbc-ask-text' }), button('share-accept', t('share')), button('share-decline', t('notNow'), 'sbc-end'));
  const panel = el('div', { className: 'sbc-call', hidden: true }, status, answer, decline, mute, video, hangup, remoteAudio, remoteVideo);
  header.after(panel, sharing, askShare);

  let voice: CustomerVoice | null = null;
  let view: CustomerCallView | null = null;
  let agentName = '';
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  /** Runs one action at a time: a double click does it once. */
  const guarded = (action: () => Promise<unknown>) => async () => {
    if (busy) return;
    busy = true;
    try {
      await action();
    } catch (err) {
      options.note(t('callError', { error: (err as Error).message }));
    } finally {
      busy = false;
    }
  };
  const loadVoice = async () => {
    if (voice) return voice;
    voice = await chat.voice();
    voice.on('remote', (stream) => {
      remoteAudio.srcObject = stream;
      remoteVideo.srcObject = stream;
      remoteVideo.hidden = !stream?.getVideoTracks().length;
    });
    voice.on('sharing', (on) => (sharing.hidden = !on));
    voice.on('shareRequest', (reply) => {
      askShare.querySelector('.sbc-ask-text')!.textContent = t('asksScreen', { name: agentName || t('agent') });
      askShare.hidden = false;
      const done = (ok: boolean) => () => {
        askShare.hidden = true;
        reply(ok);
      };
      (askShare.querySelector('[data-action=share-accept]') as HTMLButtonElement).onclick = done(true);
      (askShare.querySelector('[data-action=share-decline]') as HTMLButtonElement).onclick = done(false);
    });
    return voice;
  };

  const render = () => {
    const live = view !== null && LIVE.includes(view.state);
    panel.hidden = !live;
    panel.dataset.callState = view?.state ?? 'none';
    panel.dataset.parked = String(Boolean(view?.parked));
    call.hidden = live;
    const incoming = view?.state === 'ringing' && view.direction === 'outbound';
    answer.hidden = decline.hidden = !incoming;
    mute.hidden = video.hidden = !live || view!.state === 'ringing';
    clearInterval(timer);
    if (!live) {
      sharing.hidden = askShare.hidden = true;
      return;
    }
    const text = () => {
      if (!view) return '';
      if (view.parked) return t('audioReconnecting');
      if (view.state === 'ringing') return incoming ? t('callingYou', { name: agentName || t('anAgent') }) : t('callPlacing');
      if (view.state === 'held') return t('onHold');
      return t('onCall', { time: clock(Date.now() - (view.connectTime ?? Date.now())) }) + (view.recording ? t('recorded') : '');
    };
    status.textContent = text();
    if (view!.state === 'connected') timer = setInterval(() => (status.textContent = text()), 1000);
  };

  const update = (c: CustomerChatView) => {
    agentName = c.agent?.nickname ?? agentName;
    const was = view;
    view = c.call;
    render();
    if (was && LIVE.includes(was.state) && view?.state === 'ended') options.note(view.endReason === 'media_lost' || view.endReason === 'media_failed' ? t('callLost') : t('callEnded'));
    // A call we placed: its media starts at once (the microphone opens while it rings).
    if (view && LIVE.includes(view.state) && !(view.state === 'ringing' && view.direction === 'outbound')) void loadVoice().then((v) => v.join());
    if (view?.state === 'ended') voice?.leave();
  };
  chat.on('chat:updated', update);

  call.onclick = guarded(async () => {
    const current = chat.getChat();
    if (current?.agent && ['delivered', 'hold'].includes(current.state)) update(await chat.call());
    else await options.startCall();
  });
  answer.onclick = guarded(async () => (await loadVoice()).answer());
  decline.onclick = guarded(async () => (await loadVoice()).decline());
  hangup.onclick = guarded(async () => (await loadVoice()).hangUp());
  mute.onclick = guarded(async () => {
    const muted = mute.ariaPressed !== 'true';
    (await loadVoice()).setMuted(muted);
    mute.ariaPressed = String(muted);
    mute.textContent = muted ? t('unmute') : t('mute');
  });
  video.onclick = guarded(async () => (await loadVoice()).addVideo());
  (sharing.querySelector('[data-action=stop-sharing]') as HTMLButtonElement).onclick = guarded(async () => (await loadVoice()).stopSharing());
  return { update };
}
