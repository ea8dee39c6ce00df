/**
 * A TimelineController that keeps the streamed records without showing a
 * panel. It stands in where no webview panel can be hosted, and keeps the
 * commands' contract (Export, Compare) identical either way.
 */
import type { AuditRecord } from '../core/model';
import { sortAndDedupe } from '../core/order';
import type { TimelineController, TimelineFailure, TimelineQueryInfo, TimelineSession } from './timeline/types';

export interface RecordedSession {
  info: TimelineQueryInfo;
  state: 'running' | 'complete' | 'failed' | 'cancelled';
  failure?: TimelineFailure;
  warnings: string[];
}

export class RecordsOnlyTimeline implements TimelineController {
  private records = new Map<string, AuditRecord>();
  private current: AbortController | undefined;
  last: RecordedSession | undefined;

  startQuery(info: TimelineQueryInfo): TimelineSession {
    this.current?.abort();
    const abort = new AbortController();
    this.current = abort;
    this.records = new Map();
    const session: RecordedSession = { info, state: 'running', warnings: [] };
    this.last = session;
    const records = this.records;
    return {
      signal: abort.signal,
      addRecords: (batch) => {
        for (const r of batch) records.set(`${r.connection}\u0000${r.id}`, r);
      },
      progress: () => {},
      complete: (warnings) => {
        session.state = 'complete';
        session.warnings = warnings ?? [];
      },
      fail: (failure, cancelled) => {
        session.state = cancelled ? 'cancelled' : 'failed';
        session.failure = failure;
      },
    };
  }

  currentRecords(): AuditRecord[] {
    return sortAndDedupe(this.records.values());
  }

  get hasResults(): boolean {
    return this.records.size > 0;
  }
}
