import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJsonLines, formatRecord, formatRecords, formatScopes, toScopeLine } from '../../../src/cli/output';
import { RecordLines } from '../../../src/cli/recordLines';
import { cleanCell, renderTable } from '../../../src/cli/table';
import type { AuditRecord } from '../../../src/core/model';

function record(id: string, time: string, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    provider: 'sfmc',
    connection: 'sfmc',
    id,
    time,
    action: 'Publish',
    outcome: 'failure',
    actor: { id: '7', name: 'Ada Lovelace' },
    target: { type: 'journey', id: 'j-1', name: 'Welcome', version: 3 },
    errors: [{ code: 'E1', message: 'broken' }],
    changes: [],
    raw: { id },
    ...extra,
  };
}

const A = record('a', '2024-01-02T00:00:00.000Z');
const B = record('b', '2024-01-01T00:00:00.000Z', { actor: { email: 'x@example.com' }, target: { type: 'Users' } });

test('jsonl: one AuditRecord per line, exactly as given', () => {
  const text = formatRecords([A, B], 'jsonl').join('');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines.map((l) => JSON.parse(l)), [A, B]);
});

test('json: one array; empty results are [] and "No records."', () => {
  assert.deepEqual(JSON.parse(formatRecords([A, B], 'json').join('')), [A, B]);
  assert.deepEqual(JSON.parse(formatRecords([], 'json').join('')), []);
  assert.equal(formatRecords([], 'jsonl').join(''), '');
  assert.equal(formatRecords([], 'table').join(''), 'No records.\n');
});

test('large outputs come in bounded chunks that join to valid JSON', () => {
  const many = Array.from({ length: 2500 }, (_, i) => record(`id${i}`, '2024-01-01T00:00:00.000Z'));
  const chunks = formatRecords(many, 'json');
  assert.ok(chunks.length >= 3);
  assert.equal((JSON.parse(chunks.join('')) as unknown[]).length, 2500);
  assert.equal(formatRecords(many, 'jsonl').join('').split('\n').length, 2501);
});

test('table: aligned columns time/provider/action/outcome/actor/target', () => {
  const lines = formatRecords([A, B], 'table').join('').trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0] ?? '', /^TIME\s+PROVIDER\s+ACTION\s+OUTCOME\s+ACTOR\s+TARGET$/);
  assert.match(lines[1] ?? '', /^2024-01-02T00:00:00.000Z  sfmc\s+Publish\s+failure\s+Ada Lovelace\s+Welcome v3$/);
  assert.match(lines[2] ?? '', /x@example\.com\s+Users$/);
  // Every column starts at the same offset on every line.
  const starts = (line: string) => ['PROVIDER', 'ACTION', 'OUTCOME', 'ACTOR', 'TARGET'].map((h) => (lines[0] ?? '').indexOf(h)).map((i) => line.slice(i, i + 1));
  for (const l of lines.slice(1)) assert.ok(starts(l).every((c) => c !== ' ' && c !== ''), `misaligned: ${l}`);
});

test('table cells cannot carry control characters, and long cells are cut', () => {
  assert.equal(cleanCell('a\nb\tc\u001b[31mred\u0007'), 'a b c[31mred');
  assert.equal(cleanCell('\u202eevil'), 'evil');
  assert.equal(cleanCell('abcdefghij', 5), 'abcd…');
  const lines = renderTable([{ v: 'x'.repeat(100) }], [{ header: 'v', cell: (r: { v: string }) => r.v, maxWidth: 10 }]);
  assert.deepEqual(lines, ['V', `${'x'.repeat(9)}…`]);
});

test('get prints one record: a line, an indented object, or a one-row table', () => {
  assert.deepEqual(JSON.parse(formatRecord(A, 'jsonl').join('')), A);
  assert.equal(formatRecord(A, 'jsonl').join('').split('\n').length, 2);
  const json = formatRecord(A, 'json').join('');
  assert.deepEqual(JSON.parse(json), A);
  assert.match(json, /^\{\n {2}"provider"/);
  assert.equal(formatRecord(A, 'table').join('').trimEnd().split('\n').length, 2);
});

test('scopes print {provider, type, id, name, parent?} only', () => {
  const line = toScopeLine({ provider: 'sfmc', type: 'version', id: 'j-1:3', name: 'Welcome v3', parent: 'j-1', detail: { status: 'Published' } });
  assert.deepEqual(line, { provider: 'sfmc', type: 'version', id: 'j-1:3', name: 'Welcome v3', parent: 'j-1' });
  const top = toScopeLine({ provider: 'floqast', type: 'apiKey', id: 'k', name: 'Key' });
  assert.deepEqual(Object.keys(top), ['provider', 'type', 'id', 'name']);
  assert.equal(formatScopes([line, top], 'jsonl').join(''), `${JSON.stringify(line)}\n${JSON.stringify(top)}\n`);
  assert.deepEqual(JSON.parse(formatScopes([line, top], 'json').join('')), [line, top]);
  assert.match(formatScopes([line], 'table').join(''), /^TYPE\s+ID\s+NAME\s+PARENT\nversion\s+j-1:3\s+Welcome v3\s+j-1\n$/);
});

test('records are put in contract order whatever the provider returned: newest first, ties by id, each id once', () => {
  const t1 = '2024-01-01T00:00:00.000Z';
  const t2 = '2024-01-02T00:00:00.000Z';
  const order = (...batches: AuditRecord[][]) => {
    const lines = new RecordLines();
    for (const b of batches) lines.add(b);
    return [...lines.sorted()].map((l) => (JSON.parse(l) as AuditRecord).id);
  };
  assert.deepEqual(order([record('b', t2), record('a', t1), record('c', t1)]), ['b', 'a', 'c']);
  assert.deepEqual(order([record('c', t1), record('a', t1)], [record('b', t2), record('a', t1)]), ['b', 'a', 'c']);
  // The first of two records with one id stays, wherever the second one sorts.
  assert.deepEqual(order([record('b', t2), record('a', t1)], [record('b', t1)]), ['b', 'a']);
});

test('the lines are the records exactly as JSON.stringify prints them, and --limit keeps the newest', () => {
  const records = [record('x', '2024-01-01T00:00:00.000Z'), record('y', '2024-03-01T00:00:00.000Z'), record('z', '2024-02-01T00:00:00.000Z')];
  const lines = new RecordLines();
  lines.add(records);
  assert.equal(lines.size, 3);
  assert.deepEqual([...lines.sorted(2)], [JSON.stringify(records[1]), JSON.stringify(records[2])]);
  // JSON output made from the lines is the same text as from the records.
  for (const format of ['jsonl', 'json'] as const) {
    assert.equal([...formatJsonLines(lines.sorted(), format)].join(''), formatRecords([records[1]!, records[2]!, records[0]!], format).join(''));
  }
  assert.equal([...formatJsonLines([], 'json')].join(''), '[]\n');
  assert.equal([...formatJsonLines([], 'jsonl')].join(''), '');
});
