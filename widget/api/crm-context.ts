/**
 * What the host API keeps with an interaction for the CRM (its linked records, its screen, the
 * reschedule window, the data a transfer carried, the saved activity): JSON in the contact's
 * variables under `sb.` names, so the server stores it with the contact and every widget of the
 * agent (or the next agent, after a transfer) reads the same. The host never sees these names
 * among its attachedData.
 */
import {
  invalidArgs,
  type ActivityRecordInfo,
  type AttachedData,
  type ContactView,
  type CustomTransferData,
  type InteractionAssociatedObject,
  type InteractionAssociatedObjectData,
  type InteractionAssociatedObjectsData,
  type InteractionScreen,
  type RescheduleData,
} from '../../protocol/index.ts';

export interface CrmContext {
  objects: InteractionAssociatedObjectsData;
  screen: InteractionScreen;
  reschedule: RescheduleData;
  /** The data the transferring agent's CRM attached, and who sent it. */
  transfer: { from: string; data: CustomTransferData };
  activity: ActivityRecordInfo;
}
export type CrmContextKey = keyof CrmContext;

const PREFIX = 'sb.';
export const variableOf = (key: CrmContextKey) => `${PREFIX}${key}`;

/** One part of the context, or undefined when it was never set (or is not JSON we wrote). */
export function crmContext<K extends CrmContextKey>(contact: ContactView, key: K): CrmContext[K] | undefined {
  const raw = contact.attachedData[variableOf(key)];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as CrmContext[K];
  } catch {
    return undefined;
  }
}

/** The attached data the host sees: the contact's variables without the widget's own. */
export function hostAttachedData(attachedData: AttachedData): AttachedData {
  const data: AttachedData = {};
  for (const [key, value] of Object.entries(attachedData)) if (!key.startsWith(PREFIX)) data[key] = value;
  return data;
}

export const isContextVariable = (name: string) => name.startsWith(PREFIX);

/** A record as the CRM gives it; only id and type are required, the rest defaults. */
export function associatedObject(object: unknown, source: string): InteractionAssociatedObject {
  const o = object as Partial<InteractionAssociatedObjectData> | null;
  if (typeof o?.id !== 'string' || !o.id || typeof o.type !== 'string' || !o.type) throw invalidArgs('the object needs an id and a type (strings)');
  const fields = o.customFields ?? {};
  if (typeof fields !== 'object' || Object.values(fields).some((v) => typeof v !== 'string')) throw invalidArgs('customFields must map names to strings');
  return {
    id: o.id,
    type: o.type,
    displayName: typeof o.displayName === 'string' ? o.displayName : '',
    displayType: typeof o.displayType === 'string' ? o.displayType : o.type,
    customFields: { ...fields },
    source,
  };
}
