import { useEffect, useReducer, useState } from 'preact/hooks';
import type { BrandingState } from '../../branding.ts';
import type { CallUi } from '../../calls/index.ts';
import { Ringer } from '../../calls/ringer.ts';
import { OfferAlert } from '../../session/offer-alert.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { Ownership } from '../../session/ownership.ts';
import { AgentBar, AudioSettings } from '../agent-bar/index.tsx';
import { CallDock, CallPanel } from '../call-dock/index.tsx';
import { CHAT_PANE_PARTS, ChatPane } from '../chat-pane/index.tsx';
import { ConnectionBar } from '../connection-bar/index.tsx';
import { ERROR_SHOWN_MS, shownError, type OnError, type ShownError } from '../errors.ts';
import { InteractionList } from '../interaction-list/index.tsx';
import { Login } from '../login/index.tsx';
import { NARROW, useMedia } from '../layout.ts';
import { lazy } from '../lazy.tsx';
import { prefetchWhenIdle } from '../prefetch.ts';
import { useSession } from '../use-session.ts';

/** The supervisor view: a chunk of its own, loaded for supervisors only. */
const SupervisorView = lazy(() => import('../supervisor/index.tsx').then((m) => m.SupervisorView));

/** Storage, unless the page may not use it (a sandboxed frame): then settings last the page's life. */
const storage = (): Storage | null => {
  try {
    return localStorage;
  } catch {
    return null;
  }
};

/**
 * `calls`: the call UI and its controller (without it the widget offers no calls). `offerRinger`:
 * what sounds a new chat offer (its own ringer, so a call's ring and a chat's do not stop each other).
 */
export function App({ session, branding, ownership, calls, offerRinger }: { session: AgentSession; branding: BrandingState; ownership: Ownership; calls?: CallUi; offerRinger?: Ringer }) {
  useSession(session);
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => branding.events.on('change', () => rerender()), [branding]);
  useEffect(() => ownership.events.on('change', () => rerender()), [ownership]);
  const [error, setError] = useState<ShownError | null>(null);
  /** A notice, and the interaction it is about (it goes with it). */
  const [notice, setNotice] = useState<{ text: string; contactId?: string } | null>(null);
  /** A supervisor switches between their desk and the supervisor view. */
  const [supervising, setSupervising] = useState(false);
  const showError: OnError = Object.assign((err: unknown, contactId?: string) => setError(shownError(err, contactId)), { ok: () => setError(null) });
  // Only the tab that owns the agent's media sounds and notifies; the others keep quiet.
  useEffect(() => {
    if (!ownership.owner) return;
    const alert = new OfferAlert(
      session.store,
      offerRinger ?? new Ringer(storage()),
      {
        title: (count, name) => t('offer.title', { count: String(count), name }),
        notification: (name) => ({ title: t('offer.notifyTitle'), body: t('offer.notifyBody', { name }) }),
      },
      undefined,
      (offers) => session.events.emit('offerAlert', offers),
    );
    return () => alert.dispose();
  }, [session, ownership.owner]);
  // Logged in, the parts that load on demand come when the page is idle, before they are asked for.
  const loggedIn = session.status === 'logged_in';
  const narrow = useMedia(NARROW);
  const supervisor = session.store.agent?.role === 'supervisor';
  useEffect(
    () => (loggedIn ? prefetchWhenIdle([...CHAT_PANE_PARTS, ...(calls ? [CallPanel, AudioSettings] : []), ...(supervisor ? [SupervisorView] : [])]) : undefined),
    [loggedIn, !calls, supervisor],
  );
  // A banner does not stay all day: it goes after a while (and an error, once an action worked).
  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), ERROR_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [error]);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), ERROR_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  useEffect(() => session.events.on('error', showError), [session]);
  // An error the connection caused means nothing once it is back.
  useEffect(() => session.events.on('connection', (state) => state === 'CONNECTED' && setError((e) => (e?.connection ? null : e))), [session]);
  useEffect(() => session.events.on('notice', (key, params, contactId) => setNotice({ text: t(key, params), contactId })), [session]);
  const brand = branding.current;
  const { store } = session;
  // An error or a notice about an interaction goes with it (gone, or only waiting for others now), for good.
  const onDesk = (id: string | undefined) => !id || (store.listOf(id) ?? 'hidden') !== 'hidden';
  useEffect(() => {
    if (error && !onDesk(error.contactId)) setError(null);
    if (notice && !onDesk(notice.contactId)) setNotice(null);
  });
  if (store.minimized) {
    return (
      <div class="sb-app sb-minimized">
        <button type="button" data-action="expand" onClick={() => store.setMinimized(false)}>
          {t('widget.expand', { product: brand.productName })}
        </button>
      </div>
    );
  }
  const banner = error && onDesk(error.contactId) && (
    <p class="sb-error sb-banner" role="alert" data-connection-error={error.connection || undefined} onClick={() => setError(null)}>
      {error.message}
    </p>
  );
  // "New interaction with Anna" must not outlive the chat with Anna.
  const info = notice && onDesk(notice.contactId) && (
    <p class="sb-notice sb-banner" role="status" data-contact-id={notice.contactId} onClick={() => setNotice(null)}>
      {notice.text}
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
      {supervisor && (
        <nav class="sb-views" role="tablist">
          {([false, true] as const).map((view) => (
            <button key={String(view)} type="button" role="tab" aria-selected={supervising === view ? 'true' : 'false'} data-view={view ? 'supervisor' : 'desk'} onClick={() => setSupervising(view)}>
              {t(view ? 'view.supervisor' : 'view.desk')}
              {view && store.agent!.watching.length > 0 && <span class="sb-views-count">{store.agent!.watching.length}</span>}
            </button>
          ))}
        </nav>
      )}
      {supervisor && supervising ? (
        <SupervisorView session={session} onError={showError} onOpenChat={() => setSupervising(false)} />
      ) : (
        <main class={`sb-desk${narrow ? ' sb-narrow' : ''}`}>
          <InteractionList session={session} onError={showError} />
          <ChatPane session={session} features={brand.features} calls={calls?.controller} onError={showError} />
        </main>
      )}
    </div>
  );
}
