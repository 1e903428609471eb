/**
 * `/agent/communicator/adapters/api.js` (and `/agent/crmembedded/adapters/api.js`): the script a
 * Bright Pattern CRM integration loads. It defines `window.brightpattern.AdApi`, which is
 * AgentDesktopClientAPIImpl with the script's server as its default, and starts nothing itself.
 *
 *   <script src="https://cc.example.com/agent/communicator/adapters/api.js"></script>
 *   const adApi = new brightpattern.AdApi({ integrationKey: 'crm', mountRoot: document.getElementById('adc') });
 */
import { AgentDesktopClientAPIImpl, defaults } from './client-api.ts';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) defaults.server = new URL(script.src).origin;
const w = window as unknown as { brightpattern?: { AdApi?: typeof AgentDesktopClientAPIImpl } };
(w.brightpattern ??= {}).AdApi = AgentDesktopClientAPIImpl;
