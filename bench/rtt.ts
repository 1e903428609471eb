/**
 * Drives bench/rtt-page.ts in headless Chromium against a real server with 100 interactions.
 * The host page is cross-origin isolated (COOP same-origin + COEP require-corp), so that its
 * timer is not coarsened to 100 µs; the echo page may be embedded there (COEP + CORP).
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import WebSocket from 'ws';
import { WireConnection } from '../protocol/index.ts';
import { hashPassword } from '../server/auth/index.ts';
import { parseConfig, startServer } from '../server/index.ts';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

const INTERACTIONS = 100;

export async function measureRoundTrips(): Promise<Record<string, number>> {
  const pageJs = (await build({ entryPoints: ['bench/rtt-page.ts'], bundle: true, format: 'esm', write: false, minify: true })).outputFiles[0].text;
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const embeddable = { 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'cross-origin' };
  const pages = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html', ...isolated }).end('<!doctype html><script type="module" src="/rtt-page.js"></script>');
    else if (path === '/rtt-page.js') res.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(pageJs);
    else if (path === '/echo.html') res.writeHead(200, { 'content-type': 'text/html', ...embeddable }).end(readFileSync('bench/echo.html'));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  const pagesPort = (pages.address() as AddressInfo).port;
  const hostOrigin = `http://localhost:${pagesPort}`;

  const base = JSON.parse(readFileSync('config/switchboard.json', 'utf8'));
  const agent = { id: 'bench', username: 'bench', name: 'Bench Agent', capacity: INTERACTIONS * 2, passwordHash: await hashPassword('bench') };
  const config = parseConfig({
    ...base,
    port: 0,
    host: '127.0.0.1',
    dataFile: join(mkdtempSync(join(tmpdir(), 'switchboard-bench-')), 'bench.db'),
    allowedOrigins: ['self', hostOrigin],
    agents: [agent],
  });
  const server = await startServer(config, () => {});
  const serverUrl = `http://127.0.0.1:${server.port}`;
  const browser = await puppeteer.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS });
  const customers: WireConnection[] = [];
  try {
    const page = await browser.newPage();
    const query = new URLSearchParams({ server: serverUrl, echo: `http://127.0.0.1:${pagesPort}/echo.html`, interactions: String(INTERACTIONS) });
    await page.goto(`${hostOrigin}/?${query}`);
    let widget = page.frames().find((f) => f.url().includes('/widget/'));
    while (!widget) {
      await new Promise((r) => setTimeout(r, 50));
      widget = page.frames().find((f) => f.url().includes('/widget/'));
    }
    await (await widget.waitForSelector('input[name=username]'))!.type('bench');
    await (await widget.waitForSelector('input[name=password]'))!.type('bench');
    await (await widget.waitForSelector('[data-action=login]'))!.click();
    await widget.waitForSelector('select[name=agent-state]');
    await widget.select('select[name=agent-state]', 'ONLINE');
    for (let i = 0; i < INTERACTIONS; i++) {
      const conn = new WireConnection(`ws://127.0.0.1:${server.port}/ws`, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, nextRetryDelayMs: () => null });
      await conn.open();
      await conn.request({ type: 'chat.init', room: 'default', name: `Customer ${i + 1}` });
      customers.push(conn);
    }
    await page.waitForFunction('window.benchResult || window.benchError', { timeout: 120_000 });
    const error = await page.evaluate('window.benchError');
    if (error) throw new Error(String(error));
    const r = (await page.evaluate('window.benchResult')) as Record<string, number>;
    return {
      rtt_raw_messageport_us: Math.round(r.rtt_raw_messageport_us),
      rtt_get_interactions_state_us: Math.round(r.rtt_get_interactions_state_us),
      rtt_ratio: Number((r.rtt_get_interactions_state_us / r.rtt_raw_messageport_us).toFixed(2)),
      rtt_interactions: r.interactions,
      rtt_payload_bytes: r.payload_bytes,
      rtt_n: r.rtt_n,
      widget_ready_ms: Number(r.widget_ready_ms.toFixed(1)),
      widget_ready_n: r.widget_ready_n,
    };
  } finally {
    customers.forEach((c) => c.close());
    await browser.close();
    await server.close();
    pages.close();
  }
}
