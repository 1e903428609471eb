/** Helpers of the call e2e tests (e2e-call-*.test.ts): reading both sides' media from their pages. */
import { eventually, frame } from './harness.ts';

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
