/**
 * Recording a call end to end: the agent presses Record, talks, presses Stop; the recording's
 * link (InteractionData.recordingUrl through the CRM page's host API) gives the agent's page a
 * non-empty audio/webm that plays in an <audio> element, answers Range requests with 206, and
 * holds the customer's (remote, WebRTC) audio; the customer cannot get it.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, answeredCall, deskAndShop, customerStats, grows, sleep } from './call-e2e.ts';

const TALK_MS = 3_500;

describe('end to end: recording a call', function () {
  this.timeout(60_000);
  let server: TestServer;
  const crm = frame('/demo/crm.html');
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  let url = '';
  let stoppedAfterMs = 0;

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await answeredCall('Rita Rec');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
  });
  after(() => stopServer(server));

  it('records: Record, 3.5 s, Stop; the link comes to the CRM through InteractionData', async () => {
    // The agent's microphone is muted: whatever sound the file holds came from the customer over WebRTC.
    await widget.click('.sb-call-panel [data-action=mute]');
    await widget.waitFor('.sb-call-panel [data-action=mute][aria-pressed=true]');
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitFor('.sb-call-panel [data-recording]');
    const startedAt = Date.now();
    await shop.waitForText('.sbc-call-status', 'recorded'); // the customer is told
    await sleep(TALK_MS - (Date.now() - startedAt));
    await widget.click('.sb-call-panel [data-action=record]');
    await widget.waitFor('.sb-call-panel [data-action=record][aria-pressed=false]');
    stoppedAfterMs = Date.now() - startedAt;
    await widget.waitForGone('.sb-call-panel [data-recording]');

    const data = await eventually(async () => {
      const r = await crm.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'voice' && i.recordingUrl)) || null;
    }, 10_000, 'recordingUrl in InteractionData');
    expect(data.callRecording).to.equal(false);
    expect(data.recordingUrl, 'recordingUrl saves what playbackUrl plays').to.equal(`${data.playbackUrl}&download`);
    url = data.playbackUrl!;
    expect(url).to.match(/\/api\/recordings\/[0-9a-f-]{36}\?access=/);
    // The same file: to play in the page, or to save.
    const disposition = (href: string) => crm.eval<string | null>(`fetch(${JSON.stringify(href)}, { method: 'HEAD' }).then((r) => r.headers.get('content-disposition'))`);
    expect(await disposition(data.playbackUrl!)).to.match(/^inline; filename="recording-[0-9a-f-]{36}\.webm"$/);
    expect(await disposition(data.recordingUrl!)).to.match(/^attachment; filename="recording-[0-9a-f-]{36}\.webm"$/);
  });

  it('the agent\u2019s page fetches a non-empty audio/webm holding the customer\u2019s audio in both halves', async () => {
    const file = await crm.eval<{ status: number; type: string; bytes: number; seconds: number; halves: number[]; error?: string }>(`(async () => {
      const res = await fetch(${JSON.stringify(url)});
      const buf = await res.arrayBuffer();
      const out = { status: res.status, type: res.headers.get('content-type'), bytes: buf.byteLength, seconds: 0, halves: [] };
      try {
        const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(buf.slice(0));
        const samples = audio.getChannelData(0);
        out.seconds = audio.duration;
        const half = Math.floor(samples.length / 2);
        // The loudest stretch of each half: the fake microphone beeps, opus silence decodes to ~0.
        out.halves = [samples.subarray(0, half), samples.subarray(half)].map((part) => part.reduce((m, s) => Math.max(m, Math.abs(s)), 0));
      } catch (err) { out.error = String(err); }
      return out;
    })()`);
    console.log(`recording: ${file.bytes} bytes, ${file.seconds.toFixed(2)} s decoded, stopped after ${stoppedAfterMs} ms, peaks ${file.halves.map((p) => p.toFixed(3))}`);
    expect(file.error, 'the file decodes').to.equal(undefined);
    expect(file.status).to.equal(200);
    expect(file.type).to.equal('audio/webm');
    expect(file.bytes).to.be.above(5_000);
    // All of it, to the last partial chunk (cut when Stop was pressed, stored before the recording ended).
    expect(file.seconds, `decoded seconds (stopped after ${stoppedAfterMs} ms)`).to.be.within(TALK_MS / 1000 - 0.3, stoppedAfterMs / 1000 + 1);
    for (const [i, peak] of file.halves.entries()) expect(peak, `peak of half ${i + 1}`).to.be.above(0.05);
  });

  it('plays in an <audio> element (a finite duration over 1 s) and answers a Range request with 206', async () => {
    const played = await crm.eval<{ duration: number; range: number; contentRange: string | null; length: number }>(`(async () => {
      const audio = new Audio();
      audio.preload = 'metadata';
      audio.src = ${JSON.stringify(url)};
      await new Promise((resolve, reject) => { audio.onloadedmetadata = resolve; audio.onerror = () => reject(new Error('media error ' + audio.error?.code)); });
      // MediaRecorder's WebM has no duration in its header: seeking past the end makes the element find it.
      if (!Number.isFinite(audio.duration)) {
        await new Promise((resolve) => { audio.ondurationchange = () => Number.isFinite(audio.duration) && resolve(); audio.currentTime = 1e6; });
      }
      const res = await fetch(${JSON.stringify(url)}, { headers: { range: 'bytes=0-99' } });
      const body = await res.arrayBuffer();
      return { duration: audio.duration, range: res.status, contentRange: res.headers.get('content-range'), length: body.byteLength };
    })()`);
    expect(played.duration).to.be.above(1).and.below(stoppedAfterMs / 1000 + 1);
    expect(played.range).to.equal(206);
    expect(played.length).to.equal(100);
    expect(played.contentRange).to.match(/^bytes 0-99\/\d+$/);
  });

  it('the customer cannot get it: no link over their connection, no file without a signed link', async () => {
    const absolute = new URL(url, server.url).href; // the link is relative to the server
    const recordingId = /recordings\/([^?]+)/.exec(url)![1]!;
    const noAccess = absolute.replace(/\?.*$/, '');
    const customerToken = await shop.eval<string>(`JSON.parse(sessionStorage.getItem('switchboard.customer')).token`);
    expect(customerToken).to.be.a('string');

    // The customer's own session asks the server for a link: refused.
    const reply = await shop.eval<{ ok: boolean; error?: { name: string } }>(`new Promise((resolve, reject) => {
      const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
      ws.onerror = () => reject(new Error('socket error'));
      ws.onopen = () => ws.send(JSON.stringify({ id: 1, type: 'resume', token: ${JSON.stringify(customerToken)}, lastSeq: 0 }));
      ws.onmessage = (e) => {
        const frame = JSON.parse(e.data);
        if (frame.re === 1) {
          if (!frame.ok) return reject(new Error('resume refused: ' + JSON.stringify(frame.error)));
          ws.send(JSON.stringify({ id: 2, type: 'recording.link', recordingId: ${JSON.stringify(recordingId)} }));
        }
        if (frame.re === 2) { ws.close(); resolve(frame); }
      };
    })`);
    expect(reply.ok).to.equal(false);
    expect(reply.error!.name).to.equal('forbidden');

    // The shop's page (served by the Switchboard server, as its SDK is) asks for the file: 401 without a
    // link, whether or not it shows the customer's token, and 403 for a forged one.
    const shopUrl = (href: string) => href.replace(server.url, new URL(server.url.replace('127.0.0.1', 'localhost')).origin);
    const statusOf = (href: string, bearer?: string) => shop.eval<number>(`fetch(${JSON.stringify(shopUrl(href))}${bearer ? `, { headers: { authorization: 'Bearer ${bearer}' } }` : ''}).then((r) => r.status)`);
    expect(await statusOf(noAccess, customerToken)).to.equal(401);
    expect(await statusOf(noAccess)).to.equal(401);
    const access = new URL(absolute).searchParams.get('access')!;
    const forged = `${noAccess}?access=${access.slice(0, -4)}${access.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await statusOf(forged, customerToken)).to.equal(403);
    expect(await statusOf(`${noAccess}?access=${customerToken}`)).to.equal(403);
    // The customer's view of the call never carries recordings.
    const view = await shop.eval<Record<string, unknown>>('window.switchboardChat.getChat().call');
    expect(view).to.not.have.property('recordings');
  });
});
