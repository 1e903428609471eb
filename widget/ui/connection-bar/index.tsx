import { isReconnecting } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import type { ConnectionView } from '../../session/agent-session.ts';

/** "Reconnecting…" while a connection that was up comes back; "Cannot reach the server" when it never was, or retries stopped. */
export function ConnectionBar({ connection }: { connection: ConnectionView }) {
  const { state, everConnected } = connection;
  const reconnecting = isReconnecting(state, everConnected);
  const lost = state === 'FAILED_TO_CONNECT' || state === 'NULL';
  if (!reconnecting && !lost) return null;
  return (
    <p class={`sb-connection-bar ${lost ? 'sb-connection-lost' : 'sb-connection-reconnecting'}`} role="status" data-connection-bar data-connection-state={state}>
      {t(lost ? 'connection.lost' : 'connection.reconnecting')}
    </p>
  );
}
