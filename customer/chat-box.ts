/**
 * customer-chat.js: a small embeddable chat box for a customer page.
 *   <div data-switchboard-chat data-room="default"></div>
 *   <script src="https://cc.example.com/customer-chat.js"></script>
 */
import { CustomerChat } from './sdk.ts';
import { isReconnecting, isWaiting, type ChatMessage } from '../protocol/index.ts';

const STYLE = `
.sbc{font:14px system-ui,sans-serif;border:1px solid #d0d5dc;border-radius:10px;width:320px;display:flex;flex-direction:column;background:#fff;color:#1d2430;overflow:hidden}
.sbc header{background:#2f5bea;color:#fff;padding:10px 12px;font-weight:600}
.sbc ol{list-style:none;margin:0;padding:10px;height:240px;overflow-y:auto;display:flex;flex-direction:column;gap:6px}
.sbc li{max-width:80%;padding:6px 10px;border-radius:8px;background:#f1f3f5}
.sbc li.me{align-self:flex-end;background:#dce6ff}
.sbc li.sys{align-self:center;background:none;color:#6b7480;font-size:12px}
.sbc form{display:flex;gap:6px;padding:8px;border-top:1px solid #e2e6ea}
.sbc input{flex:1;font:inherit;padding:6px 8px;border:1px solid #d0d5dc;border-radius:8px}
.sbc button{font:inherit;border:0;border-radius:8px;padding:6px 10px;background:#2f5bea;color:#fff;cursor:pointer}
.sbc button.sbc-end{background:#6b7480}
.sbc [hidden]{display:none}
.sbc-status{margin:0;padding:0 10px;font-size:12px;color:#6b7480;min-height:1em}
.sbc-connection{margin:0;padding:4px 12px;font-size:12px;background:#fff4e5;color:#5c3b00}
.sbc li.sbc-pending{opacity:.6}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: object = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

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
  root.append(el('style', { textContent: STYLE }), el('div', { className: 'sbc' }, el('header', {}, 'Chat with us'), list, startForm, form, el('div', {}, end)));

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
  start.onclick = async () => {
    start.disabled = true;
    try {
      const started = await chat.init({ room: options.room ?? 'default', lang: options.lang ?? document.documentElement.lang ?? 'en', source: options.source ?? location.pathname, name: name.value });
      list.replaceChildren();
      (await chat.history()).forEach(show);
      if (started.agent) line(`${started.agent.nickname} is with you`, 'sys');
      else line('Waiting for an agent…', 'sys');
      setOpen(true);
      text.focus();
    } catch (err) {
      line(`Cannot start the chat: ${(err as Error).message}`, 'sys');
      start.disabled = false;
    }
  };
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

const script = document.currentScript as HTMLScriptElement | null;
const mountAll = () =>
  document.querySelectorAll<HTMLElement>('[data-switchboard-chat]').forEach((root) => {
    const chat = mountChatBox(root, { server: root.dataset.server ?? (script ? new URL(script.src).origin : undefined), room: root.dataset.room, source: root.dataset.source });
    (window as unknown as { switchboardChat?: CustomerChat }).switchboardChat = chat;
  });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
