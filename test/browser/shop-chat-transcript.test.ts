/**
 * A chat's history on the demo shop page against a real server and the agent's widget: a
 * history the page imports (seed 001's importHistory) shows above the live messages, on both
 * sides; the shopper downloads the whole transcript (more than one page of the server's history)
 * as a text file, during the chat and after it ended.
 */
import { expect } from '@esm-bundle/chai';
import { agentWire } from './agent-wire.ts';
import { deskAndShop } from './call-e2e.ts';
import { allowDownloads, downloadedFiles, eventually, frame, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

/** More than one page of history (the server gives 500 at most). */
const BULK = 520;

describe('shop chat box: imported history and the transcript', function () {
  this.timeout(120_000);
  let server: TestServer;
  let chatId = '';
  let downloads = '';
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const agent = agentWire();

  before(async () => {
    // Hundreds of messages in a few seconds: the per-connection request rate is lifted.
    server = await startServer({ config: { requestsPerSecond: 100_000, requestBurst: 100_000 } });
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'hello, I was talking to your bot');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'I was talking to your bot');
    chatId = await shop.eval<string>('window.switchboardChat.getId()');
    downloads = await allowDownloads();
  });
  after(() => stopServer(server));

  it('shows an imported history above the live messages, and the agent reads it too', async () => {
    const minutesAgo = (n: number) => Date.now() - n * 60_000;
    const returned = await shop.eval<string[]>(`window.switchboardChat.importHistory([
      { from: 'customer', text: 'Where is my parcel?', createdAt: ${minutesAgo(5)} },
      { from: 'bot', name: 'Shop bot', text: 'I will find a person for you', createdAt: ${minutesAgo(4)} },
    ]).then((all) => all.map((m) => m.text))`);
    expect(returned).to.deep.equal(['Where is my parcel?', 'I will find a person for you', 'hello, I was talking to your bot']);
    await shop.waitForText('.sbc-messages', 'I will find a person for you');
    const lines = await shop.eval<{ cls: string; text: string }[]>(
      "[...document.querySelectorAll('.sbc-messages > li')].slice(0, 5).map((li) => ({ cls: li.className, text: (li.querySelector('.sbc-text') ?? li).textContent }))",
    );
    expect(lines).to.deep.equal([
      { cls: 'sys sbc-earlier', text: 'Earlier conversation' },
      { cls: 'sbc-msg me sbc-imported', text: 'Where is my parcel?' },
      { cls: 'sbc-msg sbc-imported', text: 'I will find a person for you' },
      { cls: 'sys', text: 'Waiting for an agent…' },
      { cls: 'sbc-msg me', text: 'hello, I was talking to your bot' },
    ]);
    expect(await shop.texts('.sbc-imported .sbc-name')).to.deep.equal(['Shop bot']);
    await widget.waitForText('.sb-messages', 'I will find a person for you');
    // A reload shows them in the same place.
    await shop.eval('(window.beforeReload = true, location.reload(), true)');
    await eventually(() => shop.eval<boolean>("!window.beforeReload && document.querySelectorAll('.sbc-msg').length >= 3"), 10_000, 'the reopened chat');
    expect(await shop.eval<string>("document.querySelector('.sbc-messages > li:nth-child(2) .sbc-text').textContent")).to.equal('Where is my parcel?');
  });

  it('downloads the whole transcript as a text file: imported lines first, every page of the history', async () => {
    await agent.request({ type: 'chat.send', contactId: chatId, text: 'Your parcel:\nleft Milan today' });
    const bulk = Array.from({ length: BULK }, (_, i) => ({ type: 'chat.send', contactId: chatId, text: `bulk ${i + 1}` }));
    for (let i = 0; i < BULK; i += 20) await agent.requests(bulk.slice(i, i + 20)); // each command well within the runner's 20 s, even on a loaded machine
    await shop.waitForText('.sbc-messages', `bulk ${BULK}`);
    await shop.click('[data-action=download]');
    const [file] = await eventually(async () => {
      const files = await downloadedFiles(downloads);
      return files.length ? files : null;
    }, 20_000, 'the transcript file');
    expect(file!.name).to.match(/^chat-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}-\d{6}\.txt$/);
    const lines = file!.text.split('\n');
    expect(lines[0]).to.match(/^Chat with Customer Service — /);
    expect(lines[1]).to.equal('');
    expect(lines.slice(2, 6).map((l) => l.replace(/^\[[^\]]+\] /, ''))).to.deep.equal([
      'Carla Verdi: Where is my parcel?',
      'Shop bot: I will find a person for you',
      'Carla Verdi: hello, I was talking to your bot',
      'Alice: Your parcel:',
    ]);
    expect(lines[6]).to.equal('    left Milan today');
    const numbers = lines.filter((l) => /\] Alice: bulk \d+$/.test(l)).map((l) => Number(l.split('bulk ')[1]));
    expect(numbers).to.deep.equal(Array.from({ length: BULK }, (_, i) => i + 1));
  });

  it('downloads it after the chat ended too', async () => {
    await shop.click('[data-action=end]');
    await shop.waitForText('.sbc-messages', 'The chat has ended');
    // Its file is named to the second it was saved: a second later it cannot take the first one's name.
    await new Promise((r) => setTimeout(r, 1_100));
    await shop.click('[data-action=download]');
    const files = await eventually(async () => {
      const all = await downloadedFiles(downloads);
      return all.length === 2 ? all : null;
    }, 20_000, 'the second transcript file');
    for (const f of files) expect(f.text.split('\n').filter((l) => l.includes('bulk')).length).to.equal(BULK);
  });
});
