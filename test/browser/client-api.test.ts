/** The host library against a real widget and server, from a host page on another origin. */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl, type HostEventMap } from '../../client-api/index.ts';
import { executeServerCommand } from '@web/test-runner-commands';
import { eventually, frame, startServer, stopServer, type TestServer } from './harness.ts';

async function logIn(widgetUrlPart: string, username: string) {
  const widget = frame(widgetUrlPart);
  await widget.type('input[name=username]', username);
  await widget.type('input[name=password]', username);
  await widget.click('[data-action=login]');
  await widget.waitFor('select[name=agent-state]');
}

describe('AgentDesktopClientAPIImpl', function () {
  this.timeout(30_000);
  let server: TestServer;
  let container: HTMLDivElement;

  before(async () => {
    server = await startServer();
  });
  after(() => stopServer(server));
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => container.remove());

  it('imports the host library as an ES module from another origin (CORS), as the README says', async () => {
    const crossOrigin = `${server.url}/client-api.js`; // 127.0.0.1:port, while this page is on localhost
    expect(new URL(crossOrigin).origin).not.to.equal(location.origin);
    const module = await import(/* @vite-ignore */ crossOrigin);
    expect(module.AgentDesktopClientAPIImpl).to.be.a('function');
    const api = new module.AgentDesktopClientAPIImpl({ server: server.url, container });
    expect((await api.getLoginState()).status).to.equal('success');
  });

  it('answers not_logged_in before login, then the state, with events', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container });
    expect(api.iframe.allow).to.equal('microphone; camera; autoplay');
    expect(api.iframe.src).to.equal(`${server.url}/widget/`);
    const logins: HostEventMap['ON_LOGIN'][0][] = [];
    const off = api.on('ON_LOGIN', (data) => logins.push(data));
    let other = 0;
    const offOther = api.on('ON_LOGIN', () => other++);
    offOther();

    const before = await api.getInteractionsState();
    expect(before).to.deep.equal({ status: 'error', error: { code: 2, name: 'not_logged_in', message: 'the agent is not logged in' } });

    await logIn(`${server.port}/widget/`, 'bob');
    const after = await eventually(async () => {
      const r = await api.getInteractionsState();
      return r.status === 'success' ? r : null;
    });
    expect(after).to.deep.equal({ status: 'success', data: { activeInteractionId: null, interactions: [] } });
    await eventually(() => logins.length === 1, 5_000, 'ON_LOGIN');
    expect(logins[0]).to.include({ isLoggedIn: true, agentId: 'bob', username: 'bob' });
    expect(other).to.equal(0);
    off();
  });

  it("takes Bright Pattern's constructor options: mountRoot, adcFrame, standalone; remove() unsubscribes", async () => {
    // mountRoot: the widget takes the element's size.
    Object.assign(container.style, { width: '320px', height: '420px' });
    const mounted = new AgentDesktopClientAPIImpl({ server: server.url, mountRoot: container, integrationKey: 'k1' });
    await eventually(async () => (await mounted.getLoginState()).status === 'success', 5_000, 'the mounted widget');
    const rect = mounted.iframe.getBoundingClientRect();
    expect([rect.width, rect.height]).to.deep.equal([320, 420]);
    expect(mounted.iframe.parentElement).to.equal(container);

    // adcFrame: an iframe of the page's own, which the library points at the widget.
    const own = document.createElement('iframe');
    container.append(own);
    const framed = new AgentDesktopClientAPIImpl({ server: server.url, adcFrame: own });
    expect(framed.iframe).to.equal(own);
    expect(own.src).to.equal(`${server.url}/widget/`);
    const state = await eventually(async () => {
      const r = await framed.getLoginState();
      return r.status === 'success' && r.data.isLoggedIn ? r.data : null;
    }, 5_000, 'the session followed in the adcFrame widget');
    expect(state.agentId).to.equal('bob');

    // standalone: no widget UI, the API still works; remove() takes a handler off.
    const headless = new AgentDesktopClientAPIImpl({ server: server.url, container, standalone: true });
    expect(headless.iframe.style.display).to.equal('none');
    await eventually(async () => (await headless.getAgentState()).status === 'success', 5_000, 'the standalone widget');
    const kept: string[] = [];
    const removed: string[] = [];
    const onRemoved = (state: string) => void removed.push(state);
    headless.on('ON_AGENT_STATE_CHANGE', (state, reason) => void kept.push(reason ?? state));
    headless.on('ON_AGENT_STATE_CHANGE', onRemoved);
    headless.remove('ON_AGENT_STATE_CHANGE', onRemoved);
    expect(await headless.setAgentState('not_ready', 'Back soon')).to.deep.equal({ status: 'success', data: null });
    await eventually(() => kept.includes('Back soon'), 5_000, 'ON_AGENT_STATE_CHANGE');
    expect(removed).to.deep.equal([]);
  });

  it('refuses a host that speaks another protocol version', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container });
    await api.getInteractionsState(); // the widget is up
    const { port1, port2 } = new MessageChannel();
    const reply = new Promise<any>((resolve) => (port1.onmessage = (e) => resolve(e.data)));
    api.iframe.contentWindow!.postMessage({ sbHello: 999 }, server.url, [port2]);
    const answer = await reply;
    expect(answer.sbRefused).to.include({ code: 99, name: 'unknown_error' });
    expect(answer.sbRefused.message).to.match(/999/);
    expect(answer.version).to.equal(2);
  });

  it('gives a page on an origin not on the allowlist no data: the widget refuses to be framed by it', async () => {
    const strict = await startServer({ allowTestPage: false });
    try {
      const api = new AgentDesktopClientAPIImpl({ server: strict.url, container, timeoutMs: 1_500 });
      const leaked: unknown[] = [];
      api.on('ON_LOGIN', (d) => leaked.push(d));
      const result = await api.getInteractionsState();
      expect(result.status).to.equal('error');
      expect(result.status === 'error' && result.error.name).to.equal('not_enough_privileges');
      expect(result.status === 'error' && result.error.code).to.equal(1);
      expect(leaked).to.deep.equal([]);
      // frame-ancestors: the browser shows its error page instead of the widget, so no agent can work in it here.
      const framed = await executeServerCommand('sb-frame', { frame: `${strict.port}/widget/`, action: 'waitFor', selector: 'body', timeoutMs: 2_000 }).then(
        () => true,
        () => false,
      );
      expect(framed).to.equal(false);
    } finally {
      await stopServer(strict);
    }
  });

  it('gets bad_request for malformed frames and keeps the socket open; agent sessions are refused on a socket from another site', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`);
    const replies: any[] = [];
    ws.onmessage = (e) => replies.push(JSON.parse(e.data));
    await new Promise((r) => (ws.onopen = r));
    ws.send('{oops');
    ws.send(JSON.stringify({ id: 'a', type: 'agent.login', username: 42 }));
    ws.send(JSON.stringify({ id: 'b', type: 'contact.accept' }));
    ws.send(JSON.stringify({ id: 'c', type: 'agent.login', username: 'alice', password: 'alice' }));
    await eventually(() => replies.length === 4, 5_000, 'four replies');
    const byId = Object.fromEntries(replies.map((r) => [String(r.re), r]));
    expect(byId.null.error.name).to.equal('bad_request');
    expect(byId.a.error).to.deep.include({ name: 'bad_request' });
    expect(byId.a.error.message).to.match(/username/);
    expect(byId.b.error.message).to.match(/contactId/);
    // This page is not the widget: it may open customer chats, never drive an agent.
    expect(byId.c.ok).to.equal(false);
    expect(byId.c.error.name).to.equal('forbidden');
    expect(ws.readyState).to.equal(WebSocket.OPEN);
    ws.close();
  });
});
