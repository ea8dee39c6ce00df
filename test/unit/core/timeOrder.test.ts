import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortByTimeDescending } from '../../../src/core/timeOrder';
import { FUZZ_RUNS } from './fuzzRuns';

/** The comparator sort the radix sort replaces (RecordStore.compareHandles). */
function referenceSort(handles: Int32Array, time: Float64Array, compareTies: (a: number, b: number) => number): Int32Array {
  return handles.slice().sort((a, b) => {
    const ta = time[a] as number;
    const tb = time[b] as number;
    if (ta !== tb) return ta < tb ? 1 : -1;
    return compareTies(a, b);
  });
}

/** The store's tie order: id ascending in code units, then handle. */
function idThenHandle(ids: readonly string[]): (a: number, b: number) => number {
  return (a, b) => {
    const ia = ids[a] as string;
    const ib = ids[b] as string;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  };
}

function mulberry32(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffle(a: Int32Array, rnd: () => number): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const x = a[i] as number;
    a[i] = a[j] as number;
    a[j] = x;
  }
  return a;
}

function check(handles: Int32Array, time: Float64Array, compareTies: (a: number, b: number) => number): void {
  const expected = referenceSort(handles, time, compareTies);
  const actual = handles.slice();
  const sortedTimes = sortByTimeDescending(actual, time, compareTies);
  assert.deepEqual(Array.from(actual), Array.from(expected));
  // The times come back in the new order, each exactly the record's own (strict: -0 is not 0).
  assert.deepEqual(Array.from(sortedTimes), Array.from(expected, (h) => time[h]));
}

const BASE = Date.UTC(2024, 0, 1);
// Few distinct values, so that runs of equal times are long and common; both zeros, infinities, negatives and fractions.
const TIME_POOL = [BASE, BASE + 1, BASE - 1, BASE + 86_400_000, 0, -0, 1, -1, -BASE, 0.5, -0.25, 1e-300, -1e300, Infinity, -Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
const ID_POOL = ['1', '2', '10', 'a', 'b', 'B', 'a#2', '', 'é', '\uD83D\uDE00'];

test('matches the comparator sort on random data with many ties, crossing the small-input threshold', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ time: fc.constantFrom(...TIME_POOL), id: fc.constantFrom(...ID_POOL) }), { maxLength: 400 }),
      fc.constantFrom('ascending', 'shuffled', 'sorted', 'reversed'),
      fc.integer(),
      (items, order, seed) => {
        const time = Float64Array.from(items, (x) => x.time);
        const ids = items.map((x) => x.id);
        const ties = idThenHandle(ids);
        let handles: Int32Array = Int32Array.from(items.keys());
        if (order === 'shuffled') handles = shuffle(handles, mulberry32(seed));
        if (order === 'sorted') handles = referenceSort(handles, time, ties);
        if (order === 'reversed') handles = referenceSort(handles, time, ties).reverse();
        check(handles, time, ties);
      },
    ),
    { numRuns: FUZZ_RUNS },
  );
});

test('matches the comparator sort on a year of millisecond times, with and without ties, in every input order', () => {
  const rnd = mulberry32(7);
  for (const [n, distinctTimes] of [
    [100_000, 365 * 86_400_000],
    [50_000, 3_000],
    [20_000, 2],
  ] as const) {
    const time = new Float64Array(n);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      time[i] = BASE + Math.floor(rnd() * distinctTimes);
      ids.push(`r${Math.floor(rnd() * n)}`);
    }
    // Now and then an unparseable time, which the store keeps as -Infinity.
    for (let i = 0; i < n; i += 97) time[i] = -Infinity;
    const ties = idThenHandle(ids);
    const ascending = Int32Array.from({ length: n }, (_, i) => i);
    const sorted = referenceSort(ascending, time, ties);
    check(ascending, time, ties);
    check(shuffle(ascending.slice(), rnd), time, ties);
    check(sorted, time, ties);
    check(sorted.slice().reverse(), time, ties);
  }
});

test('matches the comparator sort when times differ in all 64 bits (fractions, signs, extremes)', () => {
  const rnd = mulberry32(11);
  const n = 30_000;
  const time = new Float64Array(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const r = rnd();
    time[i] = kind === 0 ? (r - 0.5) * 1e15 : kind === 1 ? -r * 1e-200 : kind === 2 ? r : kind === 3 ? (TIME_POOL[Math.floor(r * TIME_POOL.length)] as number) : kind === 4 ? -r * 1e308 : Math.floor(r * 100);
    ids.push(String(Math.floor(rnd() * 50)));
  }
  const ties = idThenHandle(ids);
  const handles = shuffle(Int32Array.from({ length: n }, (_, i) => i), rnd);
  check(handles, time, ties);
});

test('is stable like the comparator sort when the tie comparator calls records equal, in short and long runs', () => {
  const rnd = mulberry32(3);
  const n = 5_000;
  // 40 distinct times make runs of about 125 records; 1000 make runs of about 5.
  for (const distinctTimes of [40, 1000]) {
    const time = Float64Array.from({ length: n }, () => BASE + Math.floor(rnd() * distinctTimes));
    const ids = Array.from({ length: n }, () => String(Math.floor(rnd() * 3)));
    // Id only: many handles compare equal, so only a stable sort keeps their input order.
    const byIdOnly = (a: number, b: number) => ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : 0);
    const handles = shuffle(Int32Array.from({ length: n }, (_, i) => i), rnd);
    check(handles, time, byIdOnly);
  }
});

test('-0 and 0 are equal times, ordered by the tie comparator', () => {
  const n = 200;
  const time = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -0 : 0));
  const ids = Array.from({ length: n }, (_, i) => String(n - i).padStart(4, '0'));
  const handles = Int32Array.from({ length: n }, (_, i) => i);
  const sortedTimes = sortByTimeDescending(handles, time, idThenHandle(ids));
  assert.deepEqual(Array.from(handles), Array.from({ length: n }, (_, i) => n - 1 - i));
  assert.deepEqual(Array.from(sortedTimes), Array.from(handles, (h) => (h % 2 ? -0 : 0)));
});

test('all times equal: the tie comparator decides alone', () => {
  const n = 300;
  const time = new Float64Array(n).fill(BASE);
  const ids = Array.from({ length: n }, (_, i) => String(i % 7));
  check(Int32Array.from({ length: n }, (_, i) => i), time, idThenHandle(ids));
});

test('the tie comparator is called only for records with equal times', () => {
  const n = 10_000;
  const time = Float64Array.from({ length: n }, (_, i) => BASE + ((i * 7919) % n));
  time[5] = time[6] as number;
  time[4000] = -Infinity;
  time[4001] = -Infinity;
  const calls: [number, number][] = [];
  const handles = Int32Array.from({ length: n }, (_, i) => i);
  sortByTimeDescending(handles, time, (a, b) => {
    calls.push([a, b]);
    return a - b;
  });
  assert.ok(calls.length > 0);
  for (const [a, b] of calls) assert.equal(time[a], time[b]);
  assert.deepEqual(Array.from(handles), Array.from(referenceSort(Int32Array.from({ length: n }, (_, i) => i), time, (a, b) => a - b)));
});

test('empty and single-handle input', () => {
  const time = Float64Array.of(BASE);
  const none = new Int32Array(0);
  sortByTimeDescending(none, time, () => 0);
  assert.equal(none.length, 0);
  const one = Int32Array.of(0);
  sortByTimeDescending(one, time, () => 0);
  assert.deepEqual(Array.from(one), [0]);
});
