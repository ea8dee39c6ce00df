import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { floQastOutcome, normalizeFloQastItem } from '../../../../src/providers/floqast/normalize';
import { BadResponseError } from '../../../../src/core/errors';

// Items shaped as in seed 003_752363419a3046fa.txt (its example values, and variations on them).
const seedShaped = [
  {
    id: '5e94d5b63f557b001420bbe3',
    uri: '/api/v1/reconciliations',
    method: 'GET',
    sourceIp: '123.45.6.78',
    meta: {
      status: '400',
      service: 'Reconciliations',
      queryParameters: { 'filter[modifiedBefore]': '2021-01-01', 'page[size]': '500' },
      error: 'Error message',
    },
    userApiKey: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
    createdAt: '2021-01-01T00:00:00.000Z',
  },
  {
    id: '5e94d5b63f557b001420bbe4',
    uri: '/api/v1/checklists?filter[status]=open&page[size]=100',
    method: 'post',
    sourceIp: '123.45.6.79',
    meta: { status: '201', service: 'Checklists', queryParameters: { 'filter[status]': 'open', 'page[size]': '100' } },
    userApiKey: { id: '5e94d5b63f557b001420bab2', name: 'Close automation' },
    createdAt: '2023-11-30T23:59:59.123Z',
  },
  {
    id: '5e94d5b63f557b001420bbe5',
    uri: '/api/v1/users',
    method: 'GET',
    sourceIp: '123.45.6.80',
    meta: { service: 'Users' },
    userApiKey: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
    createdAt: '2023-12-01T08:00:00.000Z',
  },
  {
    id: '5e94d5b63f557b001420bbe6',
    uri: '/api/v1/reconciliations/123',
    method: 'DELETE',
    sourceIp: '123.45.6.81',
    meta: { status: '500', service: 'Reconciliations', error: 'Internal Server Error' },
    userApiKey: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
    createdAt: '2023-12-01T08:00:00.5Z',
  },
];

test('items shaped as in the seed normalize to the full expected records', () => {
  const records = seedShaped.map((item) => normalizeFloQastItem(item, 'conn-fq'));
  assert.deepStrictEqual(records, [
    {
      provider: 'floqast',
      connection: 'conn-fq',
      id: '5e94d5b63f557b001420bbe3',
      time: '2021-01-01T00:00:00.000Z',
      action: 'GET /api/v1/reconciliations',
      outcome: 'failure',
      actor: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
      target: { type: 'Reconciliations', name: '/api/v1/reconciliations' },
      errors: [{ code: '400', message: 'Error message' }],
      changes: [],
      raw: seedShaped[0],
    },
    {
      provider: 'floqast',
      connection: 'conn-fq',
      id: '5e94d5b63f557b001420bbe4',
      time: '2023-11-30T23:59:59.123Z',
      action: 'POST /api/v1/checklists',
      outcome: 'success',
      actor: { id: '5e94d5b63f557b001420bab2', name: 'Close automation' },
      target: { type: 'Checklists', name: '/api/v1/checklists?filter[status]=open&page[size]=100' },
      errors: [],
      changes: [],
      raw: seedShaped[1],
    },
    {
      provider: 'floqast',
      connection: 'conn-fq',
      id: '5e94d5b63f557b001420bbe5',
      time: '2023-12-01T08:00:00.000Z',
      action: 'GET /api/v1/users',
      outcome: 'unknown',
      actor: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
      target: { type: 'Users', name: '/api/v1/users' },
      errors: [],
      changes: [],
      raw: seedShaped[2],
    },
    {
      provider: 'floqast',
      connection: 'conn-fq',
      id: '5e94d5b63f557b001420bbe6',
      time: '2023-12-01T08:00:00.500Z',
      action: 'DELETE /api/v1/reconciliations/123',
      outcome: 'failure',
      actor: { id: '5e94d5b63f557b001420bab1', name: 'API Token' },
      target: { type: 'Reconciliations', name: '/api/v1/reconciliations/123' },
      errors: [{ code: '500', message: 'Internal Server Error' }],
      changes: [],
      raw: seedShaped[3],
    },
  ]);
  assert.equal(records[0]?.raw, seedShaped[0]);
});

test('outcome: 400 and above fail, below succeed, missing or unreadable is unknown', () => {
  assert.equal(floQastOutcome('399'), 'success');
  assert.equal(floQastOutcome('200'), 'success');
  assert.equal(floQastOutcome('400'), 'failure');
  assert.equal(floQastOutcome(404), 'failure');
  assert.equal(floQastOutcome(undefined), 'unknown');
  assert.equal(floQastOutcome(''), 'unknown');
  assert.equal(floQastOutcome('OK'), 'unknown');
});

test('numbers become strings, empty names are left out, an error without a status has no code', () => {
  const r = normalizeFloQastItem(
    { id: 77, uri: '/api/v1/me', method: 'GET', meta: { error: 'denied' }, userApiKey: { id: 12, name: '' }, createdAt: '2024-02-03T04:05:06+02:00' },
    'c',
  );
  assert.equal(r.id, '77');
  assert.equal(r.time, '2024-02-03T02:05:06.000Z');
  assert.deepStrictEqual(r.actor, { id: '12' });
  assert.deepStrictEqual(r.target, { name: '/api/v1/me' });
  assert.deepStrictEqual(r.errors, [{ message: 'denied' }]);
});

test('items without id, method, uri or a readable createdAt are BadResponseErrors', () => {
  const ok = seedShaped[2] as Record<string, unknown>;
  for (const key of ['id', 'method', 'uri', 'createdAt']) {
    const { [key]: _dropped, ...rest } = ok;
    assert.throws(() => normalizeFloQastItem(rest, 'c'), BadResponseError, key);
  }
  assert.throws(() => normalizeFloQastItem({ ...ok, createdAt: '2023-12-01 08:00:00' }, 'c'), BadResponseError);
  assert.throws(() => normalizeFloQastItem('x', 'c'), BadResponseError);
});

test('arbitrary JSON becomes a record or a BadResponseError, never a TypeError', () => {
  const field = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.string());
  const itemish = fc.record(
    {
      id: field,
      uri: field,
      method: field,
      meta: fc.oneof(field, fc.record({ status: field, service: field, error: field }, { requiredKeys: [] })),
      userApiKey: fc.oneof(field, fc.record({ id: field, name: field }, { requiredKeys: [] })),
      createdAt: fc.oneof(field, fc.constant('2021-01-01T00:00:00.000Z')),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.anything(), itemish), (item) => {
      try {
        const r = normalizeFloQastItem(item, 'c');
        assert.equal(typeof r.id, 'string');
        assert.equal(typeof r.action, 'string');
        for (const e of r.errors) assert.equal(typeof e.message, 'string');
        for (const v of [...Object.values(r.actor), ...Object.values(r.target)]) assert.equal(typeof v, 'string');
      } catch (e) {
        if (!(e instanceof BadResponseError)) throw e;
      }
    }),
    { numRuns: 2000 },
  );
});
