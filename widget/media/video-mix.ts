/**
 * Composes the video of one or two streams side by side on a canvas, for a recording: MediaRecorder
 * takes one video track, and the canvas's track stays the same when a source's track changes (the
 * other side re-attached) or stops (a camera turned off shows black). Drawn on a timer, so a hidden
 * widget keeps recording (at the 1 frame per second browsers allow background timers).
 */

export interface VideoMix {
  /** One stream carrying the composed video track. */
  readonly stream: MediaStream;
  /** Draws the live video of these streams from now on, one tile each. */
  rebind(streams: readonly (MediaStream | null)[]): void;
  close(): void;
}

const TILE = { width: 640, height: 360 };
const FPS = 15;

const liveVideo = (s: MediaStream | null) => s?.getVideoTracks().find((t) => t.readyState === 'live') ?? null;

export function mixVideo(streams: readonly (MediaStream | null)[]): VideoMix {
  const tiles = streams.map(() => Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true }));
  const canvas = Object.assign(document.createElement('canvas'), { width: TILE.width * tiles.length, height: TILE.height });
  const context = canvas.getContext('2d')!;
  const draw = () => {
    context.fillStyle = '#000';
    context.fillRect(0, 0, canvas.width, canvas.height);
    tiles.forEach((video, i) => {
      if (!video.srcObject || !video.videoWidth) return;
      // Letterboxed into its tile.
      const scale = Math.min(TILE.width / video.videoWidth, TILE.height / video.videoHeight);
      const w = video.videoWidth * scale;
      const h = video.videoHeight * scale;
      context.drawImage(video, i * TILE.width + (TILE.width - w) / 2, (TILE.height - h) / 2, w, h);
    });
  };
  const rebind = (list: readonly (MediaStream | null)[]) => {
    tiles.forEach((video, i) => {
      const track = liveVideo(list[i] ?? null);
      const current = (video.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null;
      if (track === current) return;
      video.srcObject = track ? new MediaStream([track]) : null;
      if (track) void video.play().catch(() => {});
    });
  };
  rebind(streams);
  draw();
  const timer = setInterval(draw, 1000 / FPS);
  const stream = canvas.captureStream(FPS);
  return {
    stream,
    rebind,
    close() {
      clearInterval(timer);
      stream.getTracks().forEach((t) => t.stop());
      for (const video of tiles) video.srcObject = null;
    },
  };
}
