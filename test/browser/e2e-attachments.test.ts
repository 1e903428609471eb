/**
 * Files in a chat between the demo shop page and the agent's widget, in Chromium against a real
 * server: both directions with their progress bars, image thumbnails, downloads by the chat's
 * parties, the CRM told through ON_CHAT_MESSAGE, an ACCESS receipt when a file is opened,
 * refusals (too large, type not allowed) shown to the person who sent the file, another customer
 * and an agent not in the chat shut out, and links that expire.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { deskAndShop } from './call-e2e.ts';
import { eventually, frame, openTab, closeTab, socketIn, startServer, startShopChat, stopServer, type TestServer } from './harness.ts';

type CrmEvent = { name: string; data: any };

/** An expression that puts files into the file input `selector` of a frame, as a person picking them would. */
const pickFiles = (selector: string, files: string) => `(async () => {
  const list = await ${files};
  const dt = new DataTransfer();
  for (const f of list) dt.items.add(f);
  const input = document.querySelector(${JSON.stringify(selector)});
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
})()`;
/** A PNG drawn on a canvas in the page; `noise` fills it with random pixels (a photo-sized file). */
const pngFile = (name: string, width = 64, height = 48, noise = false) => `new Promise((resolve) => {
  const c = Object.assign(document.createElement('canvas'), { width: ${width}, height: ${height} });
  const g = c.getContext('2d');
  g.fillStyle = '#2f5bea'; g.fillRect(0, 0, ${width}, ${height});
  g.fillStyle = '#f2a900'; g.fillRect(8, 8, ${width} / 2, ${height} / 2);
  if (${noise}) {
    const pixels = g.getImageData(0, 0, ${width}, ${height});
    for (let i = 0; i < pixels.data.length; i += 65536) crypto.getRandomValues(pixels.data.subarray(i, i + 65536));
    for (let i = 3; i < pixels.data.length; i += 4) pixels.data[i] = 255;
    g.putImageData(pixels, 0, 0);
  }
  c.toBlob((b) => resolve(new File([b], ${JSON.stringify(name)}, { type: 'image/png' })));
})`;
/** `bytes` of random data as a file of `type`. */
const randomFile = (name: string, bytes: number, type: string) => `(() => {
  const data = new Uint8Array(${bytes});
  for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
  return new File([data], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} });
})()`;
/** Records every value the progress bars matching `selector` take (an upload may be over in a blink). */
const watchProgress = (selector: string) => `(() => {
  window.progressSeen = [];
  const note = () => document.querySelectorAll(${JSON.stringify(selector)}).forEach((p) => window.progressSeen.push(p.value));
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  return true;
})()`;
/** Slows the page's uploads (Chromium's network emulation; null: full speed) so their progress can be seen. */
const throttleUploads = (bytesPerSecond: number | null) => executeServerCommand('sb-throttle-uploads', { uploadBytesPerSecond: bytesPerSecond });

describe('end to end: files in a chat', function () {
  this.timeout(90_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');
  const crm = frame('/demo/crm.html');
  const crmEvents = () => crm.eval<CrmEvent[]>('window.crmEvents');
  let chatId = '';

  before(async () => {
    server = await startServer({ config: { attachmentMaxBytes: 3 * 1024 * 1024 } });
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Carla Verdi', 'hello');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hello');
    chatId = await shop.eval<string>('window.switchboardChat.getId()');
    await shop.eval(`(window.receipts = [], window.switchboardChat.on('message:read', (e) => window.receipts.push(e)), true)`);
  });
  after(() => stopServer(server));

  it('the customer sends a photo: a progress bar, then a thumbnail the agent sees, and the CRM hears of it', async () => {
    await shop.eval(watchProgress('[data-uploading] progress'));
    await throttleUploads(400_000);
    await shop.eval(pickFiles('.sbc input[name=file]', `Promise.all([${pngFile('photo.png', 600, 450, true)}])`));
    // The sender sees the file at once, with its progress, until it is stored.
    await shop.waitFor('[data-uploading] progress');
    await shop.waitForGone('[data-uploading]');
    await throttleUploads(null);
    const seen = await shop.eval<number[]>('window.progressSeen');
    expect(seen.some((v) => v > 0 && v < 1), `progress between 0 and 1: ${seen}`).to.equal(true);
    expect(seen.at(-1)).to.equal(1);
    await shop.waitFor('.sbc-msg.me .sbc-thumb');
    // The agent's widget shows the photo as a thumbnail: its link works for the agent.
    await widget.waitFor('.sb-from-customer .sb-thumb');
    const shown = await eventually(() => widget.eval<{ w: number; alt: string; src: string } | null>(`(() => {
      const img = document.querySelector('.sb-from-customer .sb-thumb');
      return img && img.complete && img.naturalWidth > 0 ? { w: img.naturalWidth, alt: img.alt, src: img.src } : null;
    })()`), 10_000, 'the thumbnail loaded in the widget');
    expect(shown).to.include({ w: 600, alt: 'photo.png' });
    expect(shown.src).to.contain('preview=1');
    // The CRM page's ON_CHAT_MESSAGE carries the file: name, size, type and an absolute link.
    const event = await eventually(async () => (await crmEvents()).find((e) => e.name === 'ON_CHAT_MESSAGE' && e.data.file), 5_000, 'ON_CHAT_MESSAGE with a file');
    expect(event.data).to.include({ interactionId: chatId, fromType: 'external', text: 'photo.png' });
    expect(event.data.file).to.include({ kind: 'file', name: 'photo.png', type: 'image/png' });
    expect(event.data.file.size).to.be.greaterThan(1000);
    expect(event.data.file.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api\/attachments\/[0-9a-f-]{36}\?access=/);
    const fetched = await crm.eval<{ status: number; type: string | null }>(`fetch(${JSON.stringify(event.data.file.url)}).then((r) => ({ status: r.status, type: r.headers.get('content-type') }))`);
    expect(fetched).to.deep.equal({ status: 200, type: 'image/png' });
  });

  it('the agent opens the photo: a new tab shows it and the customer gets an ACCESS receipt', async () => {
    await widget.click('.sb-from-customer a.sb-file');
    const receipt = await eventually(async () => (await shop.eval<any[]>('window.receipts')).find((r) => r.status === 'ACCESS'), 10_000, 'an ACCESS receipt at the customer');
    expect(receipt.by).to.deep.equal({ kind: 'agent', id: 'alice' });
    const messageId = await shop.eval<string>(`window.switchboardChat.history().then((ms) => ms.find((m) => m.content?.kind === 'file').id)`);
    expect(receipt.messageId).to.equal(messageId);
  });

  it('the agent sends a document: a progress bar in the widget, a file line with name and size on the shop page that downloads', async () => {
    await widget.eval(watchProgress('.sb-uploads progress'));
    await throttleUploads(300_000);
    await widget.eval(pickFiles('.sb-composer input[name=file]', `Promise.all([${randomFile('Quote 2024.zip', 1_200_000, 'application/zip')}])`));
    await widget.waitFor('.sb-uploads progress');
    await widget.waitForGone('.sb-uploads');
    await throttleUploads(null);
    const seen = await widget.eval<number[]>('window.progressSeen');
    expect(seen.some((v) => v > 0 && v < 1), `progress between 0 and 1: ${seen}`).to.equal(true);
    await widget.waitForText('.sb-from-agent .sb-file-name', 'Quote 2024.zip');
    await shop.waitForText('.sbc-file-name', 'Quote 2024.zip');
    expect((await shop.texts('.sbc-file .sbc-file-size'))[0]).to.equal('1.2 MB');
    const download = await shop.eval<{ status: number; bytes: number; disposition: string | null; nosniff: string | null }>(`(async () => {
      const a = [...document.querySelectorAll('.sbc-file')].find((e) => e.textContent.includes('Quote 2024.zip'));
      const r = await fetch(a.href);
      return { status: r.status, bytes: (await r.arrayBuffer()).byteLength, disposition: r.headers.get('content-disposition'), nosniff: r.headers.get('x-content-type-options') };
    })()`);
    expect(download).to.deep.equal({ status: 200, bytes: 1_200_000, disposition: `attachment; filename="Quote 2024.zip"; filename*=UTF-8''Quote%202024.zip`, nosniff: 'nosniff' });
  });

  it('the agent sends a photo: the shop page shows its thumbnail', async () => {
    await widget.eval(pickFiles('.sb-composer input[name=file]', `Promise.all([${pngFile('label.png', 120, 80)}])`));
    const loaded = await eventually(() => shop.eval<number>(`(() => {
      const img = [...document.querySelectorAll('.sbc-msg:not(.me) .sbc-thumb')].find((i) => i.alt === 'label.png');
      return img && img.complete ? img.naturalWidth : 0;
    })()`), 10_000, 'the thumbnail loaded on the shop page');
    expect(loaded).to.equal(120);
  });

  it('a file over the limit, or of a type not allowed, is refused with the reason shown to its sender', async () => {
    await shop.eval(pickFiles('.sbc input[name=file]', `Promise.all([${randomFile('huge.zip', 3 * 1024 * 1024 + 1, 'application/zip')}])`));
    await shop.waitForText('.sbc-messages li.sys', 'huge.zip was not sent');
    const notice = (await shop.texts('.sbc-messages li.sys')).find((t) => t.includes('huge.zip'))!;
    expect(notice).to.contain('over the limit of 3 MiB');
    expect(await shop.eval<number>(`document.querySelectorAll('[data-uploading]').length`)).to.equal(0);
    await widget.eval(pickFiles('.sb-composer input[name=file]', `Promise.all([new File(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'], 'logo.svg', { type: 'image/svg+xml' })])`));
    await widget.waitForText('.sb-error', 'logo.svg was not sent');
    expect((await widget.texts('.sb-error'))[0]).to.contain('files of type image/svg+xml are not allowed');
  });

  it('files dropped on the chat are sent', async () => {
    await widget.eval(`(async () => {
      const dt = new DataTransfer();
      dt.items.add(new File(['dropped notes'], 'notes.txt', { type: 'text/plain' }));
      const pane = document.querySelector('.sb-chat');
      pane.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      pane.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      return true;
    })()`);
    await shop.waitForText('.sbc-file-name', 'notes.txt');
  });

  it('another customer cannot get, download or post files of this chat; nor can an agent not in it', async () => {
    const link = await shop.eval<string>(`window.switchboardChat.history().then((ms) => ms.find((m) => m.content?.kind === 'file').content.url)`);
    const fileId = /attachments\/([^?]+)/.exec(link)![1];
    const tab = await openTab(`${server.url.replace('127.0.0.1', 'localhost')}/demo/shop.html`);
    try {
      const other = frame('/demo/shop.html', tab);
      await other.type('input[name=name]', 'Mallory');
      await other.click('[data-action=start]');
      await other.waitFor('[name=message]:enabled');
      const tried = await other.eval<Record<string, unknown>>(`(async () => {
        const token = JSON.parse(sessionStorage.getItem('switchboard.customer')).token;
        const noAccess = await fetch('/api/attachments/${fileId}');
        const forged = await fetch('/api/attachments/${fileId}?access=' + ${JSON.stringify(new URL(link, 'http://x').searchParams.get('access'))}.replace(/^[^.]+/, btoa(JSON.stringify({ a: 'customer:me', e: Date.now() + 60000 })).replace(/=+$/, '')));
        const link = await window.switchboardChat.files().then((f) => f.url({ kind: 'file', id: '${fileId}', name: 'x', size: 1, type: 'image/png' }, '${chatId}')).then(() => 'got a link', (e) => e.name);
        const post = await fetch('/api/attachments?contactId=${chatId}&name=x.txt', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'text/plain' }, body: 'hi' });
        return { noAccess: noAccess.status, forged: forged.status, link, post: post.status, reason: (await post.json()).error.message };
      })()`);
      expect(tried).to.deep.equal({ noAccess: 401, forged: 403, link: 'forbidden', post: 403, reason: `you are not a participant of chat ${chatId}` });
    } finally {
      await closeTab(tab);
    }
    // bob, signed in on a socket of his own: no link, no upload.
    const bob = socketIn('/widget/', 'bob');
    await bob.open();
    await bob.send({ id: 1, type: 'agent.login', username: 'bob', password: 'bob', force: true });
    await bob.send({ id: 2, type: 'chat.fileLink', contactId: chatId, fileId });
    const replies = await eventually(async () => {
      const all = await bob.replies();
      return all.some((r) => r.re === 2) ? all : null;
    });
    const token = replies.find((r) => r.re === 1).data.token;
    expect(replies.find((r) => r.re === 2).error.name).to.equal('forbidden');
    const post = await widget.eval<number>(`fetch('/api/attachments?contactId=${chatId}&name=x.txt', { method: 'POST', headers: { authorization: 'Bearer ${token}', 'content-type': 'text/plain' }, body: 'hi' }).then((r) => r.status)`);
    expect(post).to.equal(403);
    await bob.close();
  });
});

describe('end to end: a file link that expired', function () {
  this.timeout(60_000);
  let server: TestServer;
  const widget = frame('/widget/');
  const shop = frame('/demo/shop.html');

  before(async () => {
    for (const old of document.querySelectorAll('iframe')) old.remove();
    server = await startServer({ config: { attachmentLinkTtlSeconds: 2 } });
    await deskAndShop(server);
    await startShopChat('/demo/shop.html', 'Dario', 'hi');
    await widget.click('[data-action=accept]');
    await widget.waitForText('.sb-messages', 'hi');
  });
  after(() => stopServer(server));

  it('is refused; the file opens anyway through a fresh link, and the sender hears it was opened', async () => {
    await shop.eval(`(window.receipts = [], window.switchboardChat.on('message:read', (e) => window.receipts.push(e)), true)`);
    await shop.eval(pickFiles('.sbc input[name=file]', `Promise.all([new File(['the invoice'], 'invoice.txt', { type: 'text/plain' })])`));
    await widget.waitForText('.sb-file-name', 'invoice.txt');
    const old = await widget.eval<string>(`document.querySelector('.sb-from-customer a.sb-file').href`);
    await eventually(async () => (await widget.eval<number>(`fetch(${JSON.stringify(old)}, { cache: 'no-store' }).then((r) => r.status)`)) === 403, 10_000, 'the link to expire');
    const reason = await widget.eval<string>(`fetch(${JSON.stringify(old)}, { cache: 'no-store' }).then((r) => r.json()).then((b) => b.error.message)`);
    expect(reason).to.equal('link expired');
    // A click renews the link before opening it: the new tab downloads, and the customer is told.
    await widget.click('.sb-from-customer a.sb-file');
    const receipt = await eventually(async () => (await shop.eval<any[]>('window.receipts')).find((r) => r.status === 'ACCESS'), 10_000, 'an ACCESS receipt');
    expect(receipt.by.id).to.equal('alice');
    // The customer's side renews too.
    const fresh = await shop.eval<string>(`window.switchboardChat.history().then((ms) => ms.find((m) => m.content?.kind === 'file').content).then((f) => window.switchboardChat.files().then((files) => files.url({ ...f, expiresAt: 0 })))`);
    expect(fresh).to.not.equal(old);
    expect(await shop.eval<number>(`fetch(${JSON.stringify(fresh)}).then((r) => r.status)`)).to.equal(200);
  });
});

