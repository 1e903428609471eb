/**
 * The server goes down in the middle of a chat and comes back: the widget shows "Reconnecting…",
 * the host hears the connection state, an error the outage caused goes away, and the messages
 * the agent and the customer typed meanwhile arrive once each.
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { HostEventName, OperationResult, WidgetConfig } from '../../protocol/index.ts';
import { addIframe, eventually, frame, pauseServer, resumeServer, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

describe('connection lost and back', function () {
  this.timeout(90_000);
  let server: TestServer;
  let api: AgentDesktopClientAPIImpl;
  const events: [HostEventName, any][] = [];

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await stopServer(server);
  });

  it('shows Reconnecting, tells the host, clears the outage’s error, and delivers what was typed meanwhile once', async () => {
    api = new AgentDesktopClientAPIImpl({ server: server.url });
    Object.assign(api.iframe.style, { width: '480px', height: '600px' });
    for (const name of ['ON_CONNECTION_STATE_CHANGE', 'ON_NEW_INTERACTION'] as const) api.on(name, (...args: any[]) => void events.push([name, args]));
    const widget = frame(`${server.url}/widget/`);
    const shopUrl = `${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`;
    const shop = frame(shopUrl);

    expect((await api.login({ username: 'alice', password: 'alice' })).status).to.equal('success');
    await api.setAgentState('ready');
    await addIframe(shopUrl, 'shop', { width: 360, height: 480 });
    await startShopChat(shopUrl, 'Dario');
    await shop.waitFor('[name=message]:not([disabled])');
    await shop.type('[name=message]', 'hello');
    await shop.click('[data-action=send]');
    const offered = await eventually(() => events.find(([n]) => n === 'ON_NEW_INTERACTION')?.[1][0], 10_000, 'the offer');
    expect((await api.acceptInteraction(offered.interactionId)).status).to.equal('success');
    await widget.waitForText('.sb-messages', 'hello');
    await widget.waitForGone('[data-connection-bar]');

    // The server goes down.
    await pauseServer(server);
    await widget.waitForText('[data-connection-bar]', 'Reconnecting…');
    await shop.waitForText('.sbc-connection', 'Reconnecting…');
    await eventually(() => events.some(([n, d]) => n === 'ON_CONNECTION_STATE_CHANGE' && d[0] === 'DISCONNECTED' && d[1] === 'CONNECTED'), 5_000, 'DISCONNECTED for the host');
    const down = await api.getConfig();
    expect(down.status === 'success' && ['DISCONNECTED', 'CONNECTING'].includes(down.data.connection.state)).to.equal(true);

    // Meanwhile the agent changes state (it waits, then fails: the connection is down) and both sides type.
    await widget.select('select[name=agent-state]', 'AWAY');
    await widget.type('input[name=message]', 'sent while the server was down');
    await widget.click('[data-action=send]');
    await widget.waitForText('[data-outgoing]', 'sent while the server was down');
    expect(await widget.eval<string>("document.querySelector('input[name=message]').value")).to.equal('', 'the composer is free for the next message');
    await shop.type('[name=message]', 'typed offline by the customer');
    await shop.click('[data-action=send]');
    // The state change gives up after its timeout (10 s): an error the outage caused.
    await eventually(() => widget.eval<boolean>("!!document.querySelector('[data-connection-error]')"), 15_000, 'the state change to fail');

    // The server is back: the bar and the outage's error go, the queued messages go out.
    await resumeServer(server);
    await widget.waitForGone('[data-connection-bar]');
    await widget.waitForGone('[data-connection-error]');
    await shop.waitForGone('.sbc-connection');
    await widget.waitForGone('[data-outgoing]');
    await shop.waitForText('.sbc-messages', 'sent while the server was down');
    await widget.waitForText('.sb-messages', 'typed offline by the customer');
    await new Promise((r) => setTimeout(r, 500)); // a second copy would be here by now
    const agentTexts = await widget.texts('.sb-message .sb-text');
    const shopTexts = await shop.texts('.sbc-messages .sbc-text, .sbc-messages li.sys');
    expect(agentTexts.filter((t) => t === 'sent while the server was down')).to.have.length(1);
    expect(agentTexts.filter((t) => t === 'typed offline by the customer')).to.have.length(1);
    expect(shopTexts.filter((t) => t.endsWith('sent while the server was down'))).to.have.length(1);
    expect(shopTexts.filter((t) => t === 'typed offline by the customer')).to.have.length(1);

    const states = events.filter(([n]) => n === 'ON_CONNECTION_STATE_CHANGE').map(([, d]) => d[0]);
    expect(states.at(-1)).to.equal('CONNECTED');
    expect(states.indexOf('CONNECTED', states.indexOf('DISCONNECTED'))).to.be.greaterThan(0);
    const config = (await api.getConfig()) as OperationResult<WidgetConfig>;
    expect(config.status === 'success' && config.data.connection.state).to.equal('CONNECTED');
    expect(config.status === 'success' && config.data.connection.processed).to.be.greaterThan(0);
    expect(config.status === 'success' && config.data.connection).to.include.keys('ignoredDuplicate', 'outOfOrder');
    // The details in the agent bar say the same.
    await widget.click('[data-connection-details] summary');
    await widget.waitForText('[data-connection-details] [data-connection-state]', 'CONNECTED');
  });
});
