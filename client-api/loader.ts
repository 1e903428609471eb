/**
 * communicator.js: one script tag embeds the widget and exposes `window.Switchboard`.
 *   <script src="https://cc.example.com/communicator.js" data-container="#agent"></script>
 */
import { AgentDesktopClientAPIImpl, type ClientApiOptions } from './client-api.ts';

interface SwitchboardGlobal {
  api: AgentDesktopClientAPIImpl | null;
  AgentDesktopClientAPIImpl: typeof AgentDesktopClientAPIImpl;
  init(options?: ClientApiOptions): AgentDesktopClientAPIImpl;
}

const script = document.currentScript as HTMLScriptElement | null;
const global: SwitchboardGlobal = {
  api: null,
  AgentDesktopClientAPIImpl,
  init(options = {}) {
    return (global.api = new AgentDesktopClientAPIImpl(options));
  },
};
(window as unknown as { Switchboard: SwitchboardGlobal }).Switchboard = global;

if (script && script.dataset.manual === undefined) {
  const start = () =>
    global.init({
      server: script.dataset.server ?? new URL(script.src).origin,
      container: script.dataset.container,
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
