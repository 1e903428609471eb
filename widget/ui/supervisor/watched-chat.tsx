/**
 * A watched chat, read-only: its messages (the agents' private notes and whispers marked), no
 * reply box; a whisper box instead (to the agents only), Intervene (join and write to the
 * customer) and Stop watching. Several watched chats show as tabs above it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatTime } from '../../i18n/index.ts';
import type { Supervision, WatchedChat } from '../../session/supervision.ts';
import { st } from './strings.ts';

export interface WatchedProps {
  desk: Supervision;
  selected: string;
  onSelect: (contactId: string) => void;
  /** Put the cursor in the whisper box (the supervisor pressed Whisper). */
  focusWhisper: boolean;
  onIntervene: (contactId: string) => void;
  /** Runs an action once at a time, showing its error. */
  run: (key: string, action: () => Promise<unknown>, contactId?: string) => void;
  pending: string | null;
}

export function WatchedChats(props: WatchedProps) {
  const { desk, selected, onSelect } = props;
  const chats = [...desk.watched.entries()];
  const chat = desk.watched.get(selected);
  if (!chat) return null;
  return (
    <section class="sb-sv-watched" data-watched={selected} aria-label={st('watching')}>
      {chats.length > 1 && (
        <nav class="sb-sv-watch-tabs" role="tablist">
          {chats.map(([id, c]) => (
            <button key={id} type="button" role="tab" class="sb-secondary" aria-selected={id === selected ? 'true' : 'false'} data-watch-tab={id} onClick={() => onSelect(id)}>
              <bdi>{c.contact.customer.name}</bdi>
            </button>
          ))}
        </nav>
      )}
      <Transcript {...props} chat={chat} />
    </section>
  );
}

function Transcript({ desk, selected, chat, focusWhisper, onIntervene, run, pending }: WatchedProps & { chat: WatchedChat }) {
  const { contact, messages, ended } = chat;
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (focusWhisper) input.current?.focus();
  }, [focusWhisper, selected]);
  // The newest message in view, as in a chat (also when the view is resized).
  useEffect(() => {
    const el = list.current;
    el?.scrollTo({ top: el.scrollHeight });
  }, [messages.length, selected]);
  useEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => el.scrollTo({ top: el.scrollHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // Who has the chat now (the feed follows transfers), else who had it when the watch began.
  const holder = [...desk.agents.values()].find((a) => a.chats.some((c) => c.id === selected));
  const agent = holder?.name ?? contact.agent?.name ?? '';
  const whisper = (e: Event) => {
    e.preventDefault();
    const said = text.trim();
    if (!said) return;
    setText('');
    run('whisper', () => desk.whisper(selected, said).catch((err) => (setText(said), Promise.reject(err))), selected);
  };
  return (
    <>
      <header class="sb-sv-watch-head">
        <span class="sb-sv-watch-who">
          <strong dir="auto">{contact.customer.name}</strong>
          <span class="sb-sv-meta">{agent ? st('handledBy', { queue: contact.queueName, agent }) : `${contact.queueName} · ${st('unassigned')}`}</span>
        </span>
        {!ended && (
          <button type="button" data-action="intervene-watched" disabled={pending !== null || !agent} onClick={() => onIntervene(selected)}>
            {st('intervene')}
          </button>
        )}
        <button type="button" class="sb-secondary" data-action={ended ? 'close-watch' : 'unwatch'} disabled={pending !== null} onClick={() => (ended ? desk.dismiss(selected) : run('unwatch', () => desk.unwatch(selected), selected))}>
          {st(ended ? 'close' : 'stop')}
        </button>
      </header>
      <p class="sb-sv-note" role="status">
        {st(ended ? 'ended' : 'readOnly')}
      </p>
      <ol class="sb-messages sb-sv-messages" ref={list} aria-live="polite" data-read-only>
        {messages.map((m) => (
          <li key={m.sequence} class={`sb-message sb-from-${m.from.kind}${m.private ? ' sb-private' : ''}`} data-sequence={m.sequence} data-private={m.private || undefined}>
            <span class="sb-from">
              <bdi>{m.from.name}</bdi> · <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt)}</time>
              {m.private && <> · {st('private')}</>}
            </span>
            <span class="sb-text" dir="auto">
              {m.text}
            </span>
          </li>
        ))}
      </ol>
      {!ended && agent && (
        <form class="sb-composer sb-sv-whisper" onSubmit={whisper}>
          <input ref={input} name="whisper" dir="auto" value={text} maxLength={8000} placeholder={st('whisperTo', { agent })} aria-label={st('whisperTo', { agent })} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit" data-action="send-whisper" disabled={pending === 'whisper'}>
            {st('send')}
          </button>
        </form>
      )}
    </>
  );
}
