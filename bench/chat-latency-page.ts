/**
 * The host page of one bench agent (bench/chat-latency.ts): embeds the widget with the host
 * library, logs the agent in through the host API, goes ready, accepts every interaction it is
 * offered, and records when each customer message reaches it as ON_CHAT_MESSAGE (Date.now():
 * the customers stamp their sends with the same machine clock).
 */
import { AgentDesktopClientAPIImpl } from '../client-api/index.ts';

const params = new URLSearchParams(location.search);
// A widget taking 100 offers in a burst answers slower than the default 10 s allows.
const api = new AgentDesktopClientAPIImpl({ server: params.get('server')!, container: document.body, timeoutMs: 60_000 });

interface BenchWindow {
  /** [message text, receive time in ms since the epoch], customer messages only. */
  benchReceived: [string, number][];
  benchAccepted: number;
  benchAcceptErrors: string[];
  benchReady?: boolean;
  benchError?: string;
}
const w = window as unknown as BenchWindow;
w.benchReceived = [];
w.benchAccepted = 0;
w.benchAcceptErrors = [];

// The clock is read first thing in the handler: what follows is the bench's bookkeeping.
api.on('ON_CHAT_MESSAGE', (message) => {
  const at = Date.now();
  if (message.fromType === 'external') w.benchReceived.push([message.text, at]);
});
// The widget takes at most 32 host requests at a time ("slow down" past that): offers come in
// bursts of up to 100, so the accepts go out at most ACCEPTS_IN_FLIGHT at once, a refused one again.
const ACCEPTS_IN_FLIGHT = 16;
const toAccept: string[] = [];
let inFlight = 0;
const pumpAccepts = () => {
  while (inFlight < ACCEPTS_IN_FLIGHT && toAccept.length) {
    const id = toAccept.shift()!;
    inFlight++;
    void api.acceptInteraction(id).then((result) => {
      inFlight--;
      if (result.status === 'success') w.benchAccepted++;
      else if (/slow down/.test(result.error.message)) setTimeout(() => (toAccept.push(id), pumpAccepts()), 50);
      else w.benchAcceptErrors.push(`${id}: ${result.error.name}: ${result.error.message}`);
      pumpAccepts();
    });
  }
};
api.on('ON_NEW_INTERACTION', (interaction) => {
  toAccept.push(interaction.interactionId);
  pumpAccepts();
});

async function run(): Promise<void> {
  const login = await api.login({ username: params.get('username')!, password: params.get('password')! });
  if (login.status !== 'success') throw new Error(`login: ${login.error.name} ${login.error.message}`);
  const ready = await api.setAgentState('ready');
  if (ready.status !== 'success') throw new Error(`setAgentState: ${ready.error.name} ${ready.error.message}`);
  w.benchReady = true;
}

run().catch((err) => (w.benchError = String(err?.stack ?? err)));
