/** The widget page: restores the agent session, wears the brand, renders the UI, and answers allow-listed hosts. */
import { render } from 'preact';
import { DEFAULT_BRANDING, mergeBranding } from '../protocol/index.ts';
import { listenForHosts } from './api/host-bridge.ts';
import { HostContext } from './api/host-api/host-context.ts';
import { wireHostEvents } from './api/host-api/host-event-wiring.ts';
import { HostEvents } from './api/host-api/host-events.ts';
import { BrandingState } from './branding.ts';
import { loadOnce } from './load-once.ts';
import { fetchServerConfig } from './server-config.ts';
import { AgentSession } from './session/agent-session.ts';
import { Ownership } from './session/ownership.ts';
import { App } from './ui/app/index.tsx';
import { AudioDevices, LiveCalls, createCallUi } from './calls/index.ts';

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
// localStorage: the CRM's tabs share one agent session (one tab owns it, the others follow).
const session = new AgentSession(wsUrl, localStorage);
const ownership = new Ownership();
session.events.on('status', (status) => (status === 'logged_in' && session.store.agent ? ownership.claim(session.store.agent.id) : ownership.giveUp()));
// Calls: the tab that owns the session carries their media (and re-attaches them after a reload or a takeover).
const devices = new AudioDevices(localStorage);
devices.start();
const calls = new LiveCalls(session, devices, { owner: () => ownership.owner });
ownership.events.on('change', () => calls.sync());
session.events.on('status', () => calls.sync());
const callUi = createCallUi(session.store, calls, localStorage, devices, () => ownership.owner);
const branding = new BrandingState();
const hostEvents = new HostEvents();
const host = new HostContext();
// Retried with backoff: a failed fetch must not leave every host refused for the page's life.
const serverConfig = fetchServerConfig('/api/widget-config');
const openLogin = () => {
  session.store.setMinimized(false);
  document.querySelector<HTMLInputElement>('input[name=username]')?.focus();
};

wireHostEvents(session, hostEvents, host, branding, calls);
// What links a host (its methods, Comlink, the branding schema): a chunk of its own. Framed, the
// widget is there for a host: the chunk comes along with the server's config, not after it.
const hostLinker = loadOnce(() =>
  import('./api/host-link.ts').then(({ hostLinker }) => hostLinker({ session, branding, host, events: hostEvents, isOwner: () => ownership.owner, openLogin, calls })),
);
if (window.parent !== window) void hostLinker().catch(() => {});
listenForHosts(
  hostLinker,
  serverConfig.then((c) => c.allowedOrigins),
);
void serverConfig
  .catch(() => ({ branding: DEFAULT_BRANDING }))
  .then((c) => {
    branding.setServer(mergeBranding(DEFAULT_BRANDING, c.branding));
    render(<App session={session} branding={branding} ownership={ownership} calls={callUi} />, document.getElementById('app')!);
    void session.start();
  });
