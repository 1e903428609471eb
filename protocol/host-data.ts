/**
 * The data the host API carries, in the shapes of Bright Pattern's published Agent Desktop Client
 * API (field names, optionality, string unions). Both client-api/ and widget/ take them from here.
 */
import type { InteractionState } from './states.ts';

export type InteractionType = 'voice' | 'chat' | 'email';
export type CallDirection = 'inbound' | 'outbound';
export type ChatPartyType = 'internal' | 'external';
export type InteractionKind = 'unknown' | 'direct_call' | 'outbound' | 'scenario' | 'chat';
export type ChatChannelType = 'telegram' | 'line' | 'facebook' | 'web' | 'nexmo' | 'sms' | 'viber' | 'twitter' | 'wechat' | 'whatsapp' | 'ms_teams';
export type DispositionType = 'SUCCESS' | 'FAILURE' | 'CONTINUE' | 'SPAM' | 'DO_NOT_CALL';
export const PHONE_DEVICES = [
  'phone_type_browser',
  'phone_type_external',
  'phone_type_hard_custom',
  'phone_type_hard_default',
  'phone_type_nailed',
  'phone_type_none',
  'phone_type_soft_secure',
  'phone_type_microsoft_teams',
  'phone_type_soft_unsecure',
] as const;
export type PhoneDevice = (typeof PHONE_DEVICES)[number];
/** How an interaction was started (the published list; seed 003 shows an older one, with dialpad-search, never sent here). */
export type InteractionOrigination =
  | 'chat-center'
  | 'dialpad'
  | 'directory'
  | 'recent'
  | 'favorites'
  | 'workitem'
  | 'interaction'
  | 'contact-profile'
  | 'help'
  | 'conference'
  | 'auto'
  | 'integration-api'
  | 'internal-chat-page'
  | 'topbar'
  | 'supervisor-screen'
  | 'transfer-panel';

export interface CallParty {
  id: string;
  name: string;
  phone: string;
  userId?: string;
}

export interface ChatParty {
  id: string;
  type: ChatPartyType;
  name: string;
  userId?: string;
  contactId?: string;
  email?: string;
  phone?: string;
}

export type AttachedData = Record<string, string>;

/** A CRM record as the CRM describes it. */
export interface InteractionAssociatedObjectData {
  id: string;
  type: string;
  displayName: string;
  displayType: string;
  customFields: Record<string, string>;
}
/** ...and as the widget keeps it: with the integration that linked it. */
export type InteractionAssociatedObject = InteractionAssociatedObjectData & { source: string };
export interface InteractionAssociatedObjectsData {
  list: InteractionAssociatedObject[];
  /** Ids of the records the activity is saved against. */
  selected: string[];
}
export type InitialObjects = InteractionAssociatedObjectData | InteractionAssociatedObjectData[];

export interface InteractionData {
  interactionId: string;
  globalInteractionId?: string;
  state: InteractionState;
  type: InteractionType;
  callParties: CallParty[];
  callMuted: boolean;
  callRecording: boolean;
  chatParties: ChatParty[];
  attachedData: AttachedData;
  internal: boolean;
  interactionKind?: InteractionKind;
  phoneNumber?: string;
  email?: string;
  callDirection?: CallDirection;
  startTime?: number;
  endTime?: number;
  /** Seconds. */
  duration?: number;
  /** The agent's notes. */
  description?: string;
  /** The disposition's name. */
  disposition?: string;
  /** The service's name. */
  service?: string;
  playbackUrl?: string;
  recordingUrl?: string;
  DNIS?: string;
  ANI?: string;
  origination?: InteractionOrigination;
  subject: string;
  associatedObjects: InteractionAssociatedObjectsData;
}

/** What ON_SAVE_ACTIVITY_RECORD hands the CRM when an interaction is completed. */
export type InteractionActivityData = InteractionData & {
  /** The other party's display name. */
  contactName: string;
  formValues?: Record<string, string | boolean>;
};

export interface InteractionsState {
  activeInteractionId: string | null;
  interactions: InteractionData[];
}

export interface LoginData {
  username: string;
  password: string;
  tenant?: string;
}

export interface LoginStateData {
  isLoggedIn: boolean;
  agentId?: string;
  username?: string;
  sessionId?: string;
}

export interface Team {
  id: string;
  displayName: string;
  isSupervised: boolean;
  usersCount?: number;
}

export interface ServiceData {
  id: string;
  name: string;
  useDispositions: boolean;
  requireDisposition: boolean;
}

export interface DispositionTarget {
  /** A service's id or name. */
  service?: string;
  interactionId?: string;
}

export interface DispositionData {
  id: string;
  code: string;
  name: string;
  type: DispositionType;
}

/** The CRM's screen for an interaction, handed back by ON_SHOW_SCREEN. */
export type InteractionScreen = Record<string, string | number | boolean | null | undefined>;
export type CustomTransferData = Record<string, string | number | boolean | undefined | null>;

export interface RescheduleData {
  numberToDial: string;
  fromTime: string;
  untilTime: string;
  timezoneCode?: string;
}

export interface PhoneDeviceData {
  type: PhoneDevice;
  phone?: string;
}

export interface PhoneCapabilities {
  canDial: boolean;
  canAnswer: boolean;
  canHold: boolean;
  canRetrieve: boolean;
}

export interface ScreenRecordingState {
  allowed: boolean;
  active: boolean;
  muted: boolean;
}

export interface DIDNumber {
  id: string;
  number: string;
  isSMS: boolean;
  isVoice: boolean;
}

export interface InitiateResult {
  id: string | null;
  error?: string;
}

export type PhoneType = 'mobile' | 'business' | 'home' | 'fax' | 'other';
export interface PhoneData {
  number: string;
  type: PhoneType;
  displayType?: string;
}
export interface DialCandidate {
  id: string;
  displayName: string;
  phones: PhoneData[];
  associatedObjects: InteractionAssociatedObjectData[];
  email?: string;
  avatarUrl?: string;
}

// Knowledge base: the widget searches, the CRM answers.
export interface ExternalKBArticleData {
  id: string;
  title: string;
  keywords: string;
  answer: string;
  notes: string;
  language: string;
  createdByUser: string;
  lastEditedByUser: string;
  customFields: Record<string, string>;
}
export interface ExternalKBArticleItem {
  id: string;
  type: 'article';
  title: string;
  text: string;
}
export interface ExternalKBFolderItem {
  id: string;
  type: 'folder';
  title: string;
}
export type ExternalKBSearchResultData = ExternalKBArticleItem;
export type ExternalKBItemData = ExternalKBArticleItem | ExternalKBFolderItem;
export interface KBFolderOptions {
  language?: string;
  folderId?: string;
}

export interface SearchRecordsQuery {
  text: string;
  types: string[];
}
export interface OpenRecordOptions {
  inNewTab: boolean;
  source: 'user' | 'scenario';
}
export interface RecordsValidationResult {
  valid: boolean;
  message?: string;
}
export interface RecordInfoRequest {
  id: string;
  type: string;
}
export interface ActivityRecordInfo {
  id: string | null;
  caseId?: string;
  contactId?: string;
}

export interface WebScreenPop {
  action: 'OPEN_WEB_PAGE' | 'DISPLAY_TEXT';
  url: string;
  content: string;
  label: string;
  popUponAnswer: boolean;
  keepPopupOpenAfterFinish: boolean;
  popup: boolean;
  secondaryUrls?: Record<number, { label?: string; url?: string }>;
}

export interface SummaryTopic {
  name: string;
  value: string;
}
export type InteractionSummaryResult =
  | { interactionId: string; success: true; topics: SummaryTopic[] }
  | { interactionId: string; success: false; errorCode: string };
