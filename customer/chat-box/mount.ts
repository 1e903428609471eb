/**
 * The chat box in a page element: a launcher that opens and minimizes it, the agent's name and
 * avatar, messages with times, the start form, the reply form, the survey after close, and the
 * call panel. A chat saved in the SDK's session is opened again on load.
 */
import { CustomerChat } from '../sdk.ts';
import { isReconnecting, isWaiting, type CustomerChatView } from '../../protocol/index.ts';
import { mountAttach } from './attach.ts';
import { avatar } from './avatar.ts';
import { mountCallPanel } from './call-panel.ts';
import { mountCsat, type SetCsat } from './csat.ts';
import { el } from './dom.ts';
import { mountLauncher } from './launcher.ts';
import { pickLocale } from './strings.ts';
import { STYLE } from './style.ts';
import { mountTranscript, type UserActivity } from './transcript.ts';
import { followVisualViewport } from './viewport.ts';

/** Where the SDK keeps a live chat's session (customer/sdk.ts). */
const SDK_SESSION_KEY = 'switchboard.customer';
/** The longest message the server takes. */
const MAX_MESSAGE_CHARS = 8_000;

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
  const text = el('input', { name: 'message', placeholder: t('messagePlaceholder'), maxLength: MAX_MESSAGE_CHARS, disabled: true, dir: 'auto', autocomplete: 'off' });
  const send = el('button', { type: 'submit', textContent: t('send'), disabled: true });
  const start = el('button', { type: 'button', textContent: t('start') });
  start.dataset.action = 'start';
  send.dataset.action = 'send';
  const end = el('button', { type: 'button', className: 'sbc-end', textContent: t('end'), hidden: true });
  end.dataset.action = 'end';
  const form = el('form', { className: 'sbc-reply' }, text, send);
  const startForm = el('form', { className: 'sbc-start' }, name, start);
  const identity = el('span', { className: 'sbc-identity' });
  const header = el('header', {}, identity);
  const status = el('p', { className: 'sbc-status' });
  // While a connection that was up comes back: messages typed meanwhile wait and go out then.
  const connection = el('p', { className: 'sbc-connection', role: 'status', hidden: true });
  const panel = el('div', { className: 'sbc', role: 'dialog', ariaLabel: t('title') }, header, connection, list, status, startForm, form, el('div', { className: 'sbc-actions' }, end));
  root.append(el('style', { textContent: STYLE }), panel);
  followVisualViewport(root);

  const server = new URL(options.server ?? location.origin).origin;
  const transcript = mountTranscript(
    list,
    locale,
    (from) => {
      const agent = chat.getChat()?.agent;
      return agent && from.id === agent.id ? agent.name : from.name;
    },
    { href: (file) => new URL(file.url ?? '', server).href, fresh: (file) => chat.files().then((f) => f.url(file)) },
  );
  const attach = mountAttach(chat, form, panel, transcript, t);
  const csat = mountCsat(status, locale, sdkSetCsat(chat));
  let agentName = '';
  const showAgent = (c: CustomerChatView | null) => {
    const agent = c?.agent;
    agentName = agent?.nickname ?? agentName;
    identity.replaceChildren(...(agent ? [avatar(agent.name), el('span', { className: 'sbc-agent-name', dir: 'auto', textContent: agent.name })] : [el('span', {}, t('title'))]));
  };
  showAgent(null);

  const setOpen = (open: boolean) => {
    text.disabled = send.disabled = !open;
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
  chat.on('queue:update', ({ queuePosition }) => (status.textContent = t('queue', { n: queuePosition })));
  chat.on('forever:alone', () => (status.textContent = t('alone')));
  chat.on('chat:updated', (c) => {
    if (!isWaiting(c.state)) status.textContent = '';
    showAgent(c);
    if (c.state === 'delivered' && text.disabled) {
      csat.hide(); // an agent started a chat with us
      setOpen(true);
    }
  });
  chat.on('back-to-queue', ({ reason }) => reason === 'agent_disconnected' && transcript.notice(t('agentLost')));
  chat.on('message:received', (m) => {
    transcript.message(m);
    launcher.noteIncoming();
  });
  // A supervisor who steps in is told once, as a supervisor (chat:intervened comes before their user:joined).
  const interventors = new Set<string>();
  chat.on('chat:intervened', ({ interventor }) => {
    interventors.add(interventor.id);
    transcript.notice(t('intervened', { name: interventor.nickname }));
  });
  chat.on('user:joined', ({ user }) => !interventors.has(user.id) && transcript.notice(t('joined', { name: user.nickname })));
  chat.on('chat:closed', ({ chatId }) => closed(chatId));
  // `user:activity` is not in every SDK build yet: subscribed by name, it shows nothing until the SDK emits it.
  const onActivity = chat.on.bind(chat) as unknown as (event: string, handler: (event: UserActivity) => void) => () => void;
  onActivity('user:activity', (event) => {
    if (event?.userId && event.userId === chat.getChat()?.customer.id) return;
    transcript.activity(event ?? {}, agentName);
  });

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
      const started = await chat.init({ room: options.room ?? 'default', lang: options.lang ?? locale.tag, source: options.source ?? location.pathname, name: name.value, call, id });
      transcript.clear();
      csat.hide();
      (await chat.history()).forEach((m) => transcript.message(m));
      showAgent(started);
      if (started.agent) transcript.notice(t('withYou', { name: started.agent.nickname }));
      else transcript.notice(call ? t('calling') : t('waiting'));
      setOpen(true);
      calls.update(started);
      if (!call && !restoring && launcher.isOpen()) text.focus();
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
  launcher.onToggle((open) => open && !text.disabled && text.focus());

  start.onclick = () => begin(false);
  // The agent sees the customer typing (a notice at most every 2 s while they type).
  let typedAt = 0;
  text.oninput = () => {
    if (!text.value || Date.now() - typedAt < 2_000) return;
    typedAt = Date.now();
    chat.sendUserActivity('writing').catch(() => {});
  };
  form.onsubmit = async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) return;
    // Shown at once; it waits there, greyed, while the connection is down.
    const pending = transcript.message({ from: { kind: 'customer', id: '', name: '' }, text: value, createdAt: Date.now() }, true);
    text.value = '';
    try {
      const sent = await chat.sendMessage(value);
      pending.classList.remove('sbc-pending');
      pending.dataset.sequence = String(sent.sequence);
    } catch (err) {
      pending.remove();
      text.value ||= value;
      transcript.notice(t('notSent', { error: (err as Error).message }));
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

/** The SDK's `setCsat`, when this SDK build has one. */
function sdkSetCsat(chat: CustomerChat): SetCsat | null {
  const method = (chat as unknown as { setCsat?: SetCsat }).setCsat;
  return typeof method === 'function' ? method.bind(chat) : null;
}
