/**
 * The timeline's store is the extension's one copy of a query's records:
 * commands, the record registry and the last query's results read them
 * through the session they streamed into, and pages streamed with their
 * text reach the store as text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import { sortAndDedupe } from '../../../src/core/order';
import { keepRecords, RawPage } from '../../../src/core/rawPage';
import { resolveTimeZone } from '../../../src/core/time';
import { RecordRegistry } from '../../../src/extension/recordRegistry';
import { QueryResults } from '../../../src/extension/services';
import { TimelineHost } from '../../../src/extension/timeline/timelineHost';
import { normalizeSfmcPage } from '../../../src/providers/sfmc/normalize';
import { generateRecords } from '../recordStore/recordGenerator';

function host(): TimelineHost {
  return new TimelineHost({ openRecordAsJson() {}, compareRecords() {}, copyText() {}, openExternal() {} }, { throttleMs: 1_000_000 });
}

const info = { title: 'Q', connections: ['A'] };

test("a session's records are read from the timeline's store: count, all newest first, one by connection and id", () => {
  const h = host();
  const session = h.startQuery(info);
  const records = generateRecords({ count: 300, seed: 3 });
  session.addRecords(records.slice(0, 200));
  session.addRecords(records.slice(150));
  assert.equal(session.records.size, 300);
  assert.deepEqual(session.records.all(), sortAndDedupe(records));
  assert.deepEqual([...session.records.chunks(64)].flat(), sortAndDedupe(records));
  assert.deepEqual(session.records.first(5), sortAndDedupe(records).slice(0, 5));
  for (const r of records) assert.deepEqual(session.records.find(r.connection, r.id), r);
  assert.equal(session.records.find(records[0]!.connection, 'no-such-id'), undefined);
  assert.equal(session.records.find('no-such-connection', records[0]!.id), undefined);
});

test('records added after a lookup are found too', () => {
  const h = host();
  const session = h.startQuery(info);
  const [first, ...rest] = generateRecords({ count: 40, seed: 5 });
  session.addRecords([first!]);
  assert.deepEqual(session.records.find(first!.connection, first!.id), first);
  session.addRecords(rest);
  for (const r of rest) assert.deepEqual(session.records.find(r.connection, r.id), r);
});

test('a cancelled query keeps its records readable; a newer query or a restore takes them away', () => {
  const h = host();
  const first = h.startQuery(info);
  const records = generateRecords({ count: 20, seed: 7 });
  first.addRecords(records);
  h.cancel();
  assert.equal(first.records.size, 20, 'cancelled, still shown');
  const r = records[4]!;
  assert.deepEqual(first.records.find(r.connection, r.id), r);

  const second = h.startQuery({ ...info, title: 'Q2' });
  assert.equal(first.records.size, 0);
  assert.deepEqual(first.records.all(), []);
  assert.deepEqual([...first.records.chunks(5)], []);
  assert.equal(first.records.find(r.connection, r.id), undefined, 'the old index is not consulted');
  second.addRecords(records.slice(0, 3));
  assert.equal(second.records.size, 3);

  h.restore(JSON.parse(JSON.stringify(h.snapshot(10))));
  assert.equal(second.records.size, 0, 'a restored panel is not the query’s');
  assert.equal(second.records.find(r.connection, records[0]!.id), undefined);
});

test('records streamed with their page reach the store as the page text, and come back equal', () => {
  const items = Array.from({ length: 30 }, (_, n) => ({
    action: n % 4 === 0 ? 'Publish' : 'Modify',
    id: 'j-1',
    name: 'Journey',
    versionNumber: 1 + (n % 3),
    timeStamp: `2024-05-0${1 + (n % 9)}T10:00:${String(n).padStart(2, '0')}.5`,
    user: { name: 'Ada', userId: 7 },
    description: `item ${n}`,
  }));
  const text = JSON.stringify({ Count: items.length, Items: items });
  const locate = (body: unknown) => (body as { Items: unknown[] }).Items;
  const normalized = normalizeSfmcPage(locate(JSON.parse(text)), { connection: 'c', zone: resolveTimeZone('-06:00') });
  // A range filter narrows the page, as the query command's does.
  const kept = keepRecords(normalized, { page: new RawPage(text, locate) }, (r) => r.target.version !== 2);
  assert.ok(kept.raw?.index, 'the page mapping was narrowed');

  const h = host();
  const session = h.startQuery(info);
  session.addRecords(kept.records, kept.raw);
  assert.equal(session.records.size, kept.records.length);
  const byId = new Map<string, AuditRecord>(kept.records.map((r) => [r.id, r]));
  for (const got of session.records.all()) {
    const want = byId.get(got.id)!;
    assert.deepEqual(got, want);
    assert.notEqual(got.raw, want.raw, 'the raw item was read back from the page text, not kept as received');
  }
});

test('the registry: records a user opened stay, the rest are looked up in the last query', () => {
  const h = host();
  const registry = new RecordRegistry();
  const first = h.startQuery(info);
  const records = generateRecords({ count: 10, seed: 9 });
  first.addRecords(records);
  registry.replace(first.records);
  const [opened, other] = [records[0]!, records[1]!];
  assert.deepEqual(registry.get(other.connection, other.id), other, 'found in the timeline');
  registry.pin(opened);

  const second = h.startQuery({ ...info, title: 'Q2' });
  registry.replace(second.records);
  assert.equal(registry.get(opened.connection, opened.id), opened, 'an opened record outlives its query');
  assert.equal(registry.get(other.connection, other.id), undefined, 'the previous query’s other records are gone');
  registry.replace(undefined);
  assert.equal(registry.get(opened.connection, opened.id), opened);
});

test("the last query's results are the session's records, not a copy", () => {
  const h = host();
  const results = new QueryResults();
  assert.equal(results.count, 0);
  assert.deepEqual(results.reader().first(Infinity), []);
  const session = h.startQuery(info);
  results.source = session.records;
  const records = generateRecords({ count: 12, seed: 11 });
  session.addRecords(records);
  assert.equal(results.count, 12);
  assert.deepEqual([...results.reader().chunks(5)].flat(), sortAndDedupe(records));
  h.startQuery(info);
  assert.equal(results.count, 0, 'a query the timeline no longer holds has no results');
});
