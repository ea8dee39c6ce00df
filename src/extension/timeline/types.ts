/**
 * The contract between the commands that fetch records and the timeline
 * panel that shows them. Commands start a query session and stream records
 * into it; the panel owns the RecordStore and everything the webview sees.
 */
import type { AuditRecord } from '../../core/model';
import type { FetchProgress } from '../../core/provider';
import type { RawItems } from '../../core/rawPage';
import type { HostToWebview, PublishInvestigationView, SessionState } from '../../protocol';
import type { InvestigationRestart } from './investigationSnapshot';
import type { RerunSpec } from './rerunSpec';

export interface TimelineQueryInfo {
  /** Shown as the panel's title and header, e.g. "SFMC · Welcome Journey · last 7 days". */
  title: string;
  /** Connection labels that take part. */
  connections: string[];
  scope?: string;
  range?: string;
  /** How to run it again (kept by the host and its snapshot, never sent to the webview). */
  rerun?: RerunSpec;
  /** This runs the shown query again: the filter and search stay as the user left them. */
  keepView?: boolean;
}

export interface TimelineFailure {
  /** Already redacted; names the provider and the cause. */
  message: string;
  provider?: string;
  /** Human descriptions of the pages or connections that failed, e.g. "LivePerson page at offset 1500". */
  failedParts?: string[];
}

/**
 * The records a query session brought into the timeline, read where they are
 * kept: the timeline's store is the extension's one copy of a query's records.
 * Empty once a newer query (or a restored panel) replaced them.
 */
export interface TimelineRecords extends RecordReader {
  /** Every record, newest first, rebuilt from the store: for a small result (the publish investigation), not per row. */
  all(): AuditRecord[];
}

/**
 * Records read where the timeline keeps them, newest first, rebuilt only as
 * they are asked for: a result can hold a million records, and commands
 * that read them (Export, the record pickers) must not build them all.
 */
export interface RecordReader {
  readonly size: number;
  /** The newest `limit` records. */
  first(limit: number): AuditRecord[];
  /** Every record, `size` at a time, as they are when the first chunk is read. */
  chunks(size: number): Iterable<AuditRecord[]>;
  /** One record by its connection and id; the first lookup indexes the store, later ones only what was added since. */
  find(connection: string, id: string): AuditRecord | undefined;
}

export interface TimelineSession {
  /** Aborted when the user presses Cancel in the panel, or when a newer query replaces this one. */
  readonly signal: AbortSignal;
  /** `raw`: the page the records were read from (FetchOptions.onRecords), so that the store keeps its body rather than every parsed item. */
  addRecords(records: AuditRecord[], raw?: RawItems): void;
  /** What this session brought in, for as long as the timeline holds it. */
  readonly records: TimelineRecords;
  progress(progress: FetchProgress & { connection?: string }): void;
  /** Everything arrived. */
  complete(warnings?: string[]): void;
  /** Marks the timeline "incomplete" (records already shown stay, clearly labelled), or "cancelled". */
  fail(failure: TimelineFailure, cancelled?: boolean): void;
  /** Shows a journey's publish attempts above the list, their rows highlighted (Investigate Publish Errors). */
  showInvestigation(investigation: TimelineInvestigation): void;
}

/** A publish investigation handed to the timeline once its records are in. */
export interface TimelineInvestigation {
  /** Builds what the webview shows, given the timeline's key of a record (-1 when absent). */
  view(keyOf: (record: AuditRecord) => number): PublishInvestigationView;
  /** Opens the definition diff of attempt `index` against its last successful version. */
  compareDefinitions(index: number): PromiseLike<unknown> | void;
  /** What brings the investigation back after a restart, with the timeline's snapshot. */
  restart?: InvestigationRestart;
}

export interface TimelineController {
  /** Opens (or reveals) the panel and starts a new query, cancelling the one running. */
  startQuery(info: TimelineQueryInfo): TimelineSession;
  /** The records that match the panel's current filter, newest first (Export Results, the record pickers). */
  currentReader(): RecordReader;
  /** All of currentReader()'s records at once: for tests and small results. */
  currentRecords(): AuditRecord[];
  /** Whether a panel with records is open. */
  readonly hasResults: boolean;
  /** Opens the panel again on the records it showed (after it was closed); false when it has none to show. */
  reveal(): boolean;
  /** What "Run Query Again" runs: the query the panel shows, also after a restart. */
  readonly rerun: RerunSpec | undefined;
  /** The publish investigation the timeline shows, if any (what its panel renders). */
  readonly investigation: PublishInvestigationView | undefined;
  /** What the header shows: status, failure, progress (the integration tests read it). */
  readonly sessionState: SessionState;
  /** Sees every message the host posts to the webview (the secret-leak tests scan them). */
  onDidPostMessage(listener: (message: HostToWebview) => void): { dispose(): void };
}
