/**
 * communicator.js: one script tag embeds the widget and exposes `window.Switchboard`.
 *   <script src="https://cc.example.com/communicator.js" data-container="#agent"></script>
 * Without a container the widget floats in a corner (data-position) and can be minimized.
 * Data attributes: data-server, data-container, data-width, data-height, data-position
 * (bottom-right, bottom-left, top-right, top-left), data-locale, data-minimized, data-shortcuts
 * (the desk's Alt+A, Alt+↑/↓ work while the page has the focus), data-manual (do not start: call
 * Switchboard.init(config) yourself).
 */
import { AgentDesktopClientAPIImpl, type ClientApiOptions } from './client-api.ts';

export interface EmbedConfig extends ClientApiOptions {
  width?: number;
  height?: number;
  position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  locale?: string;
  minimized?: boolean;
}

interface SwitchboardGlobal {
  api: AgentDesktopClientAPIImpl | null;
  AgentDesktopClientAPIImpl: typeof AgentDesktopClientAPIImpl;
  init(config?: EmbedConfig): AgentDesktopClientAPIImpl;
}

const MINIMIZED = { width: 220, height: 56 };

function init(config: EmbedConfig = {}): AgentDesktopClientAPIImpl {
  const { width = 480, height = 600, position = 'bottom-right', locale, minimized } = config;
  let container = config.container;
  if (!container) {
    // Floating: a fixed box in the chosen corner.
    const [v, h] = position.split('-');
    container = Object.assign(document.createElement('div'), { className: 'switchboard-launcher' });
    container.style.cssText = `position:fixed;${v}:16px;${h}:16px;z-index:2147483000;box-shadow:0 4px 24px rgba(0,0,0,.2);border-radius:10px;overflow:hidden`;
    document.body.append(container);
  }
  const api = new AgentDesktopClientAPIImpl({ ...config, container, branding: { ...config.branding, ...(locale && { locale }) } });
  const size = (small: boolean) => {
    const s = small ? MINIMIZED : { width, height };
    Object.assign(api.iframe.style, { width: `${s.width}px`, height: `${s.height}px`, border: '0', display: 'block' });
  };
  size(!!minimized);
  api.on('ON_WIDGET_MINIMIZED_CHANGE', (small) => size(small));
  if (minimized) void api.setWidgetMinimized(true);
  return (global.api = api);
}

const global: SwitchboardGlobal = { api: null, AgentDesktopClientAPIImpl, init };
(window as unknown as { Switchboard: SwitchboardGlobal }).Switchboard = global;

const script = document.currentScript as HTMLScriptElement | null;
if (script && script.dataset.manual === undefined) {
  const d = script.dataset;
  const start = () =>
    init({
      server: d.server ?? new URL(script.src).origin,
      container: d.container,
      width: d.width ? Number(d.width) : undefined,
      height: d.height ? Number(d.height) : undefined,
      position: d.position as EmbedConfig['position'],
      locale: d.locale,
      minimized: d.minimized !== undefined && d.minimized !== 'false',
      shortcuts: d.shortcuts !== undefined && d.shortcuts !== 'false',
    });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
