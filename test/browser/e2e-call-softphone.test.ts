/**
 * ON_SOFTPHONE_STATUS_CHANGE from the browser's real microphone state, in Chromium against a real
 * server: the CRM (this page, Bright Pattern's host API) embeds alice's widget; the test denies and
 * grants the microphone as the agent would in the browser's site settings (a frame follows its
 * top-level page's permission). While it is blocked the host hears why, a ringing call cannot be
 * answered (the widget says why, acceptInteraction answers the reason, the call keeps ringing);
 * allowed again, the same call is answered and audio flows. A widget embedded without the
 * microphone in its `allow` list is not ready either. The customer calls from another tab.
 */
import { expect } from '@esm-bundle/chai';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { InteractionData, OperationResult } from '../../protocol/index.ts';
import { eventually, frame, openTab, setPermission, signIn, startServer, stopServer, type TestServer } from './harness.ts';
import { agentHears } from './call-e2e.ts';
import { MICROPHONE_REASONS } from '../../widget/calls/microphone.ts';

const errorOf = (r: OperationResult<unknown>) => (r.status === 'error' ? r.error : null);

describe('end to end: the softphone follows the microphone', function () {
  this.timeout(60_000);
  let server: TestServer;
  let api: AgentDesktopClientAPIImpl;
  const softphone: unknown[][] = [];
  const capabilities: unknown[] = [];
  let widget: ReturnType<typeof frame>;
  before(async () => {
    server = await startServer();
    api = new AgentDesktopClientAPIImpl({ server: server.url });
    Object.assign(api.iframe.style, { width: '480px', height: '640px' });
    api.on('ON_SOFTPHONE_STATUS_CHANGE', (...args) => void softphone.push(args));
    api.on('ON_PHONE_CAPABILITIES_CHANGE', (caps) => void capabilities.push(caps));
    widget = frame(`${server.url}/widget/`);
    await signIn(`${server.url}/widget/`, 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
  });
  after(async () => {
    await setPermission(location.origin, 'microphone', null);
    await stopServer(server);
  });

  it('ready with the microphone; blocked: not ready with the reason, and a call cannot be answered; allowed again: answered, audio flows', async () => {
    await eventually(() => softphone.at(-1)?.[0] === true, 10_000, 'the softphone ready after sign-in');
    expect(softphone.at(-1)).to.deep.equal([true]);
    expect(capabilities.at(-1)).to.deep.equal({ canDial: true, canAnswer: true, canHold: true, canRetrieve: true });

    await setPermission(location.origin, 'microphone', 'denied');
    await eventually(() => softphone.at(-1)?.[0] === false, 10_000, 'not ready once the microphone is blocked');
    expect(softphone.at(-1)).to.deep.equal([false, MICROPHONE_REASONS.blocked]);
    expect(capabilities.at(-1)).to.deep.equal({ canDial: false, canAnswer: false, canHold: false, canRetrieve: false });

    // A customer calls (their own tab, another site: their microphone is theirs).
    const tab = await openTab(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`);
    const shop = frame('/demo/shop.html', tab);
    await shop.type('input[name=name]', 'Bruno Muto');
    await shop.click('[data-action=call]');
    await widget.waitFor('.sb-incoming-call[data-call-state=ringing]');
    await widget.waitForText('[data-softphone-down]', MICROPHONE_REASONS.blocked);
    await widget.click('.sb-incoming-call [data-action=answer]');
    await widget.waitForText('.sb-error', MICROPHONE_REASONS.blocked);
    await widget.waitFor('.sb-incoming-call[data-call-state=ringing]'); // still ringing: not answered
    const offered = await eventually(async () => {
      const r = await api.getInteractionsState();
      return (r.status === 'success' && r.data.interactions.find((i: InteractionData) => i.type === 'voice')) || null;
    }, 5_000, 'the call offered to the host');
    expect(offered.state).to.equal('delivery_pending');
    const refused = errorOf(await api.acceptInteraction(offered.interactionId));
    expect(refused).to.include({ name: 'not_suitable_state', code: 15, message: MICROPHONE_REASONS.blocked });
    expect(errorOf(await api.startCall('bob'))).to.include({ name: 'not_suitable_state', message: MICROPHONE_REASONS.blocked });

    await setPermission(location.origin, 'microphone', 'granted');
    await eventually(() => softphone.at(-1)?.[0] === true, 10_000, 'ready again once the microphone is allowed');
    expect(softphone.at(-1)).to.deep.equal([true]);
    await widget.waitForGone('[data-softphone-down]');
    expect(errorOf(await api.acceptInteraction(offered.interactionId))).to.equal(null);
    await widget.waitFor('.sb-call-panel[data-call-state=connected]');
    await shop.waitFor('.sbc-call[data-call-state=connected]');
    await eventually(() => agentHears(widget), 10_000, 'audio at the agent');
    expect(softphone.filter(([ready]) => ready === false).map(([, error]) => error)).to.include(MICROPHONE_REASONS.blocked);
    await widget.click('.sb-call-panel [data-action=hangup]');
    await widget.waitForGone('.sb-call-panel');
    await setPermission(location.origin, 'microphone', null); // back to the browser's own answer
  });

  it('a widget embedded without the microphone allowed is not ready, and says why', async () => {
    const iframe = Object.assign(document.createElement('iframe'), { allow: 'autoplay' }); // no "microphone"
    Object.assign(iframe.style, { width: '480px', height: '640px' });
    document.body.append(iframe);
    const bare = new AgentDesktopClientAPIImpl({ server: server.url.replace('127.0.0.1', 'localhost'), widget: iframe });
    const told: unknown[][] = [];
    bare.on('ON_SOFTPHONE_STATUS_CHANGE', (...args) => void told.push(args));
    const names: string[] = [];
    bare.injectMessageLogger((name) => names.push(name));
    expect(errorOf(await bare.login({ username: 'bob', password: 'bob' }))).to.equal(null);
    await eventually(() => told.some(([, error]) => error === MICROPHONE_REASONS.blocked), 10_000, 'not ready: blocked');
    expect(told.some(([ready]) => ready === true)).to.equal(false);
    expect(names.indexOf('ON_LOGIN'), 'the host hears of the login first').to.be.within(0, names.indexOf('ON_SOFTPHONE_STATUS_CHANGE'));
    expect(errorOf(await bare.startCall('alice'))).to.include({ name: 'not_suitable_state', message: MICROPHONE_REASONS.blocked });
    expect(errorOf(await bare.logout())).to.equal(null);
  });
});
