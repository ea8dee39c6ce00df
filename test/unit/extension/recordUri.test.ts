import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditRecord } from '../../../src/core/model';
import { parseRecordPath, recordJson, recordPath, recordQuery, recordTitle } from '../../../src/extension/recordUri';

const rec: AuditRecord = {
  provider: 'floqast',
  connection: 'floqast-ab12',
  id: 'id/with?odd#chars',
  time: '2024-10-28T14:04:22.400Z',
  action: 'GET /api/v1/reconciliations',
  outcome: 'success',
  actor: {},
  target: {},
  errors: [],
  changes: [],
  raw: { b: 2, a: [1] },
};

test('titles name provider, action and time, and are safe as a file name', () => {
  assert.equal(recordTitle(rec, 'normalized'), 'FloQast GET api v1 reconciliations 2024-10-28 14.04.22Z');
  assert.equal(recordTitle(rec, 'raw'), 'FloQast GET api v1 reconciliations 2024-10-28 14.04.22Z (raw)');
});

test('paths are stable and parse back to the same record and view', () => {
  const p = recordPath(rec, 'raw');
  assert.equal(p, recordPath({ ...rec }, 'raw'));
  assert.ok(p.endsWith('.json'));
  assert.deepEqual(parseRecordPath(p, recordQuery('raw')), { provider: 'floqast', connection: 'floqast-ab12', id: 'id/with?odd#chars', view: 'raw' });
  assert.equal(parseRecordPath(recordPath(rec, 'normalized'), recordQuery('normalized'))?.view, 'normalized');
  assert.equal(parseRecordPath('/nope/x/y/t.json', ''), undefined);
  assert.equal(parseRecordPath('/sfmc', ''), undefined);
});

test('documents are pretty JSON of the normalized record or of the raw item', () => {
  assert.equal(recordJson(rec, 'raw'), '{\n  "b": 2,\n  "a": [\n    1\n  ]\n}\n');
  assert.deepEqual(JSON.parse(recordJson(rec, 'normalized')), rec);
});
