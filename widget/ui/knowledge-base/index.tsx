import { useEffect, useState } from 'preact/hooks';
import type { ContactView, ExternalKBArticleData, ExternalKBItemData } from '../../../protocol/index.ts';
import { t } from '../../i18n/index.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import type { OnError } from '../errors.ts';

/** The answer as plain text on one line, as the reply box takes it (a CRM may answer in HTML). */
export function answerText(answer: string): string {
  const text = new DOMParser().parseFromString(answer, 'text/html').body.textContent ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

/** The CRM's knowledge base, searched and browsed from the widget; an article's answer goes into the reply. */
export function KnowledgeBase({ session, contact, onError }: { session: AgentSession; contact: ContactView; onError: OnError }) {
  const { actions, store } = session;
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ExternalKBItemData[] | null>(null);
  const [article, setArticle] = useState<ExternalKBArticleData | null>(null);
  const list = (work: Promise<ExternalKBItemData[]>) =>
    work.then((found) => {
      setArticle(null);
      setItems(Array.isArray(found) ? found.filter((i) => i && typeof i.id === 'string' && typeof i.title === 'string') : []);
    }, onError);
  const search = (e: Event) => {
    e.preventDefault();
    list(query.trim() ? actions.crm.kbSearch(query.trim()) : actions.crm.kbFolder());
  };
  const open = (item: ExternalKBItemData) =>
    item.type === 'folder' ? list(actions.crm.kbFolder(item.id)) : actions.crm.kbArticle(item.id).then((a) => a && setArticle(a), onError);
  // Shown when the agent opens it: the top folder comes first.
  useEffect(() => void list(actions.crm.kbFolder()), []);
  const insert = (answer: string) => {
    const draft = store.drafts.get(contact.id)?.trim();
    store.setDraft(contact.id, draft ? `${draft} ${answerText(answer)}` : answerText(answer));
  };
  return (
    <div class="sb-kb" aria-label={t('kb.title')}>
      <form class="sb-row" onSubmit={search}>
        <input name="kb-query" value={query} placeholder={t('kb.search')} onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="submit" class="sb-secondary" data-action="kb-search">
          {t('kb.searchSubmit')}
        </button>
      </form>
      {article ? (
        <article class="sb-kb-article" data-article-id={article.id}>
          <h3>{article.title}</h3>
          <p class="sb-kb-answer">{answerText(article.answer)}</p>
          <span class="sb-row">
            <button type="button" data-action="kb-insert" onClick={() => insert(article.answer)}>
              {t('kb.insert')}
            </button>
            <button type="button" class="sb-secondary" onClick={() => setArticle(null)}>
              {t('kb.back')}
            </button>
          </span>
        </article>
      ) : (
        items && (
          <ul class="sb-kb-items">
            {items.length === 0 && <li class="sb-empty">{t('kb.none')}</li>}
            {items.map((item) => (
              <li key={item.id} data-kb-item={item.id} data-kb-type={item.type}>
                <button type="button" class="sb-link" onClick={() => open(item)}>
                  {item.type === 'folder' ? `▸ ${item.title}` : item.title}
                </button>
                {item.type === 'article' && item.text && <span class="sb-kb-text">{answerText(item.text)}</span>}
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}
