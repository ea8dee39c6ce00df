import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoInstant, parseWallTimeMdy, parseWallTimeYmd, resolveTimeZone, isCalendarDay } from '../../../src/core/time';
import { BadResponseError, ConfigError } from '../../../src/core/errors';

test('fixed UTC-06:00 reads SFMC wall times (truncating to milliseconds)', () => {
  const zone = resolveTimeZone('-06:00');
  assert.equal(parseWallTimeYmd('2015-10-30T11:49:55.99', zone), '2015-10-30T17:49:55.990Z');
  assert.equal(parseWallTimeYmd('2024-10-28T08:04:22.4', zone), '2024-10-28T14:04:22.400Z');
  assert.equal(parseWallTimeYmd('2024-10-28T08:04:22.1234567', zone), '2024-10-28T14:04:22.123Z');
  assert.equal(parseWallTimeYmd('2024-07-01T00:00:00', zone), '2024-07-01T06:00:00.000Z');
});

test('US/Eastern in January is UTC-5', () => {
  const zone = resolveTimeZone('US/Eastern');
  assert.equal(parseWallTimeYmd('2024-01-15 06:10:46.0', zone), '2024-01-15T11:10:46.000Z');
});

test('US/Eastern in July is UTC-4 (daylight saving)', () => {
  const zone = resolveTimeZone('US/Eastern');
  assert.equal(parseWallTimeYmd('2024-07-15 06:10:46.0', zone), '2024-07-15T10:10:46.000Z');
});

test('US/Eastern around the spring-forward and fall-back transitions', () => {
  const zone = resolveTimeZone('America/New_York');
  assert.equal(parseWallTimeYmd('2024-03-10 01:59:59.0', zone), '2024-03-10T06:59:59.000Z');
  assert.equal(parseWallTimeYmd('2024-03-10 03:00:00.0', zone), '2024-03-10T07:00:00.000Z');
  // 01:30 happens twice on 3 November; the earlier (EDT) instant is chosen.
  assert.equal(parseWallTimeYmd('2024-11-03 01:30:00.0', zone), '2024-11-03T05:30:00.000Z');
  assert.equal(parseWallTimeYmd('2024-11-03 03:00:00.0', zone), '2024-11-03T08:00:00.000Z');
});

test('Uniphore MM-DD-YYYY is UTC by default', () => {
  assert.equal(parseWallTimeMdy('04-05-2024 09:38:09', resolveTimeZone('UTC')), '2024-04-05T09:38:09.000Z');
  assert.equal(parseWallTimeMdy('04-05-2024 09:38:09', resolveTimeZone('+02:00')), '2024-04-05T07:38:09.000Z');
});

test('malformed timestamps are typed errors', () => {
  const zone = resolveTimeZone('UTC');
  assert.throws(() => parseWallTimeMdy('2024-04-05 09:38:09', zone), BadResponseError);
  assert.throws(() => parseWallTimeMdy('02-31-2024 09:38:09', zone), BadResponseError);
  assert.throws(() => parseWallTimeYmd('yesterday', zone), BadResponseError);
  assert.throws(() => parseWallTimeYmd(42, zone), BadResponseError);
  assert.throws(() => parseIsoInstant('2021-01-01T00:00:00'), BadResponseError);
});

test('ISO instants keep their own offset', () => {
  assert.equal(parseIsoInstant('2021-01-01T00:00:00.000Z'), '2021-01-01T00:00:00.000Z');
  assert.equal(parseIsoInstant('2021-01-01T02:00:00+02:00'), '2021-01-01T00:00:00.000Z');
});

test('unknown zones are config errors, offsets and IANA names are accepted', () => {
  assert.throws(() => resolveTimeZone('Mars/Olympus'), ConfigError);
  assert.equal(resolveTimeZone('UTC-6').offsetMinutesAt(0), -360);
  assert.equal(resolveTimeZone('America/Chicago').offsetMinutesAt(Date.UTC(2024, 0, 1)), -360);
  assert.equal(resolveTimeZone('America/Chicago').offsetMinutesAt(Date.UTC(2024, 6, 1)), -300);
});

test('calendar days are validated', () => {
  assert.ok(isCalendarDay('2024-02-29'));
  assert.ok(!isCalendarDay('2023-02-29'));
  assert.ok(!isCalendarDay('2024-2-1'));
});

test('an east-of-UTC zone picks the earlier instant in its repeated hour', () => {
  const zone = resolveTimeZone('Europe/Berlin');
  assert.equal(parseWallTimeYmd('2024-10-27 02:30:00.0', zone), '2024-10-27T00:30:00.000Z');
  assert.equal(parseWallTimeYmd('2024-03-31 02:30:00.0', zone), '2024-03-31T01:30:00.000Z');
});

test('fuzz: time parsers return an ISO instant or throw a typed error, never anything else', async () => {
  const fc = (await import('fast-check')).default;
  const { FUZZ_RUNS } = await import('./fuzzRuns');
  const { AuditLensError } = await import('../../../src/core/errors');
  const zones = ['UTC', '-06:00', 'US/Eastern', 'Europe/Berlin', 'Australia/Lord_Howe'].map(resolveTimeZone);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  const wallish = fc
    .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.string({ unit: fc.constantFrom('0', '1', '9'), maxLength: 8 }))
    .map(([y, mo, d, h, mi, s, f]) => {
      const p = (n: number) => String(n).padStart(2, '0');
      return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${f ? `.${f}` : ''}`;
    });
  fc.assert(
    fc.property(fc.oneof(wallish, fc.string(), fc.anything()), fc.constantFrom(...zones), (input, zone) => {
      for (const parse of [parseWallTimeYmd, parseWallTimeMdy, (v: unknown) => parseIsoInstant(v)]) {
        try {
          const out = parse(input, zone);
          if (!iso.test(out)) return false;
        } catch (e) {
          if (!(e instanceof AuditLensError)) return false;
        }
      }
      return true;
    }),
    { numRuns: FUZZ_RUNS },
  );
});

test('fuzz: a wall time read in a zone maps back to the same wall time (outside skipped hours)', async () => {
  const fc = (await import('fast-check')).default;
  const { FUZZ_RUNS } = await import('./fuzzRuns');
  const { DateTime } = await import('luxon');
  fc.assert(
    fc.property(fc.date({ min: new Date('1980-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }), fc.constantFrom('US/Eastern', 'America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', '-06:00'), (date, zoneName) => {
      const zone = resolveTimeZone(zoneName);
      const luxZone = zoneName.startsWith('-') ? `UTC${zoneName}` : zoneName;
      const wall = DateTime.fromJSDate(date, { zone: luxZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
      const back = parseWallTimeYmd(wall, zone);
      const wallAgain = DateTime.fromISO(back, { zone: luxZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
      return wallAgain === wall;
    }),
    { numRuns: FUZZ_RUNS },
  );
});
