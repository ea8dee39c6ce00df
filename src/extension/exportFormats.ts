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

/** The whole export as one text: for small sets (tests, a handful of records). */
export function formatRecords(records: readonly AuditRecord[], format: ExportFormat): string {
  return [...encodeRecords([records], format)].join('');
}

/**
 * The export as text chunks, one per chunk of records (plus the format's opening and closing
 * text), so that a million records are written a chunk at a time and never build one string,
 * which would pass V8's limit on string length. The chunks join to exactly what one call over
 * every record would print: JSON.stringify(records, null, 2) for JSON.
 */
export function* encodeRecords(chunks: Iterable<readonly AuditRecord[]>, format: ExportFormat): Generator<string, void, undefined> {
  let count = 0;
  switch (format) {
    case 'jsonl':
      for (const chunk of chunks) if (chunk.length) yield chunk.map((r) => `${JSON.stringify(r)}\n`).join('');
      return;
    case 'json':
      for (const chunk of chunks) {
        if (!chunk.length) continue;
        // Each element indented one level deeper, as JSON.stringify indents an array's elements; strings hold no raw newline.
        const parts = chunk.map((r) => `\n  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}`);
        yield `${count === 0 ? '[' : ','}${parts.join(',')}`;
        count += chunk.length;
      }
      yield count === 0 ? '[]\n' : '\n]\n';
      return;
    case 'csv':
      yield `${CSV_COLUMNS.join(',')}\r\n`;
      for (const chunk of chunks) if (chunk.length) yield chunk.map((r) => `${csvRow(r)}\r\n`).join('');
      return;
  }
}

function csvCell(value: string): string {
  // Quote when needed; a leading = + - @ is prefixed so spreadsheets don't run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(r: AuditRecord): string {
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
  return row.map(csvCell).join(',');
}

export function toCsv(records: readonly AuditRecord[]): string {
  return formatRecords(records, 'csv');
}
