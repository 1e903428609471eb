/** Host API: the CRM's context of an interaction (variables, linked records, its screen), the configuration, the widget itself. */
import { DESK_SHORTCUTS, invalidArgs, type InteractionScreen, type WidgetHostApi } from '../../../protocol/index.ts';
import type { BrandingState } from '../../branding.ts';
import type { AgentSession } from '../../session/agent-session.ts';
import { associatedObject, hostAttachedData, isContextVariable } from '../crm-context.ts';
import type { HostContext } from './host-context.ts';
import { str, type Results } from './results.ts';

type Methods = Pick<
  WidgetHostApi,
  'getConfig' | 'getVariables' | 'setVariable' | 'addInteractionAssociatedObject' | 'setInteractionActiveScreen' | 'setWidgetMinimized' | 'activatePage' | 'pressShortcut'
>;

export const WIDGET_VERSION = '0.1.0';

const isScalar = (v: unknown) => v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);

export function crmMethods(session: AgentSession, r: Results, branding: BrandingState, host: HostContext, isOwner: () => boolean): Methods {
  const { store } = session;
  return {
    getConfig: () =>
      r.run(() => {
        const b = branding.current;
        const { state, processed, ignoredDuplicate, outOfOrder } = session.connection;
        return {
          productName: b.productName,
          locale: b.locale,
          features: b.features,
          version: WIDGET_VERSION,
          integrationKey: host.integrationKey,
          sessionOwner: isOwner(),
          connection: { state, processed, ignoredDuplicate, outOfOrder },
        };
      }),
    getVariables: (keys, id) =>
      r.withInteraction(id, (i) => {
        if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw invalidArgs('keys must be an array of strings');
        const all = hostAttachedData(store.contacts.get(i)!.attachedData);
        if (!keys.length) return all;
        return Object.fromEntries(keys.filter((k) => k in all).map((k) => [k, all[k]]));
      }),
    setVariable: (key, value, id) =>
      r.withInteraction(id, (i) => {
        if (isContextVariable(str(key, 'key'))) throw invalidArgs(`${key}: names starting with sb. are the widget's own`);
        return session.actions.setVariable(i, key, str(value, 'value'));
      }),
    addInteractionAssociatedObject: (object, id) =>
      r.withInteraction(id, async (i) => {
        const record = associatedObject(object, host.source);
        if (!record.displayName) {
          // Linked by id alone: the CRM is asked what to show for it.
          const info = await session.actions.crm.recordInfo(record.id, record.type);
          if (info?.displayName) Object.assign(record, { displayName: info.displayName, displayType: info.displayType || record.displayType, customFields: { ...info.customFields, ...record.customFields } });
        }
        await session.actions.linkRecord(i, record);
      }),
    setInteractionActiveScreen: (screenData, id) =>
      r.withInteraction(id, (i) => {
        if (typeof screenData !== 'object' || screenData === null || Array.isArray(screenData) || !Object.values(screenData).every(isScalar)) {
          throw invalidArgs('screenData must be an object of strings, numbers, booleans and nulls');
        }
        return session.actions.setContext(i, 'screen', screenData as InteractionScreen);
      }),
    setWidgetMinimized: (state) =>
      r.run(() => {
        if (typeof state !== 'boolean') throw invalidArgs('state must be a boolean');
        store.setMinimized(state);
      }),
    activatePage: () =>
      r.run(() => {
        store.setMinimized(false);
        window.focus();
      }),
    // As if pressed in the widget: the desk's own key handling (and its guards) does the rest.
    pressShortcut: (shortcut) =>
      r.act(() => {
        if (!DESK_SHORTCUTS.includes(shortcut)) throw invalidArgs(`shortcut must be one of ${DESK_SHORTCUTS.join(', ')}`);
        const key = shortcut.slice(4);
        document.dispatchEvent(new KeyboardEvent('keydown', { key: key === 'A' ? 'a' : key, code: key === 'A' ? 'KeyA' : key, altKey: true, bubbles: true }));
      }),
  };
}
