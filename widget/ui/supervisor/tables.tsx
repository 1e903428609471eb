/** The live feed as two tables: queues (waiting, longest wait) and agents (state, time in it, chats, each with Watch / Whisper / Intervene). */
import type { FeedAgent, FeedChat, FeedQueue } from '../../../protocol/index.ts';
import { elapsed, st } from './strings.ts';

/** The state shown for an agent: what their CRM sees, "Offline" when they are signed out of routing. */
const stateKey = (a: FeedAgent) => (a.hostState === 'not_ready' && a.state === 'OFFLINE' ? 'offline' : a.hostState);

/** Agents at work first (busy, offered, supervising), then ready, not ready, offline; by name within each. */
const ORDER = ['ringing', 'reserved', 'busy', 'supervising', 'after_call_work', 'ready', 'not_ready', 'offline'];
const byState = (a: FeedAgent, b: FeedAgent) => ORDER.indexOf(stateKey(a)) - ORDER.indexOf(stateKey(b)) || a.name.localeCompare(b.name);

export function QueuesTable({ queues, now }: { queues: FeedQueue[]; now: number }) {
  return (
    <table class="sb-sv-table sb-sv-queues" data-queues>
      <caption>{st('queues')}</caption>
      <thead>
        <tr>
          <th scope="col">{st('queue')}</th>
          <th scope="col" class="sb-num">{st('waiting')}</th>
          <th scope="col" class="sb-num">{st('longest')}</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.id} data-queue={q.id} data-waiting={q.waiting} class={q.waiting ? 'sb-sv-queued' : undefined}>
            <th scope="row">{q.name}</th>
            <td class="sb-num">{q.waiting}</td>
            <td class="sb-num">{q.oldestSince === null ? st('none') : elapsed(now - q.oldestSince)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface ChatActions {
  watching: (contactId: string) => boolean;
  watch: (contactId: string) => void;
  whisper: (contactId: string) => void;
  intervene: (contactId: string) => void;
  /** The action under way, if any (its buttons are disabled). */
  pending: string | null;
}

export function AgentsTable({ agents, now, actions }: { agents: FeedAgent[]; now: number; actions: ChatActions }) {
  return (
    <table class="sb-sv-table sb-sv-agents" data-agents>
      <caption>{st('agents')}</caption>
      <thead>
        <tr>
          <th scope="col">{st('agent')}</th>
          <th scope="col">{st('state')}</th>
          <th scope="col" class="sb-num">{st('inState')}</th>
          <th scope="col" class="sb-num">{st('chats')}</th>
        </tr>
      </thead>
      {[...agents].sort(byState).map((a) => (
        <tbody key={a.id} data-agent={a.id} data-state={a.hostState}>
          <tr>
            <th scope="row" class="sb-sv-name">
              <bdi>{a.name}</bdi>
              {a.role === 'supervisor' && <span class="sb-sv-role">{st('supervisor')}</span>}
            </th>
            <td>
              <span class={`sb-sv-pill sb-sv-${stateKey(a)}`}>{st(`host.${stateKey(a)}` as 'host.ready')}</span>
              {a.notReadyReason && a.state !== 'OFFLINE' && <span class="sb-sv-reason">{a.notReadyReason}</span>}
            </td>
            <td class="sb-num">{elapsed(now - a.since)}</td>
            <td class="sb-num">
              {a.chats.length}/{a.capacity}
            </td>
          </tr>
          {a.chats.map((c) => (
            <ChatRow key={c.id} chat={c} now={now} actions={actions} />
          ))}
        </tbody>
      ))}
    </table>
  );
}

function ChatRow({ chat, now, actions }: { chat: FeedChat; now: number; actions: ChatActions }) {
  const watching = actions.watching(chat.id);
  const live = chat.state === 'delivered' || chat.state === 'hold';
  const busy = actions.pending !== null;
  return (
    <tr class="sb-sv-chat" data-chat={chat.id} data-chat-state={chat.state}>
      <td colSpan={4}>
        <div class="sb-sv-chat-row">
          <span class="sb-sv-customer">
            <bdi>{chat.customer}</bdi>
            <span class="sb-sv-meta">
              {chat.queue} · {elapsed(now - chat.since)}
              {chat.call && ' · 📞'}
            </span>
          </span>
          <span class="sb-sv-actions">
            <button type="button" class="sb-secondary" data-action="watch" aria-pressed={watching ? 'true' : 'false'} disabled={busy || !live} onClick={() => actions.watch(chat.id)}>
              {st(watching ? 'watching' : 'watch')}
            </button>
            <button type="button" class="sb-secondary" data-action="whisper" disabled={busy || !live} onClick={() => actions.whisper(chat.id)}>
              {st('whisper')}
            </button>
            <button type="button" data-action="intervene" disabled={busy || !live} onClick={() => actions.intervene(chat.id)}>
              {st('intervene')}
            </button>
          </span>
        </div>
      </td>
    </tr>
  );
}
