/**
 * Recording end to end with the server's `recordingLayout: 'perDirection'` (a file per direction,
 * and the two voices mixed beside them: the file recordingUrl gives a CRM): the call panel's Pause
 * leaves a span out of the files; a reload mid-recording goes on in the next files of the same
 * recording (each playable, all listed through the recordingUrl's `/files`, the customer's voice in
 * each mix); with the agent's camera on, the outgoing file is video/webm; the mix holds each voice;
 * another microphone chosen mid-recording goes on in the same files.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { agentPeak, answeredCall, customerStats, deskAndShop, grows, SILENT_PEAK, sleep, SOUND_PEAK } from './call-e2e.ts';

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
  /** A file fetched by the agent's page: its type, length and loudest sample (of its last `tailSeconds`, or all; audio), or its frame width (video). */
  const decode = (url: string, tailSeconds = 0) =>
    crm.eval<Decoded>(`(async () => {
      const res = await fetch(${JSON.stringify(url)});
      const buf = await res.arrayBuffer();
      const out = { status: res.status, type: res.headers.get('content-type'), seconds: 0, peak: 0, width: 0 };
      try {
        const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(buf.slice(0));
        out.seconds = audio.duration;
        const samples = audio.getChannelData(0);
        const from = ${tailSeconds} ? Math.max(0, samples.length - Math.round(${tailSeconds} * audio.sampleRate)) : 0;
        out.peak = samples.subarray(from).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
      } catch (err) { out.error = String(err); }
      if (out.type === 'video/webm') {
        const video = Object.assign(document.createElement('video'), { muted: true, src: URL.createObjectURL(new Blob([buf], { type: 'video/webm' })) });
        await new Promise((resolve) => { video.onloadedmetadata = resolve; video.onerror = resolve; });
        out.width = video.videoWidth;
      }
      return out;
    })()`);
  const recordingState = () => widget.eval<string | null>(`document.querySelector('.sb-call-rec')?.dataset.recorder ?? null`);

  it('Pause in the call panel leaves the span out of the files; the badge says so; recordingUrl is the voices\' mix', async () => {
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
    const url = await latestUrl(null);
    const files = (await listing(url)).files;
    expect(files.map((f) => [f.segment, f.part, f.mime, f.status])).to.deep.equal([
      [0, 'in', 'audio/webm', 'complete'],
      [0, 'out', 'audio/webm', 'complete'],
      [0, 'mixed', 'audio/webm', 'complete'],
    ]);
    expect(url, 'recordingUrl is the mix of the voices').to.contain(files[2]!.id);
    const [incoming, outgoing, mix] = [await decode(files[0]!.url), await decode(files[1]!.url), await decode(url)];
    console.log(`paused recording: ${incoming.seconds.toFixed(2)} s in the file, ${mix.seconds.toFixed(2)} s in the mix, ${wall.toFixed(2)} s of wall time`);
    for (const file of [incoming, outgoing, mix]) {
      expect(file.error).to.equal(undefined);
      expect(file.seconds, 'the 2.5 s pause is not in the file').to.be.within(2, wall - 1.8);
    }
    expect(incoming.peak, 'the customer\u2019s voice').to.be.above(SOUND_PEAK);
    expect(outgoing.peak, 'the agent, muted').to.be.below(SILENT_PEAK);
    expect(mix.peak, 'the customer\u2019s voice in the mix').to.be.above(SOUND_PEAK);
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
      [0, 'mixed', 'complete'],
      [1, 'in', 'complete'],
      [1, 'out', 'complete'],
      [1, 'mixed', 'complete'],
    ]);
    expect(recordingId).to.equal(files[0]!.id);
    expect(url, 'recordingUrl is the latest mix').to.contain(files[5]!.id);
    const [first, second] = [await decode(files[2]!.url), await decode(files[5]!.url)];
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
      ['mixed', 'audio/webm'],
    ]);
    const video = await decode(files[1]!.url);
    expect(video.type).to.equal('video/webm');
    expect(video.width, 'one 640 px tile: the agent\u2019s camera').to.equal(640);
    await widget.click('.sb-call-panel [data-action=video]');
    await widget.waitFor('.sb-call-panel [data-action=video][aria-pressed=false]');
  });

  it('the mix holds the agent\u2019s voice too: with the customer muted, the incoming file is silent and the mix is not', async () => {
    const before = await latestUrl(null);
    await widget.click('.sb-call-panel [data-action=mute]'); // the agent speaks again
    await widget.waitFor('.sb-call-panel [data-action=mute][aria-pressed=false]');
    await shop.eval('window.switchboardChat.voice().then((v) => (v.setMuted(true), true))');
    // What the customer said before muting has played at the agent (a loaded machine delays it).
    const contactId = await widget.eval<string>(`document.querySelector('audio[data-contact-id]')?.dataset.contactId ?? ''`);
    await eventually(async () => (await agentPeak(widget, contactId, 700)) < SILENT_PEAK, 10_000, 'the muted customer silent at the agent');
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recordingState()) === 'recording', 10_000, 'the recorder recording');
    await sleep(2_000);
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitForGone('.sb-call-panel [data-recording]');
    const url = await latestUrl(before);
    const { files } = await listing(url);
    expect(files.slice(-3).map((f) => f.part)).to.deep.equal(['in', 'out', 'mixed']);
    const [incoming, outgoing, mix] = await Promise.all(files.slice(-3).map((f) => decode(f.url)));
    console.log(`customer muted: peaks in ${incoming!.peak.toFixed(3)}, out ${outgoing!.peak.toFixed(3)}, mix ${mix!.peak.toFixed(3)}`);
    expect(incoming!.peak, 'the customer, muted').to.be.below(SILENT_PEAK);
    expect(outgoing!.peak, 'the agent\u2019s voice').to.be.above(SOUND_PEAK);
    expect(mix!.peak, 'the agent\u2019s voice in the mix').to.be.above(SOUND_PEAK);
    expect(url).to.contain(files.at(-1)!.id);
  });

  it('the agent picks another microphone mid-recording: the outgoing file and the mix go on with the agent\u2019s voice', async () => {
    const before = await latestUrl(null);
    await widget.click('.sb-call-panel [data-action=record]');
    await eventually(async () => (await recordingState()) === 'recording', 10_000, 'the recorder recording');
    await widget.click('[data-action=audio-settings]');
    await widget.waitFor('select[name=device-input]');
    const other = await eventually(
      () => widget.eval<string | null>(`[...document.querySelectorAll('select[name=device-input] option')].map((o) => o.value).find((v) => v && v !== 'default') ?? null`),
      5_000,
      'a microphone other than the default listed',
    );
    await widget.select('select[name=device-input]', other);
    await sleep(3_500);
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitForGone('.sb-call-panel [data-recording]');
    const { files } = await listing(await latestUrl(before));
    const [outgoing, mix] = await Promise.all(files.slice(-2).map((f) => decode(f.url, 2)));
    console.log(`another microphone mid-recording: peaks of the last 2 s: out ${outgoing!.peak.toFixed(3)}, mix ${mix!.peak.toFixed(3)}`);
    expect(outgoing!.peak, 'the agent\u2019s voice from the new microphone').to.be.above(SOUND_PEAK);
    expect(mix!.peak, 'and in the mix').to.be.above(SOUND_PEAK);
    await widget.select('select[name=device-input]', '');
    await widget.click('[data-action=audio-settings]');
  });
});
