/**
 * A crash loses at most a few seconds of a recording: the agent records a call from one tab of the
 * CRM, that tab's renderer crashes (no pagehide, no unload, nothing flushed), the agent's other tab
 * takes the call over and goes on recording; the file written before the crash holds all but the
 * last couple of seconds (chunks are uploaded every second while recording), and it plays.
 */
import { expect } from '@esm-bundle/chai';
import type { InteractionData, InteractionsState, OperationResult } from '../../protocol/index.ts';
import { addIframe, closeTab, crashTab, eventually, frame, openTab, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, customerStats, grows, sleep, SOUND_PEAK } from './call-e2e.ts';

/** What a crash may lose of a recording: the chunk being cut (1 s timeslice) and one on its way. */
const MAX_LOST_SECONDS = 3;

describe('end to end: the tab recording a call crashes', function () {
  this.timeout(90_000);
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => stopServer(server));

  it('what was uploaded before the crash is kept and plays: at most a few seconds are lost; the other tab records on', async () => {
    const crm = `${server.url}/demo/crm.html`;
    const first = await openTab(crm);
    const widgetA = frame(`${server.url}/widget/`, first);
    await widgetA.type('input[name=username]', 'alice');
    await widgetA.type('input[name=password]', 'alice');
    await widgetA.click('[data-action=login]');
    await widgetA.select('select[name=agent-state]', 'ONLINE');
    const second = await openTab(crm);
    const widgetB = frame(`${server.url}/widget/`, second);
    await widgetB.waitFor('[data-follower]');

    await addIframe(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`, 'shop', { width: 420, height: 640 });
    const shop = frame('/demo/shop.html');
    await shop.type('input[name=name]', 'Cora Crash');
    await shop.click('[data-action=call]');
    await widgetA.click('.sb-incoming-call[data-call-state=ringing] [data-action=answer]');
    await widgetA.waitFor('.sb-call-panel[data-call-state=connected]');
    await eventually(() => agentHears(widgetA), 10_000, 'audio at the owner tab');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');

    const recording = (w: typeof widgetA) => w.eval<boolean>(`document.querySelector('.sb-call-rec')?.dataset.recorder === 'recording'`);
    await widgetA.click('.sb-call-panel [data-action=record]');
    await eventually(() => recording(widgetA), 10_000, 'the owner tab recording');
    const began = Date.now();
    await sleep(5_000);
    expect(await crashTab(first), 'the tab crashed').to.equal(true);
    const recordedBeforeCrash = (Date.now() - began) / 1000;

    // The other tab takes the call over and records the next file of the same recording.
    await widgetB.waitForGone('[data-follower]');
    await eventually(() => recording(widgetB), 15_000, 'the other tab recording');
    await sleep(1_500);
    await widgetB.click('.sb-call-panel [data-action=record]');
    await widgetB.waitForGone('.sb-call-panel [data-recording]');

    const crmB = frame(crm, second);
    const files = await eventually(async () => {
      const r = await crmB.eval<OperationResult<InteractionsState>>('Switchboard.api.getInteractionsState()');
      const url = r.status === 'success' ? r.data.interactions.find((i: InteractionData) => i.type === 'voice')?.recordingUrl : undefined;
      if (!url) return null;
      return crmB.eval<{ segment: number; part: string; status: string; seconds: number; peak: number }[]>(`(async () => {
        const { files } = await fetch(${JSON.stringify(url.replace('?', '/files?'))}).then((r) => r.json());
        return Promise.all(files.map(async (f) => {
          const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(await (await fetch(f.url)).arrayBuffer());
          const peak = audio.getChannelData(0).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
          return { segment: f.segment, part: f.part, status: f.status, seconds: audio.duration, peak };
        }));
      })()`);
    }, 10_000, 'the recording\u2019s files');
    expect(files.map((f) => [f.segment, f.part, f.status])).to.deep.equal([
      [0, 'mixed', 'complete'],
      [1, 'mixed', 'complete'],
    ]);
    const beforeCrash = files[0]!;
    const lost = recordedBeforeCrash - beforeCrash.seconds;
    console.log(`crash mid-recording: ${recordedBeforeCrash.toFixed(2)} s recorded, ${beforeCrash.seconds.toFixed(2)} s kept, ${lost.toFixed(2)} s lost`);
    expect(beforeCrash.seconds, `at most ${MAX_LOST_SECONDS} s lost of ${recordedBeforeCrash.toFixed(2)} s`).to.be.at.least(recordedBeforeCrash - MAX_LOST_SECONDS);
    for (const f of files) expect(f.peak, `sound in segment ${f.segment}`).to.be.above(SOUND_PEAK);

    await widgetB.click('.sb-call-panel [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
    await closeTab(second);
  });
});
