/** The chat box in a page element: messages, the start form, the reply form, and the call panel. */
import { CustomerChat } from '../sdk.ts';
import { isReconnecting, isWaiting, type ChatMessage } from '../../protocol/index.ts';
import { el } from './dom.ts';
import { STYLE } from './style.ts';
import { mountCallPanel } from './call-panel.ts';

export function mountChatBox(root: HTMLElement, options: { server?: string; room?: string; lang?: string; source?: string } = {}) {
  const chat = new CustomerChat({ server: options.server });
  const list = el('ol', { className: 'sbc-messages' });
  const name = el('input', { name: 'name', placeholder: 'Your name' });
  const text = el('input', { name: 'message', placeholder: 'Type a message', maxLength: 8000, disabled: true });
  const send = el('button', { type: 'submit', textContent: 'Send', disabled: true });
  const start = el('button', { type: 'button', textContent: 'Start chat' });
  start.dataset.action = 'start';
  send.dataset.action = 'send';
  const end = el('button', { type: 'button', className: 'sbc-end', textContent: 'End', hidden: true });
  end.dataset.action = 'end';
  const form = el('form', {}, text, send);
  const startForm = el('form', {}, name, start);
  const header = el('header', {}, el('span', {}, 'Chat with us'));
  root.append(el('style', { textContent: STYLE }), el('div', { className: 'sbc' }, header, list, startForm, form, el('div', {}, end)));

  const line = (content: string, cls = '', sequence?: number) => {
    const item = el('li', { className: cls, textContent: content });
    if (sequence !== undefined) item.dataset.sequence = String(sequence);
    list.append(item);
    list.scrollTop = list.scrollHeight;
    return item;
  };
  const show = (m: ChatMessage) => line(m.from.kind === 'customer' ? m.text : `${m.from.name}: ${m.text}`, m.from.kind === 'customer' ? 'me' : '', m.sequence);
  const setOpen = (open: boolean) => {
    text.disabled = send.disabled = !open;
    end.hidden = !open;
    name.disabled = start.disabled = open;
    startForm.hidden = open;
  };

  const status = el('p', { className: 'sbc-status' });
  list.after(status);
  // While a connection that was up comes back: messages typed meanwhile wait and go out then.
  const connection = el('p', { className: 'sbc-connection', role: 'status', hidden: true });
  root.querySelector('.sbc header')!.after(connection);
  let everConnected = false;
  chat.on('connection:state', (state) => {
    everConnected ||= state === 'CONNECTED';
    const down = isReconnecting(state, everConnected) || (everConnected && state === 'NULL');
    connection.hidden = !down;
    connection.dataset.state = state;
    connection.textContent = state === 'NULL' ? 'Connection lost' : 'Reconnecting…';
  });
  chat.on('queue:update', ({ queuePosition }) => (status.textContent = `You are number ${queuePosition} in the queue`));
  chat.on('forever:alone', () => (status.textContent = 'No agent is available right now; please wait or come back later'));
  chat.on('chat:updated', (c) => {
    if (!isWaiting(c.state)) status.textContent = '';
    if (c.state === 'delivered' && text.disabled) setOpen(true); // an agent started a chat with us
  });
  chat.on('back-to-queue', ({ reason }) => reason === 'agent_disconnected' && line('Your agent was disconnected; finding another…', 'sys'));
  chat.on('message:received', show);
  chat.on('user:joined', ({ user }) => line(`${user.nickname} joined the chat`, 'sys'));
  chat.on('chat:closed', () => {
    line('The chat has ended', 'sys');
    setOpen(false);
  });
  /** Starts the chat (or a call, which is a chat whose agent talks). */
  const begin = async (call: boolean) => {
    start.disabled = true;
    try {
      const started = await chat.init({ room: options.room ?? 'default', lang: options.lang ?? document.documentElement.lang ?? 'en', source: options.source ?? location.pathname, name: name.value, call });
      list.replaceChildren();
      (await chat.history()).forEach(show);
      if (started.agent) line(`${started.agent.nickname} is with you`, 'sys');
      else line(call ? 'Calling an agent…' : 'Waiting for an agent…', 'sys');
      setOpen(true);
      calls.update(started);
      if (!call) text.focus();
    } catch (err) {
      line(`Cannot start the chat: ${(err as Error).message}`, 'sys');
      start.disabled = false;
    }
  };
  const calls = mountCallPanel(chat, header, { startCall: () => begin(true), note: (t) => line(t, 'sys') });
  start.onclick = () => begin(false);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const value = text.value.trim();
    if (!value) return;
    // Shown at once; it waits there, greyed, while the connection is down.
    const pending = line(value, 'me sbc-pending');
    text.value = '';
    try {
      const sent = await chat.sendMessage(value);
      pending.classList.remove('sbc-pending');
      pending.dataset.sequence = String(sent.sequence);
    } catch (err) {
      pending.remove();
      text.value ||= value;
      line(`Not sent: ${(err as Error).message}`, 'sys');
    }
  };
  end.onclick = async () => {
    await chat.close().catch(() => {});
    line('You ended the chat', 'sys');
    setOpen(false);
  };
  return chat;
}
