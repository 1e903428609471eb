/** The chat box's parts on their own: the locale pick and string table, initials, the typing line, the launcher's count. */
import { expect } from '@esm-bundle/chai';
import { initials } from '../../customer/chat-box/avatar.ts';
import { mountLauncher } from '../../customer/chat-box/launcher.ts';
import { pickLocale } from '../../customer/chat-box/strings.ts';
import { mountTranscript } from '../../customer/chat-box/transcript.ts';
import { followVisualViewport } from '../../customer/chat-box/viewport.ts';

const element = (attrs: Record<string, string> = {}) => {
  const div = document.createElement('div');
  Object.entries(attrs).forEach(([k, v]) => div.setAttribute(k, v));
  document.body.append(div);
  return div;
};

describe('chat box strings', () => {
  const lang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = lang;
    delete document.documentElement.dataset.locale;
  });

  it("takes the chat element's data-locale first, then the page's data-locale, then <html lang>", () => {
    document.documentElement.lang = 'es-MX';
    expect(pickLocale(element()).language).to.equal('es');
    expect(pickLocale(element()).tag).to.equal('es-MX');
    document.documentElement.dataset.locale = 'it-IT';
    expect(pickLocale(element()).t('send')).to.equal('Invia');
    expect(pickLocale(element({ 'data-locale': 'en-GB' })).t('send')).to.equal('Send');
  });

  it('speaks English for other languages and for nonsense, and fills in values', () => {
    expect(pickLocale(element({ 'data-locale': 'de' })).t('queue', { n: 3 })).to.equal('You are number 3 in the queue');
    expect(pickLocale(element({ 'data-locale': '%%' })).language).to.equal('en');
    expect(pickLocale(element({ 'data-locale': 'es' })).t('typing', { name: 'Ana' })).to.equal('Ana está escribiendo…');
  });
});

describe('chat box avatar', () => {
  it('uses up to two initials', () => {
    expect(['Alice Rossi', 'bob', 'Ana María López', '  ', 'Émile Zola'].map(initials)).to.deep.equal(['AR', 'B', 'AM', '?', 'ÉZ']);
  });
});

describe('chat box typing line', () => {
  it('shows who is typing, and hides on stop, on their message, and after a while', async () => {
    const list = document.createElement('ol');
    element().append(list);
    const transcript = mountTranscript(list, pickLocale(element({ 'data-locale': 'en' })));
    transcript.activity({ type: 'writing' }, 'Alice');
    expect([transcript.typing.hidden, transcript.typing.textContent]).to.deep.equal([false, 'Alice is typing…']);
    transcript.activity({ type: 'stop-writing' }, 'Alice');
    expect(transcript.typing.hidden).to.equal(true);
    transcript.activity({ activity: 'writing', name: 'Bob' }, 'Alice');
    expect(transcript.typing.textContent).to.equal('Bob is typing…');
    transcript.message({ from: { kind: 'agent', id: 'bob', name: 'Bob' }, text: 'hi', createdAt: Date.now() });
    expect(transcript.typing.hidden).to.equal(true);
  });

  it('says a chat ended once, however many times it is told', () => {
    const list = document.createElement('ol');
    element().append(list);
    const transcript = mountTranscript(list, pickLocale(element({ 'data-locale': 'it' })));
    transcript.ended('c1');
    transcript.ended('c1');
    transcript.ended('c2');
    expect([...list.children].map((li) => li.textContent)).to.deep.equal(['La chat è terminata', 'La chat è terminata']);
  });
});

describe('chat box launcher', () => {
  beforeEach(() => sessionStorage.removeItem('switchboard.chat-box'));

  it('counts messages only while minimized and forgets them when opened', () => {
    const root = element();
    const launcher = mountLauncher(root, pickLocale(root), false);
    const badge = root.querySelector<HTMLElement>('.sbc-badge')!;
    expect(root.dataset.open).to.equal('false');
    launcher.noteIncoming();
    launcher.noteIncoming();
    expect([badge.hidden, badge.textContent]).to.deep.equal([false, '2']);
    expect(launcher.button.ariaLabel).to.equal('Open the chat (2 unread)');
    launcher.button.click();
    expect([root.dataset.open, badge.hidden]).to.deep.equal(['true', true]);
    launcher.noteIncoming();
    expect(badge.dataset.count).to.equal('0');
    // A second box on a reload starts as the shopper left it, whatever the page's first-visit choice.
    expect(mountLauncher(element(), pickLocale(root), false).isOpen()).to.equal(true);
  });
});

describe('chat box and the on-screen keyboard', () => {
  it('sizes the box to the visual viewport, which the keyboard shrinks', () => {
    const root = element();
    const viewport = Object.assign(new EventTarget(), { height: 640, offsetTop: 0 });
    followVisualViewport(root, viewport);
    expect(root.style.getPropertyValue('--sbc-vh')).to.equal('640px');
    // The keyboard opens: 300 px are left, the page scrolled by 40.
    Object.assign(viewport, { height: 300, offsetTop: 40 });
    viewport.dispatchEvent(new Event('resize'));
    expect([root.style.getPropertyValue('--sbc-vh'), root.style.getPropertyValue('--sbc-top')]).to.deep.equal(['300px', '40px']);
  });
});
