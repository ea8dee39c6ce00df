/**
 * Every message between the timeline panel's host (extension) and its
 * webview, one union per direction (DESIGN.md §4). Both sides import this
 * file; the webview imports types only, so nothing of the host is bundled.
 *
 * - Webview → host: commands (no answer) and requests `{id, method, params}`.
 * - Host → webview: notifications, and one reply per request, `ok` or `error`.
 * - The webview starts with `ready`; the host answers with `session/state`.
 * - The host owns the data: the webview asks for windows, facets, bins and
 *   one record's detail under its current filter, never for everything.
 */
import type { AuditRecord, Outcome, ProviderId } from './core/model';
import type { FacetCounts, HistogramBins, RecordFilter, RecordRow, TimelineLayout } from './core/recordStore';
import type { ErrorExplanation } from './core/knownErrors';

export type { FacetCounts, FacetName, FacetValue, HistogramBins, RecordFilter, RecordRow, TimelineLayout } from './core/recordStore';
export type { DayGroup } from './core/dayGroups';

/** The panel's view type: the serializer and the `onWebviewPanel:` activation event use it. */
export const TIMELINE_VIEW_TYPE = 'auditLens.timeline';

/** How long the webview waits for a reply before the request fails. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The most rows one `records/window` returns. */
export const MAX_WINDOW_ROWS = 500;

export type QueryStatus = 'idle' | 'running' | 'complete' | 'incomplete' | 'cancelled';

export interface QueryProgress {
  pagesDone: number;
  pagesTotal?: number;
  records: number;
  message?: string;
  connection?: string;
}

/** Everything the header shows, and the data generation the other answers belong to. */
export interface SessionState {
  /** Changes with every new query: the webview drops its selection and cached rows. */
  queryId: number;
  /** Changes whenever records arrive: the webview asks again for what it shows. */
  generation: number;
  query?: { title: string; connections: string[]; scope?: string; range?: string };
  status: QueryStatus;
  progress?: QueryProgress;
  /** Records in the store (after dropping duplicates). */
  total: number;
  warnings: string[];
  /** Why the results are incomplete (already redacted). */
  failure?: { message: string; provider?: string; failedParts?: string[] };
  /** Set when this query runs the previous one again (Run Query Again): the webview keeps its filter and search. */
  keepView?: boolean;
  /** The shown query can run again without a question: the incomplete, cancelled and restored banners offer it. */
  canRerun?: boolean;
  /** Set when the panel came back after a restart from a saved snapshot. */
  restored?: { savedAt: string; keptRecords: number; totalRecords: number };
  /** Set by Investigate Publish Errors: the journey's publish attempts, shown above the list. */
  investigation?: PublishInvestigationView;
}

/** A record of the timeline by its key, with what a one-line summary needs. */
export interface TimelineRecordRef {
  /** The store's key; -1 when the record is not in the timeline. */
  key: number;
  time: string;
  actor?: string;
  version?: number;
}

/** One publish attempt of a journey, for the investigation panel. */
export interface PublishAttemptView {
  /** The Publish record's key (-1 when not in the timeline). */
  key: number;
  version?: number;
  publisher?: string;
  time: string;
  /** The raw publishStatus (PublishCompleted, Error, …), when sent. */
  status?: string;
  outcome: Outcome;
  /** Each ErrorCode / ErrorDetail, with a plain-language cause and next step when the code is known. */
  errors: { code?: string; message: string; explanation?: ErrorExplanation }[];
  /** "What changed before it failed": Modify rows since the last successful publish, oldest first (capped). */
  changesBefore: TimelineRecordRef[];
  /** How many Modify rows there were in all (changesBefore may hold fewer). */
  changesTotal: number;
  /** The last successful publish before this attempt. */
  lastSuccess?: TimelineRecordRef;
  /** Whether "Compare with last successful version" applies (both versions known and different). */
  canCompare: boolean;
}

/** A journey's publish history, newest attempt first. */
export interface PublishInvestigationView {
  journeyName: string;
  attempts: PublishAttemptView[];
  /** The attempt to show first (the latest failure, or the one the user asked about). */
  focus?: number;
  /** Versions the history walk skipped because they no longer exist. */
  skippedVersions: number[];
}

/** One record in full, for the detail pane. */
export interface RecordDetailView {
  key: number;
  record: AuditRecord;
  /** The next older record of the same target, for "Compare with previous". */
  previousKey?: number;
  /** Per error, a plain-language cause and next step when the code is known. */
  explanations: (ErrorExplanation | null)[];
}

/** Requests by method: what the webview sends and what comes back. */
export interface RequestMap {
  /** Rows [start, start+count) of the records matching the filter, newest first. */
  'records/window': { params: { filter: RecordFilter; start: number; count: number }; result: { generation: number; rows: RecordRow[] } };
  /** Match count and day groups (in the viewer's zone) under the filter. */
  'records/layout': { params: { filter: RecordFilter; timeZone: string }; result: TimelineLayout & { generation: number } };
  /** Facet counts under the filter; each facet ignores its own selection. */
  'records/facets': { params: { filter: RecordFilter; limit?: number }; result: { generation: number; facets: FacetCounts[] } };
  /** Histogram bins by outcome over the filter's time range (or all time). */
  'records/bins': { params: { filter: RecordFilter; maxBins: number }; result: { generation: number; bins: HistogramBins } };
  /** One record's full detail. */
  'records/detail': { params: { key: number }; result: RecordDetailView };
  /** Where a record sits among the matching rows (-1 when filtered out), to keep the selection across filters. */
  'records/locate': { params: { filter: RecordFilter; key: number }; result: { index: number } };
  /** Opens the record in a read-only JSON editor: normalized, or the provider's raw item. */
  'record/openJson': { params: { key: number; normalized: boolean }; result: Record<string, never> };
  /** Opens a diff of two records (older first). */
  'record/compare': { params: { key: number; otherKey: number }; result: Record<string, never> };
  /** Copies the normalized record as JSON to the clipboard. */
  'record/copy': { params: { key: number }; result: Record<string, never> };
  /** Opens an https link outside VS Code; anything else is refused. */
  'link/open': { params: { url: string }; result: Record<string, never> };
  /** Opens the diff of a publish attempt's journey definition against the last successfully published version. */
  'publish/compareDefinitions': { params: { attempt: number }; result: Record<string, never> };
}
export type RequestMethod = keyof RequestMap;
export type RequestParams<M extends RequestMethod> = RequestMap[M]['params'];
export type RequestResult<M extends RequestMethod> = RequestMap[M]['result'];

export type WebviewRequest = {
  [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestParams<M> };
}[RequestMethod];

export type WebviewCommand =
  /** The webview loaded and listens: the host sends `session/state`. */
  | { kind: 'command'; type: 'ready' }
  /** The user pressed Cancel: stop the running query. */
  | { kind: 'command'; type: 'query/cancel' }
  /** The user pressed Run again (shown when `canRerun`): run the shown query again. */
  | { kind: 'command'; type: 'query/rerun' }
  /** The user changed the filter (Export Results uses the latest one). */
  | { kind: 'command'; type: 'filter/changed'; filter: RecordFilter };

/** Everything the webview posts. */
export type WebviewToHost = WebviewRequest | WebviewCommand;

export type HostNotification =
  /** The session changed: query, status, progress, record count, warnings, failure. */
  { kind: 'notification'; type: 'session/state'; state: SessionState };

export interface ReplyError {
  message: string;
  /** `timeout`, `not-found`, `bad-request`, `refused`, `failed` (an action ran and did not succeed: it told the user why) or `internal`. */
  code: string;
}

export type HostReply =
  /** A request's answer. */
  | { [M in RequestMethod]: { kind: 'reply'; id: number; method: M; ok: true; result: RequestResult<M> } }[RequestMethod]
  /** A request that failed: the webview shows it, never waits in silence. */
  | { kind: 'reply'; id: number; method: RequestMethod; ok: false; error: ReplyError };

/** Everything the host posts. */
export type HostToWebview = HostNotification | HostReply;

const REQUEST_METHODS: ReadonlySet<string> = new Set<RequestMethod>([
  'records/window',
  'records/layout',
  'records/facets',
  'records/bins',
  'records/detail',
  'records/locate',
  'record/openJson',
  'record/compare',
  'record/copy',
  'link/open',
  'publish/compareDefinitions',
]);
const COMMAND_TYPES: ReadonlySet<string> = new Set(['ready', 'query/cancel', 'query/rerun', 'filter/changed']);

export function isRequestMethod(method: unknown): method is RequestMethod {
  return typeof method === 'string' && REQUEST_METHODS.has(method);
}

/**
 * The message's envelope when it is one the host understands. The webview
 * renders untrusted record text, so the host checks what it receives rather
 * than trusting the type; parameters are checked by each handler.
 */
export function parseWebviewMessage(data: unknown): WebviewToHost | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.kind === 'request') {
    if (!Number.isSafeInteger(m.id) || !isRequestMethod(m.method) || typeof m.params !== 'object' || m.params === null) return undefined;
    return m as unknown as WebviewRequest;
  }
  if (m.kind === 'command' && typeof m.type === 'string' && COMMAND_TYPES.has(m.type)) return m as unknown as WebviewCommand;
  return undefined;
}

/** Provider labels and codicons, shared so the header, rows and detail agree. */
export const PROVIDER_LABELS: Record<ProviderId, string> = {
  sfmc: 'Salesforce Marketing Cloud',
  liveperson: 'LivePerson',
  uniphore: 'Uniphore',
  floqast: 'FloQast',
};
