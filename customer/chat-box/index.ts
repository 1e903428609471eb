/**
 * customer-chat.js: a small embeddable chat box for a customer page.
 *   <div data-switchboard-chat data-room="default" data-locale="it" data-start-open="true"></div>
 *   <script src="https://cc.example.com/customer-chat.js"></script>
 */
import type { CustomerChat } from '../sdk.ts';
import { mountChatBox } from './mount.ts';

const script = document.currentScript as HTMLScriptElement | null;
const mountAll = () =>
  document.querySelectorAll<HTMLElement>('[data-switchboard-chat]').forEach((root) => {
    const chat = mountChatBox(root, { server: root.dataset.server ?? (script ? new URL(script.src).origin : undefined), room: root.dataset.room, source: root.dataset.source, open: root.dataset.startOpen === 'true' });
    (window as unknown as { switchboardChat?: CustomerChat }).switchboardChat = chat;
  });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
