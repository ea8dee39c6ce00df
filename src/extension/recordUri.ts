/**
 * The `audit-lens:` URIs of read-only record documents. A URI names the
 * record (provider, connection, id) and the view (normalized or raw), so it is
 * stable: opening the same record twice reuses its tab. The last path segment
 * is the tab title, built from provider, action and time.
 */
import type { AuditRecord, ProviderId } from '../core/model';

export const RECORD_SCHEME = 'audit-lens';
export type RecordView = 'normalized' | 'raw';

const SHORT_NAME: Record<ProviderId, string> = { sfmc: 'SFMC', liveperson: 'LivePerson', uniphore: 'Uniphore', floqast: 'FloQast' };

export interface RecordRef {
  provider: ProviderId;
  connection: string;
  id: string;
  view: RecordView;
}

/** "SFMC Publish 2024-10-28 08.04.22Z" (path- and title-safe). */
export function recordTitle(record: Pick<AuditRecord, 'provider' | 'action' | 'time'>, view: RecordView): string {
  const time = record.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:/g, '.');
  const action = record.action.replace(/[\\/?#%:*"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'record';
  return `${SHORT_NAME[record.provider]} ${action} ${time}${view === 'raw' ? ' (raw)' : ''}`;
}

/**
 * The URI's path: /provider/connection/id/title.json. Connection and id are
 * percent-encoded (an id may hold a slash); the title is left readable, since
 * the tab shows it as it is, and recordTitle keeps it free of / ? # %.
 */
export function recordPath(record: Pick<AuditRecord, 'provider' | 'connection' | 'id' | 'action' | 'time'>, view: RecordView): string {
  return `/${[record.provider, encodeURIComponent(record.connection), encodeURIComponent(record.id), `${recordTitle(record, view)}.json`].join('/')}`;
}

export function recordQuery(view: RecordView): string {
  return `view=${view}`;
}

export function parseRecordPath(path: string, query: string): RecordRef | undefined {
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length < 3) return undefined;
  const [provider, connection, id] = parts as [string, string, string];
  if (!(provider in SHORT_NAME)) return undefined;
  const view: RecordView = /(^|&)view=raw(&|$)/.test(query) ? 'raw' : 'normalized';
  return { provider: provider as ProviderId, connection, id, view };
}

/** The document's text: pretty JSON with a trailing newline. */
export function recordJson(record: AuditRecord, view: RecordView): string {
  return JSON.stringify(view === 'raw' ? record.raw : record, null, 2) + '\n';
}
