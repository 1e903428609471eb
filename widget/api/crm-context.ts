/**
 * What the host API keeps with an interaction for the CRM (its linked records, its screen, the
 * reschedule window, the data a transfer carried, the saved activity): JSON in the contact's
 * variables under `sb.` names, so the server stores it with the contact and every widget of the
 * agent (or the next agent, after a transfer) reads the same. The host never sees these names
 * among its attachedData.
 */
import type {
  ActivityRecordInfo,
  AttachedData,
  ContactView,
  CustomTransferData,
  InteractionAssociatedObjectsData,
  InteractionScreen,
  RescheduleData,
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
