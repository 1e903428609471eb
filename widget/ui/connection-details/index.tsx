import { formatNumber, t } from '../../i18n/index.ts';
import type { ConnectionView } from '../../session/agent-session.ts';

/** A dot in the agent bar for the connection; opened, its state and event counters (for support). */
export function ConnectionDetails({ connection }: { connection: ConnectionView }) {
  const { state, processed, ignoredDuplicate, outOfOrder } = connection;
  return (
    <details class="sb-connection-details" data-connection-details>
      <summary title={`${t('connection.title')}: ${state}`} aria-label={t('connection.title')}>
        <span class={`sb-connection-dot sb-connection-dot-${state}`} aria-hidden="true" />
      </summary>
      <dl>
        <dt>{t('connection.state')}</dt>
        <dd data-connection-state>{state}</dd>
        <dt>{t('connection.processed')}</dt>
        <dd data-counter="processed">{formatNumber(processed)}</dd>
        <dt>{t('connection.ignoredDuplicate')}</dt>
        <dd data-counter="ignoredDuplicate">{formatNumber(ignoredDuplicate)}</dd>
        <dt>{t('connection.outOfOrder')}</dt>
        <dd data-counter="outOfOrder">{formatNumber(outOfOrder)}</dd>
      </dl>
    </details>
  );
}
