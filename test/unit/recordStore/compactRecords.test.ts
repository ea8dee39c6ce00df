/**
 * The store keeps records in columns and rebuilds them on demand (issue 6).
 * What comes back must equal what went in, field for field and in the same
 * key order, with the provider's raw item the very object received; records
 * that do not fit the model's shape exactly are kept and returned whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import { RecordStore } from '../../../src/core/recordStore';
import { resolveTimeZone } from '../../../src/core/time';
import { normalizeFloQastItem } from '../../../src/providers/floqast/normalize';
import { normalizeLivePersonPage } from '../../../src/providers/liveperson/normalize';
import { normalizeSfmcPage } from '../../../src/providers/sfmc/normalize';
import { normalizeUniphoreItem } from '../../../src/providers/uniphore/normalize';
import { startSandbox } from '../../../src/sandbox/index';

async function providerRecords(): Promise<AuditRecord[]> {
  const sandbox = await startSandbox({ scale: { sfmc: 300, liveperson: 300, uniphore: 300, floqast: 300 } });
  try {
    const t = sandbox.truth;
    const journeys = [...t.sfmc.journeys()];
    const sfmcItems = journeys.flatMap((j) => t.sfmc.auditItems(j.id) as unknown[]);
    // SFMC's own seed mixes casings and sends errors: both must survive the round trip.
    sfmcItems.push(
      { action: 'Publish', id: 'j-err', name: 'Broken', versionNumber: 3, timeStamp: '2024-03-10T02:30:00.1234567', publishStatus: 'Error', user: { name: 'Ada', UserId: 42 }, errors: [{ ErrorCode: 'VALIDATE_GENERAL_EXCEPTION', ErrorDetail: 'Entry event must be configured' }] },
      { action: 'Modify', id: 'j-err', timeStamp: '2024-03-10T02:30:00', user: { name: 'Ada', userId: '42' } },
    );
    return [
      ...normalizeSfmcPage(sfmcItems, { connection: 'sfmc-1', zone: resolveTimeZone('-06:00') }),
      ...normalizeLivePersonPage(t.liveperson.items(undefined, { timezone: 'US/Eastern' } as never) as unknown[], { connection: 'lp-1', zone: resolveTimeZone('US/Eastern') }),
      ...(t.uniphore.items() as unknown[]).map((i) => normalizeUniphoreItem(i, { connection: 'uni-1', zone: resolveTimeZone('UTC') })),
      ...(t.floqast.items() as unknown[]).map((i) => normalizeFloQastItem(i, 'fq-1')),
    ];
  } finally {
    await sandbox.close();
  }
}

test('records of every provider come back equal, in the same key order, with the raw item received', async () => {
  const records = await providerRecords();
  assert.ok(records.some((r) => r.errors.length > 0) && records.some((r) => r.changes.length > 0) && records.some((r) => r.actor.email));
  const store = new RecordStore();
  for (let i = 0; i < records.length; i += 250) store.add(records.slice(i, i + 250));
  assert.equal(store.size, records.length);
  const byKey = new Map(records.map((r) => [`${r.connection} ${r.id}`, r]));
  const all = store.matching();
  assert.equal(all.length, records.length);
  assert.deepEqual(store.matching({}, 7), all.slice(0, 7), 'a limit gives the first records');
  assert.deepEqual(store.matching({}, 0), []);
  for (const got of all) {
    const sent = byKey.get(`${got.connection} ${got.id}`)!;
    assert.deepEqual(got, sent);
    assert.equal(JSON.stringify(got), JSON.stringify(sent), 'same keys in the same order');
    assert.equal(got.raw, sent.raw, 'the raw item is the object received, not a copy');
  }
  for (const row of store.window({}, 0, 1000)) {
    const sent = byKey.get(`${row.connection} ${store.record(row.key)!.id}`)!;
    assert.equal(row.time, sent.time);
    assert.equal(row.action, sent.action);
    assert.equal(row.errorCount, sent.errors.length);
    assert.equal(row.changeCount, sent.changes.length);
  }
});

test('a returned record is a copy: changing it leaves the store as it was', () => {
  const store = new RecordStore();
  const sent: AuditRecord = {
    provider: 'sfmc',
    connection: 'c',
    id: '1',
    time: '2024-01-01T00:00:00.000Z',
    action: 'Publish',
    outcome: 'failure',
    actor: { id: '7', name: 'Ada' },
    target: { type: 'journey', id: 'j', name: 'J', version: 2 },
    errors: [{ code: 'E', message: 'm' }],
    changes: [],
    raw: { a: 1 },
  };
  store.add([sent]);
  const copy = structuredClone(sent);
  const got = store.record(0)!;
  got.actor.name = 'Eve';
  got.target.version = 9;
  got.errors.push({ message: 'x' });
  got.changes.push({ field: 'f' });
  got.action = 'Delete';
  assert.deepEqual(store.record(0), copy);
  assert.equal(store.window({ include: { action: ['Publish'] } }, 0, 1)[0]?.actor, 'Ada');
});

class Classy {
  constructor(readonly r: AuditRecord) {}
}

test('records that do not fit the model exactly are kept whole and still filtered, searched and ordered', () => {
  const base = (id: string, time: string): AuditRecord => ({
    provider: 'uniphore',
    connection: 'c',
    id,
    time,
    action: 'Login',
    outcome: 'success',
    actor: { name: 'Ada' },
    target: { type: 'Session', id: 'same' },
    errors: [],
    changes: [],
    raw: { id },
  });
  const odd: AuditRecord[] = [
    base('no-millis', '2024-01-01T00:00:05Z'),
    { ...base('extra', '2024-01-01T00:00:04.000Z'), extra: true } as AuditRecord,
    { ...base('actor-extra', '2024-01-01T00:00:03.000Z'), actor: { name: 'Grace', role: 'admin' } as AuditRecord['actor'] },
    { ...base('version-string', '2024-01-01T00:00:02.000Z'), target: { type: 'Session', id: 'same', version: '2' as unknown as number } },
    Object.assign(Object.create(Classy.prototype) as AuditRecord, base('classy', '2024-01-01T00:00:01.000Z')),
    { ...base('undefined-name', '2024-01-01T00:00:00.500Z'), actor: { name: 'Ada', email: undefined } },
    { ...base('error-extra', '2024-01-01T00:00:00.400Z'), errors: [{ message: 'm', detail: 1 } as AuditRecord['errors'][number]] },
    { ...base('change-order', '2024-01-01T00:00:00.300Z'), changes: [{ new: 'b', field: 'f' }] },
    { ...base('change-number', '2024-01-01T00:00:00.200Z'), changes: [{ field: 'f', old: 3 as unknown as string }] },
  ];
  const plain = base('plain', '2024-01-01T00:00:00.000Z');
  const store = new RecordStore();
  store.add([...odd, plain]);
  const all = store.matching();
  assert.deepEqual(all.map((r) => r.id), ['no-millis', 'extra', 'actor-extra', 'version-string', 'classy', 'undefined-name', 'error-extra', 'change-order', 'change-number', 'plain']);
  odd.forEach((r, i) => assert.equal(all[i], r, `${r.id} is the very object added`));
  assert.deepEqual(all[9], plain);
  assert.notEqual(all[9], plain);
  assert.equal(store.matchCount({ text: 'ada' }), 9);
  assert.equal(store.matchCount({ text: 'grace' }), 1);
  assert.equal(store.matchCount({ include: { actor: ['Grace'] } }), 1);
  // The previous record of the same target crosses kept-whole and column records alike.
  const keyOf = (id: string) => store.window({}, 0, 10).find((r) => store.record(r.key)!.id === id)!.key;
  assert.equal(store.detail(keyOf('no-millis'))!.previousKey, keyOf('extra'));
  assert.equal(store.detail(keyOf('undefined-name'))!.previousKey, keyOf('error-extra'));
  assert.equal(store.detail(keyOf('change-number'))!.previousKey, keyOf('plain'));
  assert.equal(store.detail(keyOf('plain'))!.previousKey, undefined);
  assert.equal(store.window({}, 0, 1)[0]!.time, '2024-01-01T00:00:05Z', 'a kept-whole record shows its time as given');
});
