/** The host's link to the widget outlives the widget: reloads, refusals, failing CRM handlers, a slow server config. */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl, type HostEventMap, type OperationResult } from '../../client-api/index.ts';
import { eventually, frame, openTab, closeTab, failedRequests, startServer, stopServer, type TestServer } from './harness.ts';

const dataOf = <T>(r: OperationResult<T>): T => {
  if (r.status !== 'success') throw new Error(`expected success, got ${r.error.name}: ${r.error.message}`);
  return r.data;
};
const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work;
  return [value, performance.now() - start];
};

describe('the host link', function () {
  this.timeout(60_000);
  let server: TestServer;
  let container: HTMLDivElement;

  before(async () => (server = await startServer()));
  after(() => stopServer(server));
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => container.remove());

  it('re-links when the widget reloads: a call made while it loads waits and succeeds, events arrive again, once', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container, timeoutMs: 5_000 });
    const states: { state: HostEventMap['ON_AGENT_STATE_CHANGE'][0]; notReadyReason?: string }[] = [];
    api.on('ON_AGENT_STATE_CHANGE', (state, notReadyReason) => void states.push({ state, notReadyReason }));
    expect(dataOf(await api.login({ username: 'bob', password: 'bob' }, true))).to.equal(null);
    expect(dataOf(await api.setAgentState('ready'))).to.equal(null);
    await eventually(() => states.some((s) => s.state === 'ready'), 5_000, 'ON_AGENT_STATE_CHANGE before the reload');

    // The widget page reloads (a deploy, a user's F5). The host calls as soon as the old page said
    // goodbye (before the new one loaded), and again as soon as the new one loaded: both succeed.
    let loaded = false;
    const loading = new Promise((r) => api.iframe.addEventListener('load', r, { once: true })).then(() => (loaded = true));
    const duringReload = new Promise<[OperationResult<unknown>, boolean]>((resolve) =>
      api.injectMessageLogger((name, message) => {
        if (name === 'LINK' && (message as { sbBye?: boolean } | null)?.sbBye) queueMicrotask(() => resolve(Promise.all([api.getLoginState(), loaded])));
      }),
    );
    await frame(`${server.port}/widget/`).eval('setTimeout(() => location.reload(), 0), true');
    const [whileLoading, loadedThen] = await duringReload;
    expect(loadedThen).to.equal(false);
    expect(whileLoading.status).to.equal('success');
    await loading;
    const [first, ms] = await timed(api.getLoginState());
    expect(first.status).to.equal('success');
    expect(ms).to.be.below(5_000);
    await eventually(async () => dataOf(await api.getLoginState()).isLoggedIn, 5_000, 'the session restored in the new page');

    states.length = 0;
    expect(dataOf(await api.setAgentState('not_ready', 'Away'))).to.equal(null);
    await eventually(() => states.some((s) => s.state === 'not_ready'), 5_000, 'ON_AGENT_STATE_CHANGE after the reload');
    await new Promise((r) => setTimeout(r, 300));
    expect(states.filter((s) => s.state === 'not_ready')).to.have.length(1); // one subscription, not one per load

    // Setting the iframe's src again is another reload: the link follows it too.
    api.iframe.src = api.iframe.src;
    await new Promise((r) => api.iframe.addEventListener('load', r, { once: true }));
    await eventually(async () => dataOf(await api.getLoginState()).isLoggedIn, 5_000, 'the session restored after the second reload');
    expect(dataOf(await api.setAgentState('ready'))).to.equal(null);
    await eventually(() => states.some((s) => s.state === 'ready'), 5_000, 'ON_AGENT_STATE_CHANGE after the second reload');
    expect(dataOf(await api.logout())).to.equal(null);
  });

  it('answers at once a call the widget page left unanswered when it went', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container, timeoutMs: 8_000 });
    const widget = frame(`${server.port}/widget/`);
    expect(dataOf(await api.login({ username: 'alice', password: 'alice' }, true))).to.equal(null);
    // The widget's requests to its server go nowhere, so it never answers getTeamMembers; then its page reloads.
    await widget.eval('WebSocket.prototype.send = () => {}, true');
    const pending = timed(api.getTeamMembers('all'));
    await new Promise((r) => setTimeout(r, 200));
    await widget.eval('setTimeout(() => location.reload(), 0), true');
    const [result, ms] = await pending;
    expect(result.status === 'error' && result.error).to.include({ code: 99, name: 'unknown_error' });
    expect(result.status === 'error' && result.error.message).to.match(/went before answering getTeamMembers/);
    expect(ms).to.be.below(3_000);
    await eventually(async () => dataOf(await api.getLoginState()).isLoggedIn, 5_000, 'the new page, logged in');
    expect(dataOf(await api.logout())).to.equal(null);
  });

  it('treats a widget page that went without a goodbye (a crash) the same, once the next one loads', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container, timeoutMs: 8_000 });
    const widget = frame(`${server.port}/widget/`);
    expect(dataOf(await api.login({ username: 'alice', password: 'alice' }, true))).to.equal(null);
    // No goodbye, and no answer to getTeamMembers.
    await widget.eval(`
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (message, transfer) { if (!message?.sbBye) post.call(this, message, transfer); };
      WebSocket.prototype.send = () => {};
      true`);
    const pending = timed(api.getTeamMembers('all'));
    await new Promise((r) => setTimeout(r, 200));
    await widget.eval('setTimeout(() => location.reload(), 0), true');
    const [result, ms] = await pending;
    expect(result.status === 'error' && result.error.message).to.match(/went before answering getTeamMembers/);
    expect(ms).to.be.below(3_000);
    await eventually(async () => dataOf(await api.getLoginState()).isLoggedIn, 5_000, 'the new page, logged in');
    expect(dataOf(await api.logout())).to.equal(null);
  });

  it('never runs a call after it answered timeout', async () => {
    // Times out long before the new widget links; the login must not happen once it does.
    const hasty = new AgentDesktopClientAPIImpl({ server: server.url, container, timeoutMs: 20 });
    const result = await hasty.login({ username: 'carol', password: 'carol' }, true);
    expect(result.status === 'error' && result.error.name).to.equal('timeout');
    const widget = frame(`${server.port}/widget/`);
    await widget.waitFor('input[name=username]');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await widget.eval<boolean>('!!document.querySelector("select[name=agent-state]")')).to.equal(false);
  });

  it('tells a host off the allowlist at once: not_enough_privileges naming its origin and the setting', async () => {
    const strict = await startServer({ allowTestPage: false });
    try {
      const api = new AgentDesktopClientAPIImpl({ server: strict.url, container }); // the default 10 s timeout
      const [result, ms] = await timed(api.getInteractionsState());
      expect(result.status).to.equal('error');
      const error = result.status === 'error' ? result.error : null;
      expect(error).to.include({ code: 1, name: 'not_enough_privileges' });
      expect(error!.message).to.include(location.origin).and.include('allowedOrigins').and.include('SB_ALLOWED_ORIGINS');
      expect(ms).to.be.below(1_000);

      // The widget page refuses to be framed here (frame-ancestors): the answer came from the server,
      // and it is the same for any page of the server the host frames.
      const noWidget = Object.assign(document.createElement('iframe'), { src: `${strict.url}/no-widget-here/` });
      container.append(noWidget);
      const [bare, bareMs] = await timed(new AgentDesktopClientAPIImpl({ widget: noWidget }).getLoginState());
      expect(bare).to.deep.equal({ status: 'error', error });
      expect(bareMs).to.be.below(1_000);

      const access = await (await fetch(`${strict.url}/api/host-access`)).json();
      expect(access).to.deep.equal({ allowed: false, origin: location.origin, error });
      expect(await (await fetch(`${server.url}/api/host-access`)).json()).to.deep.equal({ allowed: true, origin: location.origin });
    } finally {
      await stopServer(strict);
    }
  });

  it('keeps delivering events when a CRM handler throws or rejects', async () => {
    const api = new AgentDesktopClientAPIImpl({ server: server.url, container });
    const reported: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void reported.push(args);
    try {
      let thrown = 0;
      let rejected = 0;
      const seen: string[] = [];
      api.on('ON_AGENT_STATE_CHANGE', () => {
        thrown++;
        throw new Error('CRM bug');
      });
      api.on('ON_AGENT_STATE_CHANGE', async () => {
        rejected++;
        throw new Error('CRM async bug');
      });
      api.on('ON_AGENT_STATE_CHANGE', (state, reason) => void seen.push(reason ?? state));
      expect(dataOf(await api.login({ username: 'carol', password: 'carol' }, true))).to.equal(null);
      for (const [state, reason] of [['ready'], ['not_ready', 'Away'], ['not_ready', 'Back soon'], ['ready']] as const) {
        dataOf(await api.setAgentState(state, reason));
        await eventually(() => seen.at(-1) === (reason ?? state), 5_000, `ON_AGENT_STATE_CHANGE ${reason ?? state}`);
      }
      expect(seen.slice(-4)).to.deep.equal(['ready', 'Away', 'Back soon', 'ready']);
      expect(thrown).to.equal(seen.length);
      expect(rejected).to.equal(seen.length);
      expect(reported.map(String).join('\n')).to.include('CRM bug').and.include('CRM async bug');
      expect(dataOf(await api.logout())).to.equal(null);
    } finally {
      console.error = consoleError;
    }
  });

  it('retries the widget config when its first fetches fail, and the host still links', async () => {
    const crm = `${server.url}/demo/crm.html`;
    const tab = await openTab(crm, { failRequests: { urlPart: '/api/widget-config', count: 2 } });
    try {
      const [result, ms] = await timed(frame(crm, tab).eval<OperationResult<unknown>>('Switchboard.api.getLoginState()'));
      expect(result).to.deep.equal({ status: 'success', data: { isLoggedIn: false } });
      expect(ms).to.be.below(5_000);
      expect(await failedRequests(tab)).to.equal(2);
    } finally {
      await closeTab(tab);
    }
  });
});
