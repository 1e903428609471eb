/**
 * Video on a call, both ways: the agent turns the camera on from the widget's call panel and the
 * shop's page plays it; then the customer turns theirs on from the shop and the widget's call
 * panel plays it. Frames are checked in the <video> elements, not just the buttons.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, answeredCall, deskAndShop, customerStats, grows, videoFramesExpr } from './call-e2e.ts';

describe('end to end: video on a call', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await answeredCall('Vito Video');
  });
  after(() => stopServer(server));

  it('the agent adds video: the shop plays the agent\u2019s camera', async () => {
    expect(await widget.eval<number>(`document.querySelectorAll('video[data-remote]').length`)).to.equal(0);
    await widget.click('.sb-call-panel [data-action=video]');
    await widget.waitFor('.sb-call-panel [data-action=video][aria-pressed=true]');
    await eventually(() => shop.eval<boolean>('window.switchboardChat.getChat().call.video === true'), 5_000, 'the call has video in the server’s view');
    const frames = await shop.eval<{ width: number; height: number } | null>(videoFramesExpr('.sbc-video'));
    expect(frames, 'frames of the agent\u2019s camera at the shop').to.not.equal(null);
    expect(frames!.width).to.be.above(0);
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-video').hidden`)).to.equal(false);
    // Audio goes on beside the video.
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer with video on');
  });

  it('the customer adds video from the shop: the widget\u2019s call panel plays the customer\u2019s camera, sized to fit', async () => {
    await shop.click('.sbc-call [data-action=video]');
    await widget.waitFor('.sb-call-panel video[data-remote=camera]');
    const frames = await widget.eval<{ width: number; height: number } | null>(videoFramesExpr('.sb-call-panel video[data-remote=camera]'));
    expect(frames, 'frames of the customer\u2019s camera in the widget').to.not.equal(null);
    expect(frames!.width).to.be.above(0);
    // The video's track is the customer's camera, live, beside the audio that still flows.
    expect(await widget.eval<string[]>(`document.querySelector('video[data-remote=camera]').srcObject.getTracks().map((t) => t.kind + ':' + t.readyState).sort()`)).to.deep.equal(['audio:live', 'video:live']);
    expect(await agentHears(widget)).to.equal(true);
    // At the widget's narrowest (320 px) the video stays inside the panel.
    await widget.eval(`(document.documentElement.style.width = '320px', true)`);
    const box = await widget.eval<{ video: number; panel: number }>(`(() => {
      const v = document.querySelector('video[data-remote=camera]').getBoundingClientRect();
      const p = document.querySelector('.sb-call-panel').getBoundingClientRect();
      return { video: v.right, panel: p.right };
    })()`);
    expect(box.video).to.be.at.most(box.panel);
    await widget.eval(`(document.documentElement.style.width = '', true)`);
  });

  it('the agent stops video while the customer\u2019s is on: the shop\u2019s video goes away, the call goes on, and it comes back', async () => {
    await widget.click('.sb-call-panel [data-action=video]');
    await widget.waitFor('.sb-call-panel [data-action=video][aria-pressed=false]');
    await eventually(() => shop.eval<boolean>(`(() => { const v = document.querySelector('.sbc-video'); return v.hidden || !v.srcObject?.getVideoTracks().length; })()`), 5_000, 'the agent\u2019s video gone at the shop');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer after video');
    // The customer's camera still runs: the agent still sees it, and the call still has video.
    expect(await widget.eval<boolean>(videoFramesExpr('.sb-call-panel video[data-remote=camera]'))).to.not.equal(null);
    expect(await shop.eval<boolean>('window.switchboardChat.getChat().call.video')).to.equal(true);
    // And the agent can turn the camera on again while the customer's is on.
    await widget.click('.sb-call-panel [data-action=video]');
    await widget.waitFor('.sb-call-panel [data-action=video][aria-pressed=true]');
    expect(await shop.eval<unknown>(videoFramesExpr('.sbc-video'))).to.not.equal(null);
    await widget.click('.sb-call-panel [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
  });
});
