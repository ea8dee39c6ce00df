/** What the commands share, handed to each through its constructor. */
import type * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import type { ConnectionStore } from './connectionStore';
import type { DemoService } from './demo';
import type { AuditLog } from './log';
import type { Prompter } from './prompts';
import type { RecentQueries } from './recentQueries';
import type { RecentStore } from './recentStore';
import type { RecordRegistry } from './recordDocuments';
import type { SessionPool } from './sessionPool';
import type { ConnectionsTree } from './tree/connectionsTree';
import type { RecordReader, TimelineController, TimelineRecords } from './timeline/types';

const NO_RECORDS: RecordReader = { size: 0, first: () => [], chunks: () => [], find: () => undefined };

/**
 * The last query's records, for Export and Compare when no timeline panel
 * shows them: read from the timeline session they streamed into, the one
 * copy the extension keeps.
 */
export class QueryResults {
  source: TimelineRecords | undefined;
  title = '';

  get count(): number {
    return this.source?.size ?? 0;
  }

  /** The last query's records, newest first, read a few at a time. */
  reader(): RecordReader {
    return this.source ?? NO_RECORDS;
  }
}

export interface Services {
  context: vscode.ExtensionContext;
  store: ConnectionStore;
  sessions: SessionPool;
  tree: ConnectionsTree;
  prompter: Prompter;
  log: AuditLog;
  redactor: Redactor;
  records: RecordRegistry;
  recent: RecentStore;
  /** The last queries run, for Run a Recent Query…. */
  recentQueries: RecentQueries;
  timeline: TimelineController;
  demo: DemoService;
  results: QueryResults;
  /** Updates the context keys that drive menus and palette visibility. */
  updateContextKeys(): void;
}
