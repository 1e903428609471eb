/**
 * The chat box in a page element: a launcher that opens and minimizes it, the agent's name and
 * avatar, messages with times, the start form, the reply form, the survey after close, and the
 * call panel. A chat saved in the SDK's session is opened again on load.
 */
import { CustomerChat } from '../sdk.ts';
import { MAX_TEXT_CHARS, isReconnecting, isWaiting, type CustomerChatView } from '../../protocol/index.ts';
import { mountAttach } from './attach.ts';
import { avatar } from './avatar.ts';
import { mountCallPanel } from './call-panel.ts';
import { mountComposer } from './composer.ts';
import { mountCsat } from './csat.ts';
import { el } from './dom.ts';
import { downloadTranscript } from './download.ts';
import { mountLauncher } from './launcher.ts';
import { mountReads } from './reads.ts';
import { pickLocale } from './strings.ts';
import { STYLE } from './style.ts';
import { mountTranscript } from './transcript.ts';
import type { SendPostback } from './rich.ts';
import { followTransfers, transferLine } from './transfer.ts';
import { followVisualViewport } from './viewport.ts';

/** Where the SDK keeps a live chat's session (customer/sdk.ts). */
const SDK_SESSION_KEY = 'switchboard.customer';

export interface ChatBoxOptions {
  server?: string;
  room?: string;
  lang?: string;
  source?: string;
  /** Open on a first visit (later visits keep what the shopper chose); default minimized. */
  open?: boolean;
}

export function mountChatBox(root: HTMLElement, options: ChatBoxOptions = {}) {
  const locale = pickLocale(root);
  const { t } = locale;
  const chat = new CustomerChat({ server: options.server });
  root.classList.add('sbc-root');

  const list = el('ol', { className: 'sbc-messages', ariaLive: 'polite' });
  const name = el('input', { name: 'name', placeholder: t('namePlaceholder'), autocomplete: 'name', dir: 'auto' });
  const start = el('button', { type: 'button', textContent: t('start') });
  start.dataset.action = 'start';
  const end = el('button', { type: 'button', className: 'sbc-end', textContent: t('end'), hidden: true });
  end.dataset.action = 'end';
  const download = el('button', { type: 'button', className: 'sbc-download', textContent: t('download'), hidden: true });
  download.dataset.action = 'download';
  const composer = mountComposer(locale, {
    // The agent sees the customer typing.
    typing: () => void chat.sendUserActivity('writing').catch(() => {}),
    async send(value) {
      // Shown at once; it waits there, greyed, while the connection is down.
      const pending = transcript.message({ from: { kind: 'customer', id: '', name: '' }, text: value, createdAt: Date.now() }, true);
      transcript.dropQuickReplies();
      try {
        const sent = await chat.sendMessage(value);
        pending.classList.remove('sbc-pending');
        pending.dataset.sequence = String(sent.sequence);
        pending.dataset.id = sent.id;
        reads.tick(pending);
      } catch (err) {
        pending.remove();
        const { name: code, message } = err as Error;
        transcript.notice(code === 'too_large' ? t('tooLargeSent', { max: MAX_TEXT_CHARS.toLocaleString(locale.tag) }) : t('notSent', { error: message }));
        throw err; // the text goes back in the box
      }
    },
  });
  const { form } = composer;
  const startForm = el('form', { className: 'sbc-start' }, name, start);
  const identity = el('span', { className: 'sbc-identity' });
  const header = el('header', {}, identity);
  const status = el('p', { className: 'sbc-status' });
  // While a connection that was up comes back: messages typed meanwhile wait and go out then.
  const connection = el('p', { className: 'sbc-connection', role: 'status', hidden: true });
  const panel = el('div', { className: 'sbc', role: 'dialog', ariaLabel: t('title') }, header, connection, list, status, startForm, composer.counter, form, el('div', { className: 'sbc-actions' }, download, end));
  root.append(el('style', { textContent: STYLE }), panel);
  followVisualViewport(root);

  /** A button of an agent's rich message: its post-back goes out, and shows as the customer's answer. */
  const postback: SendPostback = async (button) => {
    try {
      const sent = await chat.sendPostback(button);
      transcript.dropQuickReplies();
      transcript.message(sent);
      return true;
    } catch (err) {
      transcript.notice(t('notSent', { error: (err as Error).message }));
      return false;
    }
  };
  const server = new URL(options.server ?? location.origin).origin;
  const reads = mountReads(list, locale, { read: (id) => chat.readMessage(id), isOpen: () => launcher.isOpen() });
  const transcript = mountTranscript(list, locale, {
    tickMark: reads.mark,
    track: reads.track,
    fullName: (from) => {
      const agent = chat.getChat()?.agent;
      return agent && from.id === agent.id ? agent.name : from.name;
    },
    postback,
    links: { href: (file) => new URL(file.url ?? '', server).href, fresh: (file) => chat.files().then((f) => f.url(file)) },
  });
  const attach = mountAttach(chat, form, panel, transcript, t);
  const csat = mountCsat(status, locale, (rate, resolved) => chat.setCsat(rate, resolved, 'FILLED'));
  let agentName = '';
  const showAgent = (agent: { name: string; nickname?: string } | null) => {
    agentName = agent?.nickname ?? agentName;
    identity.replaceChildren(...(agent ? [avatar(agent.name), el('span', { className: 'sbc-agent-name', dir: 'auto', textContent: agent.name })] : [el('span', {}, t('title'))]));
  };
  showAgent(null);

  const setOpen = (open: boolean) => {
    composer.setEnabled(open);
    attach.setEnabled(open);
    end.hidden = !open;
    name.disabled = start.disabled = open;
    startForm.hidden = open;
  };

  let everConnected = false;
  chat.on('connection:state', (state) => {
    everConnected ||= state === 'CONNECTED';
    const down = isReconnecting(state, everConnected) || (everConnected && state === 'NULL');
    connection.hidden = !down;
    connection.dataset.state = state;
    connection.textContent = state === 'NULL' ? t('connectionLost') : t('reconnecting');
  });
  const transfers = followTransfers(t, (line) => transcript.notice(line));
  /** The header and the status line for a state of the chat. */
  const showChat = (c: CustomerChatView) => {
    const shown = transfers.update(c);
    if (shown.status) status.textContent = shown.status;
    else if (!isWaiting(c.state)) status.textContent = '';
    showAgent(shown.agent);
  };
  chat.on('queue:update', ({ queuePosition }) => transfers.active || (status.textContent = t('queue', { n: queuePosition })));
  chat.on('transfer-agent', ({ participant }) => transcript.notice(t('transferringTo', { name: participant.name })));
  chat.on('transfer-skill', () => transcript.notice(t('transferring')));
  chat.on('forever:alone', () => (status.textContent = t('alone')));
  chat.on('chat:updated', (c) => {
    reads.agentsRead(c.agentsReadUpTo);
    showChat(c);
    if (c.state === 'delivered' && end.hidden) {
      csat.hide(); // an agent started a chat with us
      setOpen(true);
    }
  });
  chat.on('back-to-queue', ({ reason }) => reason === 'agent_disconnected' && transcript.notice(t('agentLost')));
  chat.on('message:received', (m) => {
    transcript.message(m);
    launcher.noteIncoming();
  });
  chat.on('message:read', ({ status, upTo }) => status === 'READ' && upTo !== undefined && reads.agentsRead(upTo));
  // A supervisor who steps in is told once, as a supervisor (chat:intervened comes before their user:joined).
  const interventors = new Set<string>();
  chat.on('chat:intervened', ({ interventor }) => {
    interventors.add(interventor.id);
    transcript.notice(t('intervened', { name: interventor.nickname }));
  });
  chat.on('user:joined', ({ user }) => !interventors.has(user.id) && transcript.notice(t('joined', { name: user.nickname })));
  chat.on('chat:closed', ({ chatId }) => closed(chatId));
  chat.on('user:activity', ({ activity, from }) => from.kind === 'agent' && transcript.activity({ activity, name: from.name, userId: from.id }, agentName));

  /** The chat is over: one "ended" line, the reply form off, and the survey when an agent took part. */
  const closed = (chatId: string) => {
    transcript.ended(chatId);
    setOpen(false);
    if (chat.getChat()?.agent) csat.show();
  };

  /** Starts the chat (or a call, which is a chat whose agent talks), or opens the saved one again. */
  const begin = async (call: boolean, restoring: string | null = null) => {
    start.disabled = true;
    try {
      // Restoring names the saved chat: if it is gone, nothing new starts without the shopper asking.
      const id = restoring ?? undefined;
      // Cleared before asking: a queue position told while the history loads must stay shown.
      status.textContent = '';
      const started = await chat.init({ room: options.room ?? 'default', lang: options.lang ?? locale.tag, source: options.source ?? location.pathname, name: name.value, call, id });
      transcript.clear();
      reads.reset();
      csat.hide();
      transcript.messages(await chat.history());
      reads.agentsRead(chat.getChat()?.agentsReadUpTo ?? 0);
      showChat(started);
      if (started.agent) transcript.notice(t('withYou', { name: started.agent.nickname }));
      else if (started.transfer) transcript.notice(transferLine(started.transfer, t));
      else transcript.notice(call ? t('calling') : t('waiting'));
      setOpen(true);
      download.hidden = false;
      calls.update(started);
      if (!call && !restoring && launcher.isOpen()) composer.focus();
    } catch (err) {
      if (!restoring) transcript.notice(t('cannotStart', { error: (err as Error).message }));
      start.disabled = false;
    }
  };
  const calls = mountCallPanel(chat, header, { startCall: () => begin(true), note: (line) => transcript.notice(line), t });

  const minimize = el('button', { type: 'button', className: 'sbc-minimize', textContent: '–', title: t('minimize'), ariaLabel: t('minimize') });
  minimize.dataset.action = 'minimize';
  header.append(minimize);
  const launcher = mountLauncher(root, locale, options.open ?? false);
  minimize.onclick = () => launcher.setOpen(false);
  launcher.onToggle((open) => {
    if (!open) return;
    reads.flush();
    if (!end.hidden) composer.focus();
  });

  start.onclick = () => begin(false);
  download.onclick = async () => {
    download.disabled = true;
    try {
      await downloadTranscript(chat, locale);
    } catch (err) {
      transcript.notice(t('transcriptFailed', { error: (err as Error).message }));
    } finally {
      download.disabled = false;
    }
  };
  end.onclick = async () => {
    const id = chat.getId();
    await chat.close().catch(() => {});
    if (id) closed(id);
  };

  // A reload while a chat is live: open it again, history and all, without a click.
  const saved = savedChatId();
  if (saved) void begin(false, saved);
  return chat;
}

/** The chat the SDK keeps in this tab's session (its `chatId`), if any. */
function savedChatId(): string | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SDK_SESSION_KEY) ?? 'null') as { chatId?: unknown } | null;
    return typeof saved?.chatId === 'string' ? saved.chatId : null;
  } catch {
    return null;
  }
}
