/**
 * Runs in the bench host page (origin A). Measures, against the widget and an echo page on
 * origin B: the getInteractionsState round trip, a raw postMessage round trip carrying the same
 * data, and the time from iframe insertion to the handshake. Results go to window.benchResult.
 */
import { AgentDesktopClientAPIImpl } from '../client-api/index.ts';

const params = new URLSearchParams(location.search);
const server = params.get('server')!;
const echoUrl = params.get('echo')!;
const BATCHES = 30;
const PER_BATCH = 40;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Mean time of `n` sequential round trips, in µs: batching beats the coarse timer of a non-isolated page. */
async function batchUs(n: number, roundTrip: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await roundTrip();
  return ((performance.now() - t0) * 1000) / n;
}

function echoFrame(): Promise<HTMLIFrameElement> {
  return new Promise((resolve) => {
    const iframe = Object.assign(document.createElement('iframe'), { src: echoUrl });
    iframe.onload = () => resolve(iframe);
    document.body.append(iframe);
  });
}

async function widgetReadyMs(samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const api = new AgentDesktopClientAPIImpl({ server });
    await api.getInteractionsState(); // resolves once the handshake is done
    times.push(performance.now() - t0);
    api.iframe.remove();
  }
  return times;
}

async function run() {
  const api = new AgentDesktopClientAPIImpl({ server });
  (window as any).benchApi = api;
  // The driver logs the agent in inside this widget and queues the interactions.
  const expected = Number(params.get('interactions'));
  let state = await api.getInteractionsState();
  while (state.status !== 'success' || state.data.interactions.length < expected) {
    await new Promise((r) => setTimeout(r, 100));
    state = await api.getInteractionsState();
  }
  const payload = state.data;

  const echo = await echoFrame();
  const echoOrigin = new URL(echoUrl).origin;
  let pending: (() => void) | null = null;
  addEventListener('message', (e) => {
    if (e.origin === echoOrigin && e.source === echo.contentWindow && pending) pending();
  });
  const raw = () =>
    new Promise<void>((resolve) => {
      pending = resolve;
      echo.contentWindow!.postMessage({ ping: true }, echoOrigin);
    });
  echo.contentWindow!.postMessage({ payload }, echoOrigin);
  await raw(); // warm up, and the echo has its payload

  for (let i = 0; i < 50; i++) await api.getInteractionsState(); // warm up
  const rawUs: number[] = [];
  const apiUs: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    rawUs.push(await batchUs(PER_BATCH, raw));
    apiUs.push(await batchUs(PER_BATCH, () => api.getInteractionsState()));
  }
  const ready = await widgetReadyMs(10);
  (window as any).benchResult = {
    interactions: payload.interactions.length,
    payload_bytes: JSON.stringify(payload).length,
    rtt_raw_postmessage_us: median(rawUs),
    rtt_get_interactions_state_us: median(apiUs),
    rtt_n: BATCHES * PER_BATCH,
    widget_ready_ms: median(ready),
    widget_ready_n: ready.length,
  };
}

run().catch((err) => ((window as any).benchError = String(err?.stack ?? err)));
