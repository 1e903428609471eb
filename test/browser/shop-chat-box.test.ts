/**
 * The customer chat box on the demo shop page against a real server and an agent's widget: the
 * launcher (kept across reloads, unread count), the agent's name and avatar, message times, the
 * chat reopened by a reload without a click, one "chat ended" line, and the survey after close.
 */
import { expect } from '@esm-bundle/chai';
import { agentWire } from './agent-wire.ts';
import { addIframe, eventually, frame, signIn, startServer, stopServer, type TestServer } from './harness.ts';

describe('shop chat box: launcher, agent, times, reload, end and survey', function () {
  this.timeout(60_000);
  let server: TestServer;
  let shopUrl = '';
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const shopFrame = () => document.querySelector<HTMLIFrameElement>('iframe[name=shop]')!;
  /** Loads the shop page again (a reload as the shopper's browser does it, same tab and storage). */
  const reloadShop = async (tag: string) => {
    await new Promise((resolve) => {
      shopFrame().onload = resolve;
      shopFrame().src = `${shopUrl}?${tag}`;
    });
    await eventually(() => shop.eval<boolean>("!!document.querySelector('.sbc-root[data-open]')"), 10_000, 'the chat box');
  };
  const boxState = () => shop.eval<string>("document.querySelector('.sbc-root').dataset.open");

  before(async () => {
    server = await startServer();
    await addIframe(`${server.url}/demo/crm.html`, 'crm');
    await signIn('/widget/', 'alice');
    await widget.select('select[name=agent-state]', 'ONLINE');
    shopUrl = `${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`;
    await addIframe(shopUrl, 'shop', { width: 800, height: 700 });
  });
  after(async () => {
    await stopServer(server);
  });

  it('opens and minimizes from the launcher, and keeps that across a reload', async () => {
    // The demo page asks for the box open on a first visit.
    expect(await boxState()).to.equal('true');
    await shop.waitFor('.sbc input[name=name]');
    await shop.click('[data-action=minimize]');
    await shop.waitForGone('.sbc');
    expect(await boxState()).to.equal('false');
    expect(await shop.eval<string>("document.querySelector('[data-action=launcher]').ariaExpanded")).to.equal('false');

    await reloadShop('minimized');
    expect(await boxState()).to.equal('false');
    expect(await shop.eval<boolean>("getComputedStyle(document.querySelector('.sbc')).display === 'none'")).to.equal(true);
    await shop.click('[data-action=launcher]');
    await shop.waitFor('.sbc input[name=name]');
    // The box opens above the launcher, not over it.
    const [box, launcher] = await shop.eval<number[][]>("['.sbc', '.sbc-launcher'].map((s) => { const r = document.querySelector(s).getBoundingClientRect(); return [r.top, r.bottom, r.width]; })");
    expect(box[1]).to.be.at.most(launcher[0]);
    expect(box[2]).to.equal(360);
    await reloadShop('opened');
    expect(await boxState()).to.equal('true');
  });

  it("shows the agent's name and avatar and each message's time, and counts unread messages while minimized", async () => {
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.type('[name=message]:enabled', 'hello');
    await shop.click('[data-action=send]');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');
    await shop.waitForText('.sbc header .sbc-agent-name', 'Alice Rossi');
    expect(await shop.texts('.sbc header .sbc-avatar')).to.deep.equal(['AR']);

    await widget.type('input[name=message]', 'Hi Carla, how can I help?');
    await widget.click('[data-action=send]');
    await shop.waitForText('.sbc-messages', 'Hi Carla, how can I help?');
    const agentLine = await shop.eval<{ name: string; avatar: string; time: string; expected: string; dir: string }>(`(() => {
      const li = [...document.querySelectorAll('.sbc-msg:not(.me)')].at(-1);
      const time = li.querySelector('time');
      return {
        name: li.querySelector('.sbc-name').textContent,
        avatar: li.querySelector('.sbc-avatar').textContent,
        time: time.textContent,
        expected: new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' }).format(new Date(time.dateTime)),
        dir: li.querySelector('.sbc-text').dir + li.querySelector('.sbc-name').dir,
      };
    })()`);
    expect(agentLine).to.deep.include({ name: 'Alice Rossi', avatar: 'AR', dir: 'autoauto' });
    expect(agentLine.time).to.equal(agentLine.expected);
    expect(await shop.texts('.sbc-msg.me .sbc-time')).to.have.length(1);

    // Minimized: the launcher counts what the agent writes; opening clears the count.
    await shop.click('[data-action=minimize]');
    for (const text of ['Let me check your order', 'It ships tomorrow']) {
      await widget.type('input[name=message]', text);
      await widget.click('[data-action=send]');
    }
    await shop.waitForText('.sbc-badge', '2');
    expect(await shop.eval<string>("document.querySelector('.sbc-badge').dataset.count")).to.equal('2');
    await shop.click('[data-action=launcher]');
    await shop.waitForGone('.sbc-badge');
    await shop.waitFor('[name=message]:enabled');
  });

  it('opens the chat again after a reload, with its history, without a click', async () => {
    await reloadShop('reloaded');
    await shop.waitFor('[name=message]:enabled');
    await shop.waitForText('.sbc-messages', 'It ships tomorrow');
    expect(await shop.texts('.sbc-messages .sbc-text')).to.deep.equal(['hello', 'Hi Carla, how can I help?', 'Let me check your order', 'It ships tomorrow']);
    expect(await shop.eval<boolean>("document.querySelector('.sbc-start').hidden")).to.equal(true);
    // The reopened chat still works both ways.
    await shop.type('[name=message]:enabled', 'Thanks!');
    await shop.click('[data-action=send]');
    await widget.waitForText('.sb-messages', 'Thanks!');
  });

  it('says once that the chat ended, then asks how it went', async () => {
    await shop.click('[data-action=end]');
    await shop.waitForText('.sbc-messages', 'The chat has ended');
    await shop.waitFor('.sbc-csat');
    await new Promise((r) => setTimeout(r, 800)); // the server's chat:closed has arrived by now
    const ended = (await shop.texts('.sbc-messages li.sys')).filter((t) => t === 'The chat has ended');
    expect(ended).to.have.length(1);
    expect(await shop.eval<boolean>("document.querySelector('[name=message]').disabled")).to.equal(true);

    expect(await shop.texts('.sbc-csat-title')).to.deep.equal(['How was this chat?', 'Was your issue resolved?']);
    await shop.click('.sbc-star[data-rate="4"]');
    await shop.click('.sbc-answer[data-resolved=true]');
    expect(await shop.eval<string[]>("[...document.querySelectorAll('.sbc-star')].map((s) => s.ariaPressed)")).to.deep.equal(['true', 'true', 'true', 'true', 'false']);
    await shop.click('[data-action=csat-send]');
    await shop.waitForText('.sbc-csat', 'Thank you for your feedback');
    // The server stored it, and the agent's view of the chat carries it.
    const chatId = await shop.eval<string>('window.switchboardChat.getId()');
    const { contacts } = await agentWire().request<{ contacts: { id: string; csat: { rate: number; resolutionConfirmation: boolean; status: string; at: number } | null }[] }>({ type: 'agent.snapshot' });
    const csat = contacts.find((c) => c.id === chatId)?.csat;
    expect(csat).to.deep.include({ rate: 4, resolutionConfirmation: true, status: 'FILLED' });
    expect(csat!.at).to.be.within(Date.now() - 60_000, Date.now() + 1_000);
    // A filled survey is final: a second answer is refused, and the first one stays.
    expect(await shop.eval<string>("window.switchboardChat.setCsat(1, false, 'FILLED').then(() => 'stored', (e) => e.name)")).to.equal('not_suitable_state');
    const again = await agentWire().request<{ contacts: { id: string; csat: { rate: number } | null }[] }>({ type: 'agent.snapshot' });
    expect(again.contacts.find((c) => c.id === chatId)?.csat?.rate).to.equal(4);

    // A new chat from the same box: the survey goes, the start form is back.
    await shop.type('input[name=name]', 'Carla Verdi');
    await shop.click('[data-action=start]');
    await shop.waitForGone('.sbc-csat');
    await shop.waitFor('[name=message]:enabled');
  });

  it('starts nothing and says nothing on load when the saved session is no good', async () => {
    await shop.eval(`(sessionStorage.setItem('switchboard.customer', JSON.stringify({ token: 'gone', seq: 0, chatId: 'no-such-chat' })), true)`);
    await reloadShop('stale');
    await shop.waitFor('input[name=name]:enabled');
    await new Promise((r) => setTimeout(r, 800)); // the failed reopen has come back by now
    // (a command's null result reads as "not handled": the id travels as a string)
    expect(await shop.eval<string>('String(window.switchboardChat.getId())')).to.equal('null');
    expect(await shop.texts('.sbc-messages li')).to.deep.equal([]);
  });
});
