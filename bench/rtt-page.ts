/**
 * Runs in the bench host page (origin A, cross-origin isolated, so performance.now() is fine
 * grained). Measures, against the widget and an echo page on origin B: the getInteractionsState
 * round trip (Comlink over the MessagePort of the handshake), a raw MessagePort round trip
 * carrying the same data, and the time from iframe insertion to the handshake. Both iframes are
 * `credentialless`: the widget is served without COEP headers, and an isolated page may embed
 * it only that way. Results go to window.benchResult.
 */
import { AgentDesktopClientAPIImpl } from '../client-api/index.ts';

const params = new URLSearchParams(location.search);
const server = params.get('server')!;
const echoUrl = params.get('echo')!;
const SAMPLES = 1_000;
const WARM_UP = 100;
const READY_SAMPLES = 10;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A cross-origin iframe as the host library makes one, credentialless; resolves once loaded. */
function frame(src: string): Promise<HTMLIFrameElement> {
  return new Promise((resolve) => {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('credentialless', '');
    Object.assign(iframe, { src, allow: 'microphone; autoplay', title: 'Switchboard' });
    iframe.addEventListener('load', () => resolve(iframe), { once: true });
    document.body.append(iframe);
  });
}

/** The echo page's end of a private MessagePort, handed over as the host library does. */
async function echoPort(): Promise<MessagePort> {
  const echo = await frame(`${echoUrl}?host=${encodeURIComponent(location.origin)}`);
  const { port1, port2 } = new MessageChannel();
  const ready = new Promise<void>((resolve) => (port1.onmessage = () => resolve()));
  echo.contentWindow!.postMessage({ echoHello: 1 }, new URL(echoUrl).origin, [port2]);
  await ready;
  return port1;
}

async function widgetReadyMs(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < READY_SAMPLES; i++) {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('credentialless', '');
    Object.assign(iframe, { src: new URL('/widget/', server).href, allow: 'microphone; autoplay', title: 'Switchboard' });
    const t0 = performance.now();
    document.body.append(iframe);
    const api = new AgentDesktopClientAPIImpl({ widget: iframe });
    await api.getInteractionsState(); // resolves once the handshake is done
    times.push(performance.now() - t0);
    iframe.remove();
  }
  return times;
}

async function run() {
  if (!crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated: performance.now() would be coarsened');
  const api = new AgentDesktopClientAPIImpl({ widget: await frame(new URL('/widget/', server).href) });
  (window as any).benchApi = api;
  // The driver logs the agent in inside this widget and queues the interactions.
  const expected = Number(params.get('interactions'));
  let state = await api.getInteractionsState();
  while (state.status !== 'success' || state.data.interactions.length < expected) {
    await new Promise((r) => setTimeout(r, 100));
    state = await api.getInteractionsState();
  }

  const port = await echoPort();
  let answer: (data: unknown) => void = () => {};
  port.onmessage = ({ data }) => answer(data);
  const raw = () =>
    new Promise<unknown>((resolve) => {
      answer = resolve;
      port.postMessage({ ping: 1 });
    });
  port.postMessage({ payload: state }); // the echo answers with what getInteractionsState resolves to
  const echoed = (await raw()) as typeof state;
  if (echoed.status !== 'success' || echoed.data.interactions.length !== state.data.interactions.length) throw new Error('the echo did not return the payload');

  for (let i = 0; i < WARM_UP; i++) await raw(), await api.getInteractionsState();
  const rawUs: number[] = [];
  const apiUs: number[] = [];
  // Interleaved, one round trip per value: drift on a shared machine hits both alike.
  for (let i = 0; i < SAMPLES; i++) {
    let t0 = performance.now();
    await raw();
    rawUs.push((performance.now() - t0) * 1000);
    t0 = performance.now();
    await api.getInteractionsState();
    apiUs.push((performance.now() - t0) * 1000);
  }
  const ready = await widgetReadyMs();
  (window as any).benchResult = {
    interactions: state.data.interactions.length,
    payload_bytes: JSON.stringify(state).length,
    rtt_raw_messageport_us: median(rawUs),
    rtt_get_interactions_state_us: median(apiUs),
    rtt_n: SAMPLES,
    widget_ready_ms: median(ready),
    widget_ready_n: ready.length,
  };
}

run().catch((err) => ((window as any).benchError = String(err?.stack ?? err)));
