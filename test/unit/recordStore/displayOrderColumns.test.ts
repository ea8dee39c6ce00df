import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DisplayOrderColumns, type HandleColumns } from '../../../src/core/displayOrderColumns';
import { FUZZ_RUNS } from '../core/fuzzRuns';

const FACETS = 5;

/** Time descending, then id, then handle: the store's display order. */
function comparator(time: Float64Array, ids: readonly string[]): (a: number, b: number) => number {
  return (a, b) => {
    const ta = time[a] as number;
    const tb = time[b] as number;
    if (ta !== tb) return ta < tb ? 1 : -1;
    const ia = ids[a] as string;
    const ib = ids[b] as string;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  };
}

/** Every column of the first `length` positions equals the source's values of the handles in display order. */
function assertColumns(display: DisplayOrderColumns, expectedHandles: number[], source: HandleColumns): void {
  assert.equal(display.length, expectedHandles.length);
  assert.deepEqual(Array.from(display.handle.subarray(0, display.length)), expectedHandles);
  assert.deepEqual(Array.from(display.time.subarray(0, display.length)), expectedHandles.map((h) => source.time[h]));
  assert.deepEqual(Array.from(display.outcome.subarray(0, display.length)), expectedHandles.map((h) => source.outcome[h]));
  for (let f = 0; f < FACETS; f++) {
    assert.deepEqual(Array.from((display.facets[f] as Uint32Array).subarray(0, display.length)), expectedHandles.map((h) => (source.facets[f] as Uint32Array)[h]));
  }
}

test('merging batches keeps every column in display order (appended, interleaved, growing, with or without the batch times)', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          time: fc.constantFrom(-Infinity, 0, 1, 2, 3, 1000, 1001),
          id: fc.constantFrom('a', 'b', 'c', '1'),
          outcome: fc.integer({ min: 0, max: 2 }),
          facets: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: FACETS, maxLength: FACETS }),
        }),
        { maxLength: 300 },
      ),
      fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 20 }),
      fc.constantFrom('insertion', 'newest first', 'oldest first'),
      fc.integer({ min: 1, max: 64 }),
      fc.boolean(),
      (items, batchSizes, arrival, capacity, withTimes) => {
        const time = Float64Array.from(items, (x) => x.time);
        const ids = items.map((x) => x.id);
        const source: HandleColumns = {
          time,
          outcome: Uint8Array.from(items, (x) => x.outcome),
          facets: Array.from({ length: FACETS }, (_, f) => Uint32Array.from(items, (x) => x.facets[f] as number)),
        };
        const order = comparator(time, ids);
        // Pages arriving newest first append to the end; oldest first, each batch goes in front.
        const arrivalOrder = items.map((_, h) => h);
        if (arrival === 'newest first') arrivalOrder.sort(order);
        if (arrival === 'oldest first') arrivalOrder.sort(order).reverse();
        const display = new DisplayOrderColumns(FACETS, capacity);
        const seen: number[] = [];
        let next = 0;
        let b = 0;
        while (next < arrivalOrder.length) {
          const size = batchSizes[b++ % batchSizes.length] as number;
          const batch = Int32Array.from(arrivalOrder.slice(next, next + size)).sort(order);
          next += size;
          // The caller may hand over the batch's times (the store's sort does) or leave them to be read by handle.
          const batchTime = withTimes ? Float64Array.from(batch, (h) => time[h] as number) : undefined;
          display.merge(batch, source, (position, h) => order(display.handle[position] as number, h) < 0, batchTime);
          seen.push(...batch);
          assertColumns(display, seen.slice().sort(order), source);
        }
      },
    ),
    { numRuns: FUZZ_RUNS },
  );
});
