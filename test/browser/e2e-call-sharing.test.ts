/**
 * Screen sharing on a call: the agent asks, the shop shows the request, the customer shares; the
 * shop shows a red "you are sharing" bar, the agent's widget plays the screen; one click on
 * "Stop sharing" stops it on both sides and in the server's call view. A refusal reaches the agent.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears, answeredCall, deskAndShop, customerStats, grows, videoFramesExpr } from './call-e2e.ts';

describe('end to end: the customer shares their screen', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const sharingInServerView = () => shop.eval<boolean>('window.switchboardChat.getChat().call.sharing');

  before(async () => {
    server = await startServer();
    await deskAndShop(server);
    await answeredCall('Sara Share');
  });
  after(() => stopServer(server));

  it('the customer declines: the agent is told, nothing is shared', async () => {
    await widget.click('.sb-call-panel [data-action=ask-share]');
    await shop.waitForText('.sbc-ask', 'Alice asks to see your screen');
    await shop.click('.sbc-ask [data-action=share-decline]');
    await widget.waitForText('.sb-error', 'did not share');
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-ask').hidden`)).to.equal(true);
    expect(await shop.eval<boolean>(`document.querySelector('.sbc-sharing').hidden`)).to.equal(true);
    expect(await sharingInServerView()).to.equal(false);
    expect(await widget.eval<number>(`document.querySelectorAll('video[data-remote=screen]').length`)).to.equal(0);
    await widget.click('.sb-error'); // dismissed
  });

  it('the customer accepts: the shop shows the sharing bar, the agent gets the screen with frames', async () => {
    await widget.click('.sb-call-panel [data-action=ask-share]');
    await shop.waitForText('.sbc-ask', 'asks to see your screen');
    await shop.click('.sbc-ask [data-action=share-accept]');
    await shop.waitForText('.sbc-sharing', 'You are sharing your screen');
    const bar = await shop.eval<string>(`getComputedStyle(document.querySelector('.sbc-sharing')).backgroundColor`);
    const [r, g, b] = bar.match(/\d+/g)!.map(Number);
    expect(r, `the sharing bar is red (${bar})`).to.be.above(150);
    expect(g! + b!).to.be.below(r!);
    // The customer sends a screen track of its own (not the camera).
    expect(await shop.eval<string[]>('window.switchboardChat.voice().then((v) => v.contact().localScreen.getVideoTracks().map((t) => t.readyState))')).to.deep.equal(['live']);

    await widget.waitFor('.sb-call-panel video[data-remote=screen]');
    const frames = await widget.eval<{ width: number } | null>(videoFramesExpr('.sb-call-panel video[data-remote=screen]'));
    expect(frames, 'frames of the shared screen in the widget').to.not.equal(null);
    expect(frames!.width).to.be.above(0);
    expect(await widget.eval<number>(`document.querySelectorAll('video[data-remote=camera]').length`), 'the screen is not taken for a camera').to.equal(0);
    await eventually(sharingInServerView, 5_000, 'sharing in the server\u2019s call view');
    await widget.waitFor('.sb-call-panel [data-sharing]');
    await grows(async () => (await customerStats(shop)).outboundBytes, 'the customer\u2019s audio goes on while sharing');
  });

  it('one click on "Stop sharing" stops it on both sides and in the server\u2019s view', async () => {
    await shop.click('.sbc-sharing [data-action=stop-sharing]');
    await shop.waitForGone('.sbc-sharing');
    expect(await shop.eval<string[]>('window.switchboardChat.voice().then((v) => v.contact().localScreen.getTracks().map((t) => t.readyState))')).to.deep.equal([]);
    await widget.waitForGone('.sb-call-panel video[data-remote=screen]');
    await eventually(async () => (await sharingInServerView()) === false, 5_000, 'sharing false in the server\u2019s call view');
    await widget.waitForGone('.sb-call-panel [data-sharing]');
    expect(await agentHears(widget)).to.equal(true);
  });
});
