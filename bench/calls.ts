/**
 * Call figures through the whole path: a real server process, the demo CRM page with the widget
 * and the demo shop page in headless Chromium (fake microphone), WebRTC on loopback.
 *   call_setup_ms: the agent clicks Answer -> both peer connections `connected` (median).
 *   call_reattach_ms: the agent's widget page reloads mid-call -> audio flows again both ways (median).
 * The pages are not changed for the bench: a script run before each document records when each
 * RTCPeerConnection was made and when it connected, and the bench reads that record.
 */
import puppeteer, { type Frame, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { spawnServer } from './spawn-server.ts';

const SETUP_N = 20;
const REATTACH_N = 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs before any page script, in every frame: a log of peer connections with their times. */
const RECORD_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  if (!Native) return;
  type Entry = { madeAt: number; connectedAt: number | null; pc: RTCPeerConnection };
  const log: Entry[] = ((window as unknown as { __pcs: Entry[] }).__pcs = []);
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      const entry: Entry = { madeAt: Date.now(), connectedAt: null, pc: this };
      log.push(entry);
      this.addEventListener('connectionstatechange', () => this.connectionState === 'connected' && (entry.connectedAt ??= Date.now()));
    }
  } as typeof RTCPeerConnection;
};

/** When the newest peer connection made after `since` connected, and its inbound audio bytes. */
const PEER_STATE = async (since: number) => {
  const entries = ((window as unknown as { __pcs?: { madeAt: number; connectedAt: number | null; pc: RTCPeerConnection }[] }).__pcs ?? []).filter((e) => e.madeAt >= since);
  const last = entries.at(-1);
  if (!last) return null;
  let inbound = 0;
  (await last.pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound += s.bytesReceived ?? 0;
  });
  return { connectedAt: last.connectedAt, inbound };
};

async function frameOf(page: Page, part: string): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const found = page.frames().find((f) => !f.detached && f.url().includes(part));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no frame ${part}`);
}

/** Clicks through the DOM (the frames may sit outside the viewport). */
async function tap(frame: Frame, selector: string): Promise<void> {
  const el = await frame.waitForSelector(selector, { timeout: 20_000 });
  await el!.evaluate((e) => (e as HTMLElement).click());
}

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function callFigures(): Promise<Record<string, number>> {
  const server = await spawnServer({ presenceGraceSeconds: 600, callReattachSeconds: 60 });
  const browser = await puppeteer.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS });
  try {
    const origin = `http://127.0.0.1:${server.port}`;
    const crm = await browser.newPage();
    await crm.evaluateOnNewDocument(RECORD_PEER_CONNECTIONS);
    await crm.goto(`${origin}/demo/crm.html`);
    let widget = await frameOf(crm, '/widget/');
    await (await widget.waitForSelector('input[name=username]'))!.type('alice');
    await (await widget.waitForSelector('input[name=password]'))!.type('alice');
    await (await widget.waitForSelector('[data-action=login]'))!.click();
    await widget.waitForSelector('select[name=agent-state]');
    await widget.select('select[name=agent-state]', 'ONLINE');

    // The shop in an iframe of the same tab: a background tab's timers and frames would be throttled.
    await crm.evaluate((src) => {
      const iframe = Object.assign(document.createElement('iframe'), { src, width: '420', height: '640', allow: 'microphone; camera; display-capture; autoplay' });
      document.body.append(iframe);
    }, `${origin}/demo/shop.html`);
    const shop = await frameOf(crm, '/demo/shop.html');
    await (await shop.waitForSelector('input[name=name]'))!.type('Bench Customer');

    const setups: number[] = [];
    for (let i = 0; i < SETUP_N; i++) {
      await tap(shop, '[data-action=call]:not([hidden])');
      await widget.waitForSelector('.sb-incoming-call [data-action=answer]', { timeout: 20_000 });
      const clickedAt = Date.now();
      await tap(widget, '.sb-incoming-call [data-action=answer]');
      const both = await until(async () => {
        const [a, b] = await Promise.all([widget.evaluate(PEER_STATE, clickedAt), shop.evaluate(PEER_STATE, clickedAt)]);
        return a?.connectedAt && b?.connectedAt ? Math.max(a.connectedAt, b.connectedAt) : null;
      }, 'both peers connected');
      setups.push(both - clickedAt);
      if (i === SETUP_N - 1) break; // the last call stays up for the re-attach figure
      await tap(widget, '.sb-call-panel [data-action=hangup]');
      await until(() => shop.evaluate(() => document.querySelector('.sbc-call')?.getAttribute('data-call-state') !== 'connected'), 'the call ended');
    }

    const reattaches: number[] = [];
    for (let i = 0; i < REATTACH_N; i++) {
      const reloadedAt = Date.now();
      await widget.evaluate(() => location.reload()).catch(() => {});
      widget = await until(async () => {
        const f = crm.frames().find((x) => !x.detached && x.url().includes('/widget/'));
        return f && (await f.evaluate(() => document.readyState === 'complete').catch(() => false)) ? f : null;
      }, 'the reloaded widget');
      const flowing = await until(async () => {
        const [a, b] = await Promise.all([widget.evaluate(PEER_STATE, reloadedAt), shop.evaluate(PEER_STATE, reloadedAt)]);
        return a && b && a.inbound > 0 && b.inbound > 0 ? Date.now() : null;
      }, 'audio after the reload');
      reattaches.push(flowing - reloadedAt);
    }
    return {
      call_setup_ms: median(setups),
      call_setup_n: setups.length,
      call_reattach_ms: median(reattaches),
      call_reattach_n: reattaches.length,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
