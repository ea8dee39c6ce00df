/**
 * Records added with their page keep no parsed raw item: the store reads the
 * item back from the page's text when a record is asked for (issue 6: heap
 * within 2× the raw JSON). What comes back must equal what was normalized.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import { RawPage, keepRecords } from '../../../src/core/rawPage';
import { RecordStore } from '../../../src/core/recordStore';
import { resolveTimeZone } from '../../../src/core/time';
import { normalizeLivePersonPage } from '../../../src/providers/liveperson/normalize';
import { normalizeSfmcPage } from '../../../src/providers/sfmc/normalize';

const zone = resolveTimeZone('-06:00');

function sfmcItem(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { action: 'Modify', id: `j-${n % 3}`, name: `Journey ${n % 3} ✓`, versionNumber: 1 + (n % 4), timeStamp: `2024-05-0${1 + (n % 9)}T10:00:${String(n % 60).padStart(2, '0')}.5`, user: { name: 'Ada', userId: 7 }, description: `item ${n}`, ...extra };
}

/** A page as an API sends it: the text, and the records normalized from a parse of it. */
function page(items: Record<string, unknown>[]): { text: string; page: RawPage; records: AuditRecord[] } {
  const text = JSON.stringify({ Page: 1, Count: items.length, Items: items });
  const locate = (body: unknown) => (body as { Items: unknown[] }).Items;
  const records = normalizeSfmcPage(locate(JSON.parse(text)), { connection: 'c', zone });
  return { text, page: new RawPage(text, locate), records };
}

test('a record added with its page comes back equal, its raw item read from the page text', () => {
  const pages = [0, 1, 2, 3, 4, 5].map((p) => page(Array.from({ length: 50 }, (_, i) => sfmcItem(p * 50 + i, i === 3 ? { publishStatus: 'Error', action: 'Publish', errors: [{ ErrorCode: 'E1', ErrorDetail: 'no entry' }] } : {}))));
  const store = new RecordStore();
  for (const p of pages) store.add(p.records, { page: p.page });
  assert.equal(store.size, 300);
  const sent = new Map(pages.flatMap((p) => p.records).map((r) => [r.id, r]));
  // More pages than the parse cache holds, read out of order: every page is parsed again at least once.
  const all = store.matching();
  assert.equal(all.length, 300);
  for (const got of all) {
    const want = sent.get(got.id)!;
    assert.deepEqual(got, want);
    assert.equal(JSON.stringify(got), JSON.stringify(want), 'same keys in the same order');
    assert.notEqual(got.raw, want.raw, 'the raw item is parsed again, not kept');
  }
  const failed = all.filter((r) => r.outcome === 'failure');
  assert.equal(failed.length, 6);
  assert.deepEqual(failed[0]!.errors, [{ code: 'E1', message: 'no entry' }]);
});

test('records narrowed by keepRecords keep the right raw item', () => {
  const p = page(Array.from({ length: 40 }, (_, i) => sfmcItem(i)));
  const { records, raw } = keepRecords(p.records, { page: p.page }, (r) => Number((r.raw as { description: string }).description.slice(5)) % 3 === 1);
  assert.equal(records.length, 13);
  assert.deepEqual(raw?.index, records.map((r) => Number((r.raw as { description: string }).description.slice(5))));
  // Narrowing twice composes the mappings.
  const again = keepRecords(records, raw, (r) => r.target.version === 2);
  assert.ok(again.records.length > 0 && again.records.length < records.length);
  const store = new RecordStore();
  store.add(again.records, again.raw);
  for (const got of store.matching()) {
    const want = again.records.find((r) => r.id === got.id)!;
    assert.deepEqual(got.raw, want.raw);
  }
  const none = keepRecords(p.records, { page: p.page }, () => true);
  assert.equal(none.raw?.index, undefined, 'keeping everything keeps the identity mapping');
});

test('a page whose records were all stored already is not kept; a record added without its page keeps its raw object', () => {
  const p = page(Array.from({ length: 10 }, (_, i) => sfmcItem(i)));
  const store = new RecordStore();
  store.add(p.records);
  // The same records again with a page: all duplicates, so nothing refers to the page.
  assert.equal(store.add(p.records, { page: p.page }), 0);
  assert.equal((store as unknown as { pages: RawPage[] }).pages.length, 0);
  for (const got of store.matching()) assert.equal(got.raw, p.records.find((r) => r.id === got.id)!.raw, 'kept as the object received');
});

test('byte-identical items of a page keep their own ids and raw items; LivePerson pages too', () => {
  const lpItem = (n: number) => ({ accountId: '1', objectType: 'Skills', objectName: `S${n}`, element: 'name', oldValue: 'a', newValue: `b${n}`, originator: 'Bo', originatorUserId: '9', changeDate: '2025-04-18 13:35:22.0' });
  const items = [lpItem(1), lpItem(2), lpItem(1), lpItem(3)];
  const text = JSON.stringify({ data: { auditData: items } });
  const locate = (body: unknown) => (body as { data: { auditData: unknown[] } }).data.auditData;
  const records = normalizeLivePersonPage(locate(JSON.parse(text)), { connection: 'lp', zone: resolveTimeZone('US/Eastern') });
  const store = new RecordStore();
  store.add(records, { page: new RawPage(text, locate) });
  assert.equal(store.size, 4, 'the repeat is a genuine record of its own (#2)');
  const all = store.matching();
  for (const got of all) assert.deepEqual(got, records.find((r) => r.id === got.id));
  assert.ok(all.some((r) => r.id.endsWith('#2')));
  assert.deepEqual(all.map((r) => r.changes[0]?.new).sort(), ['b1', 'b1', 'b2', 'b3']);
});

test('a page kept as its UTF-8 bytes reads back the same items as its text, beyond Latin-1 too', () => {
  const items = [sfmcItem(1, { name: 'Łódź ✓ 日本 😀' }), sfmcItem(2)];
  const text = JSON.stringify({ Items: items });
  const locate = (body: unknown) => (body as { Items: unknown[] }).Items;
  const fromBytes = new RawPage(new Uint8Array(Buffer.from(text, 'utf8')), locate);
  const fromText = new RawPage(text, locate);
  assert.deepEqual(fromBytes.item(0), items[0]);
  assert.deepEqual(fromBytes.item(1), fromText.item(1));
  assert.equal(fromBytes.item(2), undefined);
});

test('identity reads a record\'s connection and id without parsing its page again', () => {
  const items = Array.from({ length: 30 }, (_, i) => sfmcItem(i));
  const text = JSON.stringify({ Items: items });
  let parses = 0;
  const locate = (body: unknown) => {
    parses++;
    return (body as { Items: unknown[] }).Items;
  };
  const records = normalizeSfmcPage(locate(JSON.parse(text)), { connection: 'c', zone });
  parses = 0;
  const store = new RecordStore();
  store.add(records, { page: new RawPage(text, locate) });
  const ids = Array.from({ length: store.size }, (_, key) => store.identity(key));
  assert.equal(parses, 0, 'no page parsed');
  assert.deepEqual(ids, records.map((r) => ({ connection: 'c', id: r.id })));
  assert.equal(store.identity(store.size), undefined);
  assert.equal(store.identity(-1), undefined);
  assert.deepEqual(store.record(3)?.id, ids[3]?.id);
  assert.equal(parses, 1);
});
