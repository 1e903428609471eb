/**
 * The supervisor view (a chunk of its own, loaded for supervisors only): the live feed of queues
 * and agents with every chat in progress, and the chats being watched. Watch opens a chat
 * read-only; Whisper opens it with the cursor in the whisper box; Intervene joins it, and the
 * desk shows it as one of the supervisor's conversations.
 */
import { useEffect, useReducer, useState } from 'preact/hooks';
import type { AgentSession } from '../../session/agent-session.ts';
import { supervisionOf } from '../../session/supervision.ts';
import type { OnError } from '../errors.ts';
import { useGuard, useNow } from '../use-guard.ts';
import { st } from './strings.ts';
import { AgentsTable, QueuesTable } from './tables.tsx';
import { WatchedChats } from './watched-chat.tsx';

export function SupervisorView({ session, onError, onOpenChat }: { session: AgentSession; onError: OnError; onOpenChat: (contactId: string) => void }) {
  const desk = supervisionOf(session);
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusWhisper, setFocusWhisper] = useState(false);
  const guard = useGuard(onError);
  useNow(1_000); // times in state and waits tick
  // The feed comes while the view is on screen; watched chats stay watched when it goes.
  useEffect(() => {
    const off = desk.events.on('change', () => rerender());
    desk.subscribe().catch(onError);
    return () => {
      off();
      desk.unsubscribe();
    };
  }, [desk]);
  const shown = selected && desk.watched.has(selected) ? selected : ([...desk.watched.keys()].at(-1) ?? null);
  const open = (contactId: string, whisper: boolean) => {
    setSelected(contactId);
    setFocusWhisper(whisper);
    if (!desk.watched.has(contactId) || desk.watched.get(contactId)!.ended) guard.run(whisper ? 'whisper' : 'watch', () => desk.watch(contactId), undefined, contactId);
  };
  const intervene = (contactId: string) =>
    guard.run('intervene', async () => {
      await desk.intervene(contactId);
      onOpenChat(contactId);
    }, undefined, contactId);
  const now = desk.now();
  const agents = [...desk.agents.values()];
  const queues = [...desk.queues.values()];
  const online = agents.filter((a) => a.state === 'ONLINE').length;
  const chats = agents.reduce((n, a) => n + a.chats.length, 0);
  const waiting = queues.reduce((n, q) => n + q.waiting, 0);
  return (
    <section class="sb-supervisor" data-supervisor aria-label={st('title')}>
      {agents.length > 0 && (
        <p class="sb-sv-summary" role="status" data-summary>
          <span class="sb-sv-live" aria-hidden="true" />
          {st('summary', { online: String(online), chats: String(chats), waiting: String(waiting) })}
        </p>
      )}
      <div class={`sb-sv-body${shown ? ' sb-sv-with-chat' : ''}`}>
        {shown && (
          <WatchedChats
            desk={desk}
            selected={shown}
            onSelect={(id) => open(id, false)}
            focusWhisper={focusWhisper}
            onIntervene={intervene}
            run={(key, action, contactId) => guard.run(key, action, undefined, contactId)}
            pending={guard.pending}
          />
        )}
        <div class="sb-sv-tables">
          {agents.length === 0 ? (
            <p class="sb-empty">{st('loading')}</p>
          ) : (
            <>
              <QueuesTable queues={queues} now={now} />
              <AgentsTable
                agents={agents}
                now={now}
                actions={{
                  watching: (id) => desk.watched.has(id) && !desk.watched.get(id)!.ended,
                  watch: (id) => open(id, false),
                  whisper: (id) => open(id, true),
                  intervene,
                  pending: guard.pending,
                }}
              />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
