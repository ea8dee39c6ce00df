/**
 * What the CLI prints on stdout: records (and scopes) as JSON Lines, one JSON
 * array, or a table. Everything is fetched before the first byte is written,
 * so a failure can never leave a partial result on stdout.
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

/**
 * Output chunks (each ends with a newline), kept small so that a million records never build one giant string.
 * Tables are sized to every row, so they take the records themselves; JSON is built from each record's line.
 */
export function formatRecords(records: readonly AuditRecord[], format: OutputFormat): string[] {
  if (format === 'table') return records.length === 0 ? ['No records.\n'] : chunkLines(renderTable(records, RECORD_COLUMNS));
  return [...formatJsonLines(records.map((r) => JSON.stringify(r)), format)];
}

/** JSON output from JSON texts (one per item, in order), made a chunk at a time as it is written. */
export function* formatJsonLines(texts: Iterable<string>, format: 'jsonl' | 'json'): Generator<string, void, undefined> {
  if (format === 'jsonl') {
    yield* chunked(texts);
    return;
  }
  // One element per line: valid JSON that stays diffable and greppable.
  let any = false;
  yield* chunked(
    (function* () {
      let previous: string | undefined;
      for (const text of texts) {
        if (previous === undefined) yield '[';
        else yield `  ${previous},`;
        previous = text;
      }
      if (previous !== undefined) {
        any = true;
        yield `  ${previous}`;
        yield ']';
      }
    })(),
  );
  if (!any) yield '[]\n';
}

/** One record (`get`): a line of JSON, an indented object, or a one-row table. */
export function formatRecord(record: AuditRecord, format: OutputFormat): string[] {
  if (format === 'json') return [`${JSON.stringify(record, null, 2)}\n`];
  return formatRecords([record], format);
}

export function formatScopes(scopes: readonly ScopeLine[], format: OutputFormat): string[] {
  switch (format) {
    case 'jsonl':
    case 'json':
      return [...formatJsonLines(scopes.map((s) => JSON.stringify(s)), format)];
    case 'table':
      if (scopes.length === 0) return ['No scopes.\n'];
      return chunkLines(renderTable(scopes, SCOPE_COLUMNS));
  }
}

const LINES_PER_CHUNK = 1000;

function chunkLines(lines: readonly string[]): string[] {
  return [...chunked(lines)];
}

function* chunked(lines: Iterable<string>): Generator<string, void, undefined> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === LINES_PER_CHUNK) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length) yield `${batch.join('\n')}\n`;
}
