import { useEffect, useState } from 'preact/hooks';
import { ProtocolError, type Branding } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import { shownError, type ShownError } from '../errors.ts';

export function Login({ session, brand }: { session: AgentSession; brand: Branding }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  // Signed in elsewhere: the agent may end that session and sign in here.
  const [elsewhere, setElsewhere] = useState<{ username: string; password: string } | null>(null);
  const ended = session.link.endReason;
  // "Sign-in failed: not connected" means nothing once the connection is back.
  useEffect(() => session.events.on('connection', (state) => state === 'CONNECTED' && setError((e) => (e?.connection ? null : e))), [session]);
  const signIn = async (username: string, password: string, force: boolean) => {
    setBusy(true);
    setError(null);
    setElsewhere(null);
    try {
      await session.link.login(username, password, force);
    } catch (err) {
      if (err instanceof ProtocolError && err.name === 'already_logged_in') return setElsewhere({ username, password });
      const failed = shownError(err);
      setError({ ...failed, message: t('login.failed', { reason: failed.message }) });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    void signIn(String(form.get('username')), String(form.get('password')), false);
  };
  return (
    <form class="sb-login" onSubmit={submit}>
      <p class="sb-brand">
        {brand.logoUrl && <img class="sb-logo" src={brand.logoUrl} alt="" />}
        <span class="sb-product">{brand.productName}</span>
      </p>
      <h1>{t('login.title')}</h1>
      {ended && !elsewhere && (
        <p class="sb-notice" role="status" data-ended={ended}>
          {t(`login.ended.${ended as Exclude<typeof ended, 'logout'>}`)}
        </p>
      )}
      <label>
        {t('login.username')}
        <input name="username" autocomplete="username" required />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      {error && (
        <p class="sb-error" role="alert" data-connection-error={error.connection || undefined}>
          {error.message}
        </p>
      )}
      {elsewhere ? (
        <p class="sb-elsewhere" role="alert">
          {t('login.elsewhere')}{' '}
          <button type="button" data-action="login-here" disabled={busy} onClick={() => void signIn(elsewhere.username, elsewhere.password, true)}>
            {t('login.here')}
          </button>
        </p>
      ) : (
        <button type="submit" data-action="login" disabled={busy}>
          {t('login.submit')}
        </button>
      )}
    </form>
  );
}
