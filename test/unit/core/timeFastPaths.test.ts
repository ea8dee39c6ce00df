/**
 * The time parsers read the common shapes without regexes, print ISO times
 * from digit tables and cache offsets per wall hour (issue 6). These tests
 * hold every fast path to a plain reference: the regex reading, Date.UTC and
 * toISOString, and offsets asked of the zone at both ends of the day.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import {
  canonicalIsoUtcToMs,
  formatIsoUtc,
  isCanonicalIsoUtc,
  parseIsoInstant,
  parseWallTimeMdy,
  parseWallTimeYmd,
  resolveTimeZone,
} from '../../../src/core/time';
import { AuditLensError } from '../../../src/core/errors';
import { FUZZ_RUNS } from './fuzzRuns';

const HOUR = 3_600_000;

/** The offset at an instant, asked of luxon directly (no cache). */
function referenceOffset(zoneName: string, utcMs: number): number {
  if (zoneName === 'UTC') return 0;
  const fixed = /^([+-])(\d{2}):(\d{2})$/.exec(zoneName);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  return IANAZone.create(zoneName).offset(Math.floor(utcMs / HOUR) * HOUR);
}

/** The wall-time rule of wallTimeToUtcMs, without shortcuts. */
function referenceWallToUtc(zoneName: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const before = referenceOffset(zoneName, asUtc - 14 * HOUR);
  const after = referenceOffset(zoneName, asUtc + 14 * HOUR);
  const c1 = asUtc - before * 60_000;
  if (before === after) return c1;
  const c2 = asUtc - after * 60_000;
  const valid1 = referenceOffset(zoneName, c1) === before;
  const valid2 = referenceOffset(zoneName, c2) === after;
  if (valid1 && valid2) return Math.min(c1, c2);
  if (valid2) return c2;
  return c1;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** The reading parseWallTimeYmd gave before its fast path, for years 1000–9999; undefined when it must refuse. */
function referenceYmd(text: string, zoneName: string): string | undefined {
  const m = YMD.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = Number(m[6] ?? '0');
  const ms = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s > 59) return undefined;
  if (new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d) return undefined;
  const iso = new Date(referenceWallToUtc(zoneName, y!, mo!, d!, h!, mi!, s, ms)).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function attempt(f: () => string): string | undefined {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof AuditLensError, `a typed error, not ${String(e)}`);
    return undefined;
  }
}

const ZONES = ['UTC', '-06:00', '+05:30', 'US/Eastern', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Near-valid wall times: every field sometimes out of range, all separators and fraction lengths.
const wallTimeArb = fc
  .record({
    y: fc.oneof(fc.integer({ min: 1000, max: 9999 }), fc.constantFrom(1970, 2024, 2025, 2100)),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 24 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 60 }),
    sep: fc.constantFrom('T', ' ', 't', '_'),
    tail: fc.constantFrom('', ':SS', ':SS.', ':SS.F'),
    fraction: fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 10 }),
    junk: fc.constantFrom('', '', '', 'Z', 'x', '+02:00'),
  })
  .map(({ y, mo, d, h, mi, s, sep, tail, fraction, junk }) => {
    const secs = tail === '' ? '' : tail === ':SS' ? `:${pad(s)}` : tail === ':SS.' ? `:${pad(s)}.` : `:${pad(s)}.${fraction}`;
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}${sep}${pad(h)}:${pad(mi)}${secs}${junk}`;
  });

test('formatIsoUtc prints exactly what toISOString prints', () => {
  const edges = [0, -1, 1, 951_782_400_000 - 1, 951_782_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), -62_167_219_200_000, 253_402_300_799_999, 8.64e15, -8.64e15];
  for (const ms of edges) assert.equal(formatIsoUtc(ms), new Date(ms).toISOString(), String(ms));
  fc.assert(
    fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => formatIsoUtc(ms) === new Date(ms).toISOString()),
    { numRuns: FUZZ_RUNS * 10 },
  );
  // Same day slot, different days: the per-day cache must not hand out a stale date.
  const day = 86_400_000;
  assert.equal(formatIsoUtc(5 * day + 1), new Date(5 * day + 1).toISOString());
  assert.equal(formatIsoUtc(69 * day + 1), new Date(69 * day + 1).toISOString());
  assert.equal(formatIsoUtc(5 * day + 2), new Date(5 * day + 2).toISOString());
  assert.throws(() => formatIsoUtc(NaN), RangeError);
});

test('wall times read in every zone match the general rule, or are refused where it refuses', () => {
  fc.assert(
    fc.property(wallTimeArb, fc.constantFrom(...ZONES), (text, zoneName) => {
      const zone = resolveTimeZone(zoneName);
      const got = attempt(() => parseWallTimeYmd(text, zone));
      if (/[Z+]/.test(text) && !text.endsWith('x')) return true; // offsets: parseIsoInstant's business
      assert.equal(got, referenceYmd(text, zoneName), `${text} in ${zoneName}`);
      return true;
    }),
    { numRuns: FUZZ_RUNS * 10 },
  );
});

test('wall times on every hour around daylight-saving changes match the general rule', () => {
  for (const zoneName of ['US/Eastern', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns']) {
    const zone = resolveTimeZone(zoneName);
    for (const [start, end] of [[Date.UTC(2024, 2, 8), Date.UTC(2024, 3, 9)], [Date.UTC(2024, 9, 25), Date.UTC(2024, 10, 5)]] as const) {
      for (let t = start; t < end; t += 15 * 60_000) {
        const w = new Date(t);
        const text = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:00.0`;
        assert.equal(parseWallTimeYmd(text, zone), referenceYmd(text, zoneName), `${text} in ${zoneName}`);
      }
    }
  }
});

test('Uniphore MM-DD-YYYY times match the general rule', () => {
  fc.assert(
    fc.property(wallTimeArb, fc.constantFrom(...ZONES), (ymd, zoneName) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})(.)(\d{2}):(\d{2})(.*)$/.exec(ymd);
      if (!m) return true;
      const mdy = `${m[2]}-${m[3]}-${m[1]}${m[4]}${m[5]}:${m[6]}${m[7]}`;
      const zone = resolveTimeZone(zoneName);
      const expected = /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(mdy) ? referenceYmd(`${m[1]}-${m[2]}-${m[3]}T${m[5]}:${m[6]}${m[7]}`, zoneName) : undefined;
      assert.equal(attempt(() => parseWallTimeMdy(mdy, zone)), expected, `${mdy} in ${zoneName}`);
      return true;
    }),
    { numRuns: FUZZ_RUNS * 10 },
  );
});

test('canonical ISO instants are recognized exactly when toISOString would print them back unchanged (four-digit years)', () => {
  const samples = fc.oneof(
    fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString()),
    wallTimeArb.map((w) => `${w}Z`),
    fc.constantFrom('2024-02-30T00:00:00.000Z', '2023-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z', '2024-01-01T24:00:00.000Z', '2024-01-01t00:00:00.000z', '2024-01-01T00:00:60.000Z', '+012345-01-01T00:00:00.000Z'),
  );
  fc.assert(
    fc.property(samples, (text) => {
      const ms = Date.parse(text);
      const roundTrips = Number.isFinite(ms) && new Date(ms).toISOString() === text && !/^[+-]/.test(text);
      assert.equal(isCanonicalIsoUtc(text), roundTrips, text);
      if (roundTrips) {
        assert.equal(canonicalIsoUtcToMs(text), ms, text);
        assert.equal(parseIsoInstant(text), text);
      } else {
        assert.ok(Number.isNaN(canonicalIsoUtcToMs(text)), text);
      }
      return true;
    }),
    { numRuns: FUZZ_RUNS * 10 },
  );
});
