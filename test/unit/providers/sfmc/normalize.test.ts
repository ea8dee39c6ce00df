import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { normalizeSfmcItem, normalizeSfmcPage, outcomeOf } from '../../../../src/providers/sfmc/normalize';
import { readEnvelope } from '../../../../src/providers/sfmc/client';
import { BadResponseError } from '../../../../src/core/errors';
import { hashId } from '../../../../src/core/recordId';
import { resolveTimeZone } from '../../../../src/core/time';

// The seed's example response (000_d06b40de84ae57c4.txt) with its // comments removed.
const seedText = readFileSync(join(__dirname, 'seed-000-response.json'), 'utf8');
const ctx = { connection: 'conn-1', zone: resolveTimeZone('-06:00') };

const journey = { type: 'journey', id: '####-####-####-####-####', name: 'Complete journey', version: 2 };

test('the five seed items normalize to the full expected records', () => {
  const env = readEnvelope(JSON.parse(seedText), 'seed');
  assert.equal(env.count, 5);
  const items = env.items as Record<string, unknown>[];
  const records = normalizeSfmcPage(items, ctx);
  const expected = [
    {
      provider: 'sfmc',
      connection: 'conn-1',
      id: 'dc4d214618bcfda1136f17b149f38907',
      time: '2015-10-30T17:49:55.990Z',
      action: 'Create',
      outcome: 'success',
      actor: { id: '1234', name: 'Test User 1' },
      target: journey,
      errors: [],
      changes: [],
      raw: items[0],
    },
    {
      provider: 'sfmc',
      connection: 'conn-1',
      id: '4c2e3c83e0a1fc870634670138f36026',
      time: '2015-10-30T17:49:55.990Z',
      action: 'Modify',
      outcome: 'success',
      actor: { id: '1234', name: 'Test User 1' },
      target: journey,
      errors: [],
      changes: [],
      raw: items[1],
    },
    {
      provider: 'sfmc',
      connection: 'conn-1',
      id: '5500595b6af15dc316c31aef927a98c6',
      time: '2015-10-30T17:49:55.990Z',
      action: 'Publish',
      outcome: 'failure',
      actor: { id: '5678', name: 'Test User 2' },
      target: journey,
      errors: [
        { code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An activity must be created and configured before activation can be successful' },
        { code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' },
      ],
      changes: [],
      raw: items[2],
    },
    {
      provider: 'sfmc',
      connection: 'conn-1',
      id: '7bc1b046b701047621067607720b5adb',
      time: '2015-10-30T17:49:55.990Z',
      action: 'Publish',
      outcome: 'success',
      actor: { id: '5678', name: 'Test User 2' },
      target: journey,
      errors: [],
      changes: [],
      raw: items[3],
    },
    {
      provider: 'sfmc',
      connection: 'conn-1',
      id: '33e06af321d081c8bcb1b9a48cc4aa36',
      time: '2015-10-30T17:49:55.990Z',
      action: 'Stop',
      outcome: 'success',
      actor: { id: '1234', name: 'Test User 1' },
      target: journey,
      errors: [],
      changes: [],
      raw: items[4],
    },
  ];
  assert.deepEqual(records, expected);
  // The output is exactly this shape as JSON too: no nulls, no extra keys.
  assert.deepEqual(JSON.parse(JSON.stringify(records)), JSON.parse(JSON.stringify(expected)));
});

test('raw is the item exactly as received, casing of UserId/userId and PublishRequestId/publishRequestId kept', () => {
  const items = (JSON.parse(seedText) as { Items: Record<string, unknown>[] }).Items;
  const records = normalizeSfmcPage(items, ctx);
  assert.equal(records[0]?.raw, items[0]);
  assert.deepEqual((records[0]?.raw as { user: unknown }).user, { name: 'Test User 1', UserId: 1234 });
  assert.deepEqual((records[2]?.raw as { user: unknown }).user, { name: 'Test User 2', userId: 5678 });
  assert.equal((records[2]?.raw as Record<string, unknown>).PublishRequestId, '####-####-####-####-####');
  assert.equal((records[3]?.raw as Record<string, unknown>).publishRequestId, '####-####-####-####-####');
  assert.equal(JSON.stringify(records[4]?.raw), JSON.stringify(items[4]));
});

test('ids are the hash of the canonical item; byte-identical items on one page get #2, #3', () => {
  const items = (JSON.parse(seedText) as { Items: unknown[] }).Items;
  const page = [items[1], items[1], items[0], items[1]];
  const ids = normalizeSfmcPage(page, ctx).map((r) => r.id);
  const h1 = hashId(items[1]);
  assert.deepEqual(ids, [h1, `${h1}#2`, hashId(items[0]), `${h1}#3`]);
  // The same item seen on another page gets the same id (so it is dropped as a duplicate).
  assert.equal(normalizeSfmcPage([items[1]], ctx)[0]?.id, h1);
  // Key order does not change the id.
  assert.equal(hashId({ b: 1, a: 2 }), hashId({ a: 2, b: 1 }));
});

test('timeStamp is read in the connection zone, with 1 to 7 fraction digits', () => {
  const item = (stamp: string) => ({ action: 'Modify', timeStamp: stamp, user: { userId: 1 } });
  const t = (stamp: string, zone = '-06:00') => normalizeSfmcItem(item(stamp), 'x', { connection: 'c', zone: resolveTimeZone(zone) }).time;
  assert.equal(t('2015-10-30T11:49:55.99'), '2015-10-30T17:49:55.990Z');
  assert.equal(t('2024-10-28T08:04:22.4'), '2024-10-28T14:04:22.400Z');
  assert.equal(t('2024-10-28T08:04:22.123'), '2024-10-28T14:04:22.123Z');
  assert.equal(t('2024-10-28T08:04:22.1234567'), '2024-10-28T14:04:22.123Z');
  assert.equal(t('2024-10-28T08:04:22'), '2024-10-28T14:04:22.000Z');
  // No daylight saving in the default: July is still UTC-6.
  assert.equal(t('2024-07-01T23:30:00.5'), '2024-07-02T05:30:00.500Z');
  // A configured zone replaces the default.
  assert.equal(t('2015-10-30T11:49:55.99', 'UTC'), '2015-10-30T11:49:55.990Z');
  assert.equal(t('2024-07-01T12:00:00', 'America/Chicago'), '2024-07-01T17:00:00.000Z');
});

test('outcome rules: Publish+Error fails, PublishCompleted succeeds, other publish states are unknown, other actions succeed', () => {
  assert.equal(outcomeOf('Publish', 'Error'), 'failure');
  assert.equal(outcomeOf('Publish', 'PublishCompleted'), 'success');
  assert.equal(outcomeOf('Publish', 'Publishing'), 'unknown');
  assert.equal(outcomeOf('Publish', undefined), 'unknown');
  assert.equal(outcomeOf('Unpublish', 'Error'), 'success');
  assert.equal(outcomeOf('Stop', undefined), 'success');
  assert.equal(outcomeOf('Delete', undefined), 'success');
  // The status field is read case-insensitively.
  const r = normalizeSfmcItem({ action: 'Publish', timeStamp: '2020-01-01T00:00:00', PublishStatus: 'Error' }, 'x', ctx);
  assert.equal(r.outcome, 'failure');
});

test('fields are case-insensitive; numbers become strings; missing optional fields are left out, never null', () => {
  const r = normalizeSfmcItem(
    {
      Action: 'Publish',
      TimeStamp: '2020-01-01T00:00:00',
      User: { Name: null, USERID: 42 },
      PublishStatus: 'Error',
      Errors: [{ errordetail: 'Trigger already in use', errorcode: 'Salesforce_JB_Triggers_Error' }, { ErrorDetail: 'no code' }],
      Id: 7,
      VersionNumber: '3',
    },
    'x',
    ctx,
  );
  assert.equal(r.action, 'Publish');
  assert.deepEqual(r.actor, { id: '42' });
  assert.deepEqual(r.target, { type: 'journey', id: '7', version: 3 });
  assert.deepEqual(r.errors, [{ code: 'Salesforce_JB_Triggers_Error', message: 'Trigger already in use' }, { message: 'no code' }]);
  const bare = normalizeSfmcItem({ action: 'Modify', timeStamp: '2020-01-01T00:00:00' }, 'y', ctx);
  assert.deepEqual(bare.actor, {});
  assert.deepEqual(bare.target, { type: 'journey' });
  assert.deepEqual(bare.errors, []);
  assert.ok(!JSON.stringify(bare).includes('null'));
});

test('arbitrary JSON gives a record or a BadResponseError, never a TypeError', () => {
  const junk: unknown[] = [
    null,
    42,
    'text',
    [],
    {},
    { action: 'Modify' },
    { action: 5, timeStamp: '2020-01-01T00:00:00' },
    { action: 'Modify', timeStamp: 17 },
    { action: 'Modify', timeStamp: 'yesterday' },
    { action: 'Modify', timeStamp: '2020-02-31T00:00:00' },
    { action: 'Modify', timeStamp: null },
  ];
  for (const item of junk) {
    assert.throws(() => normalizeSfmcItem(item, 'x', ctx), BadResponseError, JSON.stringify(item));
  }
  const odd: unknown[] = [
    { action: 'Publish', timeStamp: '2020-01-01T00:00:00', user: 'someone', errors: 'boom', publishStatus: 3 },
    { action: 'Publish', timeStamp: '2020-01-01T00:00:00', user: [], errors: [null, 1, 'x', { ErrorCode: 9 }], versionNumber: {} },
    { action: 'Modify', timeStamp: '2020-01-01T00:00:00', user: { userId: { nested: true }, name: ['a'] }, name: 12, id: null },
  ];
  for (const item of odd) {
    const r = normalizeSfmcItem(item, 'x', ctx);
    assert.equal(typeof r.time, 'string');
    assert.ok(!JSON.stringify({ ...r, raw: undefined }).includes('null'), JSON.stringify(r));
  }
  assert.deepEqual(normalizeSfmcItem(odd[1], 'x', ctx).errors, [{ message: '1' }, { message: 'x' }, { code: '9', message: '9' }]);
});

test('the envelope is read case-insensitively; an empty result may have no items', () => {
  assert.deepEqual(readEnvelope({ count: 6, page: 1, pageSize: 50, links: {}, items: [1] }, 't'), { count: 6, items: [1] });
  assert.deepEqual(readEnvelope({ Count: 2, Items: [1, 2] }, 't'), { count: 2, items: [1, 2] });
  assert.deepEqual(readEnvelope({ count: 0, page: 1, pageSize: 50 }, 't'), { count: 0, items: [] });
  assert.deepEqual(readEnvelope({ items: [] }, 't'), { items: [] });
  assert.throws(() => readEnvelope({ items: {} }, 't'), BadResponseError);
  assert.throws(() => readEnvelope([1, 2], 't'), BadResponseError);
  assert.throws(() => readEnvelope(null, 't'), BadResponseError);
});

test('property: any JSON value, or any object with the fields present in any shape, gives a record or a BadResponseError', () => {
  const fieldValue = fc.oneof(fc.jsonValue(), fc.constantFrom('2020-01-01T00:00:00', '2015-10-30T11:49:55.99', 'Publish', 'Error', 'PublishCompleted'));
  const shaped = fc.record(
    {
      action: fieldValue,
      timeStamp: fieldValue,
      user: fc.oneof(fc.jsonValue(), fc.record({ name: fc.jsonValue(), UserId: fc.jsonValue() }, { requiredKeys: [] })),
      publishStatus: fieldValue,
      errors: fc.oneof(fc.jsonValue(), fc.array(fc.oneof(fc.jsonValue(), fc.record({ ErrorCode: fc.jsonValue(), ErrorDetail: fc.jsonValue() }, { requiredKeys: [] })))),
      versionNumber: fieldValue,
      id: fieldValue,
      name: fieldValue,
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), shaped), (item) => {
      try {
        const r = normalizeSfmcItem(item, 'x', ctx);
        assert.match(r.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        assert.ok(Array.isArray(r.errors) && r.errors.every((e) => typeof e.message === 'string'));
      } catch (e) {
        if (!(e instanceof BadResponseError)) throw e;
      }
    }),
    { numRuns: 500 },
  );
});
