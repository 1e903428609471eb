/** Helpers of the call e2e tests (e2e-call-*.test.ts): reading both sides' media from their pages. */
import { addIframe, eventually, frame, signIn, type TestServer } from './harness.ts';

export type Frame = ReturnType<typeof frame>;
export interface AudioStatsLike {
  inboundBytes: number;
  outboundBytes: number;
  inboundAudioEnergy: number;
  outboundAudioEnergy: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The customer's side of the call, read in the shop page through the SDK's voice part. */
export const customerStats = (shop: Frame) => shop.eval<AudioStatsLike>('window.switchboardChat.voice().then((v) => v.contact().getAudioStats())');

/** The id of the customer's microphone track (the same for the whole call). */
export const customerMicId = (shop: Frame) => shop.eval<string | null>('window.switchboardChat.voice().then((v) => v.contact().localStream.getAudioTracks()[0]?.id ?? null)');

/** Whether the agent's widget hears the other party (its call panel's inbound RTP grows). */
export const agentHears = async (widget: Frame) => (await widget.eval<string>(`document.querySelector('.sb-call-panel')?.dataset.audio ?? 'none'`)) === 'flowing';

/** Waits until `read` grows past its first value by `by`. */
export async function grows(read: () => Promise<number>, what: string, by = 500, timeoutMs = 10_000): Promise<void> {
  const first = await read();
  await eventually(async () => (await read()) > first + by, timeoutMs, what);
}

/**
 * An expression for a page: resolves to the video element's frame size once it plays frames
 * (videoWidth > 0 and requestVideoFrameCallback fired), or null on timeout.
 */
export const videoFramesExpr = (selector: string, timeoutMs = 8_000) => `new Promise((resolve) => {
  const until = Date.now() + ${timeoutMs};
  const check = () => {
    const v = document.querySelector(${JSON.stringify(selector)});
    if (v && v.videoWidth > 0 && !v.paused) {
      let done = false;
      v.requestVideoFrameCallback(() => { done = true; resolve({ width: v.videoWidth, height: v.videoHeight, frames: v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0 }); });
      setTimeout(() => !done && (Date.now() > until ? resolve(null) : check()), 1_000);
      return;
    }
    if (Date.now() > until) return resolve(null);
    setTimeout(check, 100);
  };
  check();
})`;

/** The demo CRM page with alice's widget, ONLINE, and the demo shop page beside it (on the server's other host name). */
export async function deskAndShop(server: TestServer): Promise<void> {
  await addIframe(`${server.url}/demo/crm.html`, 'crm');
  await signIn('/widget/', 'alice');
  await frame('/widget/').select('select[name=agent-state]', 'ONLINE');
  await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop', { width: 420, height: 640 });
}

/** The shop's customer `name` calls and alice answers; resolves once audio reaches alice. */
export async function answeredCall(name: string): Promise<void> {
  const [widget, shop] = [frame('/widget/'), frame('/demo/shop.html')];
  await shop.type('input[name=name]', name);
  await shop.click('[data-action=call]');
  await widget.click('.sb-incoming-call [data-action=answer]');
  await shop.waitFor('.sbc-call[data-call-state=connected]');
  await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
}

/**
 * The loudest sample the agent's widget plays from a call over `ms` (its remote audio, as the agent
 * hears it, through an AnalyserNode): the fake microphone beeps, silence plays as ~0. -1: no audio element.
 */
export const agentPeak = (widget: Frame, contactId: string, ms = 1_500) =>
  widget.eval<number>(`(async () => {
    const el = [...document.querySelectorAll('audio[data-contact-id]')].find((a) => a.dataset.contactId === ${JSON.stringify(contactId)});
    if (!el || !el.srcObject || !el.srcObject.getAudioTracks().length) return -1;
    const context = new AudioContext();
    await context.resume();
    const source = context.createMediaStreamSource(el.srcObject);
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (const until = performance.now() + ${ms}; performance.now() < until; ) {
      analyser.getFloatTimeDomainData(samples);
      for (const s of samples) peak = Math.max(peak, Math.abs(s));
      await new Promise((r) => setTimeout(r, 20));
    }
    source.disconnect();
    await context.close();
    return peak;
  })()`);

/** A peak above this is sound (the fake microphone's beep); below SILENT_PEAK, silence. */
export const SOUND_PEAK = 0.05;
export const SILENT_PEAK = 0.01;
