/** The widget page: restores the agent session, renders the UI, and answers allow-listed hosts. */
import { render } from 'preact';
import { AgentSession } from './session/agent-session.ts';
import { listenForHosts } from './api/host-bridge.ts';
import { createHostApi } from './api/host-api.ts';
import { App } from './ui/app/index.tsx';

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const session = new AgentSession(wsUrl, sessionStorage);
const allowedOrigins = fetch('/api/widget-config')
  .then((r) => r.json() as Promise<{ allowedOrigins: string[] }>)
  .then((c) => c.allowedOrigins)
  .catch(() => [] as string[]);

listenForHosts(createHostApi(session), allowedOrigins);
render(<App session={session} />, document.getElementById('app')!);
void session.start();
