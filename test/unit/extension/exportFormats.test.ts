import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditRecord } from '../../../src/core/model';
import { CSV_COLUMNS, encodeRecords, formatRecords, toCsv } from '../../../src/extension/exportFormats';

const rec = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  provider: 'sfmc',
  connection: 'c1',
  id: 'r1',
  time: '2024-10-28T14:04:22.400Z',
  action: 'Publish',
  outcome: 'failure',
  actor: { id: '7', name: 'Ann "A" Lee' },
  target: { type: 'journey', id: 'j1', name: 'Welcome, new', version: 3 },
  errors: [{ code: 'VALIDATE', message: 'An entry event\nmust be configured' }],
  changes: [],
  raw: { a: 1 },
  ...over,
});

test('JSON Lines: one record a line, exactly the neutral record', () => {
  const text = formatRecords([rec(), rec({ id: 'r2' })], 'jsonl');
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.deepEqual(JSON.parse(lines[0]!), rec());
  assert.equal(JSON.parse(lines[1]!).id, 'r2');
  assert.equal(formatRecords([], 'jsonl'), '');
});

test('JSON: one array', () => {
  assert.deepEqual(JSON.parse(formatRecords([rec()], 'json')), [rec()]);
});

test('CSV: header, RFC 4180 quoting of commas, quotes and newlines', () => {
  const csv = toCsv([rec()]);
  const [header, row] = csv.split('\r\n');
  assert.equal(header, CSV_COLUMNS.join(','));
  assert.equal(
    row,
    '2024-10-28T14:04:22.400Z,sfmc,c1,r1,Publish,failure,7,"Ann ""A"" Lee",,journey,j1,"Welcome, new",3,"VALIDATE: An entry event\nmust be configured",',
  );
});

test('CSV: cells that a spreadsheet would run as formulas are defused', () => {
  const csv = toCsv([rec({ action: '=HYPERLINK("http://x")', actor: { name: '+1' }, errors: [], target: {} })]);
  const row = csv.split('\r\n')[1]!;
  assert.ok(row.includes(`"'=HYPERLINK(""http://x"")"`));
  assert.ok(row.includes(`"'+1"`));
});

test('CSV: changes are listed field by field', () => {
  const csv = toCsv([rec({ errors: [], changes: [{ field: 'name', old: 'a', new: 'b' }, { field: 'x', new: 'y' }] })]);
  assert.ok(csv.split('\r\n')[1]!.endsWith(',name: a → b | x:  → y'));
});

test('encoded a chunk at a time, every format joins to exactly the one-call text, whatever the chunking', () => {
  const records = Array.from({ length: 7 }, (_, i) =>
    rec({ id: `r${i}`, errors: i % 2 ? [] : [{ message: `line\nbreak ${i}` }], changes: i % 3 ? [] : [{ field: 'f', old: 'a', new: 'b' }], raw: { nested: { i, s: 'x\ny' } } }),
  );
  const chunkings = [[records], [records.slice(0, 1), [], records.slice(1, 4), records.slice(4)], records.map((r) => [r])];
  for (const format of ['jsonl', 'json', 'csv'] as const) {
    const whole = formatRecords(records, format);
    for (const chunks of chunkings) assert.equal([...encodeRecords(chunks, format)].join(''), whole, `${format}, ${chunks.length} chunks`);
  }
  // JSON is what JSON.stringify prints for the whole array, pretty-printed; nothing at all is still valid.
  assert.equal(formatRecords(records, 'json'), `${JSON.stringify(records, null, 2)}\n`);
  assert.equal([...encodeRecords([[], []], 'json')].join(''), '[]\n');
  assert.equal([...encodeRecords([], 'csv')].join(''), `${CSV_COLUMNS.join(',')}\r\n`);
});

test('one text chunk per chunk of records, so no text grows with the size of the export', () => {
  const chunk = Array.from({ length: 50 }, (_, i) => rec({ id: `r${i}` }));
  const texts = [...encodeRecords([chunk, chunk, chunk], 'jsonl')];
  assert.equal(texts.length, 3);
  const json = [...encodeRecords([chunk, chunk, chunk], 'json')];
  assert.equal(json.length, 4, 'three chunks and the closing bracket');
  assert.ok(Math.max(...json.map((t) => t.length)) < 2 * json[1]!.length);
});
