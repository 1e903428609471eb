/** Browser-side helpers: a real server per test file, and frames driven through the test runner. */
import { executeServerCommand } from '@web/test-runner-commands';

/** A TCP proxy in front of a test server: pages loaded through it have their link cut with cutLink. */
export interface TestProxy {
  id: number;
  port: number;
  url: string;
}

export interface TestServer {
  id: number;
  port: number;
  url: string;
  proxies: TestProxy[];
}

export const startServer = (options: { allowTestPage?: boolean; config?: Record<string, unknown>; proxies?: number } = {}) =>
  executeServerCommand<TestServer, object>('sb-start-server', options);
/** Nothing crosses the proxy either way and no close crosses either (the network went quiet) until restoreLink. */
export const cutLink = (proxy: TestProxy) => executeServerCommand<boolean, object>('sb-proxy-cut', { id: proxy.id });
/** The link is back: connections the server closed meanwhile are reset at the client, the others carry on. */
export const restoreLink = (proxy: TestProxy) => executeServerCommand<{ closedByServerDuringCut: number; resetOnRestore: number }, object>('sb-proxy-restore', { id: proxy.id });
export const restartServer = (server: TestServer) => executeServerCommand<{ port: number }, object>('sb-restart-server', { id: server.id });
/** Takes the server down (clients see their connection drop) until resumeServer, which brings it back on the same port and data. */
export const pauseServer = (server: TestServer) => executeServerCommand('sb-pause-server', { id: server.id });
export const resumeServer = (server: TestServer) => executeServerCommand('sb-resume-server', { id: server.id });
export const stopServer = (server: TestServer) => executeServerCommand('sb-stop-server', { id: server.id });

/**
 * A frame of this page (or of another tab opened with openTab), found by a part of its URL. Each
 * action brings its tab to the front, unless `background` (then only `eval` and `texts` work: a
 * hidden tab runs no waits), which leaves a hidden tab hidden.
 */
export function frame(urlPart: string, page?: number, { background = false } = {}) {
  const run = <T>(payload: object) => executeServerCommand<T, object>('sb-frame', { frame: urlPart, page, background, ...payload });
  return {
    click: (selector: string) => run<boolean>({ action: 'click', selector }),
    type: (selector: string, text: string) => run<boolean>({ action: 'type', selector, text }),
    select: (selector: string, value: string) => run<string[]>({ action: 'select', selector, value }),
    waitFor: (selector: string) => run<boolean>({ action: 'waitFor', selector }),
    waitForText: (selector: string, text: string) => run<boolean>({ action: 'waitForText', selector, text }),
    waitForGone: (selector: string) => run<boolean>({ action: 'waitForGone', selector }),
    texts: (selector: string) => run<string[]>({ action: 'texts', selector }),
    /** Evaluates an expression in the frame; a Promise result is awaited; the value must be JSON. */
    eval: <T>(expression: string) => run<T>({ action: 'eval', expression }),
  };
}

/**
 * A raw WebSocket to the server opened from inside a frame of the server's own origin (the widget's),
 * as another browser of an agent would connect; agent sessions are refused on sockets from other pages.
 */
export function socketIn(urlPart: string, name: string, page?: number) {
  const f = frame(urlPart, page);
  const slot = `window.__sbSockets[${JSON.stringify(name)}]`;
  return {
    open: () =>
      f.eval<boolean>(`new Promise((resolve) => {
        window.__sbSockets ??= {};
        const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
        ${slot} = { ws, replies: [] };
        ws.onmessage = (e) => ${slot}.replies.push(JSON.parse(e.data));
        ws.onopen = () => resolve(true);
      })`),
    send: (request: object) => f.eval<boolean>(`(${slot}.ws.send(${JSON.stringify(JSON.stringify(request))}), true)`),
    replies: () => f.eval<any[]>(`${slot}.replies`),
    close: () => f.eval<boolean>(`(${slot}.ws.close(), true)`),
  };
}

/** Adds a frame side by side with the others, inside a viewport large enough to click in all of them. */
export async function addIframe(src: string, name: string, size = { width: 960, height: 640 }): Promise<HTMLIFrameElement> {
  await executeServerCommand('sb-viewport', { width: 2000, height: 1400 });
  return new Promise((resolve, reject) => {
    const iframe = Object.assign(document.createElement('iframe'), { src, name, width: String(size.width), height: String(size.height), allow: 'microphone; camera; display-capture; autoplay' });
    iframe.style.cssText = 'display:inline-block;vertical-align:top;border:1px solid #ccc';
    iframe.onload = () => resolve(iframe);
    iframe.onerror = reject;
    document.body.append(iframe);
  });
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs an agent in through the widget's own form (in this page, or in the tab `page`). */
export async function signIn(widgetUrlPart: string, username: string, page?: number): Promise<void> {
  const widget = frame(widgetUrlPart, page);
  await widget.type('input[name=username]', username);
  await widget.type('input[name=password]', username);
  await widget.click('[data-action=login]');
  await widget.waitFor('select[name=agent-state]');
}

/** A customer on the demo shop page starts a chat and says something. */
export async function startShopChat(shopUrlPart: string, name: string, text?: string): Promise<void> {
  const shop = frame(shopUrlPart);
  await shop.type('input[name=name]', name);
  await shop.click('[data-action=start]');
  if (text) {
    await shop.type('[name=message]:enabled', text);
    await shop.click('[data-action=send]');
  }
}

/**
 * Opens another tab of the same browser at `url`; returns its id for frame(…, id). `failRequests`
 * fails its first matching requests; `recordWebSocket` keeps every WebSocket frame it receives or
 * sends (webSocketFrames).
 */
export const openTab = (url: string, options: { failRequests?: { urlPart: string; count: number }; recordWebSocket?: boolean } = {}) =>
  executeServerCommand<number, object>('sb-open-page', { url, ...options });
/** The WebSocket frames a tab opened with `recordWebSocket` received and sent so far, as the browser saw them. */
export const webSocketFrames = (page: number) => executeServerCommand<{ direction: 'received' | 'sent'; data: string }[], object>('sb-websocket-frames', { page });
/** How many requests of a tab opened with `failRequests` were made to fail. */
export const failedRequests = (page: number) => executeServerCommand<number, object>('sb-failed-requests', { page });
/** Freezes a tab (it runs nothing until unfrozen or closed), as browsers freeze background tabs. */
export const freezeTab = (page: number, frozen = true) => executeServerCommand<boolean, object>('sb-freeze-page', { page, frozen });
export const closeTab = (page: number) => executeServerCommand<boolean, object>('sb-close-page', { page });
/** The centre of an element of a frame (of this page, or of the tab `page`), in the page's coordinates. */
export const pointOf = (urlPart: string, selector: string, page?: number) => executeServerCommand<{ x: number; y: number }, object>('sb-point', { frame: urlPart, selector, page });
/** A real mouse press and release at a point of the page (or tab); `clickCount` 2: a double click's second click. */
export const mouseClick = (point: { x: number; y: number }, clickCount = 1, page?: number) => executeServerCommand<boolean, object>('sb-mouse', { ...point, clickCount, page });
/** Real key presses to what has the focus in the page (or tab): chords like 'Alt+KeyA', `delayMs` apart. */
export const pressKeys = (chords: string[], { page, delayMs = 0 }: { page?: number; delayMs?: number } = {}) => executeServerCommand<boolean, object>('sb-keys', { chords, page, delayMs });
/** Grants permissions to an origin, as the agent allowing them in the browser's prompt would (e.g. ['notifications']). */
export const grantPermissions = (origin: string, permissions: string[]) => executeServerCommand<boolean, object>('sb-grant-permissions', { origin, permissions });

/** Makes the browser save downloads in a fresh folder; returns it (for downloadedFiles). */
export const allowDownloads = () => executeServerCommand<string, object>('sb-allow-downloads', {});
/** The downloads finished in `dir`, with their text. */
export const downloadedFiles = (dir: string) => executeServerCommand<{ name: string; text: string }[], object>('sb-downloaded-files', { dir });

/** Compares a screenshot of an element of this page with a stored reference; returns the share of pixels that differ. */
export const compareScreenshot = (selector: string, name: string) =>
  executeServerCommand<{ created: boolean; diffRatio: number; reason?: string }, object>('sb-compare-screenshot', { selector, name });

/** Sets the browser's permission `name` for `origin` ('granted', 'denied', 'prompt'), as the user would in site settings; null clears every override. */
export const setPermission = (origin: string, name: string, state: PermissionState | null) => executeServerCommand<boolean, object>('sb-permission', { origin, name, state });
