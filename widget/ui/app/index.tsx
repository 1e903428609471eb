import { useEffect, useState } from 'preact/hooks';
import type { AgentSession } from '../../session/agent-session.ts';
import { AgentBar } from '../agent-bar/index.tsx';
import { ChatPane } from '../chat-pane/index.tsx';
import { InteractionList } from '../interaction-list/index.tsx';
import { Login } from '../login/index.tsx';
import { t } from '../strings.ts';
import { useSession } from '../use-session.ts';

export function App({ session }: { session: AgentSession }) {
  useSession(session);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => session.events.on('error', setError), [session]);
  useEffect(() => session.events.on('notice', (key, params) => setNotice(t(key, params))), [session]);
  const banner = error && (
    <p class="sb-error sb-banner" role="alert" onClick={() => setError(null)}>
      {error}
    </p>
  );
  const info = notice && (
    <p class="sb-notice sb-banner" role="status" onClick={() => setNotice(null)}>
      {notice}
    </p>
  );
  if (session.status === 'starting') return <div class="sb-app sb-starting" />;
  if (session.status === 'logged_out') {
    return (
      <div class="sb-app">
        {banner}
        <Login session={session} />
      </div>
    );
  }
  return (
    <div class="sb-app">
      <AgentBar session={session} onError={setError} />
      {banner}
      {info}
      <main class="sb-desk">
        <InteractionList session={session} onError={setError} />
        <ChatPane session={session} onError={setError} />
      </main>
    </div>
  );
}
