// Test-runner commands for browser tests: start/restart/stop a real Switchboard server on loopback
// (temporary SQLite file), and drive frames of the test page (the widget, demo pages) through puppeteer.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { withCheapPasswords } from '../helpers/test-agents.mjs';
import { join } from 'node:path';
import { startTurnServer } from './turn-server.mjs';
import { TcpProxy } from '../helpers/tcp-proxy.mjs';

const servers = new Map();
const turnServers = new Map();
/** TCP proxies in front of a server (by id), each with the id of its server. */
const proxies = new Map();
const pages = new Map();
let nextId = 1;

function spawnServer(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /SWITCHBOARD_PORT=(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** Uploads browser-recorded chunks to a real server through the widget's httpUploader (test/wtr/recording-roundtrip.ts). */
function recordingRoundtrip(payload) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/wtr/recording-roundtrip.ts'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`recording roundtrip exited with ${code}:\n${err}${out}`));
    });
    child.stdin.end(JSON.stringify(payload));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

async function findFrame(page, urlPart, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => !f.detached && f.url().includes(urlPart));
    if (frame) return frame;
    if (Date.now() > until) throw new Error(`no frame with url containing ${urlPart}: ${page.frames().map((f) => f.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the action; when its frame is replaced mid-way (a reload), runs it again in the new frame. */
async function frameAction(page, payload) {
  const until = Date.now() + (payload.timeoutMs ?? 10_000);
  for (;;) {
    try {
      return await frameActionOnce(page, payload);
    } catch (err) {
      if (!/detached|Execution context was destroyed/.test(err.message) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function frameActionOnce(page, { frame: urlPart, action, selector, text, value, expression, timeoutMs = 10_000 }) {
  const frame = await findFrame(page, urlPart, timeoutMs);
  const wait = () => frame.waitForSelector(selector, { visible: true, timeout: timeoutMs });
  switch (action) {
    case 'click':
      await (await wait()).click();
      return true;
    case 'type': {
      const el = await wait();
      const typeIn = async () => {
        await el.click({ clickCount: 3 });
        // A long line: its first keys typed one by one, the rest inserted at once as one input
        // (a key per round trip took past the command's 20 s on a loaded machine).
        if (text.length > 200 && !text.includes('\n')) {
          await el.type(text.slice(0, 100));
          await frame.page().keyboard.sendCharacter(text.slice(100));
        } else await el.type(text);
      };
      await typeIn();
      // Keys go to whatever has the focus: another frame that took it meanwhile (a widget focusing
      // its form as it loads) gets them instead. A one-line field that missed them is typed again.
      const missed = () => el.evaluate((e, t) => 'value' in e && e.value !== t, text);
      for (let i = 0; i < 2 && !text.includes('\n') && (await missed()); i++) await typeIn();
      return true;
    }
    case 'select':
      await wait();
      return frame.select(selector, value);
    case 'waitFor':
      await wait();
      return true;
    case 'waitForText':
      await frame.waitForFunction(
        (sel, t) => [...document.querySelectorAll(sel)].some((e) => e.textContent.includes(t)),
        { timeout: timeoutMs },
        selector,
        text,
      );
      return true;
    case 'waitForGone':
      await frame.waitForSelector(selector, { hidden: true, timeout: timeoutMs });
      return true;
    case 'texts':
      return frame.$$eval(selector, (els) => els.map((e) => e.textContent));
    case 'eval':
      return frame.evaluate(expression);
    default:
      throw new Error(`unknown frame action ${action}`);
  }
}

const failed = new WeakMap();
const webSocketFrames = new WeakMap();
/** Frames a page keeps of its WebSocket traffic (received and sent), for tests that check what reached a client. */
const MAX_RECORDED_FRAMES = 10_000;

/** Records every WebSocket frame `page` receives or sends, as the browser saw it (DevTools protocol, not the page's own code). */
async function recordWebSocket(page) {
  const frames = [];
  webSocketFrames.set(page, frames);
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  const keep = (direction) => ({ response }) => frames.length < MAX_RECORDED_FRAMES && frames.push({ direction, data: response.payloadData });
  cdp.on('Network.webSocketFrameReceived', keep('received'));
  cdp.on('Network.webSocketFrameSent', keep('sent'));
}

/** Makes the first `count` requests of `page` (and its frames) whose URL contains `urlPart` fail, as a network error would. */
async function failRequests(page, { urlPart, count }) {
  failed.set(page, 0);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (request.url().includes(urlPart) && failed.get(page) < count) {
      failed.set(page, failed.get(page) + 1);
      void request.abort('failed');
    } else void request.continue();
  });
}

/**
 * Screenshots an element of the test page and compares it with test/browser/references/<name>.png.
 * A missing reference fails the test (its screenshot is left in the temp dir to look at);
 * SB_UPDATE_SCREENSHOTS=1 writes the references (look at them, then commit them).
 */
async function compareScreenshot(page, { selector, name }) {
  const element = await page.$(selector);
  if (!element) throw new Error(`no element ${selector}`);
  const actual = PNG.sync.read(Buffer.from(await element.screenshot({ type: 'png' })));
  const dir = 'test/browser/references';
  const file = join(dir, `${name}.png`);
  if (process.env.SB_UPDATE_SCREENSHOTS === '1' || process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, PNG.sync.write(actual));
    return { created: true, diffRatio: 0 };
  }
  if (!existsSync(file)) {
    const shot = join(tmpdir(), `${name}-actual.png`);
    writeFileSync(shot, PNG.sync.write(actual));
    throw new Error(`no reference ${file} (this run's screenshot: ${shot}); SB_UPDATE_SCREENSHOTS=1 writes it`);
  }
  const expected = PNG.sync.read(readFileSync(file));
  if (expected.width !== actual.width || expected.height !== actual.height) {
    return { created: false, diffRatio: 1, reason: `size ${actual.width}x${actual.height}, reference ${expected.width}x${expected.height}` };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const different = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
  const diffRatio = different / (actual.width * actual.height);
  if (different > 0) {
    writeFileSync(join(tmpdir(), `${name}-actual.png`), PNG.sync.write(actual));
    writeFileSync(join(tmpdir(), `${name}-diff.png`), PNG.sync.write(diff));
  }
  return { created: false, diffRatio };
}

export function switchboardServerPlugin({ testOrigins }) {
  return {
    name: 'switchboard-server',
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'sb-start-server': {
          const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
          // payload.config: top-level keys that replace the default config's (queues, timeouts, ...).
          const base = JSON.parse(readFileSync('config/switchboard.json', 'utf8'));
          const config = { ...base, agents: withCheapPasswords(base.agents), ...(payload?.config ?? {}) };
          writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
          // payload.proxies: that many TCP proxies in front of the server (pages loaded through one can have their link cut).
          const made = await Promise.all(Array.from({ length: payload?.proxies ?? 0 }, () => TcpProxy.start(0)));
          const proxyOrigins = made.flatMap((p) => [`http://127.0.0.1:${p.port}`, `http://localhost:${p.port}`]);
          const env = {
            SB_CONFIG: join(dir, 'config.json'),
            PORT: '0',
            HOST: '127.0.0.1',
            SB_DATA_FILE: join(dir, 'e2e.db'),
            // allowTestPage: false makes the test page a stranger to the widget (the hostile-host case).
            SB_ALLOWED_ORIGINS: [...(payload?.allowTestPage === false ? [] : testOrigins), ...(payload?.allowedOrigins ?? []), ...proxyOrigins].join(','),
          };
          const started = await spawnServer(env);
          const id = nextId++;
          servers.set(id, { ...started, env: { ...env, PORT: String(started.port) } });
          const proxyList = made.map((proxy) => {
            proxy.targetPort = started.port;
            const proxyId = nextId++;
            proxies.set(proxyId, { proxy, server: id });
            return { id: proxyId, port: proxy.port, url: `http://127.0.0.1:${proxy.port}` };
          });
          return { id, port: started.port, url: `http://127.0.0.1:${started.port}`, proxies: proxyList };
        }
        case 'sb-proxy-cut':
          // Nothing crosses the proxy either way, and no close either (a network gone quiet), until sb-proxy-restore.
          proxies.get(payload.id).proxy.cut();
          return true;
        case 'sb-proxy-restore': {
          const { proxy } = proxies.get(payload.id);
          proxy.restore();
          return { closedByServerDuringCut: proxy.closedByServerDuringCut.length, resetOnRestore: proxy.resetOnRestore };
        }
        case 'sb-restart-server': {
          const server = servers.get(payload.id);
          await stopServer(server);
          const restarted = await spawnServer(server.env);
          servers.set(payload.id, { ...restarted, env: server.env });
          return { port: restarted.port };
        }
        case 'sb-pause-server': {
          // Down until sb-resume-server, on the same port and data file: clients see the connection drop.
          await stopServer(servers.get(payload.id));
          return true;
        }
        case 'sb-resume-server': {
          const server = servers.get(payload.id);
          servers.set(payload.id, { ...(await spawnServer(server.env)), env: server.env });
          return true;
        }
        case 'sb-stop-server': {
          const server = servers.get(payload.id);
          if (server) await stopServer(server);
          servers.delete(payload.id);
          for (const [proxyId, { proxy, server: of }] of proxies) {
            if (of !== payload.id) continue;
            await proxy.close();
            proxies.delete(proxyId);
          }
          return true;
        }
        case 'sb-start-turn': {
          // A real coturn on loopback (test/wtr/turn-server.mjs); its secret goes in the server's `ice.turn`.
          const turn = await startTurnServer();
          const id = nextId++;
          turnServers.set(id, turn);
          return { id, port: turn.port, secret: turn.secret, urls: turn.urls };
        }
        case 'sb-pause-turn':
          // coturn goes away (its relays with it) until sb-resume-turn starts it again on the same port and secret.
          await turnServers.get(payload.id).stop();
          return true;
        case 'sb-resume-turn': {
          const old = turnServers.get(payload.id);
          turnServers.set(payload.id, await startTurnServer({ port: old.port, secret: old.secret }));
          return true;
        }
        case 'sb-turn-log':
          return turnServers.get(payload.id)?.log() ?? '';
        case 'sb-stop-turn': {
          await turnServers.get(payload.id)?.stop();
          turnServers.delete(payload.id);
          return true;
        }
        case 'sb-recording-roundtrip':
          return recordingRoundtrip(payload);
        case 'sb-throttle-uploads': {
          // Chromium's network emulation for the test page and its frames: uploads at most this fast (null: no limit).
          const bytes = payload.uploadBytesPerSecond;
          await session.browser.getPage(session.id).emulateNetworkConditions(bytes ? { upload: bytes, download: -1, latency: 0 } : null);
          return true;
        }
        case 'sb-viewport':
          await session.browser.getPage(session.id).setViewport({ width: payload.width, height: payload.height });
          return true;
        case 'sb-permission': {
          // A permission of an origin as the user's site settings would set it (frames follow their top-level page's); state null clears every override.
          const context = session.browser.getPage(session.id).browserContext();
          if (payload.state === null) await context.clearPermissionOverrides();
          else await context.setPermission(payload.origin, { permission: { name: payload.name }, state: payload.state });
          return true;
        }
        case 'sb-screenshot':
          await session.browser.getPage(session.id).screenshot({ path: payload.path });
          return true;
        case 'sb-allow-downloads': {
          // The browser saves downloads (a link with `download`) in a fresh folder, read back with sb-downloaded-files.
          const dir = mkdtempSync(join(tmpdir(), 'switchboard-downloads-'));
          const cdp = await session.browser.getPage(session.id).createCDPSession();
          // The setting lasts as long as its session: kept open until the browser closes.
          await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
          return dir;
        }
        case 'sb-downloaded-files':
          // Finished downloads only (Chromium writes `.crdownload` files until it is done).
          return readdirSync(payload.dir)
            .filter((name) => !name.endsWith('.crdownload'))
            .map((name) => ({ name, text: readFileSync(join(payload.dir, name), 'utf8') }));
        case 'sb-compare-screenshot':
          return compareScreenshot(session.browser.getPage(session.id), payload);
        case 'sb-open-page': {
          // Another tab of the same browser (same storage, same locks).
          const page = await session.browser.getPage(session.id).browser().newPage();
          await page.setViewport({ width: 1200, height: 800 });
          if (payload.failRequests) await failRequests(page, payload.failRequests);
          if (payload.recordWebSocket) await recordWebSocket(page);
          await page.goto(payload.url);
          const id = nextId++;
          pages.set(id, page);
          return id;
        }
        case 'sb-freeze-page': {
          // A frozen tab runs no tasks (as a background tab the browser froze): it holds what it held.
          const cdp = await pages.get(payload.page).createCDPSession();
          await cdp.send('Page.setWebLifecycleState', { state: payload.frozen ? 'frozen' : 'active' });
          await cdp.detach();
          return true;
        }
        case 'sb-point': {
          // The centre of an element of a frame, in the page's coordinates (for sb-mouse).
          const page = payload.page ? pages.get(payload.page) : session.browser.getPage(session.id);
          const el = await (await findFrame(page, payload.frame)).waitForSelector(payload.selector, { visible: true, timeout: 10_000 });
          const box = await el.boundingBox();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
        case 'sb-mouse': {
          // A real button press and release at a point: clickCount 2 is a double click's second click.
          const page = payload.page ? pages.get(payload.page) : session.browser.getPage(session.id);
          await page.mouse.move(payload.x, payload.y);
          await page.mouse.down({ clickCount: payload.clickCount ?? 1 });
          await page.mouse.up({ clickCount: payload.clickCount ?? 1 });
          return true;
        }
        case 'sb-keys': {
          // Real key presses to the focused frame of a tab: 'Alt+KeyA', 'Alt+ArrowDown', ...; delayMs between chords.
          const page = payload.page ? pages.get(payload.page) : session.browser.getPage(session.id);
          for (const [i, chord] of payload.chords.entries()) {
            if (i > 0 && payload.delayMs) await new Promise((r) => setTimeout(r, payload.delayMs));
            const keys = chord.split('+');
            const key = keys.pop();
            for (const modifier of keys) await page.keyboard.down(modifier);
            await page.keyboard.press(key);
            for (const modifier of keys.reverse()) await page.keyboard.up(modifier);
          }
          return true;
        }
        case 'sb-grant-permissions':
          // As an agent allowing notifications for the CRM's origin in the browser's prompt.
          await session.browser.getPage(session.id).browser().defaultBrowserContext().overridePermissions(payload.origin, payload.permissions);
          return true;
        case 'sb-websocket-frames':
          return webSocketFrames.get(pages.get(payload.page)) ?? [];
        case 'sb-failed-requests':
          return failed.get(pages.get(payload.page)) ?? 0;
        case 'sb-close-page': {
          await pages.get(payload.page)?.close({ runBeforeUnload: true });
          pages.delete(payload.page);
          return true;
        }
        case 'sb-crash-page': {
          // The tab's renderer dies at once (a crash, or the process killed): no pagehide, no unload, nothing flushed.
          const page = pages.get(payload.page);
          const cdp = await page.createCDPSession();
          const crashed = new Promise((resolve) => page.once('error', () => resolve(true)));
          cdp.send('Page.crash').catch(() => {}); // never answered: the renderer is gone
          const didCrash = await Promise.race([crashed, new Promise((resolve) => setTimeout(() => resolve(false), 5_000))]);
          await page.close().catch(() => {});
          pages.delete(payload.page);
          return didCrash;
        }
        case 'sb-frame': {
          const page = payload.page ? pages.get(payload.page) : session.browser.getPage(session.id);
          // Background tabs do not run the waits; `background` leaves the tab as it is (hidden stays hidden) for an eval.
          if (!payload.background) await page.bringToFront();
          try {
            return await frameAction(page, payload);
          } catch (err) {
            const path = join(tmpdir(), `switchboard-failure-${Date.now()}.png`);
            await page.screenshot({ path }).catch(() => {});
            const frames = page.frames().map((f) => f.url()).join(', ');
            throw new Error(`${err.message}\n  frames: ${frames}\n  screenshot: ${path}`);
          }
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(stopServer));
      await Promise.all([...proxies.values()].map(({ proxy }) => proxy.close()));
      await Promise.all([...turnServers.values()].map((turn) => turn.stop()));
    },
  };
}
