/** The widget page: restores the agent session, wears the brand, renders the UI, and answers allow-listed hosts. */
import { render } from 'preact';
import { DEFAULT_BRANDING, mergeBranding } from '../protocol/index.ts';
import { listenForHosts } from './api/host-bridge.ts';
import { HostEvents, createHostApi, wireHostEvents } from './api/host-api/index.ts';
import { BrandingState } from './branding.ts';
import { fetchServerConfig } from './server-config.ts';
import { AgentSession } from './session/agent-session.ts';
import { Ownership } from './session/ownership.ts';
import { App } from './ui/app/index.tsx';

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
// localStorage: the CRM's tabs share one agent session (one tab owns it, the others follow).
const session = new AgentSession(wsUrl, localStorage);
const ownership = new Ownership();
session.events.on('status', (status) => (status === 'logged_in' && session.store.agent ? ownership.claim(session.store.agent.id) : ownership.giveUp()));
const branding = new BrandingState();
const hostEvents = new HostEvents();
// Retried with backoff: a failed fetch must not leave every host refused for the page's life.
const serverConfig = fetchServerConfig('/api/widget-config');

wireHostEvents(session, hostEvents);
listenForHosts(
  createHostApi(session, branding, () => ownership.owner),
  hostEvents,
  serverConfig.then((c) => c.allowedOrigins),
  (overrides) => branding.override(overrides),
);
void serverConfig
  .catch(() => ({ branding: DEFAULT_BRANDING }))
  .then((c) => {
    branding.setServer(mergeBranding(DEFAULT_BRANDING, c.branding));
    render(<App session={session} branding={branding} ownership={ownership} />, document.getElementById('app')!);
    void session.start();
  });
