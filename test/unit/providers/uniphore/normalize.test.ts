import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeUniphoreItem } from '../../../../src/providers/uniphore/normalize';
import { checkItemId, dateRangeParams, readSpringPage } from '../../../../src/providers/uniphore/client';
import { BadResponseError, ConfigError } from '../../../../src/core/errors';
import { resolveTimeZone } from '../../../../src/core/time';

// The sample response of seed 002_8097da18285ee147.txt, as sent.
const seedText = `{
    "tenantId": "67hg8362-g3d2-7g92-9273-d9h02kr83736",
    "createdDate": "04-05-2024 09:38:09",
    "updatedDate": "04-05-2024 09:38:09",
    "source": null,
    "version": null,
    "id": 833032,
    "emailId": "john.doe@domain.com",
    "fullName": "John Doe",
    "businessUnit": null,
    "agentId": 0,
    "activityType": "Search And Replay",
    "details": {
        "output": "{live_calls=(Count: 32), next_page_token=, total_count=32}",
        "input": "{request={pageSize=500}}",
        "actionType": "Search For Live Calls",
        "actionDescription": "Live Conversations viewable by user per his access control were fetched successfully with the filter provided."
    },
    "result": true
}`;

const ctx = { connection: 'tenant-1', zone: resolveTimeZone('UTC') };

test('the seed item normalizes to the full expected record', () => {
  const item = JSON.parse(seedText) as Record<string, unknown>;
  const record = normalizeUniphoreItem(item, ctx);
  const expected = {
    provider: 'uniphore',
    connection: 'tenant-1',
    id: '833032',
    time: '2024-04-05T09:38:09.000Z',
    action: 'Search And Replay',
    outcome: 'success',
    // agentId 0 is "no agent": left out.
    actor: { name: 'John Doe', email: 'john.doe@domain.com' },
    target: { type: 'Search For Live Calls' },
    errors: [],
    changes: [],
    raw: item,
  };
  assert.deepEqual(record, expected);
  assert.equal(record.raw, item);
  assert.equal(JSON.stringify(record.raw), JSON.stringify(JSON.parse(seedText)));
  assert.deepEqual(JSON.parse(JSON.stringify(record)), JSON.parse(JSON.stringify(expected)));
});

test('createdDate MM-DD-YYYY is UTC by default and follows a configured zone', () => {
  const item = { id: 1, createdDate: '04-05-2024 09:38:09', activityType: 'A' };
  assert.equal(normalizeUniphoreItem(item, ctx).time, '2024-04-05T09:38:09.000Z');
  // Month first: 04-05 is 5 April, not 4 May.
  assert.equal(normalizeUniphoreItem({ ...item, createdDate: '12-31-2023 23:59:59' }, ctx).time, '2023-12-31T23:59:59.000Z');
  assert.equal(normalizeUniphoreItem(item, { connection: 'c', zone: resolveTimeZone('-06:00') }).time, '2024-04-05T15:38:09.000Z');
  assert.equal(normalizeUniphoreItem(item, { connection: 'c', zone: resolveTimeZone('Europe/London') }).time, '2024-04-05T08:38:09.000Z');
  for (const bad of ['2024-04-05 09:38:09', '13-05-2024 09:38:09', '02-30-2024 09:38:09', '04-05-2024', 1712309889000]) {
    assert.throws(() => normalizeUniphoreItem({ ...item, createdDate: bad }, ctx), BadResponseError, String(bad));
  }
});

test('outcome from result, and a failed item carries details.output as its error', () => {
  const base = { id: 2, createdDate: '04-05-2024 09:38:09', activityType: 'Export', details: { output: 'Export failed: quota', actionType: 'Export Calls' } };
  const ok = normalizeUniphoreItem({ ...base, result: true }, ctx);
  assert.equal(ok.outcome, 'success');
  assert.deepEqual(ok.errors, []);
  const failed = normalizeUniphoreItem({ ...base, result: false }, ctx);
  assert.equal(failed.outcome, 'failure');
  assert.deepEqual(failed.errors, [{ message: 'Export failed: quota' }]);
  const unknown = normalizeUniphoreItem(base, ctx);
  assert.equal(unknown.outcome, 'unknown');
  assert.deepEqual(unknown.errors, []);
  assert.equal(normalizeUniphoreItem({ ...base, result: null }, ctx).outcome, 'unknown');
  // A failure with no output has no error text to show.
  assert.deepEqual(normalizeUniphoreItem({ ...base, details: {}, result: false }, ctx).errors, []);
});

test('field names are case-insensitive and details may be an array of one object', () => {
  const r = normalizeUniphoreItem(
    {
      ID: '77',
      CreatedDate: '01-02-2024 03:04:05',
      ActivityType: 'User Management',
      FullName: 'Ann Lee',
      EmailID: 'ann@example.com',
      AgentId: 4411,
      Details: [{ Output: 'denied', ActionType: 'Delete User', ActionDescription: 'User could not be deleted' }],
      Result: false,
    },
    ctx,
  );
  assert.deepEqual(
    { ...r, raw: undefined },
    {
      provider: 'uniphore',
      connection: 'tenant-1',
      id: '77',
      time: '2024-01-02T03:04:05.000Z',
      action: 'User Management',
      outcome: 'failure',
      actor: { id: '4411', name: 'Ann Lee', email: 'ann@example.com' },
      target: { type: 'Delete User' },
      errors: [{ message: 'denied' }],
      changes: [],
      raw: undefined,
    },
  );
});

test('arbitrary JSON gives a record or a BadResponseError, never a TypeError', () => {
  for (const item of [null, 3, 'x', [], {}, { id: 1 }, { id: 'abc', createdDate: '04-05-2024 09:38:09', activityType: 'A' }, { id: 1.5, createdDate: '04-05-2024 09:38:09', activityType: 'A' }, { id: 1, createdDate: '04-05-2024 09:38:09' }, { id: 1, createdDate: null, activityType: 'A' }]) {
    assert.throws(() => normalizeUniphoreItem(item, ctx), BadResponseError, JSON.stringify(item));
  }
  const fieldValue = fc.oneof(fc.jsonValue(), fc.constantFrom('04-05-2024 09:38:09', 'Search And Replay', 833032, true, false));
  const shaped = fc.record(
    {
      id: fieldValue,
      createdDate: fieldValue,
      activityType: fieldValue,
      agentId: fieldValue,
      fullName: fieldValue,
      emailId: fieldValue,
      result: fieldValue,
      details: fc.oneof(fc.jsonValue(), fc.record({ output: fc.jsonValue(), actionType: fc.jsonValue() }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), shaped), (item) => {
      try {
        const r = normalizeUniphoreItem(item, ctx);
        assert.match(r.id, /^-?\d+$/);
        assert.ok(!JSON.stringify({ ...r, raw: undefined }).includes('null'));
      } catch (e) {
        if (!(e instanceof BadResponseError)) throw e;
      }
    }),
    { numRuns: 500 },
  );
});

test('getById ids must be integers; date bounds are inclusive UTC days', () => {
  assert.equal(checkItemId('488917'), '488917');
  assert.equal(checkItemId(' 42 '), '42');
  for (const bad of ['', 'abc', '1.5', '-3', '1e5', '12 34', '../1', '0x10']) assert.throws(() => checkItemId(bad), ConfigError, bad);
  assert.deepEqual(dateRangeParams('2024-04-01', '2024-04-05'), { start: '2024-04-01T00:00:00.000', end: '2024-04-05T23:59:59.999' });
  assert.deepEqual(dateRangeParams(undefined, undefined), {});
  assert.throws(() => dateRangeParams('2024-04-31', undefined), ConfigError);
  assert.throws(() => dateRangeParams('2024-04-05', '2024-04-01'), ConfigError);
});

test('Spring pages are read defensively', () => {
  assert.deepEqual(readSpringPage({ content: [1], totalPages: 3, totalElements: 21, size: 10, number: 0, last: false }, 't'), {
    content: [1],
    totalPages: 3,
    totalElements: 21,
    size: 10,
    last: false,
  });
  assert.deepEqual(readSpringPage({ Content: [], TotalPages: 0 }, 't'), { content: [], totalPages: 0 });
  assert.throws(() => readSpringPage({ content: 'x' }, 't'), BadResponseError);
  assert.throws(() => readSpringPage('x', 't'), BadResponseError);
});
