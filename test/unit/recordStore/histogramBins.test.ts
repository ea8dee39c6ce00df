import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NICE_BIN_WIDTHS_MS, binIndex, layoutBins } from '../../../src/core/histogramBins';
import { parseSearchTerms } from '../../../src/core/textSearchIndex';

const YEAR = 365 * 24 * 3600_000;

test('bin layouts cover the range with round, aligned widths and never exceed the maximum (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4_000_000_000_000 }),
      fc.integer({ min: 0, max: 200 * YEAR }),
      fc.integer({ min: 1, max: 500 }),
      (from, span, maxBins) => {
        const to = from + span;
        const l = layoutBins(from, to, maxBins);
        assert.ok(l.count >= 1 && l.count <= maxBins, `count ${l.count} <= ${maxBins}`);
        assert.ok(l.start <= from && l.start + l.width * l.count >= Math.max(to, from + 1));
        assert.equal(l.start % l.width, 0);
        assert.ok(NICE_BIN_WIDTHS_MS.includes(l.width) || l.width % YEAR === 0);
        // The smallest round width that fits was chosen.
        const smaller = NICE_BIN_WIDTHS_MS.filter((w) => w < l.width);
        for (const w of smaller) assert.ok(Math.ceil((Math.max(to, from + 1) - Math.floor(from / w) * w) / w) > maxBins);
        assert.equal(binIndex(l, from), Math.floor((from - l.start) / l.width));
        assert.equal(binIndex(l, l.start - 1), -1);
        assert.equal(binIndex(l, l.start + l.width * l.count), -1);
      },
    ),
  );
});

test('a day at 24 bins is hourly and starts at midnight UTC', () => {
  const from = Date.UTC(2024, 5, 1, 0, 20);
  assert.deepEqual(layoutBins(from, Date.UTC(2024, 5, 1, 23, 50), 24), { start: Date.UTC(2024, 5, 1), width: 3600_000, count: 24 });
});

test('search terms: lowercase, quoted phrases kept, blanks and repeats dropped', () => {
  assert.deepEqual(parseSearchTerms('  Publish  "Entry Event" publish ""  x'), ['publish', 'entry event', 'x']);
  assert.deepEqual(parseSearchTerms('"unterminated phrase'), ['"unterminated', 'phrase']);
  assert.deepEqual(parseSearchTerms(''), []);
});
