/**
 * Groups a newest-first list of times into calendar days of one time zone,
 * for the timeline's day headers. Day boundaries come from luxon (daylight
 * saving makes some days 23 or 25 hours long); each group's end is found by
 * binary search, so the cost grows with the number of days, not of records.
 */
import { DateTime } from 'luxon';

export interface DayGroup {
  /** Midnight starting the day in the zone, ms since the epoch. */
  dayStart: number;
  /** Position of the day's first (newest) row in the list. */
  index: number;
  count: number;
}

/** The zone when it is a valid IANA name or offset that luxon knows; otherwise UTC. */
export function normalizeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  return DateTime.fromMillis(0, { zone }).isValid ? zone : 'UTC';
}

/** Day bounds by zone and quarter hour: every zone in use today changes day on a quarter hour. */
const boundsCache = new Map<string, Map<number, [number, number]>>();
const QUARTER_HOUR = 15 * 60_000;
const MAX_CACHED_PER_ZONE = 20_000;

function dayBounds(t: number, zone: string): [number, number] {
  let byBucket = boundsCache.get(zone);
  if (!byBucket) boundsCache.set(zone, (byBucket = new Map()));
  const bucket = Math.floor(t / QUARTER_HOUR);
  const cached = byBucket.get(bucket);
  // A bucket cut by an odd historical offset is checked, and recomputed when t falls outside.
  if (cached && t >= cached[0] && t < cached[1]) return cached;
  const start = DateTime.fromMillis(t, { zone }).startOf('day');
  const bounds: [number, number] = [start.toMillis(), start.plus({ days: 1 }).startOf('day').toMillis()];
  if (byBucket.size >= MAX_CACHED_PER_ZONE) byBucket.clear();
  byBucket.set(bucket, bounds);
  return bounds;
}

/** `timeAt(i)` must not increase with i (newest first). Non-finite times, which sort last, form one last group. */
export function groupByDay(count: number, timeAt: (index: number) => number, zone: string): DayGroup[] {
  const z = normalizeZone(zone);
  const groups: DayGroup[] = [];
  let i = 0;
  while (i < count) {
    const t = timeAt(i);
    if (!Number.isFinite(t)) {
      groups.push({ dayStart: NaN, index: i, count: count - i });
      break;
    }
    const [dayStart] = dayBounds(t, z);
    // First index past i whose time is before the day starts.
    let lo = i + 1;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (timeAt(mid) >= dayStart) lo = mid + 1;
      else hi = mid;
    }
    groups.push({ dayStart, index: i, count: lo - i });
    i = lo;
  }
  return groups;
}
