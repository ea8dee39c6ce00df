/** The raw LivePerson shapes the sandbox serves (and its ground truth returns). */
import { AUDIT_FIELDS } from '../../providers/liveperson/query';

/** Every field `auditData` can select. A response holds only the fields the query selected. */
export interface LivePersonAuditItem {
  accountId: string;
  objectType: string;
  objectName: string;
  element: string;
  oldValue: string;
  newValue: string;
  /** Display name. */
  originator: string;
  originatorLoginName: string;
  /** A numeric string. */
  originatorUserId: string;
  originatorUserAgent: string;
  originatorAuthType: string;
  originatorIsLpa: boolean;
  /** `yyyy-MM-dd HH:mm:ss.0` in the request's `timezone` (default US/Eastern). */
  changeDate: string;
  /** Older documents list it: Add, Update or Delete. Only sent when selected. */
  actionType?: string;
}

export type LivePersonField = keyof LivePersonAuditItem;

/** The 13 fields the Audit Trail API documents (every field but `actionType`): one list, shared with the client. */
export const LIVEPERSON_FIELDS: readonly LivePersonField[] = AUDIT_FIELDS;

export const LIVEPERSON_SELECTABLE_FIELDS: readonly LivePersonField[] = [...LIVEPERSON_FIELDS, 'actionType'];

/**
 * The `auditData` arguments, as the sandbox reads them. Paging (`first`,
 * `offset`) aside, the ground truth's `query()` takes the same object.
 */
export interface LivePersonAuditArgs {
  /** yyyy-MM-dd, a calendar day in `timezone`, inclusive. */
  fromDate?: string;
  /** yyyy-MM-dd, a calendar day in `timezone`, inclusive. */
  toDate?: string;
  /** Default 50; the server caps it (500 unless configured). */
  first?: number;
  offset?: number;
  /** Only `changeTimestamp` (alias `changeDate`) is supported. */
  orderBy?: string[];
  /** Default DESC. */
  orderDirection?: ('ASC' | 'DESC')[];
  /** Matches originatorLoginName, originator or originatorUserId. */
  users?: string[];
  /** Matches objectType (case-insensitive). */
  componentTypes?: string[];
  language?: string;
  /** IANA zone or UTC; default US/Eastern. Also the zone of fromDate/toDate. */
  timezone?: string;
  /** Default false: changes made by LivePerson administrators (LPAs) are left out. */
  lpa?: boolean;
  /** Default false: automatic updates are left out. */
  automaticUpdates?: boolean;
}

/** `GET /api/account/{acct}/configuration/le-users/users?v=6.0`. */
export interface LivePersonUser {
  id: number;
  deleted: boolean;
  loginName: string;
  fullName: string;
  nickname: string;
  email: string;
  isEnabled: boolean;
  maxChats: number;
  skillIds: number[];
  profileIds: number[];
  userTypeId: number;
  isApiUser: boolean;
}
