import { useEffect, useState } from 'preact/hooks';
import { ProtocolError, type Branding } from '../../../protocol/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { t } from '../../i18n/index.ts';
import { shownError, type ShownError } from '../errors.ts';

export function Login({ session, brand }: { session: AgentSession; brand: Branding }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  /** The agent is logged in elsewhere: the next sign-in ends that session. */
  const [elsewhere, setElsewhere] = useState(false);
  /** Why the last session ended, when the agent did not sign out here. */
  const ended = session.link.endReason;
  // "Sign-in failed: not connected" means nothing once the connection is back.
  useEffect(() => session.events.on('connection', (state) => state === 'CONNECTED' && setError((e) => (e?.connection ? null : e))), [session]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await session.link.login(String(form.get('username')), String(form.get('password')), elsewhere);
    } catch (err) {
      const failed = shownError(err);
      setElsewhere(err instanceof ProtocolError && err.name === 'already_logged_in');
      setError({ ...failed, message: t('login.failed', { reason: failed.message }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="sb-login" onSubmit={submit}>
      <p class="sb-brand">
        {brand.logoUrl && <img class="sb-logo" src={brand.logoUrl} alt="" />}
        <span class="sb-product">{brand.productName}</span>
      </p>
      <h1>{t('login.title')}</h1>
      {ended && !error && (
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
      <button type="submit" data-action="login" data-force={elsewhere || undefined} disabled={busy}>
        {t(elsewhere ? 'login.force' : 'login.submit')}
      </button>
    </form>
  );
}
