/** The raw SFMC shapes the sandbox serves (and its ground truth returns). */

export type SfmcAction = 'Create' | 'Modify' | 'Publish' | 'Unpublish' | 'Stop' | 'Delete';

/** The `{action}` path segment of the audit endpoint. */
export type SfmcAuditPathAction = 'all' | 'create' | 'modify' | 'publish' | 'unpublish' | 'delete';

/** SFMC sends both casings of the user id, as the seed shows. */
export interface SfmcAuditUser {
  name: string;
  UserId?: number;
  userId?: number;
}

export interface SfmcPublishError {
  ErrorDetail: string;
  ErrorCode: string;
}

/** One audit item, keys in the order SFMC sends them. */
export interface SfmcAuditItem {
  action: SfmcAction;
  key: string;
  versionNumber: number;
  id: string;
  originalDefinitionId: string;
  name: string;
  description: string;
  /** UTC−06:00 wall time with 1 to 7 fraction digits and no offset: `2015-10-30T11:49:55.99`. */
  timeStamp: string;
  user: SfmcAuditUser;
  /** Absent on Stop items, as in the seed. */
  executionMode?: string;
  /** Create of a journey copied from another. */
  sourceInteraction?: { id: string; version: number; key: string };
  /** Publish: `PublishCompleted` or `Error`. */
  publishStatus?: string;
  /** Publish: one casing or the other. */
  publishRequestId?: string;
  PublishRequestId?: string;
  /** Publish with status Error. */
  errors?: SfmcPublishError[];
  /** Stop. */
  ContactsEjected?: number;
}

export type SfmcJourneyStatus = 'Draft' | 'Published' | 'ScheduledToPublish' | 'Stopped' | 'Unpublished' | 'Deleted';

/** Ground truth about one journey. */
export interface SfmcJourneyTruth {
  /** Shared by every version (the path's `{id}`). */
  id: string;
  key: string;
  name: string;
  description: string;
  originalDefinitionId: string;
  /** Status of the latest existing version. */
  status: SfmcJourneyStatus;
  /** Versions that exist, ascending. */
  versions: number[];
  /** Version numbers below the latest that do not exist (definition and audit answer 404). */
  missingVersions: number[];
  latestVersion: number;
  /** Status of each existing version. */
  versionStatus: Record<number, SfmcJourneyStatus>;
  /** Audit items over every version (what `/audit/all` with no version returns). */
  auditCount: number;
  /** `pascal`: `{Page, PageSize, Count, Items}` as in the seed; `lower`: `{count, page, pageSize, links, items}`. */
  envelope: 'pascal' | 'lower';
  /** How much `Count` overstates the items delivered (a hint, as the live API's recordings show). */
  countExcess: number;
  /** True when the latest version's latest publish attempt failed. */
  latestPublishFailed: boolean;
  /** Its entry event is a Salesforce data event (these fail with DUPLICATE_VALUE when published in parallel). */
  salesforceTriggered: boolean;
  /** `seed` (seed 000's journey), `demo` (hand-written stories) or `generated`. */
  origin: 'seed' | 'demo' | 'generated';
}

/** A journey as `GET /interaction/v1/interactions` lists it. */
export interface SfmcJourneySummary {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  workflowApiVersion: number;
  createdDate: string;
  modifiedDate: string;
  lastPublishedDate?: string;
  status: SfmcJourneyStatus;
  definitionType: string;
  channel: string;
  entryMode: string;
  executionMode: string;
  categoryId: number;
  definitionId: string;
  stats: {
    currentPopulation: number;
    cumulativePopulation: number;
    metGoal: number;
    metExitCriteria: number;
    goalPerformance: number;
  };
}

export interface SfmcActivity {
  id: string;
  key: string;
  name: string;
  type: string;
  outcomes: { key: string; next?: string; arguments: Record<string, unknown>; metaData: Record<string, unknown> }[];
  arguments: Record<string, unknown>;
  configurationArguments: Record<string, unknown>;
  metaData: Record<string, unknown>;
}

export interface SfmcTrigger {
  id: string;
  key: string;
  name: string;
  description: string;
  type: string;
  outcomes: unknown[];
  arguments: Record<string, unknown>;
  configurationArguments: Record<string, unknown>;
  metaData: Record<string, unknown>;
}

/** `GET /interaction/v1/interactions/{id}?versionNumber=N`. */
export interface SfmcDefinition extends SfmcJourneySummary {
  defaults: { email: string[]; properties: Record<string, unknown> };
  metaData: Record<string, unknown>;
  triggers: SfmcTrigger[];
  goals: unknown[];
  exits: unknown[];
  notifiers: unknown[];
  activities: SfmcActivity[];
}
