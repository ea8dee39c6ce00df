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

class FixedZoneRule implements TimeZoneRule {
  constructor(readonly name: string, private readonly minutes: number) {}
  offsetMinutesAt(): number {
    return this.minutes;
  }
}

class IanaZoneRule implements TimeZoneRule {
  private readonly cache = new Map<number, number>();
  constructor(readonly name: string, private readonly zone: IANAZone) {}
  offsetMinutesAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let minutes = this.cache.get(hour);
    if (minutes === undefined) {
      // Zones whose offsets change off the hour (rare, historic) are still
      // right at the hour boundary; a per-hour cache is exact for modern data.
      minutes = this.zone.offset(hour * HOUR_MS);
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(hour, minutes);
    }
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
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
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
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d) throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  return new Date(wallTimeToUtcMs(zone, y, mo, d, h, mi, s, ms)).toISOString();
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
  const m = MDY_RE.exec(text);
  if (!m) throw new BadResponseError(`Invalid timestamp "${truncate(text)}", expected MM-DD-YYYY HH:MM:SS`);
  return checkedIso(text, zone, Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
}

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO-8601 instant that carries its own offset (`Z` or `±hh:mm`), e.g. FloQast's `createdAt`. */
export function parseIsoInstant(text: unknown): string {
  if (typeof text !== 'string' || !ISO_INSTANT_RE.test(text)) {
    const shown = typeof text === 'string' ? truncate(text) : `a ${text === null ? 'null' : typeof text}`;
    throw new BadResponseError(`Invalid timestamp "${shown}", expected ISO-8601 with an offset`);
  }
  // Date.parse handles at most millisecond fractions reliably; cut longer ones first.
  const normalized = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw new BadResponseError(`Invalid timestamp "${truncate(text)}"`);
  return new Date(ms).toISOString();
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a `YYYY-MM-DD` calendar day (CLI `--from`/`--to`). */
export function isCalendarDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

/** The first instant of an inclusive UTC day, and the first instant after it. */
export function utcDayBounds(day: string): { startMs: number; endMs: number } {
  const startMs = Date.parse(`${day}T00:00:00.000Z`);
  return { startMs, endMs: startMs + 24 * HOUR_MS };
}
