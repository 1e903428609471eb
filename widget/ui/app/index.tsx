import { useEffect, useReducer, useState } from 'preact/hooks';
import type { BrandingState } from '../../branding.ts';
import type { CallUi } from '../../calls/index.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { Ownership } from '../../session/ownership.ts';
import { AgentBar } from '../agent-bar/index.tsx';
import { CallDock } from '../call-dock/index.tsx';
import { ChatPane } from '../chat-pane/index.tsx';
import { ConnectionBar } from '../connection-bar/index.tsx';
import { shownError, type OnError, type ShownError } from '../errors.ts';
import { InteractionList } from '../interaction-list/index.tsx';
import { Login } from '../login/index.tsx';
import { useSession } from '../use-session.ts';

/** `calls`: the call UI and its controller (without it the widget offers no calls). */
export function App({ session, branding, ownership, calls }: { session: AgentSession; branding: BrandingState; ownership: Ownership; calls?: CallUi }) {
  useSession(session);
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => branding.events.on('change', () => rerender()), [branding]);
  useEffect(() => ownership.events.on('change', () => rerender()), [ownership]);
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const showError: OnError = (err) => setError(shownError(err));
  useEffect(() => session.events.on('error', showError), [session]);
  // An error the connection caused means nothing once it is back.
  useEffect(() => session.events.on('connection', (state) => state === 'CONNECTED' && setError((e) => (e?.connection ? null : e))), [session]);
  useEffect(() => session.events.on('notice', (key, params) => setNotice(t(key, params))), [session]);
  const brand = branding.current;
  const { store } = session;
  if (store.minimized) {
    return (
      <div class="sb-app sb-minimized">
        <button type="button" data-action="expand" onClick={() => store.setMinimized(false)}>
          {t('widget.expand', { product: brand.productName })}
        </button>
      </div>
    );
  }
  const banner = error && (
    <p class="sb-error sb-banner" role="alert" data-connection-error={error.connection || undefined} onClick={() => setError(null)}>
      {error.message}
    </p>
  );
  const info = notice && (
    <p class="sb-notice sb-banner" role="status" onClick={() => setNotice(null)}>
      {notice}
    </p>
  );
  const connection = <ConnectionBar connection={session.connection} />;
  if (session.status === 'starting') return <div class="sb-app sb-starting">{connection}</div>;
  if (session.status === 'logged_out') {
    return (
      <div class="sb-app">
        {connection}
        {banner}
        <Login session={session} brand={brand} />
      </div>
    );
  }
  return (
    <div class="sb-app">
      <AgentBar session={session} brand={brand} calls={calls} onError={showError} />
      {connection}
      {!ownership.owner && (
        <p class="sb-follower" data-follower>
          {t('session.follower')}
        </p>
      )}
      {banner}
      {info}
      {calls && <CallDock session={session} calls={calls} onError={showError} />}
      <main class="sb-desk">
        <InteractionList session={session} onError={showError} />
        <ChatPane session={session} features={brand.features} calls={calls?.controller} onError={showError} />
      </main>
    </div>
  );
}
