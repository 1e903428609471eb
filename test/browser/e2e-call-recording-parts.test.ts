/**
 * Recording end to end with the server's `recordingLayout: 'perDirection'` (a file per direction):
 * the call panel's Pause leaves a span out of the files; a reload mid-recording goes on in the next
 * files of the same recording (each playable, all listed through the recordingUrl's `/files`, the
 * customer's voice in both); with the agent's camera on, the outgoing file is video/webm.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { answeredCall, customerStats, deskAndShop, grows, sleep } from './call-e2e.ts';

interface Listing {
  recordingId: string;
  files: { id: string; part: 'mixed' | 'in' | 'out'; segment: number; mime: string; bytes: number; status: string; url: string }[];
}
interface Decoded {
  status: number;
  type: string | null;
  seconds: number;
  peak: number;
  width: number;
  error?: string;
}

describe('end to end: recording parts (a file per direction, pause, reload, video)', function () {
  this.timeout(90_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer({ config: { recordingLayout: 'perDirection' } });
    await deskAndShop(server);
    await answeredCall('Pia Parts');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
  });
  after(() => stopServer(server));

  /** The latest recording link of the voice interaction, from the CRM page's host API. */
  const latestUrl = async (after: string | null) =>
    eventually(async () => {
      const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      const url = r.status === 'success' ? r.data.interactions.find((i: InteractionData) => i.type === 'voice')?.recordingUrl : undefined;
      return url && url !== after ? url : null;
    }, 10_000, 'a new recordingUrl in InteractionData');
  const listing = (url: string) => crm.eval<Listing>(`fetch(${JSON.stringify(url.replace('?', '/files?'))}).then((r) => r.json())`);
  /** A file fetched by the agent's page: its type, length and loudest sample (audio), or its frame width (video). */
  const decode = (url: string) =>
    crm.eval<Decoded>(`(async () => {
      const res = await fetch(${JSON.stringify(url)});
      const buf = await res.arrayBuffer();
      const out = { status: res.status, type: res.headers.get('content-type'), seconds: 0, peak: 0, width: 0 };
      try {
        const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(buf.slice(0));
        out.seconds = audio.duration;
        out.peak = audio.getChannelData(0).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
      } catch (err) { out.error = String(err); }
      if (out.type === 'video/webm') {
        const video = Object.assign(document.createElement('video'), { muted: true, src: URL.createObjectURL(new Blob([buf], { type: 'video/webm' })) });
        await new Promise((resolve) => { video.onloadedmetadata = resolve; video.onerror = resolve; });
        out.width = video.videoWidth;
      }
      return out;
    })()`);
  const recordingState = () => widget.eval<string | null>(`document.querySelector('.sb-call-rec')?.dataset.recorder ?? null`);

  it('Pause in the call panel leaves the span out of the files; the badge says so', async () => {
    // The agent's microphone is muted: the incoming file's sound is the customer's, over WebRTC.
    await widget.click('.sb-call-panel [data-action=mute]');
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recordingState()) === 'recording', 10_000, 'the recorder recording');
    const began = Date.now();
    await sleep(1_500);
    await widget.click('.sb-call-panel [data-action=pause-recording]');
    await widget.waitForText('.sb-call-rec[data-paused]', 'Recording paused');
    await widget.waitFor('.sb-call-panel [data-action=pause-recording][aria-pressed=true]');
    await sleep(2_500); // the card number
    await widget.click('.sb-call-panel [data-action=pause-recording]');
    await widget.waitFor('.sb-call-panel [data-action=pause-recording][aria-pressed=false]');
    await sleep(1_500);
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitForGone('.sb-call-panel [data-recording]');
    const wall = (Date.now() - began) / 1000;
    const files = (await listing(await latestUrl(null))).files;
    expect(files.map((f) => [f.segment, f.part, f.mime, f.status])).to.deep.equal([
      [0, 'in', 'audio/webm', 'complete'],
      [0, 'out', 'audio/webm', 'complete'],
    ]);
    const incoming = await decode(files[0]!.url);
    console.log(`paused recording: ${incoming.seconds.toFixed(2)} s in the file, ${wall.toFixed(2)} s of wall time`);
    expect(incoming.error).to.equal(undefined);
    expect(incoming.seconds, 'the 2.5 s pause is not in the file').to.be.within(2, wall - 1.8);
    expect(incoming.peak, 'the customer\u2019s voice').to.be.above(0.05);
  });

  it('a reload mid-recording goes on in the next files of the same recording: both playable, the customer\u2019s voice in each', async () => {
    const before = await latestUrl(null);
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recordingState()) === 'recording', 10_000, 'the recorder recording');
    await sleep(2_500);
    await widget.eval('location.reload(), true');
    // The new page attaches and records the next segment by itself (no click).
    await eventually(async () => (await recordingState()) === 'recording', 15_000, 'the reloaded widget recording');
    const resumedAt = Date.now();
    await sleep(2_500);
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitForGone('.sb-call-panel [data-recording]');
    const recordedAfter = (Date.now() - resumedAt) / 1000;
    const url = await latestUrl(before);
    const { files, recordingId } = await listing(url);
    expect(files.map((f) => [f.segment, f.part, f.status])).to.deep.equal([
      [0, 'in', 'complete'],
      [0, 'out', 'complete'],
      [1, 'in', 'complete'],
      [1, 'out', 'complete'],
    ]);
    expect(recordingId).to.equal(files[0]!.id);
    expect(url, 'recordingUrl is the latest file').to.contain(files[3]!.id);
    const [first, second] = [await decode(files[0]!.url), await decode(files[2]!.url)];
    console.log(`reload mid-recording: segment 0 ${first.seconds.toFixed(2)} s, segment 1 ${second.seconds.toFixed(2)} s (recorded for ${recordedAfter.toFixed(2)} s after the reload)`);
    for (const [name, file] of [['before the reload', first], ['after the reload', second]] as const) {
      expect(file.error, name).to.equal(undefined);
      expect(file.status, name).to.equal(200);
      expect(file.peak, `the customer\u2019s voice ${name}`).to.be.above(0.05);
    }
    expect(first.seconds).to.be.within(1.5, 4);
    expect(second.seconds).to.be.within(recordedAfter - 1, recordedAfter + 1.5);
  });

  it('with the agent\u2019s camera on, Record makes the outgoing file video/webm (the incoming one stays audio)', async () => {
    const before = await latestUrl(null);
    await widget.click('.sb-call-panel [data-action=video]');
    await widget.waitFor('.sb-call-panel [data-action=video][aria-pressed=true]');
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recordingState()) === 'recording', 10_000, 'the recorder recording');
    await sleep(2_000);
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitForGone('.sb-call-panel [data-recording]');
    const { files } = await listing(await latestUrl(before));
    expect(files.map((f) => [f.part, f.mime])).to.deep.equal([
      ['in', 'audio/webm'],
      ['out', 'video/webm'],
    ]);
    const video = await decode(files[1]!.url);
    expect(video.type).to.equal('video/webm');
    expect(video.width, 'one 640 px tile: the agent\u2019s camera').to.equal(640);
  });
});
