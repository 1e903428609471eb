/**
 * Helpers of the chat e2e tests (e2e-chat-*.test.ts): an agent's CRM (the host library in this
 * page, its widget on one of the server's two origins) recording every chat event it hears, and
 * the demo shop page as the customer.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { AgentDesktopClientAPIImpl } from '../../client-api/index.ts';
import type { HostEventName, InteractionData, OperationResult } from '../../protocol/index.ts';
import { addIframe, eventually, frame, signIn, type TestServer } from './harness.ts';

/** The host events these tests listen to (Bright Pattern's and Switchboard's chat events). */
const HEARD: HostEventName[] = [
  'ON_NEW_INTERACTION',
  'ON_INTERACTION_STATE_CHANGE',
  'ON_CHAT_MESSAGE',
  'ON_CHAT_TYPING',
  'ON_CHAT_DELIVERY_STATUS',
  'ON_TTR_CHANGE',
  'ON_CHAT_IDLE_CHANGE',
  'ON_CHAT_CSAT',
  'ON_CHAT_CLOSE_DATA',
  'ON_NOTE_TRUNCATED',
];

export type Frame = ReturnType<typeof frame>;

export interface Crm {
  api: AgentDesktopClientAPIImpl;
  widget: Frame;
  /** Every event heard, in order: [name, args]. */
  heard: [HostEventName, any[]][];
  /** The first event `name` (after `from`, an index into heard) whose arguments `where` accepts. */
  event(name: HostEventName, where?: (args: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  /** The one interaction in `state`. */
  only(state?: InteractionData['state']): Promise<InteractionData>;
}

/** An agent signed in on the widget at `origin`, its host page being this test page. */
export async function agentCrm(origin: string, username: string, size = { width: 480, height: 640 }): Promise<Crm> {
  await executeServerCommand('sb-viewport', { width: 2000, height: 1400 });
  const api = new AgentDesktopClientAPIImpl({ server: origin });
  Object.assign(api.iframe.style, { width: `${size.width}px`, height: `${size.height}px`, display: 'inline-block', verticalAlign: 'top' });
  const heard: Crm['heard'] = [];
  for (const name of HEARD) api.on(name, ((...args: any[]) => void heard.push([name, args])) as never);
  await signIn(`${origin}/widget/`, username);
  return {
    api,
    widget: frame(`${origin}/widget/`),
    heard,
    event: (name, where = () => true, timeoutMs = 10_000) => eventually(() => heard.find(([n, a]) => n === name && where(a))?.[1], timeoutMs, `${name} at ${username}'s CRM`),
    only: (state) =>
      eventually(async () => {
        const r = await api.getInteractionsState();
        const found = r.status === 'success' ? r.data.interactions.filter((i) => !state || i.state === state) : [];
        return found.length === 1 ? found[0] : null;
      }, 10_000, `one ${state ?? ''} interaction at ${username}'s CRM`),
  };
}

/** The demo shop page on `origin` (a customer of their own: one per origin), its chat started with `first`. */
export async function shopChat(origin: string, name: string, first: string): Promise<Frame> {
  await addIframe(`${origin}/demo/shop.html`, `shop-${name}`, { width: 420, height: 640 });
  const shop = frame(`${origin}/demo/shop.html`);
  await shop.type('input[name=name]', name);
  await shop.click('[data-action=start]');
  await shop.type('[name=message]:enabled', first);
  await shop.click('[data-action=send]');
  await shop.eval(`(window.received = [], window.switchboardChat.on('message:received', (m) => window.received.push(m)), true)`);
  return shop;
}

export const ok = <T>(r: OperationResult<T>): T => {
  if (r.status !== 'success') throw new Error(`${r.error.name}: ${r.error.message}`);
  return r.data;
};

export const servers = (server: TestServer) => ({ host127: `http://127.0.0.1:${server.port}`, hostLocal: `http://localhost:${server.port}` });

/** The widget's message list: how it is scrolled (while it is not on screen yet: not at all, far from its bottom). */
export const listScroll = (widget: Frame) =>
  widget.eval<{ top: number; height: number; client: number; fromBottom: number }>(
    `(() => { const el = document.querySelector('.sb-messages'); return el ? { top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight, fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight } : { top: 0, height: 0, client: 0, fromBottom: Infinity }; })()`,
  );

/** Scrolls the widget's message list as the agent would (the list hears a scroll event). */
export const scrollListTo = (widget: Frame, top: number | 'bottom') =>
  widget.eval<boolean>(`(() => { const el = document.querySelector('.sb-messages'); el.scrollTop = ${top === 'bottom' ? 'el.scrollHeight' : top}; el.dispatchEvent(new Event('scroll')); return true; })()`);

/** Sets the reply box's text as typing or pasting it would (an 8,000-character paste is one input event). */
export const pasteReply = (widget: Frame, text: string) =>
  widget.eval<boolean>(
    `(() => { const el = document.querySelector('.sb-composer input[name=message]'); el.value = ${JSON.stringify(text)}; el.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`,
  );
