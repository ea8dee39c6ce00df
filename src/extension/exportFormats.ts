/**
 * Export Results: the records in JSON Lines, JSON or CSV. JSONL and JSON carry
 * the neutral record exactly as the CLI prints it; CSV flattens it to one row
 * a record for spreadsheets, with RFC 4180 quoting.
 */
import type { AuditRecord } from '../core/model';

export const EXPORT_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(v: unknown): v is ExportFormat {
  return typeof v === 'string' && (EXPORT_FORMATS as readonly string[]).includes(v);
}

export const CSV_COLUMNS = [
  'time',
  'provider',
  'connection',
  'id',
  'action',
  'outcome',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'target_version',
  'errors',
  'changes',
] as const;

export function formatRecords(records: readonly AuditRecord[], format: ExportFormat): string {
  switch (format) {
    case 'jsonl':
      return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
    case 'json':
      return JSON.stringify(records, null, 2) + '\n';
    case 'csv':
      return toCsv(records);
  }
}

function csvCell(value: string): string {
  // Quote when needed; a leading = + - @ is prefixed so spreadsheets don't run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(records: readonly AuditRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    const row = [
      r.time,
      r.provider,
      r.connection,
      r.id,
      r.action,
      r.outcome,
      r.actor.id ?? '',
      r.actor.name ?? '',
      r.actor.email ?? '',
      r.target.type ?? '',
      r.target.id ?? '',
      r.target.name ?? '',
      r.target.version === undefined ? '' : String(r.target.version),
      r.errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join(' | '),
      r.changes.map((c) => `${c.field}: ${c.old ?? ''} → ${c.new ?? ''}`).join(' | '),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
