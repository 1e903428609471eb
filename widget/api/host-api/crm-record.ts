/** The CRM record a host describes for an interaction (ON_REQUEST_RECORD_INFO), made safe to show as a link. */
import { isHttpUrl, MAX_NAME_CHARS } from '../../../protocol/index.ts';

export interface CrmRecord {
  name?: string;
  url?: string;
}

/**
 * Keeps the name as text and the link only if it is http(s): a `javascript:` link would run in
 * the widget's origin when the agent clicks it. Null when nothing usable is left.
 * @example crmRecord({ name: 'Ada', url: 'javascript:alert(1)' }) // { name: 'Ada' }, with a warning
 */
export function crmRecord(info: unknown, warn: (message: string) => void = console.warn): CrmRecord | null {
  if (typeof info !== 'object' || info === null) return null;
  const { name, url } = info as Record<string, unknown>;
  const record: CrmRecord = {};
  if (typeof name === 'string' && name.trim()) record.name = name.slice(0, MAX_NAME_CHARS);
  if (isHttpUrl(url)) record.url = url;
  else if (url !== undefined && url !== null && url !== '') warn('switchboard: CRM record link ignored: not an http(s) URL');
  return record.name || record.url ? record : null;
}
