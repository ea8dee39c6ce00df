import assert from 'node:assert/strict';
import { test } from 'node:test';
import { customRange, inRange, presetRange, validateDay } from '../../../src/extension/timeRange';

const NOW = Date.parse('2024-03-10T05:00:00.000Z');

test('presets cover the exact window and the UTC days it touches', () => {
  const r = presetRange('24h', NOW);
  assert.equal(r.fromDay, '2024-03-09');
  assert.equal(r.toDay, '2024-03-10');
  assert.equal(r.endMs - r.startMs, 24 * 3600_000);
  assert.equal(inRange(r, '2024-03-09T05:00:00.000Z'), true);
  assert.equal(inRange(r, '2024-03-09T04:59:59.999Z'), false);
  assert.equal(presetRange('30d', NOW).fromDay, '2024-02-09');
  assert.equal(presetRange('7d', NOW).label, 'last 7 days');
});

test('custom ranges are inclusive UTC days and refuse bad input', () => {
  const r = customRange('2024-01-01', ' 2024-01-31 ');
  assert.equal(inRange(r, '2024-01-01T00:00:00.000Z'), true);
  assert.equal(inRange(r, '2024-01-31T23:59:59.999Z'), true);
  assert.equal(inRange(r, '2024-02-01T00:00:00.000Z'), false);
  assert.equal(r.label, '2024-01-01 – 2024-01-31');
  assert.throws(() => customRange('2024-02-01', '2024-01-01'), /starts .* after it ends/);
  assert.throws(() => customRange('2024-02-30', '2024-03-01'), /not a date/);
  assert.equal(validateDay('2024-02-29'), undefined);
  assert.match(validateDay('29.02.2024') ?? '', /YYYY-MM-DD/);
});
