/** The call UI in Chromium over a recording CallController: ringing, controls, keypad, guards, parked media, devices, screenshots. */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { callContact, callView } from '../helpers/call-fixtures.ts';
import { $, $$, desk, tick, widgetStyles, type Desk } from './fixtures/call-desk.ts';
import { compareScreenshot, eventually } from './harness.ts';

/** Share of pixels that may differ from the reference (anti-aliasing). */
const SCREENSHOT_TOLERANCE = 0.002;
/** The page's clock while screenshots are taken. */
const AT = Date.UTC(2026, 0, 15, 9, 30);

const ringing = (id: string, over: Parameters<typeof callContact>[1] = {}) =>
  callContact(id, { list: 'pending', state: 'offered', agent: null, deliveredAt: null, offerExpiresAt: Date.now() + 20_000, call: callView({ state: 'ringing', connectTime: null }), ...over });
/** Clicks once the element is there (a loaded machine may render the lazily loaded panel later than a tick). */
const click = async (selector: string) => {
  const el = await eventually(() => $(selector), 2_000, selector).catch(() => null);
  if (!el) throw new Error(`no ${selector}`);
  el.click();
  await tick();
};

describe('call UI', function () {
  this.timeout(30_000);
  let d: Desk;
  before(() => widgetStyles());
  beforeEach(() => (d = desk()));
  afterEach(() => d.unmount());

  it('an offered call rings with a countdown; Answer stops the ring and answers once', async () => {
    d.show([ringing('v1')]);
    await tick();
    const panel = $('.sb-incoming-call')!;
    expect(panel.dataset.callState).to.equal('ringing');
    expect(panel.textContent).to.contain('Nadia Bianchi');
    const left = Number($('[data-countdown]')!.dataset.countdown);
    expect(left).to.be.within(19, 20);
    expect(d.ui.ringer.ringing).to.equal(true);
    // The ring is a real sound: WebAudio's analyser hears the tones during the first 0.4 s "on" step.
    await eventually(() => d.ui.ringer.level() > 0.01, 2_000, 'the ring audible');
    await new Promise((r) => setTimeout(r, 1_100));
    expect(Number($('[data-countdown]')!.dataset.countdown)).to.be.below(left);
    $('[data-action=answer]')!.click();
    $('[data-action=answer]')!.click(); // a double click
    await tick();
    expect(d.ui.ringer.ringing, 'silenced at the click').to.equal(false);
    expect(d.ui.ringer.sounding).to.equal(false);
    expect(d.fake.calls('answer')).to.deep.equal([['v1']]);
    // The server answers: the call is the agent's and connected.
    d.upsert(callContact('v1'));
    await tick();
    expect($('.sb-incoming-call')).to.equal(null);
    expect($('.sb-call-panel')!.dataset.callState).to.equal('connected');
    expect(d.ui.ringer.ringing).to.equal(false);
  });

  it('Decline stops the ring; a failed decline rings again', async () => {
    d.fake.failing = { method: 'decline', error: new (await import('../../protocol/index.ts')).ProtocolError('not_suitable_state', 'taken by another agent') };
    d.show([ringing('v1')]);
    await tick();
    await click('[data-action=decline]');
    await eventually(() => d.ui.ringer.ringing, 2_000, 'ringing again after the failure');
    expect($('.sb-error')!.textContent).to.contain('taken by another agent');
    d.fake.failing = null;
    await click('[data-action=decline]');
    expect(d.ui.ringer.ringing).to.equal(false);
    expect(d.fake.calls('decline')).to.deep.equal([['v1'], ['v1']]);
  });

  it('the ring stops at the offer deadline with nothing else changing; a muted ringer rings silently', async () => {
    d.show([ringing('v1', { offerExpiresAt: Date.now() + 700 })]);
    await tick();
    expect(d.ui.ringer.sounding).to.equal(true);
    await eventually(() => !d.ui.ringer.ringing, 3_000, 'ring stopped at the deadline');
    expect(d.ui.ringer.sounding).to.equal(false);
    d.ui.ringer.setMuted(true);
    d.show([ringing('v2')]);
    await tick();
    expect(d.ui.ringer.ringing).to.equal(true);
    expect(d.ui.ringer.sounding).to.equal(false);
    expect(d.ui.ringer.level()).to.equal(0);
    expect($('[data-ringer-muted]')).to.not.equal(null);
    d.ui.ringer.setMuted(false);
    expect(d.ui.ringer.sounding).to.equal(true);
  });

  it('in-call controls call the controller; states show as aria-pressed', async () => {
    d.show([callContact('v1')]);
    d.fake.setMedia('v1', { audioFlowing: true });
    await tick();
    const pressed = (action: string) => $(`[data-action=${action}]`)!.getAttribute('aria-pressed');
    expect(pressed('mute')).to.equal('false');
    expect(pressed('hold')).to.equal('false');
    await click('[data-action=mute]');
    await click('[data-action=hold]');
    await click('[data-action=record]');
    await click('[data-action=video]');
    await click('[data-action=ask-share]');
    expect(d.fake.log.map(([m, ...a]) => [m, ...a])).to.deep.equal([
      ['mute', 'v1', true],
      ['hold', 'v1', true],
      ['setRecording', 'v1', true],
      ['addVideo', 'v1'],
      ['askScreenShare', 'v1'],
    ]);
    // The server's CallView is the truth the toggles show.
    d.upsert(callContact('v1', { call: callView({ muted: true, hold: true, state: 'held', recording: true, video: true }) }));
    await tick();
    expect(pressed('mute')).to.equal('true');
    expect(pressed('hold')).to.equal('true');
    expect($('[data-action=hold]')!.textContent).to.equal('Resume');
    expect(pressed('record')).to.equal('true');
    expect($('[data-recording]')).to.not.equal(null);
    await click('[data-action=mute]');
    await click('[data-action=hold]');
    await click('[data-action=video]');
    expect(d.fake.log.slice(5)).to.deep.equal([
      ['mute', 'v1', false],
      ['hold', 'v1', false],
      ['stopVideo', 'v1'],
    ]);
    await click('[data-action=hangup]');
    expect(d.fake.calls('hangup')).to.deep.equal([['v1']]);
  });

  it('a double click runs an action once', async () => {
    d.show([callContact('v1')]);
    d.fake.delayMs = 200;
    await tick();
    const mute = $<HTMLButtonElement>('[data-action=mute]')!;
    mute.click();
    mute.click();
    await tick();
    expect(mute.disabled, 'disabled while under way').to.equal(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(mute.disabled).to.equal(false);
    expect(d.fake.calls('mute')).to.deep.equal([['v1', true]]);
  });

  it('while recording, Pause/Resume recording is offered; the badge shows the server\u2019s pause and this page\u2019s recorder state', async () => {
    d.show([callContact('v1')]);
    await tick();
    expect($('[data-action=pause-recording]'), 'no pause without a recording').to.equal(null);
    d.upsert(callContact('v1', { call: callView({ recording: true }) }));
    d.fake.setMedia('v1', { recorder: 'starting' });
    await tick();
    expect($('.sb-call-rec')!.dataset.recorder).to.equal('starting');
    expect($('.sb-call-rec')!.textContent).to.equal('● Recording…');
    d.fake.setMedia('v1', { recorder: 'recording' });
    await tick();
    expect($('.sb-call-rec')!.textContent).to.equal('● Recording');
    await click('[data-action=pause-recording]');
    expect($('[data-action=pause-recording]')!.getAttribute('aria-pressed')).to.equal('false'); // until the server says it is paused
    d.upsert(callContact('v1', { call: callView({ recording: true, recordingPaused: true }) }));
    await tick();
    expect($('[data-action=pause-recording]')!.getAttribute('aria-pressed')).to.equal('true');
    expect($('[data-action=pause-recording]')!.textContent).to.equal('Resume recording');
    expect($('.sb-call-rec[data-paused]')!.textContent).to.equal('● Recording paused');
    await click('[data-action=pause-recording]');
    expect(d.fake.calls('setRecordingPaused')).to.deep.equal([['v1', true], ['v1', false]]);
  });

  it('the keypad sends each digit and shows them', async () => {
    d.show([callContact('v1')]);
    await tick();
    await click('[data-action=keypad]');
    expect($('[data-action=keypad]')!.getAttribute('aria-expanded')).to.equal('true');
    expect($$('[data-digit]').map((b) => b.textContent)).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    for (const digit of ['1', '2', '*', '0', '#']) await click(`[data-digit="${digit}"]`);
    expect(d.fake.calls('sendDtmf')).to.deep.equal([['v1', '1'], ['v1', '2'], ['v1', '*'], ['v1', '0'], ['v1', '#']]);
    expect($('[data-dtmf-sent]')!.textContent).to.equal('12*0#');
    // From the keyboard too.
    $('[data-keypad]')!.dispatchEvent(new KeyboardEvent('keydown', { key: '9', bubbles: true }));
    expect(d.fake.calls('sendDtmf').at(-1)).to.deep.equal(['v1', '9']);
  });

  it('parked media shows "Reconnecting media…"; no audio yet shows waiting', async () => {
    d.show([callContact('v1', { call: callView({ parked: true }) })]);
    await tick();
    expect($('[data-parked]')!.textContent).to.equal('Reconnecting media…');
    expect($('[data-no-audio]')).to.equal(null);
    d.upsert(callContact('v1'));
    await tick();
    expect($('[data-parked]')).to.equal(null);
    expect($('[data-no-audio]')).to.not.equal(null);
    d.fake.setMedia('v1', { audioFlowing: true });
    await tick();
    expect($('[data-no-audio]')).to.equal(null);
  });

  it('transfer, consult and conference go to the chosen colleague; a consultation completes or merges', async () => {
    d.show([callContact('v1')]);
    await tick();
    await click('[data-action=call-transfer]');
    await tick();
    const select = $<HTMLSelectElement>('select[name=call-destination]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'agent:bob', 'agent:carol', 'skill:billing', 'skill:sales', 'skill:support']);
    select.value = 'agent:bob';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await tick();
    await click('[data-call-destinations] [data-action=consult]');
    expect(d.fake.calls('consult')).to.deep.equal([['v1', { toAgent: 'bob' }]]);
    d.fake.setMedia('v1', { consult: { contactId: 'consult-1', agentId: 'bob' } });
    await tick();
    expect($('[data-consulting]')!.textContent).to.contain('Bob Verdi');
    await click('[data-action=merge]');
    await click('[data-action=complete-transfer]');
    expect(d.fake.calls('mergeConsult')).to.deep.equal([['v1', undefined]]);
    expect(d.fake.calls('completeTransfer')).to.deep.equal([['v1', undefined]]);
  });

  it('a conference lists the other agents, each removable', async () => {
    const { agentParty, customerParty } = await import('../helpers/call-fixtures.ts');
    d.show([callContact('v1', { call: callView({ parties: [customerParty(), agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi')] }) })]);
    await tick();
    expect($('[data-conference]')!.textContent).to.contain('Bob Verdi');
    await click('[data-action=remove-party][data-party-id=bob]');
    expect(d.fake.calls('removeFromConference')).to.deep.equal([['v1', 'bob']]);
  });

  it('Call buttons: the customer of an open chat, a colleague', async () => {
    d.show([callContact('c1', { type: 'chat', call: null })]);
    await tick();
    await click('[data-action=call-customer]');
    expect(d.fake.calls('startCall')).to.deep.equal([[{ contactId: 'c1' }]]);
    const details = $<HTMLDetailsElement>('[data-colleagues]')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await eventually(() => $('[data-colleagues] li[data-agent-id=bob]'), 2_000, 'the team listed');
    expect($<HTMLButtonElement>('[data-colleagues] li[data-agent-id=carol] button')!.disabled, 'offline').to.equal(true);
    expect($('[data-colleagues] li[data-agent-id=alice]'), 'not oneself').to.equal(null);
    await click('[data-colleagues] li[data-agent-id=bob] [data-action=call-agent]');
    expect(d.fake.calls('startCall').at(-1)).to.deep.equal([{ agentId: 'bob' }]);
    // With a call going on the chat, no second Call button.
    d.upsert(callContact('c1', { type: 'chat' }));
    await tick();
    expect($('[data-action=call-customer]')).to.equal(null);
    // A softphone that is not ready offers no calls.
    d.upsert(callContact('c1', { type: 'chat', call: null }));
    d.fake.setSoftphone({ ready: false, error: 'no microphone' });
    d.session.store.setDraft('c1', 'x'); // any store change re-renders the desk
    await tick();
    expect($('[data-action=call-customer]')).to.equal(null);
    expect($('[data-colleagues]')).to.equal(null);
  });
});

describe('audio settings', function () {
  this.timeout(30_000);
  let d: Desk;
  before(() => widgetStyles());
  beforeEach(() => (d = desk()));
  afterEach(() => d.unmount());

  it('lists the fake devices after the microphone is allowed; choosing one is kept', async () => {
    await click('[data-action=audio-settings]');
    await eventually(() => $('[data-audio-settings]'), 2_000, 'settings shown');
    // Chromium's fake devices, named once the page has the microphone (auto-granted by --use-fake-ui-for-media-stream).
    const allow = $('[data-action=allow-microphone]');
    if (allow) allow.click();
    await eventually(() => $$<HTMLOptionElement>('select[name=device-input] option').some((o) => o.value && o.textContent && !/^Microphone \d/.test(o.textContent)), 5_000, 'named inputs');
    const inputs = $$<HTMLOptionElement>('select[name=device-input] option');
    expect(inputs[0].value, 'the default first').to.equal('');
    const pick = inputs.find((o) => o.value)!;
    const select = $<HTMLSelectElement>('select[name=device-input]')!;
    select.value = pick.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await tick();
    expect(d.fake.calls('chooseDevice')).to.deep.equal([['input', pick.value]]);
    expect(d.audio.current().input).to.equal(pick.value);
    const ringer = $<HTMLInputElement>('input[name=mute-ringer]')!;
    ringer.click();
    expect(d.ui.ringer.muted).to.equal(true);
  });
});

describe('call UI screenshots', function () {
  this.timeout(30_000);
  let d: Desk;
  const realNow = Date.now;
  before(() => widgetStyles());
  afterEach(async () => {
    Date.now = realNow;
    d.unmount();
    await executeServerCommand('sb-viewport', { width: 800, height: 600 });
  });
  for (const width of [320, 390, 1_280]) {
    it(`at ${width} px: an incoming call over a recorded conference call, keypad, transfer choices and audio settings open; as stored, and scrolled`, async () => {
      // The page's clock stands still: the call's timer and the offer's countdown read the same in every run.
      Date.now = () => AT;
      await executeServerCommand('sb-viewport', { width, height: 900 });
      d = desk();
      const { agentParty, customerParty } = await import('../helpers/call-fixtures.ts');
      d.show([
        callContact('v1', { call: callView({ recording: true, connectTime: AT - 83_000, parties: [customerParty(), agentParty('alice', 'Alice Rossi'), agentParty('bob', 'Bob Verdi')] }) }),
        ringing('v2', {
          offerExpiresAt: AT + 20_000,
          customer: { id: 'cust-2', name: 'Marco Esposito', authType: 'CONSUMER_ANONYMOUS' },
          call: callView({ state: 'ringing', connectTime: null, parties: [customerParty({ id: 'cust-2', name: 'Marco Esposito' })] }),
        }),
      ]);
      d.fake.setMedia('v1', { audioFlowing: true });
      await tick();
      await click('[data-action=keypad]');
      await click('[data-action=audio-settings]');
      for (const digit of ['4', '2', '#']) await click(`[data-digit="${digit}"]`);
      await click('[data-action=call-transfer]');
      await eventually(() => $('select[name=call-destination] option[value="agent:bob"]'), 2_000, 'the transfer choices');
      await tick(200);
      // Nothing wider than the page.
      const overflow = $$('#app *').filter((el) => el.getBoundingClientRect().right > width + 0.5).map((el) => `${el.tagName}.${el.className}`);
      expect(overflow).to.deep.equal([]);
      expect($('[data-call-timer]')!.textContent).to.contain('1:23');
      const shot = await compareScreenshot('#app', `call-ui-${width}`);
      expect(shot.reason ?? '').to.equal('');
      expect(shot.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
      if (width === 1_280) return; // the whole dock fits: nothing to scroll
      // Narrow, the dock scrolls; at its end it keeps the ringing call in sight above the keypad and the transfer choices.
      const dock = $('.sb-call-dock')!;
      dock.scrollTop = dock.scrollHeight;
      await tick(100);
      expect(dock.scrollTop, 'the dock scrolled').to.be.above(20);
      const ringingBox = $('.sb-incoming-call')!.getBoundingClientRect();
      expect(ringingBox.top, 'the ringing call at the top of the dock').to.be.closeTo(dock.getBoundingClientRect().top, 1);
      const scrolled = await compareScreenshot('#app', `call-ui-${width}-scrolled`);
      expect(scrolled.reason ?? '').to.equal('');
      expect(scrolled.diffRatio).to.be.at.most(SCREENSHOT_TOLERANCE);
    });
  }
});
