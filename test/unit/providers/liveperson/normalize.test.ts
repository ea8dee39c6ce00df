import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { normalizeLivePersonItem, normalizeLivePersonPage } from '../../../../src/providers/liveperson/normalize';
import { readAuditAnswer } from '../../../../src/providers/liveperson/client';
import { BadResponseError, ProviderError } from '../../../../src/core/errors';
import { resolveTimeZone } from '../../../../src/core/time';

// The response body of seed 001_160024fb00e0885c.txt, verbatim.
const seed = JSON.parse(readFileSync(join(__dirname, 'seed-001-response.json'), 'utf8')) as unknown;
const eastern = { connection: 'conn-lp', zone: resolveTimeZone('US/Eastern') };
const identity = (s: string) => s;

test('the six seed items normalize to the full expected records', () => {
  const items = readAuditAnswer(seed, identity) as Record<string, unknown>[];
  assert.equal(items.length, 6);
  const records = normalizeLivePersonPage(items, eastern);
  // Ids: SHA-256 of the canonical JSON, computed outside this code base (Python json.dumps(sort_keys=True)).
  const expected = [
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: 'd7feddcd5ddbe0a2508d7a287f5be803',
      // 12 November 2019: daylight saving has ended, EST is UTC−5.
      time: '2019-11-12T11:10:46.000Z',
      action: 'Profiles',
      outcome: 'success',
      actor: {},
      target: { type: 'Profiles' },
      errors: [],
      changes: [{ field: 'Generate secure form token', old: 'false', new: 'true' }],
      raw: items[0],
    },
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: 'a49e6f6a34ebd73fd26b237c586f882e',
      // 31 October 2019: still EDT, UTC−4.
      time: '2019-10-31T14:35:37.000Z',
      action: 'Campaigns',
      outcome: 'success',
      actor: {},
      target: { type: 'Campaigns' },
      errors: [],
      changes: [],
      raw: items[1],
    },
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: '184780248c671dbae0a8450c5e03ba1f',
      time: '2019-10-30T12:56:59.000Z',
      action: 'Users',
      outcome: 'success',
      actor: {},
      target: { type: 'Users' },
      errors: [],
      changes: [],
      raw: items[2],
    },
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: '3c699a42cbb92cdf7eaaeab879dffe8d',
      time: '2019-10-30T12:56:55.000Z',
      action: 'Predefined Content',
      outcome: 'success',
      actor: {},
      target: { type: 'Predefined Content' },
      errors: [],
      changes: [],
      raw: items[3],
    },
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: '2317e51e35c4a43bc65f1ac9d5781435',
      time: '2019-10-30T12:56:55.000Z',
      action: 'Content Categories',
      outcome: 'success',
      actor: {},
      target: { type: 'Content Categories' },
      errors: [],
      changes: [],
      raw: items[4],
    },
    {
      provider: 'liveperson',
      connection: 'conn-lp',
      id: 'c000b026fd87104f9b1ea794f0bfa04b',
      time: '2019-10-30T12:56:54.000Z',
      action: 'Agent Groups',
      outcome: 'success',
      actor: {},
      target: { type: 'Agent Groups' },
      errors: [],
      changes: [],
      raw: items[5],
    },
  ];
  assert.deepStrictEqual(records, expected);
  // raw is the item itself, untouched.
  for (let i = 0; i < 6; i++) assert.equal(records[i]?.raw, items[i]);
});

test('US/Eastern change dates: January is UTC−5, July is UTC−4', () => {
  const at = (changeDate: string) => normalizeLivePersonItem({ objectType: 'Skills', changeDate }, 'x', eastern).time;
  assert.equal(at('2024-01-15 09:30:00.0'), '2024-01-15T14:30:00.000Z');
  assert.equal(at('2024-07-15 09:30:00.0'), '2024-07-15T13:30:00.000Z');
});

test('change dates are read in the zone the request named', () => {
  const item = { objectType: 'Skills', changeDate: '2024-07-15 09:30:00.0' };
  assert.equal(normalizeLivePersonItem(item, 'x', { connection: 'c', zone: resolveTimeZone('UTC') }).time, '2024-07-15T09:30:00.000Z');
  assert.equal(normalizeLivePersonItem(item, 'x', { connection: 'c', zone: resolveTimeZone('Asia/Kolkata') }).time, '2024-07-15T04:00:00.000Z');
});

test('actor, target and changes follow the mapping, with numbers as strings and empty values left out', () => {
  const full = {
    accountId: 'le1',
    objectType: 'Users',
    objectName: 'jane.doe',
    element: 'Skills',
    oldValue: '',
    newValue: 'Sales',
    originator: 'John Admin',
    originatorLoginName: 'john.admin',
    originatorUserId: 4242,
    changeDate: '2024-03-01 12:00:00.0',
  };
  const r = normalizeLivePersonItem(full, 'id-1', eastern);
  assert.deepStrictEqual(r.actor, { id: '4242', name: 'john.admin' });
  assert.deepStrictEqual(r.target, { type: 'Users', name: 'jane.doe' });
  assert.deepStrictEqual(r.changes, [{ field: 'Skills', old: '', new: 'Sales' }]);

  const noLogin = normalizeLivePersonItem({ ...full, originatorLoginName: '', originatorUserId: '', oldValue: 'a', newValue: null }, 'id-2', eastern);
  assert.deepStrictEqual(noLogin.actor, { name: 'John Admin' });
  assert.deepStrictEqual(noLogin.changes, [{ field: 'Skills', old: 'a' }]);

  const unchanged = normalizeLivePersonItem({ ...full, oldValue: '', newValue: '' }, 'id-3', eastern);
  assert.deepStrictEqual(unchanged.changes, []);
  // Optional fields are left out, never set to undefined or null.
  const bare = normalizeLivePersonItem({ objectType: 'Users', objectName: null, originatorUserId: null, changeDate: '2024-03-01 12:00:00.0' }, 'id-4', eastern);
  assert.deepStrictEqual(Object.keys(bare.actor), []);
  assert.deepStrictEqual(Object.keys(bare.target), ['type']);
});

test('byte-identical items on one page are kept with #2, #3 ids; the same item on another page keeps its id', () => {
  const item = { objectType: 'Skills', changeDate: '2024-03-01 12:00:00.0', element: 'N/A', oldValue: '', newValue: '' };
  const page = normalizeLivePersonPage([item, { ...item }, { ...item }], eastern);
  const base = page[0]?.id as string;
  assert.match(base, /^[0-9a-f]{32}$/);
  assert.deepStrictEqual(page.map((r) => r.id), [base, `${base}#2`, `${base}#3`]);
  assert.equal(normalizeLivePersonPage([{ objectType: 'Users', changeDate: '2024-03-01 12:00:00.0' }, item], eastern)[1]?.id, base);
});

test('a GraphQL error sent with HTTP 200 becomes a ProviderError carrying its message', () => {
  assert.throws(
    () => readAuditAnswer({ errors: [{ message: 'Validation error: unknown argument foo' }], data: null }, identity),
    (e: unknown) => e instanceof ProviderError && /unknown argument foo/.test(e.message),
  );
  assert.throws(() => readAuditAnswer({ data: null }, identity), BadResponseError);
  assert.throws(() => readAuditAnswer([], identity), BadResponseError);
  assert.throws(() => readAuditAnswer({ data: { auditData: {} } }, identity), BadResponseError);
});

test('items missing objectType or with an unreadable changeDate are BadResponseErrors', () => {
  assert.throws(() => normalizeLivePersonItem({ changeDate: '2024-03-01 12:00:00.0' }, 'x', eastern), BadResponseError);
  assert.throws(() => normalizeLivePersonItem({ objectType: 'Users', changeDate: '2024-02-31 12:00:00.0' }, 'x', eastern), BadResponseError);
  assert.throws(() => normalizeLivePersonItem({ objectType: 'Users', changeDate: 17 }, 'x', eastern), BadResponseError);
  assert.throws(() => normalizeLivePersonItem(null, 'x', eastern), BadResponseError);
  assert.throws(() => normalizeLivePersonItem(['Users'], 'x', eastern), BadResponseError);
});

test('arbitrary JSON becomes a record or a BadResponseError, never a TypeError', () => {
  const field = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.string());
  const itemish = fc.record(
    {
      objectType: field,
      objectName: field,
      element: field,
      oldValue: field,
      newValue: field,
      originator: field,
      originatorLoginName: field,
      originatorUserId: field,
      changeDate: fc.oneof(field, fc.constant('2024-03-01 12:00:00.0'), fc.constant('2024-03-01T12:00:00Z')),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.anything(), itemish), (item) => {
      try {
        const r = normalizeLivePersonItem(item, 'x', eastern);
        assert.equal(typeof r.action, 'string');
        assert.match(r.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        for (const c of r.changes) {
          assert.equal(typeof c.field, 'string');
          if ('old' in c) assert.equal(typeof c.old, 'string');
          if ('new' in c) assert.equal(typeof c.new, 'string');
        }
        for (const v of [...Object.values(r.actor), ...Object.values(r.target)]) assert.equal(typeof v, 'string');
      } catch (e) {
        if (!(e instanceof BadResponseError)) throw e;
      }
    }),
    { numRuns: 2000 },
  );
});
