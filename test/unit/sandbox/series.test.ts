import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hashInts, Rng } from '../../../src/sandbox/prng';
import { ItemSeries, Timeline } from '../../../src/sandbox/series';

test('timeline: times never decrease with the index, inserted items included', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.constantFrom(1, 1000),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      (seed, count, resolutionMs, tieRate) => {
        const t = new Timeline({ seed, salt: 1, startMs: 1_600_000_000_000, endMs: 1_600_000_000_000 + 86_400_000 * 30, initialCount: count, resolutionMs, tieRate });
        let previous = -Infinity;
        for (let i = 0; i < count + 50; i++) {
          const ms = t.timeMs(i);
          if (ms < previous || ms % resolutionMs !== 0) return false;
          previous = ms;
        }
        return true;
      },
    ),
    { numRuns: 60 },
  );
});

test('series: filtered lists grow with inserts, and time windows match a brute-force scan', () => {
  const timeline = new Timeline({ seed: 3, salt: 9, startMs: 0, endMs: 10_000_000, initialCount: 2000, resolutionMs: 1000, tieRate: 0.2 });
  const series = new ItemSeries(timeline, 2000);
  const even = (i: number) => hashInts(5, i) % 2 === 0;
  const list = series.matching('even', even);
  const brute = Array.from({ length: 2000 }, (_, i) => i).filter(even);
  assert.deepEqual(Array.from({ length: list.length }, (_, k) => list.at(k)), brute);
  series.insert(300);
  const grown = series.matching('even', even);
  assert.deepEqual(
    Array.from({ length: grown.length }, (_, k) => grown.at(k)),
    Array.from({ length: 2300 }, (_, i) => i).filter(even),
  );
  // The earlier snapshot does not change under it.
  assert.equal(list.length, brute.length);
  const rng = new Rng(11);
  for (let n = 0; n < 50; n++) {
    const a = rng.int(-1_000_000, 11_000_000);
    const b = a + rng.int(0, 4_000_000);
    const { from, to } = series.timeWindow(grown, a, b);
    const expected = [];
    for (let k = 0; k < grown.length; k++) {
      const ms = series.timeMs(grown.at(k));
      if (ms >= a && ms < b) expected.push(k);
    }
    assert.deepEqual(Array.from({ length: to - from }, (_, k) => from + k), expected);
  }
});
