/**
 * A chat's state beyond its messages, in the widget and at the host, against a real server and
 * the demo shop page: idle (seed 000's isidle / isactive), the time to respond with its countdown,
 * types and manual deadline (seed 002's setTTR, setManualETTR, ttr-change), notes cut to 5,000
 * characters (setAgentNote's truncated result), what the customer's page stored with its close
 * (close(extraData)), and the customer's rating after the chat.
 */
import { expect } from '@esm-bundle/chai';
import { eventually, startServer, stopServer, type TestServer } from './harness.ts';
import { agentCrm, ok, servers, shopChat, type Crm, type Frame } from './chat-e2e.ts';

describe('end to end: idle, time to respond, notes and rating', function () {
  this.timeout(120_000);
  let server: TestServer;
  let alice: Crm;
  let zoe: Frame;
  let chatId = '';
  const countdown = () => alice.widget.eval<{ text: string; type: string; overdue: boolean } | null>(
    "(() => { const el = document.querySelector('.sb-chat-head [data-ttr]'); return el && { text: el.textContent, type: el.dataset.ttr, overdue: el.hasAttribute('data-overdue') }; })()",
  );
  /** "Reply in 4:58" -> 298 (seconds). */
  const secondsLeft = async () => {
    const [, m, s] = /(\d+):(\d\d)$/.exec((await countdown())!.text)!;
    return Number(m) * 60 + Number(s);
  };
  const hostError = (r: { status: string; error?: { name: string; message: string } }) => (r.status === 'error' ? r.error! : null);

  before(async () => {
    server = await startServer({ config: { chatIdleSeconds: 3 } });
    alice = await agentCrm(servers(server).host127, 'alice', { width: 560, height: 700 });
    ok(await alice.api.setAgentState('ready'));
    zoe = await shopChat(servers(server).hostLocal, 'Zoe', 'hello');
    chatId = (await alice.only('delivery_pending')).interactionId;
    ok(await alice.api.acceptInteraction(chatId));
    await alice.widget.waitForText('.sb-messages', 'hello');
  });
  after(() => stopServer(server));

  it('marks an idle chat and tells the host, until the next message', async () => {
    await alice.widget.waitFor('.sb-chat-head [data-idle]');
    await alice.event('ON_CHAT_IDLE_CHANGE', ([id, idle]) => id === chatId && idle === true);
    await zoe.eval("window.switchboardChat.sendMessage('still there?').then(() => true)");
    await alice.widget.waitForGone('.sb-chat-head [data-idle]');
    await alice.event('ON_CHAT_IDLE_CHANGE', ([id, idle]) => id === chatId && idle === false);
  });

  it('counts down the time to respond; the agent sets its type, the host a deadline; the host hears each change', async () => {
    await alice.widget.waitFor('.sb-chat-head [data-ttr]');
    expect(await countdown()).to.include({ type: 'NORMAL', overdue: false });
    expect(await secondsLeft()).to.be.within(3_500, 3_600);

    await alice.widget.click('[data-action=ttr]');
    await alice.widget.select('select[name=ttr-type]', 'URGENT');
    await alice.widget.click('[data-action=set-ttr]');
    await eventually(async () => (await countdown())?.type === 'URGENT', 5_000, 'the urgent countdown');
    expect(await secondsLeft()).to.be.within(240, 300);
    const [, urgent] = await alice.event('ON_TTR_CHANGE', ([id, ttr]) => id === chatId && ttr.type === 'URGENT');
    expect(urgent).to.include({ seconds: 300, manualETTR: null });
    expect(urgent.effective).to.be.a('number');

    await alice.widget.click('[data-action=ttr]');
    await alice.widget.select('select[name=ttr-type]', 'CUSTOM');
    await alice.widget.type('input[name=ttr-minutes]', '2');
    await alice.widget.click('[data-action=set-ttr]');
    await alice.event('ON_TTR_CHANGE', ([id, ttr]) => id === chatId && ttr.type === 'CUSTOM' && ttr.seconds === 120);
    await eventually(async () => (await secondsLeft()) <= 120, 5_000, 'two minutes at most');

    expect(hostError(await alice.api.setTTR('CUSTOM', undefined, chatId))).to.include({ name: 'invalid_args' });
    expect(hostError(await alice.api.setManualETTR(Date.now() - 1_000, chatId))).to.include({ name: 'invalid_args' });
    const deadline = Date.now() + 4_000;
    ok(await alice.api.setManualETTR(deadline, chatId));
    await alice.event('ON_TTR_CHANGE', ([id, ttr]) => id === chatId && ttr.manualETTR === deadline);
    await eventually(async () => (await countdown())?.overdue, 10_000, 'overdue past the manual deadline');
    expect((await countdown())!.text).to.match(/^Overdue \d+:\d\d$/);

    await alice.widget.click('[data-action=ttr]');
    await alice.widget.click('[data-action=clear-ettr]');
    await alice.event('ON_TTR_CHANGE', ([id, ttr]) => id === chatId && ttr.manualETTR === null && ttr.type === 'CUSTOM');
    await eventually(async () => (await countdown())?.overdue === false, 5_000, 'back to the TTR deadline');

    // Answered, nothing waits: no countdown.
    await alice.widget.type('.sb-composer input[name=message]', 'Yes, here I am');
    await alice.widget.click('[data-action=send]');
    await alice.widget.waitForGone('.sb-chat-head [data-ttr]');
  });

  it('a note over 5,000 characters is cut: the agent sees it in the wrap-up, the host hears what it became', async () => {
    ok(await alice.api.addNote('n'.repeat(6_000), chatId));
    const [, fromHost] = await alice.event('ON_NOTE_TRUNCATED', ([id]) => id === chatId);
    expect(fromHost.truncated).to.equal(true);
    expect(fromHost.truncatedText).to.have.length(5_000);
    await alice.widget.click('[data-side-tab=notes][aria-expanded=false]'); // the chat's notes panel
    await alice.widget.waitFor('[data-side-panel=notes] input[name=note]');
    await alice.widget.eval(
      `(() => { const el = document.querySelector('[data-side-panel=notes] input[name=note]'); el.value = ${JSON.stringify('w'.repeat(5_100))}; el.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`,
    );
    await alice.widget.click('[data-action=add-note]');
    await alice.widget.waitForText('[data-note-truncated]', 'cut to 5,000 characters');
    const [, fromWidget] = await alice.event('ON_NOTE_TRUNCATED', ([id, n]) => id === chatId && n.truncatedText.startsWith('w'));
    expect(fromWidget.truncatedText).to.have.length(5_000);
    expect(fromWidget.noteId).to.not.equal(fromHost.noteId);
    ok(await alice.api.updateNote('u'.repeat(5_500), chatId));
    await alice.event('ON_NOTE_TRUNCATED', ([id, n]) => id === chatId && n.truncatedText.startsWith('u'));
    // setAgentNote (seed 002's) answers what became of the note, cut or whole.
    const cut = ok(await alice.api.setAgentNote('s'.repeat(5_001), chatId));
    expect(cut.truncated).to.equal(true);
    expect(cut.truncated && cut.truncatedText).to.equal('s'.repeat(5_000));
    const [, heard] = await alice.event('ON_NOTE_TRUNCATED', ([id, n]) => id === chatId && n.truncatedText.startsWith('s'));
    expect(heard.noteId).to.equal(cut.noteId);
    // A note within the limit is nothing to report.
    const before = alice.heard.filter(([n]) => n === 'ON_NOTE_TRUNCATED').length;
    const whole = ok(await alice.api.setAgentNote('called back at 5pm', chatId));
    expect(whole).to.deep.equal({ noteId: whole.noteId, truncated: false });
    expect(whole.noteId).to.be.a('string').and.not.equal(cut.noteId);
    expect(hostError(await alice.api.setAgentNote(42 as unknown as string, chatId))).to.include({ name: 'invalid_args' });
    ok(await alice.api.addNote('short note', chatId));
    await new Promise((r) => setTimeout(r, 300));
    expect(alice.heard.filter(([n]) => n === 'ON_NOTE_TRUNCATED')).to.have.length(before);
  });

  it("shows what the customer's page stored with its close and the customer's rating on the chat, and tells the host both", async () => {
    expect(await zoe.eval<boolean>("window.switchboardChat.close({ orderId: '42', topic: 'returns', items: [1, 2] }).then((r) => r.success)")).to.equal(true);
    await alice.widget.waitForText('.sb-messages', 'The customer left the chat.');
    await alice.widget.waitForText('[data-close-data]', 'With the close: orderId: 42 · topic: returns · items: [1,2]');
    const [, closeData] = await alice.event('ON_CHAT_CLOSE_DATA', ([id]) => id === chatId);
    expect(closeData).to.deep.equal({ orderId: '42', topic: 'returns', items: [1, 2] });
    await zoe.waitFor('.sbc-csat');
    await zoe.click('.sbc-star[data-rate="4"]');
    await zoe.click('.sbc-answer[data-resolved=true]');
    await zoe.click('[data-action=csat-send]');
    await alice.widget.waitForText('[data-csat="4"]', 'Customer rating: 4/5 · resolved');
    const [, csat] = await alice.event('ON_CHAT_CSAT', ([id]) => id === chatId);
    expect(csat).to.include({ rate: 4, resolutionConfirmation: true, status: 'FILLED' });
  });
});
