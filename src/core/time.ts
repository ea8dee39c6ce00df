/**
 * Time-zone aware parsing of the providers' offset-less wall times.
 *
 * Three of the four APIs send local times with no offset, each in a different
 * zone (SFMC: UTC−06:00, LivePerson: US/Eastern with daylight saving, Uniphore:
 * UTC). Offsets come from luxon's IANA data, never from hand-rolled rules.
 *
 * Calling into the time-zone library once per record costs 6–24 µs, which is
 * far more than the JSON parse of that record (issue 6). Offsets change at
 * most on the hour, so they are cached per zone and per UTC hour.
 */
import { FixedOffsetZone, IANAZone } from 'luxon';
import { BadResponseError, ConfigError } from './errors';

export interface TimeZoneRule {
  /** As the user wrote it: `UTC`, `-06:00`, `America/Chicago`. */
  readonly name: string;
  /** Minutes to add to UTC to get local time at the given UTC instant. */
  offsetMinutesAt(utcMs: number): number;
}

const HOUR_MS = 3_600_000;

/** What wallTimeToUtcMs needs besides offsets: a shortcut for wall hours with no transition near them. */
interface WallTimeShortcut {
  /** The offset in minutes for every wall time of this wall hour, or NaN when a transition is near. */
  steadyOffsetForWallHour(wallHour: number): number;
}

class FixedZoneRule implements TimeZoneRule, WallTimeShortcut {
  constructor(readonly name: string, private readonly minutes: number) {}
  offsetMinutesAt(): number {
    return this.minutes;
  }
  steadyOffsetForWallHour(): number {
    return this.minutes;
  }
}

const CACHE_LIMIT = 100_000;

class IanaZoneRule implements TimeZoneRule, WallTimeShortcut {
  private readonly cache = new Map<number, number>();
  private readonly steady = new Map<number, number>();
  private lastWallHour = NaN;
  private lastSteady = NaN;
  constructor(readonly name: string, private readonly zone: IANAZone) {}
  offsetMinutesAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let minutes = this.cache.get(hour);
    if (minutes === undefined) {
      // Zones whose offsets change off the hour (rare, historic) are still
      // right at the hour boundary; a per-hour cache is exact for modern data.
      minutes = this.zone.offset(hour * HOUR_MS);
      if (this.cache.size > CACHE_LIMIT) this.cache.clear();
      this.cache.set(hour, minutes);
    }
    return minutes;
  }
  steadyOffsetForWallHour(wallHour: number): number {
    // Pages come sorted by time, so the wall hour often repeats from one item to the next.
    if (wallHour === this.lastWallHour) return this.lastSteady;
    let minutes = this.steady.get(wallHour);
    if (minutes === undefined) {
      // The two readings wallTimeToUtcMs takes fall in the same UTC hours for
      // every wall time of this hour, so whether they agree is a property of the hour.
      const before = this.offsetMinutesAt((wallHour - 14) * HOUR_MS);
      const after = this.offsetMinutesAt((wallHour + 14) * HOUR_MS);
      minutes = before === after ? before : NaN;
      if (this.steady.size > CACHE_LIMIT) this.steady.clear();
      this.steady.set(wallHour, minutes);
    }
    this.lastWallHour = wallHour;
    this.lastSteady = minutes;
    return minutes;
  }
}

const ruleCache = new Map<string, TimeZoneRule>();
const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Accepts `UTC`/`Z`, a fixed offset such as `-06:00` (or `UTC-6`), or an IANA
 * name such as `America/Chicago` or `US/Eastern`. Throws ConfigError otherwise.
 */
export function resolveTimeZone(spec: string): TimeZoneRule {
  const key = spec.trim();
  const cached = ruleCache.get(key);
  if (cached) return cached;
  let rule: TimeZoneRule;
  const upper = key.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT' || upper === 'ETC/UTC') {
    rule = new FixedZoneRule(key, 0);
  } else {
    const m = OFFSET_RE.exec(key);
    if (m) {
      const hours = Number(m[2]);
      const mins = Number(m[3] ?? '0');
      if (hours > 14 || mins > 59) throw new ConfigError(`Invalid time-zone offset "${spec}"`);
      const sign = m[1] === '-' ? -1 : 1;
      rule = new FixedZoneRule(key, sign * (hours * 60 + mins));
    } else {
      if (!IANAZone.isValidZone(key)) {
        throw new ConfigError(`Unknown time zone "${spec}": use UTC, an offset such as -06:00, or an IANA name such as America/Chicago`);
      }
      rule = new IanaZoneRule(key, IANAZone.create(key));
    }
  }
  ruleCache.set(key, rule);
  return rule;
}

/** True for anything resolveTimeZone accepts. */
export function isValidTimeZone(spec: string): boolean {
  try {
    resolveTimeZone(spec);
    return true;
  } catch {
    return false;
  }
}

/** Date.UTC, except that years 0–99 stay themselves instead of becoming 1900–1999. */
function utcMsOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  // Date.UTC is the same outside 0–99 and much cheaper than a Date and two setters (a call per record).
  if (year >= 100 || year < 0) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, ms);
  return t.getTime();
}

/**
 * The instant as toISOString prints it, refused outside the years 0000–9999:
 * there toISOString switches to a six-digit signed year, which sorts wrongly
 * against every other record's time.
 */
function isoWithinFourDigitYears(ms: number, text: string): string {
  if (!Number.isFinite(ms)) throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  if (ms < FIRST_FOUR_DIGIT_MS || ms > LAST_FOUR_DIGIT_MS) throw new BadResponseError(`Timestamp "${truncate(text)}" falls outside the years 0000–9999`);
  return formatIsoUtc(ms);
}

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
const FIRST_FOUR_DIGIT_MS = -62_167_219_200_000;
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;
const DAY_MS = 86_400_000;
// Character codes of recently printed dates ("2024-07-01T"), by day number modulo the table size.
const DAY_SLOTS = 64;
const dayOfSlot = new Float64Array(DAY_SLOTS).fill(NaN);
const dateCodesOfSlot = new Uint16Array(DAY_SLOTS * 11);

/**
 * Exactly `new Date(ms).toISOString()`, several times cheaper: the date part
 * is printed once per day and reused, and the string is made in one piece
 * (a flat string, which the record store then reads without flattening it).
 * Normalizing calls this once per record.
 */
export function formatIsoUtc(ms: number): string {
  if (!(ms >= FIRST_FOUR_DIGIT_MS && ms <= LAST_FOUR_DIGIT_MS)) return new Date(ms).toISOString(); // other years print longer; NaN throws
  const day = Math.floor(ms / DAY_MS);
  const slot = day & (DAY_SLOTS - 1);
  const c = dateCodesOfSlot;
  const o = slot * 11;
  if (dayOfSlot[slot] !== day) {
    const iso = new Date(day * DAY_MS).toISOString();
    for (let i = 0; i < 11; i++) c[o + i] = iso.charCodeAt(i);
    dayOfSlot[slot] = day;
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return String.fromCharCode(
    c[o] as number, c[o + 1] as number, c[o + 2] as number, c[o + 3] as number, c[o + 4] as number, c[o + 5] as number,
    c[o + 6] as number, c[o + 7] as number, c[o + 8] as number, c[o + 9] as number, c[o + 10] as number,
    48 + Math.floor(h / 10), 48 + (h % 10), 58, 48 + Math.floor(mi / 10), 48 + (mi % 10), 58, 48 + Math.floor(s / 10), 48 + (s % 10),
    46, 48 + Math.floor(milli / 100), 48 + (Math.floor(milli / 10) % 10), 48 + (milli % 10), 90,
  );
}

/**
 * Converts a wall-clock time in `zone` to UTC milliseconds. In the hour that
 * daylight saving repeats, the earlier instant wins; in the hour it skips, the
 * time is read with the offset in force before the change.
 */
export function wallTimeToUtcMs(
  zone: TimeZoneRule,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const asUtc = utcMsOf(year, month, day, hour, minute, second, ms);
  if (zone instanceof FixedZoneRule || zone instanceof IanaZoneRule) {
    const steady = zone.steadyOffsetForWallHour(Math.floor(asUtc / HOUR_MS));
    if (steady === steady) return asUtc - steady * 60_000;
  }
  // Offsets can only differ across a transition, and no zone has two within
  // a day: the offsets half a day either side are the only readings to try.
  const before = zone.offsetMinutesAt(asUtc - 14 * HOUR_MS);
  const after = zone.offsetMinutesAt(asUtc + 14 * HOUR_MS);
  const c1 = asUtc - before * 60_000;
  if (before === after) return c1;
  const c2 = asUtc - after * 60_000;
  const valid1 = zone.offsetMinutesAt(c1) === before;
  const valid2 = zone.offsetMinutesAt(c2) === after;
  // In the repeated hour both fit and the earlier instant wins; in the
  // skipped hour neither does, and the offset in force before the change wins.
  if (valid1 && valid2) return Math.min(c1, c2);
  if (valid2) return c2;
  return c1;
}

// YYYY-MM-DD[T ]HH:mm[:ss[.f{1,9}]]; fractions beyond milliseconds are truncated, per DESIGN.md §3.
const YMD_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
// MM-DD-YYYY HH:MM:SS (Uniphore).
const MDY_RE = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

function fractionToMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '00').slice(0, 3));
}

function checkedIso(
  text: string,
  zone: TimeZoneRule,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): string {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  }
  // Reject 31 February and friends instead of letting Date roll them over.
  if (d > daysInMonth(y, mo)) throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  return isoWithinFourDigitYears(wallTimeToUtcMs(zone, y, mo, d, h, mi, s, ms), text);
}

/** In the proleptic Gregorian calendar, as Date counts. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The digit at `i` as a number, or -1 (also past the end). */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` as a number, or -1. */
function twoDigitsAt(text: string, i: number): number {
  const a = digitAt(text, i);
  const b = digitAt(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Four digits at `i` as a number, or -1. */
function fourDigitsAt(text: string, i: number): number {
  const a = twoDigitsAt(text, i);
  const b = twoDigitsAt(text, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/**
 * The common shapes read without a regex and its match array (a call per
 * record): `YYYY-MM-DD[T ]HH:mm[:ss[.f{1,9}]]` with valid fields. NaN for
 * anything else, which the general path then reads or refuses.
 */
function fastWallYmdToUtcMs(text: string, zone: TimeZoneRule): number {
  const n = text.length;
  if (n < 16 || n > 29 || n === 17 || n === 18 || n === 20) return NaN;
  const y = fourDigitsAt(text, 0);
  const mo = twoDigitsAt(text, 5);
  const d = twoDigitsAt(text, 8);
  const h = twoDigitsAt(text, 11);
  const mi = twoDigitsAt(text, 14);
  const sep = text.charCodeAt(10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58) return NaN;
  let s = 0;
  let ms = 0;
  if (n > 16) {
    s = twoDigitsAt(text, 17);
    if (text.charCodeAt(16) !== 58 || s < 0 || s > 59) return NaN;
    if (n > 19) {
      if (text.charCodeAt(19) !== 46) return NaN;
      for (let i = 20; i < n; i++) {
        const digit = digitAt(text, i);
        if (digit < 0) return NaN;
        // Fractions beyond milliseconds are truncated, per DESIGN.md §3.
        if (i < 23) ms += digit * (i === 20 ? 100 : i === 21 ? 10 : 1);
      }
    }
  }
  if (d > daysInMonth(y, mo)) return NaN;
  const utc = wallTimeToUtcMs(zone, y, mo, d, h, mi, s, ms);
  return utc >= FIRST_FOUR_DIGIT_MS && utc <= LAST_FOUR_DIGIT_MS ? utc : NaN;
}

/** `MM-DD-YYYY HH:MM:SS` with valid fields, as fastWallYmdToUtcMs. */
function fastWallMdyToUtcMs(text: string, zone: TimeZoneRule): number {
  if (text.length !== 19) return NaN;
  const mo = twoDigitsAt(text, 0);
  const d = twoDigitsAt(text, 3);
  const y = fourDigitsAt(text, 6);
  const h = twoDigitsAt(text, 11);
  const mi = twoDigitsAt(text, 14);
  const s = twoDigitsAt(text, 17);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return NaN;
  if (text.charCodeAt(2) !== 45 || text.charCodeAt(5) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  if (d > daysInMonth(y, mo)) return NaN;
  const utc = wallTimeToUtcMs(zone, y, mo, d, h, mi, s, 0);
  return utc >= FIRST_FOUR_DIGIT_MS && utc <= LAST_FOUR_DIGIT_MS ? utc : NaN;
}

/**
 * True when `text` is already exactly what toISOString would print for it
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, valid fields), so it can be returned as is.
 */
export function isCanonicalIsoUtc(text: string): boolean {
  return !Number.isNaN(canonicalIsoUtcToMs(text));
}

/**
 * Milliseconds since the epoch of a time printed exactly as toISOString
 * prints it, NaN for anything else: one pass over the characters, since the
 * record store reads every record's time this way.
 */
export function canonicalIsoUtcToMs(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 90) return NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return NaN;
  const y = fourDigitsAt(text, 0);
  const mo = twoDigitsAt(text, 5);
  const d = twoDigitsAt(text, 8);
  const h = twoDigitsAt(text, 11);
  const mi = twoDigitsAt(text, 14);
  const s = twoDigitsAt(text, 17);
  const cs = twoDigitsAt(text, 20);
  const lastDigit = digitAt(text, 22);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || cs < 0 || lastDigit < 0) return NaN;
  if (d > daysInMonth(y, mo)) return NaN;
  return utcMsOf(y, mo, d, h, mi, s, cs * 10 + lastDigit);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * `2015-10-30T11:49:55.99` (SFMC) or `2019-11-12 06:10:46.0` (LivePerson):
 * a wall time in `zone`. A trailing `Z` or offset, when present, wins over the zone.
 */
export function parseWallTimeYmd(text: unknown, zone: TimeZoneRule): string {
  if (typeof text !== 'string') throw new BadResponseError(`Expected a timestamp string, got ${typeof text}`);
  const fast = fastWallYmdToUtcMs(text, zone);
  if (fast === fast) return formatIsoUtc(fast);
  const m = YMD_RE.exec(text);
  if (!m) return parseIsoInstant(text);
  return checkedIso(
    text,
    zone,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? '0'),
    fractionToMs(m[7]),
  );
}

/** `04-05-2024 09:38:09` (Uniphore, MM-DD-YYYY), a wall time in `zone`. */
export function parseWallTimeMdy(text: unknown, zone: TimeZoneRule): string {
  if (typeof text !== 'string') throw new BadResponseError(`Expected a timestamp string, got ${typeof text}`);
  const fast = fastWallMdyToUtcMs(text, zone);
  if (fast === fast) return formatIsoUtc(fast);
  const m = MDY_RE.exec(text);
  if (!m) throw new BadResponseError(`Invalid timestamp "${truncate(text)}", expected MM-DD-YYYY HH:MM:SS`);
  return checkedIso(text, zone, Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
}

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO-8601 instant that carries its own offset (`Z` or `±hh:mm`), e.g. FloQast's `createdAt`. */
export function parseIsoInstant(text: unknown): string {
  // FloQast sends exactly toISOString's form: nothing to convert.
  if (typeof text === 'string' && isCanonicalIsoUtc(text)) return text;
  if (typeof text !== 'string' || !ISO_INSTANT_RE.test(text)) {
    const shown = typeof text === 'string' ? truncate(text) : `a ${text === null ? 'null' : typeof text}`;
    throw new BadResponseError(`Invalid timestamp "${shown}", expected ISO-8601 with an offset`);
  }
  // Date.parse rolls 30 February over into March and 24:00 into the next day: refuse them, as the wall-time parsers do.
  const y = Number(text.slice(0, 4));
  const mo = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (mo < 1 || mo > 12 || d < 1 || new Date(utcMsOf(y, mo, d, 0, 0, 0, 0)).getUTCDate() !== d || Number(text.slice(11, 13)) > 23) {
    throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  }
  // Date.parse handles at most millisecond fractions reliably; cut longer ones first.
  const normalized = text.replace(/(\.\d{3})\d+/, '$1');
  return isoWithinFourDigitYears(Date.parse(normalized), text);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a `YYYY-MM-DD` calendar day (CLI `--from`/`--to`). */
export function isCalendarDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(utcMsOf(y, mo, d, 0, 0, 0, 0));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** The first instant of an inclusive UTC day, and the first instant after it. */
export function utcDayBounds(day: string): { startMs: number; endMs: number } {
  const startMs = Date.parse(`${day}T00:00:00.000Z`);
  return { startMs, endMs: startMs + 24 * HOUR_MS };
}
