/**
 * A short network loss on either side of a call, end to end: the CRM page (with the agent's
 * widget) and the shop page are each loaded through a TCP proxy of their own, whose link the test
 * cuts for a few seconds mid-call (nothing crosses, no close crosses: the network went quiet). The
 * server's heartbeat notices and keeps that side's media endpoint away, the call parks; when the
 * link is back the page reconnects, resumes and re-attaches the same endpoint, and the call goes
 * on with the same peer connections (the media path never broke: audio flowed all along).
 */
import { expect } from '@esm-bundle/chai';
import { addIframe, cutLink, eventually, frame, restoreLink, signIn, startServer, stopServer, type TestProxy, type TestServer } from './harness.ts';
import { agentHears, customerStats, grows, sleep } from './call-e2e.ts';

describe('end to end: a short network loss on either side of a call', function () {
  this.timeout(90_000);
  let server: TestServer;
  let crmProxy: TestProxy;
  let shopProxy: TestProxy;
  let widget: ReturnType<typeof frame>;
  let shop: ReturnType<typeof frame>;

  before(async () => {
    // A quick heartbeat, so the server notices a quiet link within the test's few seconds.
    server = await startServer({ proxies: 2, config: { heartbeatSeconds: 1, callReattachSeconds: 30 } });
    [crmProxy, shopProxy] = server.proxies as [TestProxy, TestProxy];
    await addIframe(`${crmProxy.url}/demo/crm.html`, 'crm');
    widget = frame(`${crmProxy.url}/widget/`);
    await signIn(`${crmProxy.url}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    const shopUrl = `http://localhost:${shopProxy.port}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 420, height: 640 });
    shop = frame(shopUrl);
    await shop.type('input[name=name]', 'Nora Net');
    await shop.click('[data-action=call]');
    await widget.click('.sb-incoming-call [data-action=answer]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer');
  });
  after(() => stopServer(server));

  /** Marks what the pages hold now (the customer's peer connection, the widget's call audio element) to tell later whether they were kept. */
  const markMedia = async () => {
    await shop.eval(`window.switchboardChat.voice().then((v) => {
      const c = v.contact();
      window.__pc = c.peerConnection;
      window.__rejoins = [];
      window.__rejoinOff?.();
      window.__rejoinOff = c.on('reattached', (e) => window.__rejoins.push(e.kept));
      return true;
    })`);
    await widget.eval(`(document.querySelector('audio[data-contact-id]').__mark = 'before', true)`);
  };
  const samePeerConnection = () => shop.eval<boolean>(`window.switchboardChat.voice().then((v) => v.contact().peerConnection === window.__pc)`);
  const sameWidgetMedia = () => widget.eval<boolean>(`document.querySelector('audio[data-contact-id]')?.__mark === 'before'`);

  /** Audio grows both ways: at the agent (its call panel) and at the customer (getStats). */
  async function audioBothWays(what: string): Promise<void> {
    await eventually(() => agentHears(widget), 10_000, `audio at the agent ${what}`);
    await grows(async () => (await customerStats(shop)).inboundBytes, `audio at the customer ${what}`);
  }

  it('the customer\u2019s link goes quiet for a few seconds: the server parks the call, the shop rejoins with the same peer connection and audio flows both ways', async () => {
    await markMedia();
    await cutLink(shopProxy);
    const cutAt = Date.now();
    // The server's heartbeat notices: the agent sees the call parked, while audio still flows peer to peer.
    await widget.waitFor('.sb-call-panel [data-parked]');
    await audioBothWays('while the customer\u2019s signalling is down');
    await sleep(3_000 - (Date.now() - cutAt));
    const cut = await restoreLink(shopProxy);
    expect(cut.closedByServerDuringCut, 'the server closed the quiet socket').to.be.at.least(1);
    await eventually(() => shop.eval<boolean[]>('window.__rejoins').then((r) => r.length === 1), 15_000, 'the shop re-attached its endpoint');
    expect(await shop.eval<boolean[]>('window.__rejoins'), 'the peer connection was kept').to.deep.equal([true]);
    await widget.waitForGone('.sb-call-panel [data-parked]');
    await shop.waitFor('.sbc-call[data-parked=false][data-call-state=connected]');
    await audioBothWays('after the customer is back');
    expect(await samePeerConnection()).to.equal(true);
    expect(await sameWidgetMedia()).to.equal(true);
  });

  it('the agent\u2019s link goes quiet for a few seconds: the shop shows the call reconnecting, the widget rejoins and audio flows both ways on the same call', async () => {
    await markMedia();
    await cutLink(crmProxy);
    const cutAt = Date.now();
    await shop.waitFor('.sbc-call[data-parked=true][data-call-state=connected]');
    await grows(async () => (await customerStats(shop)).inboundBytes, 'audio at the customer while the agent\u2019s signalling is down');
    await sleep(3_000 - (Date.now() - cutAt));
    const cut = await restoreLink(crmProxy);
    expect(cut.closedByServerDuringCut, 'the server closed the quiet socket').to.be.at.least(1);
    await shop.waitFor('.sbc-call[data-parked=false][data-call-state=connected]');
    await audioBothWays('after the agent is back');
    expect(await samePeerConnection(), 'the customer kept its peer connection').to.equal(true);
    expect(await sameWidgetMedia(), 'the widget kept its call media').to.equal(true);
    expect(await widget.eval<number>(`document.querySelectorAll('.sb-call-panel[data-call-state=connected]').length`)).to.equal(1);
  });

  it('hangs up normally afterwards', async () => {
    await widget.click('.sb-call-panel [data-action=hangup]');
    await shop.waitForText('.sbc-messages', 'The call has ended');
  });
});
