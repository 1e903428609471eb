import { useState } from 'preact/hooks';
import type { ContactView } from '../../../protocol/index.ts';
import { crmContext } from '../../api/crm-context.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';

/**
 * The interaction's CRM side: the records linked to it (a click opens one in the CRM, the box
 * says whether the activity is saved against it), linking the record on the CRM's screen,
 * searching the CRM, and the reschedule window the CRM set.
 */
export function CrmPanel({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const { actions, store } = session;
  const [query, setQuery] = useState('');
  const objects = crmContext(contact, 'objects');
  const reschedule = crmContext(contact, 'reschedule');
  const linkOnScreen = async () => {
    const record = await actions.crm.recordOnScreen();
    if (record) await actions.linkRecord(contact.id, record);
  };
  const search = (e: Event) => {
    e.preventDefault();
    if (query.trim()) actions.crm.searchRecords(contact.id, { text: query.trim(), types: [...new Set(objects?.list.map((o) => o.type) ?? [])] });
  };
  if (!objects?.list.length && !reschedule && !store.crmLinked) return null;
  return (
    <section class="sb-crm" aria-label={t('crm.records')}>
      {reschedule && (
        <p class="sb-reschedule" data-reschedule>
          {t('reschedule.window', { number: reschedule.numberToDial, from: reschedule.fromTime, until: reschedule.untilTime, zone: reschedule.timezoneCode ?? '' })}
        </p>
      )}
      {objects && objects.list.length > 0 && (
        <ul class="sb-records">
          {objects.list.map((o) => (
            <li key={`${o.type}:${o.id}`}>
              <input
                type="checkbox"
                name="selected"
                title={t('crm.selected')}
                checked={objects.selected.includes(o.id)}
                onChange={(e) => actions.selectRecord(contact.id, o.id, e.currentTarget.checked).catch(onError)}
              />
              <button type="button" class="sb-link sb-record" data-record-id={o.id} onClick={() => actions.crm.openRecord(contact.id, o)}>
                {o.displayName || o.id}
              </button>
              <span class="sb-record-type">{o.displayType}</span>
            </li>
          ))}
        </ul>
      )}
      {store.crmLinked && (
        <div class="sb-row">
          <button type="button" class="sb-secondary" data-action="link-record" onClick={() => linkOnScreen().catch(onError)}>
            {t('crm.linkOnScreen')}
          </button>
          <form class="sb-row" onSubmit={search}>
            <input name="crm-search" value={query} placeholder={t('crm.search')} onInput={(e) => setQuery(e.currentTarget.value)} />
            <button type="submit" class="sb-secondary" data-action="crm-search">
              {t('crm.searchSubmit')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
