import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AuditRecord, Outcome, ProviderId } from '../../../src/core/model';
import { FACET_NAMES, RecordStore, type RecordFilter } from '../../../src/core/recordStore';
import { generateRecords } from './recordGenerator';
import {
  referenceBins,
  referenceDays,
  referenceFacetCounts,
  referenceMatching,
  referencePrevious,
  referenceSorted,
} from './reference';

const BASE = Date.UTC(2024, 2, 30, 12, 0, 0); // spans the 2024 DST changes in Europe and the US
const HOUR = 3600_000;

function rec(partial: Partial<AuditRecord> & { id: string; time: string }): AuditRecord {
  return {
    provider: 'sfmc',
    connection: 'c1',
    action: 'Modify',
    outcome: 'success',
    actor: {},
    target: {},
    errors: [],
    changes: [],
    raw: {},
    ...partial,
  };
}

// Small pools make collisions (duplicate ids, equal times, shared values) common.
const timeArb = fc.integer({ min: 0, max: 24 }).chain((h) =>
  fc.constantFrom(0, 0, 0, 1).map((ms) => new Date(BASE + h * 7 * HOUR + ms).toISOString()),
);
const textPool = ['Ada', 'ada@example.com', 'Publish', 'ERR_42', 'no such entry', 'Welcome', 'x<y>', 'ÉLAN', ''];
const recordArb: fc.Arbitrary<AuditRecord> = fc
  .record({
    provider: fc.constantFrom<ProviderId>('sfmc', 'liveperson', 'uniphore', 'floqast'),
    connection: fc.constantFrom('c1', 'c2'),
    id: fc.constantFrom('1', '2', '3', 'a', 'b', 'B', 'a#2'),
    time: timeArb,
    action: fc.constantFrom('Publish', 'Modify', 'Users', 'GET /api/v1/users'),
    outcome: fc.constantFrom<Outcome>('success', 'failure', 'unknown'),
    actor: fc.record({ id: fc.constantFrom('7', '8'), name: fc.constantFrom(...textPool), email: fc.constantFrom('ada@example.com', 'b@x.io') }, { requiredKeys: [] }),
    target: fc.record(
      { type: fc.constantFrom('journey', 'Users', ''), id: fc.constantFrom('j1', 'j2'), name: fc.constantFrom(...textPool), version: fc.integer({ min: 1, max: 3 }) },
      { requiredKeys: [] },
    ),
    errors: fc.array(fc.record({ code: fc.constantFrom('ERR_42', 'E1'), message: fc.constantFrom(...textPool) }, { requiredKeys: ['message'] }), { maxLength: 2 }),
    changes: fc.array(fc.record({ field: fc.constantFrom('name', 'skills'), old: fc.constantFrom(...textPool), new: fc.constantFrom(...textPool) }, { requiredKeys: ['field'] }), { maxLength: 2 }),
  })
  .map((r) => ({ ...r, raw: { source: r.id } }))
  // Now and then a record that does not fit the model's shape exactly, which the store keeps whole.
  .chain((r) =>
    fc.constantFrom<(r: AuditRecord) => AuditRecord>(
      (x) => x,
      (x) => x,
      (x) => x,
      (x) => x,
      (x) => ({ ...x, note: 'an extra field' }) as AuditRecord,
      ({ raw: _raw, ...x }) => x as AuditRecord,
      (x) => ({ ...x, actor: { ...x.actor, role: 'admin' } as AuditRecord['actor'] }),
    ).map((perturb) => perturb(r)),
  );

const valuesArb = (pool: string[]) => fc.option(fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 2 }), { nil: undefined });
const facetSelectionArb = fc.record(
  {
    provider: valuesArb(['sfmc', 'liveperson', 'uniphore', 'floqast']),
    action: valuesArb(['Publish', 'Modify', 'Users', 'nope']),
    actor: valuesArb(['Ada', '7', 'ada@example.com', '']),
    targetType: valuesArb(['journey', 'Users', '']),
    outcome: valuesArb(['success', 'failure', 'unknown']),
  },
  { requiredKeys: [] },
);
const filterArb: fc.Arbitrary<RecordFilter> = fc.record(
  {
    from: fc.integer({ min: -2, max: 26 }).map((h) => BASE + h * 7 * HOUR),
    to: fc.integer({ min: -2, max: 26 }).map((h) => BASE + h * 7 * HOUR + 1),
    text: fc.constantFrom('ada', 'PUBLISH err_42', '"no such"', 'x<y', 'élan', 'zzz', '  ', 'a'),
    include: facetSelectionArb,
    exclude: facetSelectionArb,
  },
  { requiredKeys: [] },
);

function stripUndefined(filter: RecordFilter): RecordFilter {
  return JSON.parse(JSON.stringify(filter)) as RecordFilter;
}

function checkAgainstReference(store: RecordStore, batches: AuditRecord[][], filter: RecordFilter): void {
  const sorted = referenceSorted(batches);
  assert.equal(store.size, sorted.length);
  const expected = referenceMatching(sorted, filter);
  const actual = store.matching(filter);
  assert.deepEqual(actual.map((r) => [r.provider, r.connection, r.id, r.time]), expected.map((r) => [r.provider, r.connection, r.id, r.time]));
  // Equal to the first of duplicates in every field; the raw item is the very object received.
  actual.forEach((r, i) => {
    assert.deepEqual(r, expected[i]);
    assert.equal(r.raw, expected[i]!.raw);
  });
  // Read in chunks (Export), the same records in the same order, no chunk over its size.
  const size = 1 + (sorted.length % 4);
  const chunks = [...store.matchingChunks(filter, size)];
  assert.ok(chunks.every((c) => c.length > 0 && c.length <= size));
  assert.deepEqual(chunks.flat(), actual);

  const refCounts = referenceFacetCounts(sorted, filter);
  for (const fc2 of store.facets(filter, Number.MAX_SAFE_INTEGER)) {
    const ref = refCounts.get(fc2.facet) as Map<string, number>;
    const nonzero = fc2.values.filter((v) => v.count > 0);
    assert.deepEqual(new Map(nonzero.map((v) => [v.value, v.count])), ref, `facet ${fc2.facet}`);
    assert.equal(fc2.distinct, ref.size);
    for (let i = 1; i < nonzero.length; i++) {
      const a = nonzero[i - 1]!;
      const b = nonzero[i]!;
      assert.ok(a.count > b.count || (a.count === b.count && a.value < b.value), 'facet values by count, then value');
    }
    for (const v of [...(filter.include?.[fc2.facet] ?? []), ...(filter.exclude?.[fc2.facet] ?? [])]) {
      assert.ok(fc2.values.some((x) => x.value === v), `selected value ${v} of ${fc2.facet} is listed`);
    }
  }

  const bins = store.bins(filter, 17);
  const timed = filter.from !== undefined || sorted.some((r) => !Number.isNaN(Date.parse(r.time)));
  assert.ok(timed ? bins.count <= 17 && bins.count >= 1 : bins.count === 0, 'bins over the time range, none without one');
  const refBins = referenceBins(expected, bins.start, bins.width, bins.count);
  assert.deepEqual({ success: bins.success, failure: bins.failure, unknown: bins.unknown }, refBins);
  const rangeFrom = filter.from ?? Math.min(...sorted.map((r) => Date.parse(r.time)));
  const rangeTo = filter.to ?? Math.max(...sorted.map((r) => Date.parse(r.time))) + 1;
  if (sorted.length > 0) {
    assert.ok(bins.start <= rangeFrom && bins.start + bins.width * bins.count >= rangeTo, 'bins cover the range');
  }

  for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
    const layout = store.layout(filter, zone);
    assert.equal(layout.matched, expected.length);
    assert.equal(layout.total, sorted.length);
    assert.deepEqual(layout.days, referenceDays(expected, zone), `days in ${zone}`);
  }

  const start = Math.floor(expected.length / 3);
  const rows = store.window(filter, start, 5);
  assert.deepEqual(rows.map((r) => r.key).map((k) => store.record(k)), expected.slice(start, start + 5));
  for (const [i, row] of rows.entries()) {
    const r = expected[start + i]!;
    assert.equal(row.time, r.time);
    assert.equal(row.action, r.action);
    assert.equal(row.errorCount, r.errors.length);
    assert.equal(store.indexOf(filter, row.key), start + i);
    const detail = store.detail(row.key)!;
    assert.deepEqual(detail.record, r);
    const prev = referencePrevious(sorted, r);
    assert.deepEqual(detail.previousKey === undefined ? undefined : store.record(detail.previousKey), prev);
  }
}

test('matches the naive reference for any records, batches and filter (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(recordArb, { maxLength: 12 }), { maxLength: 6 }), fc.array(filterArb, { minLength: 1, maxLength: 3 }), (batches, filters) => {
      const store = new RecordStore();
      const added: AuditRecord[][] = [];
      batches.forEach((batch, i) => {
        store.add(batch);
        added.push(batch);
        // Querying between batches exercises the cached pass and the lazy merge.
        checkAgainstReference(store, added, stripUndefined(filters[i % filters.length]!));
      });
      for (const f of filters) checkAgainstReference(store, added, stripUndefined(f));
    }),
    { numRuns: 150 },
  );
});

test('keeps newest first, equal times by id in code-unit order', () => {
  const store = new RecordStore();
  store.add([rec({ id: 'b', time: '2024-01-01T00:00:00.000Z' }), rec({ id: 'Z', time: '2024-01-01T00:00:00.000Z' })]);
  store.add([rec({ id: 'a', time: '2024-01-02T00:00:00.000Z' }), rec({ id: 'c', time: '2023-12-31T23:59:59.999Z' })]);
  store.add([rec({ id: 'a2', time: '2024-01-01T00:00:00.000Z' })]);
  assert.deepEqual(store.matching().map((r) => r.id), ['a', 'Z', 'a2', 'b', 'c']);
});

test('drops duplicates by provider + connection + id, keeping the first', () => {
  const store = new RecordStore();
  const first = rec({ id: '1', time: '2024-01-01T00:00:00.000Z', action: 'First' });
  assert.equal(store.add([first, rec({ id: '1', time: '2024-01-01T00:00:00.000Z', action: 'Again' })]), 1);
  assert.equal(store.add([rec({ id: '1', time: '2024-01-05T00:00:00.000Z', action: 'Later page' })]), 0);
  assert.equal(store.add([rec({ id: '1', time: '2024-01-01T00:00:00.000Z', connection: 'c2' }), rec({ id: '1', time: '2024-01-01T00:00:00.000Z', provider: 'floqast' })]), 2);
  assert.equal(store.size, 3);
  assert.deepEqual(store.matching({ include: { action: ['First'] } }), [first]);
  const gen = store.generation;
  store.add([first]);
  assert.equal(store.generation, gen, 'a batch of duplicates changes nothing');
});

test('facet counts ignore their own selection and honour the others', () => {
  const store = new RecordStore();
  store.add([
    rec({ id: '1', time: '2024-01-01T00:00:01.000Z', action: 'Publish', outcome: 'failure' }),
    rec({ id: '2', time: '2024-01-01T00:00:02.000Z', action: 'Publish', outcome: 'success' }),
    rec({ id: '3', time: '2024-01-01T00:00:03.000Z', action: 'Modify', outcome: 'success' }),
    rec({ id: '4', time: '2024-01-01T00:00:04.000Z', action: 'Delete', outcome: 'success', provider: 'uniphore' }),
  ]);
  const filter: RecordFilter = { include: { action: ['Publish'] }, exclude: { provider: ['uniphore'] } };
  assert.equal(store.matchCount(filter), 2);
  const facets = Object.fromEntries(store.facets(filter).map((f) => [f.facet, Object.fromEntries(f.values.map((v) => [v.value, v.count]))]));
  assert.deepEqual(facets.action, { Publish: 2, Modify: 1 }, 'action counts ignore the action selection, not the provider exclusion');
  assert.deepEqual(facets.outcome, { failure: 1, success: 1 });
  assert.deepEqual(facets.provider, { sfmc: 2, uniphore: 0 }, 'an excluded value stays listed so it can be toggled back');
});

test('search looks in action, actor, target, errors and changes, case-insensitively, every term', () => {
  const store = new RecordStore();
  store.add([
    rec({ id: 'action', time: '2024-01-01T00:00:01.000Z', action: 'Search And Replay' }),
    rec({ id: 'actor', time: '2024-01-01T00:00:02.000Z', actor: { email: 'Grace@Example.com' } }),
    rec({ id: 'target', time: '2024-01-01T00:00:03.000Z', target: { name: 'Welcome Journey', id: 'j-77' } }),
    rec({ id: 'error', time: '2024-01-01T00:00:04.000Z', errors: [{ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'Entry event must be configured' }] }),
    rec({ id: 'change', time: '2024-01-01T00:00:05.000Z', changes: [{ field: 'maxChats', old: '3', new: '12' }] }),
    rec({ id: 'raw-only', time: '2024-01-01T00:00:06.000Z', raw: { secretWord: 'replay' } }),
  ]);
  const ids = (text: string) => store.matching({ text }).map((r) => r.id).sort();
  assert.deepEqual(ids('replay'), ['action']);
  assert.deepEqual(ids('grace@'), ['actor']);
  assert.deepEqual(ids('J-77'), ['target']);
  assert.deepEqual(ids('validate_general'), ['error']);
  assert.deepEqual(ids('"must be configured"'), ['error']);
  assert.deepEqual(ids('maxchats 12'), ['change']);
  assert.deepEqual(ids('maxchats 99'), []);
  assert.deepEqual(ids('"event must" configured'), ['error']);
  assert.equal(store.matching({ text: '   ' }).length, 6, 'a blank search matches everything');
});

test('search narrows as the user types and sees records added after it ran', () => {
  const store = new RecordStore();
  const records = generateRecords({ count: 2000, seed: 3 });
  store.add(records.slice(0, 1000));
  const count = (text: string) => store.matchCount({ text });
  const naive = (text: string, n: number) => referenceMatching(referenceSorted([records.slice(0, n)]), { text }).length;
  for (const t of ['p', 'pu', 'pub', 'publ', 'publish', 'ada', 'ada lovelace']) assert.equal(count(t), naive(t, 1000), t);
  // New distinct texts after the terms were cached: the cached masks must grow to cover them.
  records.push(rec({ id: 'late', time: '2024-05-01T00:00:00.000Z', action: 'Republished late', actor: { name: 'Ada L.' } }));
  store.add(records.slice(1000));
  for (const t of ['publish', 'pub', 'ada', 'forbidden', 'entry event']) assert.equal(count(t), naive(t, 2001), t);
});

test('bins are round, aligned and stacked by outcome over the filter range', () => {
  const store = new RecordStore();
  store.add([
    rec({ id: '1', time: '2024-01-01T10:05:00.000Z', outcome: 'failure' }),
    rec({ id: '2', time: '2024-01-01T10:55:00.000Z', outcome: 'success' }),
    rec({ id: '3', time: '2024-01-01T12:30:00.000Z', outcome: 'unknown' }),
    rec({ id: '4', time: '2024-01-01T12:40:00.000Z', outcome: 'failure' }),
  ]);
  const all = store.bins({}, 3);
  assert.deepEqual({ start: all.start, width: all.width, count: all.count }, { start: Date.UTC(2024, 0, 1, 10), width: HOUR, count: 3 });
  assert.deepEqual([all.success, all.failure, all.unknown], [[1, 0, 0], [1, 0, 1], [0, 0, 1]]);
  const zoomed = store.bins({ from: Date.UTC(2024, 0, 1, 12), to: Date.UTC(2024, 0, 1, 13) }, 6);
  assert.equal(zoomed.width, 10 * 60_000);
  assert.deepEqual(zoomed.failure, [0, 0, 0, 0, 1, 0]);
  assert.deepEqual(zoomed.unknown, [0, 0, 0, 1, 0, 0]);
});

test('windows are clamped slices of the matching rows with compact summaries', () => {
  const store = new RecordStore();
  store.add([
    rec({
      id: 'p',
      time: '2024-01-01T00:00:00.000Z',
      action: 'Publish',
      outcome: 'failure',
      actor: { id: '9', name: 'Ada' },
      target: { type: 'journey', id: 'j1', name: 'Welcome', version: 3 },
      errors: [{ code: 'E1', message: 'Entry event must be configured' }, { message: 'second' }],
    }),
  ]);
  assert.deepEqual(store.window({}, 0, 10), [
    {
      key: 0,
      time: '2024-01-01T00:00:00.000Z',
      provider: 'sfmc',
      connection: 'c1',
      action: 'Publish',
      outcome: 'failure',
      actor: 'Ada',
      target: 'journey: Welcome v3',
      errorCount: 2,
      firstError: 'E1: Entry event must be configured',
      changeCount: 0,
    },
  ]);
  assert.deepEqual(store.window({}, 5, 10), []);
  assert.deepEqual(store.window({}, -3, 1).length, 1);
  assert.equal(store.detail(42), undefined);
  assert.equal(store.detail(-1), undefined);
  assert.equal(store.detail(0.5), undefined);
});

test('days group by the viewer\'s zone, including a 23-hour day', () => {
  const store = new RecordStore();
  store.add([
    rec({ id: '1', time: '2024-03-31T00:30:00.000Z' }), // 01:30 CET, 31 March in Berlin (the DST day)
    rec({ id: '2', time: '2024-03-31T21:30:00.000Z' }), // 23:30 CEST, still 31 March
    rec({ id: '3', time: '2024-03-31T22:30:00.000Z' }), // 00:30 CEST, 1 April
    rec({ id: '4', time: '2024-03-30T22:59:59.999Z' }), // 23:59 CET, 30 March
  ]);
  const days = store.layout({}, 'Europe/Berlin').days;
  assert.deepEqual(days.map((d) => [new Date(d.dayStart).toISOString(), d.index, d.count]), [
    ['2024-03-31T22:00:00.000Z', 0, 1],
    ['2024-03-30T23:00:00.000Z', 1, 2],
    ['2024-03-29T23:00:00.000Z', 3, 1],
  ]);
  assert.deepEqual(store.layout({}, 'Not/AZone').days, store.layout({}, 'UTC').days, 'an unknown zone falls back to UTC');
  assert.equal(store.layout({}, 'UTC').days.length, 2);
});

test('previous record of the same target skips other targets and other connections', () => {
  const store = new RecordStore();
  const t = { type: 'journey', id: 'j1' };
  store.add([
    rec({ id: 'new', time: '2024-01-03T00:00:00.000Z', target: t }),
    rec({ id: 'other', time: '2024-01-02T12:00:00.000Z', target: { type: 'journey', id: 'j2' } }),
    rec({ id: 'otherConn', time: '2024-01-02T06:00:00.000Z', target: t, connection: 'c2' }),
    rec({ id: 'old', time: '2024-01-02T00:00:00.000Z', target: t }),
    rec({ id: 'none', time: '2024-01-01T00:00:00.000Z' }),
  ]);
  const keyOf = (id: string) => store.window({}, 0, 10).find((r) => store.record(r.key)?.id === id)!.key;
  assert.equal(store.record(store.detail(keyOf('new'))!.previousKey!)!.id, 'old');
  assert.equal(store.detail(keyOf('old'))!.previousKey, undefined);
  assert.equal(store.detail(keyOf('none'))!.previousKey, undefined);
});

test('streamed pages in any order give the same result as one sorted batch', () => {
  const records = generateRecords({ count: 5000, seed: 11 });
  const streamed = new RecordStore();
  for (let i = 0; i < records.length; i += 137) {
    streamed.add(records.slice(i, i + 137));
    if (i % 1000 === 0) streamed.window({}, 0, 1);
  }
  const bulk = new RecordStore();
  bulk.add(referenceSorted([records]));
  assert.deepEqual(streamed.matching().map((r) => r.id), bulk.matching().map((r) => r.id));
  for (const facet of FACET_NAMES) {
    assert.deepEqual(streamed.facets({}).find((f) => f.facet === facet), bulk.facets({}).find((f) => f.facet === facet));
  }
});

test('chunks read every match as it was when reading began: records added meanwhile are left out, none repeated', () => {
  const records = generateRecords({ count: 2500, seed: 41 });
  const store = new RecordStore();
  store.add(records.slice(0, 2000));
  const filter: RecordFilter = { exclude: { outcome: ['unknown'] } };
  const expected = store.matching(filter);
  const chunks = store.matchingChunks(filter, 300);
  const got = [...(chunks.next().value ?? [])];
  // Newer and older records arrive while the export is under way: display positions shift, handles do not.
  store.add(records.slice(2000));
  for (const chunk of chunks) got.push(...chunk);
  assert.deepEqual(got, expected);
  assert.equal(store.matching(filter).length > expected.length, true, 'the added records do match the filter');
  assert.deepEqual([...store.matchingChunks({ text: 'no record says this' }, 10)], []);
});
