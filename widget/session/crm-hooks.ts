/**
 * Where the agent's work asks the CRM of the host page (its answered events): data for a
 * transfer, validation and saving at completion, records, the knowledge base. The host API
 * wires these to the host; with no host linked they answer nothing and the widget works alone.
 */
import type {
  ActivityRecordInfo,
  CustomTransferData,
  ExternalKBArticleData,
  ExternalKBItemData,
  ExternalKBSearchResultData,
  InteractionAssociatedObject,
  InteractionAssociatedObjectData,
  SearchRecordsQuery,
} from '../../protocol/index.ts';

export interface CrmHooks {
  /** Data for the next agent's CRM, when the agent transfers from the widget. */
  transferData(contactId: string): Promise<CustomTransferData>;
  /** Why the contact may not be completed with its records, or null when it may. */
  validateRecords(contactId: string): Promise<string | null>;
  /** The CRM saves the activity as the contact is completed; the record it made, if any. */
  saveActivity(contactId: string): Promise<ActivityRecordInfo | undefined>;
  /** The agent clicked a record linked to the contact. */
  openRecord(contactId: string, record: InteractionAssociatedObjectData): void;
  /** The agent searched the CRM from the widget. */
  searchRecords(contactId: string, query: SearchRecordsQuery): void;
  /** The record on the CRM's screen, to link to the contact (with the integration as its source). */
  recordOnScreen(): Promise<InteractionAssociatedObject | null>;
  /** Details of a record linked without a display name. */
  recordInfo(id: string, type: string): Promise<InteractionAssociatedObjectData | null>;
  kbFolder(folderId?: string): Promise<ExternalKBItemData[]>;
  kbSearch(query: string, folderId?: string): Promise<ExternalKBSearchResultData[]>;
  kbArticle(articleId: string): Promise<ExternalKBArticleData | null>;
}

export const NO_CRM: CrmHooks = {
  transferData: async () => ({}),
  validateRecords: async () => null,
  saveActivity: async () => undefined,
  openRecord: () => {},
  searchRecords: () => {},
  recordOnScreen: async () => null,
  recordInfo: async () => null,
  kbFolder: async () => [],
  kbSearch: async () => [],
  kbArticle: async () => null,
};
