/**
 * What the CLI prints on stdout: records (and scopes) as JSON Lines, one JSON
 * array, or a table. Output is built completely before the first byte is
 * written, so a failure can never leave a partial result on stdout.
 */
import type { AuditRecord, Scope } from '../core/model';
import type { OutputFormat } from './args';
import { renderTable, type Column } from './table';

/** The scope line of the CLI contract: `{provider, type, id, name, parent?}`, nothing more. */
export interface ScopeLine {
  provider: Scope['provider'];
  type: Scope['type'];
  id: string;
  name: string;
  parent?: string;
}

export function toScopeLine(scope: Scope): ScopeLine {
  const line: ScopeLine = { provider: scope.provider, type: scope.type, id: scope.id, name: scope.name };
  if (scope.parent !== undefined) line.parent = scope.parent;
  return line;
}

function actorText(r: AuditRecord): string {
  return r.actor.name ?? r.actor.email ?? r.actor.id ?? '';
}

function targetText(r: AuditRecord): string {
  const t = r.target;
  const what = t.name ?? t.id ?? t.type ?? '';
  return t.version !== undefined ? `${what} v${t.version}` : what;
}

const RECORD_COLUMNS: readonly Column<AuditRecord>[] = [
  { header: 'time', cell: (r) => r.time },
  { header: 'provider', cell: (r) => r.provider },
  { header: 'action', cell: (r) => r.action, maxWidth: 40 },
  { header: 'outcome', cell: (r) => r.outcome },
  { header: 'actor', cell: actorText, maxWidth: 32 },
  { header: 'target', cell: targetText, maxWidth: 48 },
];

const SCOPE_COLUMNS: readonly Column<ScopeLine>[] = [
  { header: 'type', cell: (s) => s.type },
  { header: 'id', cell: (s) => s.id, maxWidth: 48 },
  { header: 'name', cell: (s) => s.name, maxWidth: 60 },
  { header: 'parent', cell: (s) => s.parent ?? '', maxWidth: 48 },
];

/** Output chunks (each ends with a newline), kept small so that a million records never build one giant string. */
export function formatRecords(records: readonly AuditRecord[], format: OutputFormat): string[] {
  switch (format) {
    case 'jsonl':
      return jsonLines(records);
    case 'json':
      return jsonArray(records);
    case 'table':
      if (records.length === 0) return ['No records.\n'];
      return chunkLines(renderTable(records, RECORD_COLUMNS));
  }
}

/** One record (`get`): a line of JSON, an indented object, or a one-row table. */
export function formatRecord(record: AuditRecord, format: OutputFormat): string[] {
  if (format === 'json') return [`${JSON.stringify(record, null, 2)}\n`];
  return formatRecords([record], format);
}

export function formatScopes(scopes: readonly ScopeLine[], format: OutputFormat): string[] {
  switch (format) {
    case 'jsonl':
      return jsonLines(scopes);
    case 'json':
      return jsonArray(scopes);
    case 'table':
      if (scopes.length === 0) return ['No scopes.\n'];
      return chunkLines(renderTable(scopes, SCOPE_COLUMNS));
  }
}

const LINES_PER_CHUNK = 1000;

function chunkLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) out.push(`${lines.slice(i, i + LINES_PER_CHUNK).join('\n')}\n`);
  return out;
}

function jsonLines(items: readonly unknown[]): string[] {
  return chunkLines(items.map((item) => JSON.stringify(item)));
}

function jsonArray(items: readonly unknown[]): string[] {
  if (items.length === 0) return ['[]\n'];
  // One element per line: valid JSON that stays diffable and greppable.
  const lines = items.map((item, i) => `  ${JSON.stringify(item)}${i < items.length - 1 ? ',' : ''}`);
  return chunkLines(['[', ...lines, ']']);
}
