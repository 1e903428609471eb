/** What the customer's page stored with its close (seed 001's `close(extraData)`): a line of the chat, each field as `name: value`. */
import { t } from '../../i18n/index.ts';

const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function CloseData({ data }: { data: Record<string, unknown> }) {
  const fields = Object.entries(data).map(([name, value]) => `${name}: ${valueText(value)}`);
  return (
    <li class="sb-system sb-close-data" role="status" data-close-data dir="auto">
      {t('chat.closeData', { data: fields.join(' · ') })}
    </li>
  );
}
