import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import type { ContactView } from '../../../protocol/index.ts';
import { crmContext } from '../../api/crm-context.ts';
import { formatNumber, t, type StringKey } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';
import { WIDE, useMedia } from '../layout.ts';
import { lazy } from '../lazy.tsx';

/** The CRM records, the notes and the knowledge base of a chat: chunks of their own, asked for as soon as a chat is shown. */
const CrmPanel = lazy(() => import('../crm-panel/index.tsx').then((m) => m.CrmPanel));
const KnowledgeBase = lazy(() => import('../knowledge-base/index.tsx').then((m) => m.KnowledgeBase));
const Notes = lazy(() => import('../notes/index.tsx').then((m) => m.Notes));
/** The side panels' parts that load on demand (prefetched after login). */
export const SIDE_PARTS = [CrmPanel, KnowledgeBase, Notes];

type PanelId = 'crm' | 'notes' | 'kb';
interface Props {
  session: AgentSession;
  contact: ContactView;
  onError: OnError;
}
const PANELS: { id: PanelId; title: StringKey; Body: ComponentType<Props> }[] = [
  { id: 'crm', title: 'side.crm', Body: CrmPanel },
  { id: 'notes', title: 'side.notes', Body: Notes },
  { id: 'kb', title: 'side.kb', Body: KnowledgeBase },
];

/**
 * A chat's side panels: the CRM records, the notes, the knowledge base. Narrow, they are one row
 * of tabs under the conversation and one opens at a time (the conversation keeps the height);
 * wide, they stand in a column beside it, each folding on its own. The agent's choice holds from
 * chat to chat; until they choose, a chat's linked records show.
 */
export function ChatSide({ session, contact, onError, open }: Props & { open: boolean }) {
  const { store } = session;
  const wide = useMedia(WIDE);
  // Narrow: the panel the agent picked (null: none); until they pick, the CRM's when the chat has records.
  const [chosen, setChosen] = useState<PanelId | null | undefined>(undefined);
  const [folded, setFolded] = useState<ReadonlySet<PanelId>>(new Set());
  // The CRM tab counts what it holds: the linked records and a reschedule window.
  const records = (crmContext(contact, 'objects')?.list.length ?? 0) + (crmContext(contact, 'reschedule') ? 1 : 0);
  const shown = PANELS.filter(({ id }) => (id === 'crm' ? records > 0 || store.crmLinked : id === 'kb' ? open && store.crmLinked : true));
  const picked = chosen === undefined ? (records > 0 ? 'crm' : null) : chosen;
  const count = (id: PanelId) => (id === 'crm' ? records : id === 'notes' ? contact.notes.length : 0);
  const isOpen = (id: PanelId) => (wide ? !folded.has(id) : picked === id);
  const toggle = (id: PanelId) => {
    if (!wide) return setChosen(picked === id ? null : id);
    const next = new Set(folded);
    if (!next.delete(id)) next.add(id);
    setFolded(next);
  };
  const tab = (id: PanelId, title: StringKey) => (
    <button type="button" class="sb-side-tab" data-side-tab={id} aria-expanded={isOpen(id) ? 'true' : 'false'} onClick={() => toggle(id)}>
      {t(title)}
      {count(id) > 0 && <span class="sb-side-count">{formatNumber(count(id))}</span>}
    </button>
  );
  const body = ({ id, Body }: (typeof PANELS)[number]) => (
    <div class="sb-side-body" data-side-panel={id}>
      <Body session={session} contact={contact} onError={onError} />
    </div>
  );
  if (wide) {
    return (
      <aside class="sb-side sb-side-column">
        {shown.map((p) => (
          <section class="sb-side-section" data-open={isOpen(p.id) || undefined}>
            <h3>{tab(p.id, p.title)}</h3>
            {isOpen(p.id) && body(p)}
          </section>
        ))}
      </aside>
    );
  }
  const current = shown.find((p) => p.id === picked);
  return (
    <aside class="sb-side sb-side-tabs">
      <div class="sb-side-tabrow">{shown.map((p) => tab(p.id, p.title))}</div>
      {current && body(current)}
    </aside>
  );
}
