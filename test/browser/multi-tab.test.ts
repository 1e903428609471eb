/** Two tabs of the CRM share one logged-in agent: one owns the session, the other follows and takes over. */
import { expect } from '@esm-bundle/chai';
import { createChat } from '../../customer/index.ts';
import type { OperationResult, WidgetConfig } from '../../protocol/index.ts';
import { closeTab, eventually, frame, freezeTab, openTab, startServer, stopServer, type TestServer } from './harness.ts';

describe('several tabs, one agent session', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => stopServer(server));

  it('the second tab follows the first, and takes over when the owner closes', async () => {
    const crm = `${server.url}/demo/crm.html`;
    const first = await openTab(crm);
    const widgetA = frame(`${server.url}/widget/`, first);
    await widgetA.type('input[name=username]', 'alice');
    await widgetA.type('input[name=password]', 'alice');
    await widgetA.click('[data-action=login]');
    await widgetA.waitFor('select[name=agent-state]');
    const configOf = (tab: number) => frame(crm, tab).eval<OperationResult<WidgetConfig>>('Switchboard.api.getConfig()');
    await eventually(async () => {
      const c = await configOf(first);
      return c.status === 'success' && c.data.sessionOwner;
    }, 5_000, 'the first tab owns the session');

    // The second tab needs no login: it follows the same session, without owning it.
    const second = await openTab(crm);
    const widgetB = frame(`${server.url}/widget/`, second);
    await widgetB.waitFor('[data-follower]');
    const config = await configOf(second);
    expect(config.status === 'success' && config.data.sessionOwner).to.equal(false);

    // State set in one tab shows in the other; an offer rings in both; accepted in one, assigned in both.
    await widgetB.select('select[name=agent-state]', 'ONLINE');
    await widgetA.waitFor('.sb-presence-ONLINE');
    const customer = createChat({ server: server.url, storage: null });
    await customer.init({ room: 'default', name: 'Pia' });
    await widgetA.waitFor('[data-list=pending]');
    await widgetB.click('[data-action=accept]');
    await widgetA.waitFor('[data-list=assigned]');
    const stateInA = await frame(crm, first).eval<any>('Switchboard.api.getInteractionsState()');
    expect(stateInA.data.interactions.map((i: any) => i.state)).to.deep.equal(['delivered']);

    // The owner tab closes: the other takes over.
    await closeTab(first);
    await widgetB.waitForGone('[data-follower]');
    const after = await configOf(second);
    expect(after.status === 'success' && after.data.sessionOwner).to.equal(true);

    // Logging out in one tab logs the session out everywhere.
    const third = await openTab(crm);
    const widgetC = frame(`${server.url}/widget/`, third);
    await widgetC.waitFor('[data-follower]');
    await widgetB.click('[data-action=logout]');
    await widgetB.click('[data-action=confirm-logout]'); // the chat in progress goes back to the queue
    await widgetC.waitFor('input[name=username]');
    customer.disconnect();
    await closeTab(second);
    await closeTab(third);
  });

  it('a tab that logged out while queued for ownership never becomes the owner', async () => {
    const crm = `${server.url}/demo/crm.html`;
    const configOf = (tab: number) => frame(crm, tab).eval<OperationResult<WidgetConfig>>('Switchboard.api.getConfig()');
    const ownerOf = async (tab: number) => {
      const c = await configOf(tab);
      return c.status === 'success' && c.data.sessionOwner;
    };
    const first = await openTab(crm);
    const widgetA = frame(`${server.url}/widget/`, first);
    await widgetA.type('input[name=username]', 'bob');
    await widgetA.type('input[name=password]', 'bob');
    await widgetA.click('[data-action=login]');
    await widgetA.waitFor('select[name=agent-state]');
    await eventually(() => ownerOf(first), 5_000, 'the first tab owns the session');

    // B follows, queued for ownership behind A. A is frozen (a background tab), so it holds the lock
    // while B logs out; then A closes and its lock is free.
    const second = await openTab(crm);
    const widgetB = frame(`${server.url}/widget/`, second);
    await widgetB.waitFor('[data-follower]');
    expect(await ownerOf(second)).to.equal(false);
    await freezeTab(first);
    await widgetB.click('[data-action=logout]');
    await widgetB.waitFor('input[name=username]');
    await closeTab(first);
    for (let i = 0; i < 10; i++) {
      expect(await ownerOf(second), 'a logged-out tab owns the session').to.equal(false);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Logging in again claims ownership afresh.
    await widgetB.type('input[name=username]', 'bob');
    await widgetB.type('input[name=password]', 'bob');
    await widgetB.click('[data-action=login]');
    await eventually(() => ownerOf(second), 5_000, 'the tab owns the session after logging in again');
    await closeTab(second);
  });
});
