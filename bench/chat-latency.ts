/**
 * chat_latency_p50_ms / chat_latency_p99_ms: customer send -> server -> agent widget -> host
 * event, 1,000 concurrent chats over loopback, through the real path: the server in its own
 * process (bench/spawn-server.ts); the customers as WebSocket clients in a worker thread
 * (bench/chat-customers.ts); 10 agents, each a widget embedded by the host library in a host
 * page (bench/chat-latency-page.ts) in its own browser context of headless Chromium, so that no
 * two share a session. Every chat is accepted through the host API; then the customers send at a
 * steady total rate, and a message's latency is the host page's ON_CHAT_MESSAGE time minus the
 * customer's send time, both Date.now() on this machine's one clock (1 ms resolution).
 */
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { BENCH_PASSWORD, benchAgents } from './bench-server.ts';
import { chromiumLabel, cpuMeter } from './cpu-meter.ts';
import { spawnServer } from './spawn-server.ts';

const AGENTS = Number(process.env.SB_CHAT_AGENTS ?? 10);
const CHATS = Number(process.env.SB_CHATS ?? 1_000);
const CHATS_PER_AGENT = CHATS / AGENTS;
const MESSAGES = Number(process.env.SB_MESSAGES ?? 2_500);
const MESSAGES_PER_S = Number(process.env.SB_RATE ?? 200);
const JOIN_TIMEOUT_MS = 120_000;
const DELIVERY_TIMEOUT_MS = 15_000;

// SB_BENCH_DEBUG=1 logs the phases on stderr.
const debug = (line: string) => process.env.SB_BENCH_DEBUG && console.error(`${new Date().toISOString()} chat-latency: ${line}`);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

interface CustomersResult {
  sent: [string, number][];
  acks: number[];
  failures: string[];
  joinedMs: number;
  sendMs: number;
}

/** The customers' worker: resolves with its report; `close()` then ends its chats and the thread. */
function startCustomers(port: number, onJoined: () => void): { result: Promise<CustomersResult>; close(): Promise<void> } {
  const entry = JSON.stringify(new URL('./chat-customers.ts', import.meta.url).href);
  const workerData = { port, chats: CHATS, messages: MESSAGES, perSecond: MESSAGES_PER_S, joinTimeoutMs: JOIN_TIMEOUT_MS };
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData });
  const result = new Promise<CustomersResult>((resolve, reject) => {
    worker.on('message', (message: CustomersResult | { joined: true }) => ('joined' in message ? onJoined() : resolve(message)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`chat-customers exited (${code}) before it reported`)));
  });
  return {
    result,
    close: async () => {
      worker.postMessage('close');
      await new Promise((r) => setTimeout(r, 200));
      await worker.terminate();
    },
  };
}

/** Debug: each widget frame's main-thread time (script, layout, style) from now to the call of the returned function, as a share of the wall time. */
async function widgetMetrics(browser: Browser): Promise<() => Promise<Record<string, number>[]>> {
  const targets = browser.targets().filter((t) => t.url().includes('/widget/'));
  const sessions = await Promise.all(targets.map((t) => t.createCDPSession()));
  const read = async () =>
    Promise.all(
      sessions.map(async (s) => {
        await s.send('Performance.enable');
        const { metrics } = await s.send('Performance.getMetrics');
        return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
      }),
    );
  const before = await read();
  const t0 = Date.now();
  return async () => {
    const wall = (Date.now() - t0) / 1000;
    return (await read()).map((after, i) =>
      Object.fromEntries(['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'].map((k) => [k, Number(((after[k] - before[i][k]) / wall).toFixed(2))])),
    );
  };
}

/**
 * SB_BENCH_PROF=<dir>: the widget frames' CPU profiles (Chromium's profiler) over the phase where
 * the chats are offered and accepted and over the send phase, written there as widget-<phase>-<n>.cpuprofile.
 */
async function profileWidgets(browser: Browser, dir: string): Promise<(phase: string) => Promise<void>> {
  const targets = browser.targets().filter((t) => t.url().includes('/widget/'));
  const sessions = await Promise.all(targets.map((t) => t.createCDPSession()));
  await Promise.all(sessions.map(async (s) => (await s.send('Profiler.enable'), await s.send('Profiler.setSamplingInterval', { interval: 200 }), await s.send('Profiler.start'))));
  return async (phase) => {
    await Promise.all(sessions.map(async (s, i) => writeFileSync(`${dir}/widget-${phase}-${i}.cpuprofile`, JSON.stringify((await s.send('Profiler.stop')).profile))));
  };
}

async function traceFor(browser: Browser, file: string, ms: number) {
  const page = (await browser.pages())[0];
  const s = await page.createCDPSession();
  const chunks: unknown[] = [];
  s.on('Tracing.dataCollected', (e) => chunks.push(...e.value));
  const done = new Promise((r) => s.once('Tracing.tracingComplete', r));
  await s.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'viz', 'gpu', 'ipc', 'mojom', 'navigation', 'loading'] }, transferMode: 'ReportEvents' });
  await new Promise((r) => setTimeout(r, ms));
  await s.send('Tracing.end');
  await done;
  writeFileSync(file, JSON.stringify(chunks));
}

export async function chatLatency(): Promise<Record<string, number>> {
  const pageJs = (await build({ entryPoints: ['bench/chat-latency-page.ts'], bundle: true, format: 'esm', write: false, minify: true })).outputFiles[0].text;
  const pages = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench CRM</title><script type="module" src="/page.js"></script>');
    else if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageJs);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  // The host pages' origin differs from the server's (localhost vs 127.0.0.1): a cross-origin widget, as in production.
  const hostOrigin = `http://localhost:${(pages.address() as AddressInfo).port}`;
  const server = await spawnServer({ allowedOrigins: ['self', hostOrigin], agents: await benchAgents(AGENTS, CHATS_PER_AGENT) });
  debug('server up');
  const browser = await puppeteer.launch({ executablePath: findChromium()!, headless: true, args: CHROMIUM_ARGS, protocolTimeout: 120_000 });
  let customers: ReturnType<typeof startCustomers> | undefined;
  try {
    const agentPages: Page[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const query = new URLSearchParams({ server: `http://127.0.0.1:${server.port}`, username: `agent${i}`, password: BENCH_PASSWORD });
      await page.goto(`${hostOrigin}/?${query}`);
      agentPages.push(page);
    }
    for (const page of agentPages) {
      await page.waitForFunction('window.benchReady || window.benchError', { timeout: 30_000 });
      const error = await page.evaluate('window.benchError');
      if (error) throw new Error(String(error));
    }

    debug('agents ready');
    const busy: { read?: Promise<() => Promise<Record<string, number>[]>>; cpu?: () => Record<string, number> } = {};
    const profDir = process.env.SB_BENCH_PROF;
    const profiling: { stop?: Promise<(phase: string) => Promise<void>> } = { stop: profDir ? profileWidgets(browser, profDir) : undefined };
    customers = startCustomers(server.port, () => {
      if (process.env.SB_BENCH_DEBUG) {
        busy.read = widgetMetrics(browser);
        busy.cpu = cpuMeter({ server: server.pid, chromium: browser.process()!.pid!, bench: process.pid }, chromiumLabel);
        void server.loopDelay(); // from here on: the send phase
      }
      if (profiling.stop) profiling.stop = profiling.stop.then((stop) => stop('join')).then(() => profileWidgets(browser, profDir!));
      if (process.env.SB_BENCH_TRACE) void traceFor(browser, process.env.SB_BENCH_TRACE, 5_000);
    });
    const sent = await customers.result.catch(async (err) => {
      if (profiling.stop) await (await profiling.stop)('failed');
      const state = await Promise.all(agentPages.map((p) => p.evaluate('[window.benchAccepted, window.benchAcceptErrors.slice(0, 3)]')));
      throw new Error(`${err.message}; accepted per agent, first errors: ${JSON.stringify(state)}`);
    });
    if (sent.failures.length) throw new Error(`${sent.failures.length} sends failed, first: ${sent.failures[0]}`);
    debug(`all joined after ${sent.joinedMs} ms; sent ${sent.sent.length} in ${sent.sendMs.toFixed(0)} ms`);
    debug(`send -> server reply p50 ${percentile(sent.acks, 50)} ms, p99 ${percentile(sent.acks, 99)} ms`);
    if (busy.cpu) debug(`CPU over the send phase (cores): ${JSON.stringify(busy.cpu())}`);
    if (busy.cpu) debug(`server event-loop delay over the send phase (ms): ${JSON.stringify(await server.loopDelay())}`);
    if (profiling.stop) await (await profiling.stop)('send');
    if (busy.read) debug(`widget main threads over the send phase (share of wall time): ${JSON.stringify(await (await busy.read)())}`);
    const sentAt = new Map(sent.sent);

    const received = new Map<string, number>();
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (received.size < sentAt.size && Date.now() < deadline) {
      for (const page of agentPages) for (const [text, at] of (await page.evaluate('window.benchReceived')) as [string, number][]) if (sentAt.has(text) && !received.has(text)) received.set(text, at);
      if (received.size < sentAt.size) await new Promise((r) => setTimeout(r, 200));
    }
    if (received.size < sentAt.size) throw new Error(`${sentAt.size - received.size} of ${sentAt.size} messages never reached a host page`);
    // Every customer saw an agent join (customers.result waits for it); an accept the host page got
    // an error for (the chat taken meanwhile by the same widget's retry or another agent) is counted apart.
    let acceptErrors = 0;
    for (const page of agentPages) acceptErrors += (await page.evaluate('window.benchAcceptErrors.length')) as number;
    const latencies = [...received].map(([text, at]) => at - sentAt.get(text)!);
    return {
      chat_latency_p50_ms: percentile(latencies, 50),
      chat_latency_p99_ms: percentile(latencies, 99),
      chat_latency_max_ms: Math.max(...latencies),
      chat_latency_n: latencies.length,
      chat_latency_chats: CHATS,
      chat_latency_accept_errors: acceptErrors,
      chat_latency_agents: AGENTS,
      chat_latency_msgs_per_s: Number(((sent.sent.length / sent.sendMs) * 1000).toFixed(1)),
      chat_latency_all_joined_ms: sent.joinedMs,
    };
  } finally {
    await customers?.close();
    await browser.close();
    await server.stop();
    pages.close();
  }
}

