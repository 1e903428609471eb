import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { CallRecorder } from '../../widget/media/recorder.ts';
import type { RecordingUploader } from '../../widget/media/recording-uploader.ts';
import { UploadError } from '../../widget/media/recording-uploader.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An uploader that keeps chunks in the page, failing the first attempt of every other chunk (a flaky network). */
function collectingUploader() {
  const chunks: Blob[] = [];
  const attempts: number[] = [];
  let finished = false;
  const uploader: RecordingUploader = {
    async upload(seq, chunk) {
      attempts.push(seq);
      if (seq % 2 === 1 && attempts.filter((s) => s === seq).length === 1) throw new UploadError('network error: flaky', true);
      if (seq !== chunks.length) throw new UploadError(`chunk ${chunks.length} expected, got ${seq}`, false);
      chunks.push(chunk);
    },
    async finish() {
      finished = true;
    },
  };
  return { uploader, chunks, attempts, finished: () => finished };
}

/** A "remote" party: a 440 Hz tone through WebAudio. */
function toneStream(): { stream: MediaStream; close: () => Promise<void> } {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const destination = context.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  return { stream: destination.stream, close: () => context.close() };
}

async function decodedSeconds(blob: Blob): Promise<number> {
  const context = new AudioContext();
  try {
    return (await context.decodeAudioData(await blob.arrayBuffer())).duration;
  } finally {
    await context.close();
  }
}

const base64 = async (blob: Blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

describe('CallRecorder', function () {
  this.timeout(30_000);

  it('records microphone and remote mixed, leaves the paused span out, uploads in order; the server stores and plays back the same file', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const remote = toneStream();
    const sink = collectingUploader();
    const recorder = new CallRecorder({ local: mic, remote: remote.stream, uploader: sink.uploader, timesliceMs: 250, retryDelayMs: () => 20 });
    const events: string[] = [];
    for (const name of ['recready', 'recstart', 'recstarted', 'recstopping'] as const) recorder.on(name, () => events.push(name));
    recorder.on('recpause', (paused) => events.push(paused ? 'paused' : 'resumed'));

    expect(await recorder.isRecording()).to.equal(false);
    const began = performance.now();
    await recorder.startRecording(true, true);
    expect(await recorder.isRecording()).to.equal(true);
    await sleep(1_000);
    recorder.pause();
    await sleep(1_500); // the card number
    recorder.resume();
    await sleep(1_000);
    const chunksWhileRecording = sink.chunks.length;
    await recorder.stopRecording();
    const wallSeconds = (performance.now() - began) / 1000;
    mic.getTracks().forEach((t) => t.stop());
    await remote.close();

    expect(events).to.deep.equal(['recstart', 'recstarted', 'paused', 'resumed', 'recstopping', 'recready']);
    expect(await recorder.isRecording()).to.equal(false);
    expect(chunksWhileRecording, 'chunks uploaded while recording, not at the end').to.be.greaterThan(3);
    expect(sink.finished()).to.equal(true);
    expect(sink.attempts.filter((s) => s === 1).length, 'a failed chunk is retried').to.equal(2);
    const file = new Blob(sink.chunks, { type: 'audio/webm' });
    expect(file.size).to.be.greaterThan(1_000);

    const seconds = await decodedSeconds(file);
    // 2 s recorded of ~3.5 s: the 1.5 s pause is absent, not silence.
    expect(seconds).to.be.greaterThan(1.5);
    expect(seconds).to.be.lessThan(wallSeconds - 1.0);
    console.log(`recorded ${seconds.toFixed(2)} s of ${wallSeconds.toFixed(2)} s wall time, ${sink.chunks.length} chunks, ${file.size} B`);

    // The same chunks through httpUploader to a real server, then fetched back with a playback link.
    const back = await executeServerCommand<
      { status: number; contentType: string; file: string; rangeStatus: number; range: string; deniedStatus: number; row: { status: string; bytes: number; chunks: number } },
      object
    >('sb-recording-roundtrip', { chunks: await Promise.all(sink.chunks.map(base64)), mime: 'audio/webm' });
    expect(back.status).to.equal(200);
    expect(back.contentType).to.equal('audio/webm');
    expect(back.row).to.deep.equal({ status: 'complete', bytes: file.size, chunks: sink.chunks.length });
    const stored = fromBase64(back.file);
    expect(stored).to.deep.equal(new Uint8Array(await file.arrayBuffer()));
    expect(back.rangeStatus).to.equal(206);
    expect(fromBase64(back.range)).to.deep.equal(stored.subarray(0, 100));
    expect(back.deniedStatus).to.equal(403);
    expect(await decodedSeconds(new Blob([stored]))).to.be.closeTo(seconds, 0.05);

    // It plays in an <audio> element: metadata loads and, after a seek to the end, the duration is finite.
    const audio = new Audio(URL.createObjectURL(new Blob([stored], { type: 'audio/webm' })));
    await new Promise((resolve, reject) => {
      audio.onloadedmetadata = resolve;
      audio.onerror = () => reject(new Error(`audio error ${audio.error?.code}`));
    });
    audio.currentTime = 1e6; // MediaRecorder's WebM has no duration in its header: seeking past the end finds it
    await new Promise((resolve) => (audio.ondurationchange = () => Number.isFinite(audio.duration) && resolve(null)));
    expect(audio.duration).to.be.closeTo(seconds, 0.3);
  });

  it('records one file per direction when asked', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const remote = toneStream();
    const sinks = { in: collectingUploader(), out: collectingUploader(), mixed: collectingUploader() };
    const recorder = new CallRecorder({ local: mic, remote: remote.stream, layout: 'perDirection', uploader: (file) => sinks[file.part].uploader, timesliceMs: 250, retryDelayMs: () => 20 });
    await recorder.startRecording(true, true);
    await sleep(1_200);
    await recorder.stopRecording();
    mic.getTracks().forEach((t) => t.stop());
    await remote.close();
    expect(sinks.mixed.chunks).to.have.length(0);
    for (const part of ['in', 'out'] as const) {
      const seconds = await decodedSeconds(new Blob(sinks[part].chunks));
      expect(seconds, part).to.be.within(0.8, 1.6);
    }
  });

  it('refuses what cannot be recorded, with a clear error, and stays ready', async () => {
    const sink = collectingUploader();
    const recorder = new CallRecorder({ local: null, remote: null, uploader: sink.uploader });
    const refusal = (work: Promise<unknown>) => work.then(() => null, (e: Error) => `${e.name}: ${e.message}`);
    expect(await refusal(recorder.startRecording(true, true))).to.match(/^not_suitable_state: no live incoming audio/);
    expect(await refusal(recorder.startRecording(false, false, false, false))).to.match(/^invalid_args/);
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const remote = toneStream();
    recorder.setStreams({ local: mic, remote: remote.stream });
    expect(await refusal(recorder.startRecording(true, true, true))).to.equal('not_suitable_state: no incoming video to record: the other party sends none');
    expect(await refusal(recorder.startRecording(true, true, false, true))).to.equal('not_suitable_state: no outgoing video to record: the camera is off');
    expect(recorder.state).to.equal('ready');
    expect(() => recorder.pause()).to.throw(/not recording/);
    mic.getTracks().forEach((t) => t.stop());
    await remote.close();
    expect(() => new CallRecorder({ layout: 'perDirection', uploader: sink.uploader })).to.throw(/uploader per file/);
  });

  it('records video as video/webm: mixed, both cameras side by side with both voices; per direction, each direction its own', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    const remoteCamera = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    const tone = toneStream();
    const remote = new MediaStream([...tone.stream.getAudioTracks(), ...remoteCamera.getVideoTracks()]);
    /** A file's frame size and length, played in a <video> element. */
    const played = async (chunks: Blob[]) => {
      const video = Object.assign(document.createElement('video'), { muted: true, src: URL.createObjectURL(new Blob(chunks, { type: 'video/webm' })) });
      await new Promise((resolve, reject) => {
        video.onloadedmetadata = resolve;
        video.onerror = () => reject(new Error(`video error ${video.error?.code}`));
      });
      video.currentTime = 1e6;
      await new Promise((resolve) => (video.ondurationchange = () => Number.isFinite(video.duration) && resolve(null)));
      return { width: video.videoWidth, height: video.videoHeight, seconds: video.duration };
    };
    try {
      const mixed = collectingUploader();
      const files: string[] = [];
      const both = new CallRecorder({ local: mic, localVideo: camera, remote, uploader: (file) => (files.push(`${file.part}:${file.kind}`), mixed.uploader), timesliceMs: 250, retryDelayMs: () => 20 });
      const began = performance.now();
      await both.startRecording(true, true, true, true);
      await sleep(1_500);
      const stopAsked = performance.now();
      await both.stopRecording();
      const wall = (stopAsked - began) / 1000; // a loaded machine can hold the timers up: this is what was recorded
      expect(files).to.deep.equal(['mixed:video']);
      expect(mixed.chunks[0]!.type).to.match(/^video\/webm/);
      const size = await played(mixed.chunks);
      const audioSeconds = await decodedSeconds(new Blob(mixed.chunks));
      console.log(`mixed video: ${JSON.stringify(size)}, its audio ${audioSeconds.toFixed(2)} s`);
      expect(size).to.deep.include({ width: 1280, height: 360 }); // two 640x360 tiles
      expect(size.seconds).to.be.within(wall - 0.8, wall + 0.5);
      expect(audioSeconds, 'its audio decodes').to.be.within(wall - 0.8, wall + 0.5);

      const sinks = { in: collectingUploader(), out: collectingUploader(), mixed: collectingUploader() };
      const kinds: string[] = [];
      const split = new CallRecorder({ local: mic, localVideo: camera, remote, layout: 'perDirection', uploader: (file) => (kinds.push(`${file.part}:${file.kind}`), sinks[file.part].uploader), timesliceMs: 250 });
      await split.startRecording(true, true, true, false); // the agent's camera left out
      const splitBegan = performance.now();
      await sleep(1_200);
      const splitWall = (performance.now() - splitBegan) / 1000; // held up timers on a loaded machine record longer
      await split.stopRecording();
      expect(kinds).to.deep.equal(['in:video', 'out:audio']);
      expect(await played(sinks.in.chunks)).to.deep.include({ width: 640, height: 360 });
      expect(sinks.out.chunks[0]!.type).to.match(/^audio\/webm/);
      expect(await decodedSeconds(new Blob(sinks.out.chunks))).to.be.within(splitWall - 0.6, splitWall + 0.5);
    } finally {
      for (const s of [mic, camera, remoteCamera]) s.getTracks().forEach((t) => t.stop());
      await tone.close();
    }
  });

  it('goes on recording when a source\u2019s track changes (the other side re-attached): refresh() swaps it in the same file', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const first = toneStream();
    const remote = new MediaStream(first.stream.getAudioTracks());
    const sink = collectingUploader();
    const recorder = new CallRecorder({ local: mic, remote, uploader: sink.uploader, timesliceMs: 250, retryDelayMs: () => 20 });
    const began = performance.now();
    await recorder.startRecording(true, false);
    await sleep(800);
    // The old peer connection's track ends and a fresh one's arrives in the same remote stream.
    const second = toneStream();
    remote.getAudioTracks().forEach((t) => (remote.removeTrack(t), t.stop()));
    remote.addTrack(second.stream.getAudioTracks()[0]!);
    recorder.refresh();
    await sleep(800);
    await recorder.stopRecording();
    const wall = (performance.now() - began) / 1000;
    mic.getTracks().forEach((t) => t.stop());
    await Promise.all([first.close(), second.close()]);
    const file = new Blob(sink.chunks);
    const context = new AudioContext();
    const audio = await context.decodeAudioData(await file.arrayBuffer());
    await context.close();
    expect(audio.duration, 'one file all along').to.be.within(wall - 0.6, wall + 0.3);
    // The tone is in both halves: before and after the swap.
    const samples = audio.getChannelData(0);
    const half = Math.floor(samples.length / 2);
    const peak = (part: Float32Array) => part.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(peak(samples.subarray(Math.floor(half * 0.2), half)), 'before the swap').to.be.above(0.1);
    expect(peak(samples.subarray(half + Math.floor(half * 0.3))), 'after the swap').to.be.above(0.1);
  });

  it('stops with recerror when the server refuses a chunk, keeping what was stored', async () => {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const stored: number[] = [];
    const recorder = new CallRecorder({
      local: mic,
      uploader: {
        async upload(seq) {
          if (seq === 2) throw new UploadError('a recording may hold 3 bytes', false, 413);
          stored.push(seq);
        },
        async finish() {},
      },
      timesliceMs: 200,
    });
    const errors: string[] = [];
    recorder.on('recerror', (e) => errors.push(e.message));
    const ready = new Promise((r) => recorder.on('recready', () => r(null)));
    await recorder.startRecording(false, true);
    await ready;
    mic.getTracks().forEach((t) => t.stop());
    expect(errors).to.deep.equal(['a recording may hold 3 bytes']);
    expect(stored).to.deep.equal([0, 1]);
    expect(await recorder.isRecording()).to.equal(false);
  });
});
