/**
 * An append-only series of audit items addressed by index: index 0 is the
 * oldest, `count - 1` the newest. Times are a monotone function of the index
 * alone, so any item, any date window (binary search) and any page can be
 * produced without building the series, which is what lets the sandbox serve
 * 10⁶ items. Inserting "new" items only raises `count`: they are newer than
 * every existing item, exactly like records landing while a client pages.
 */
import { hashInts, unit } from './prng';

export interface TimelineSpec {
  seed: number;
  salt: number;
  /** Time of index 0, roughly. */
  startMs: number;
  /** Time of index `initialCount - 1`, roughly; inserted items continue past it at the same pace. */
  endMs: number;
  initialCount: number;
  /** 1000 for APIs that report whole seconds, 1 for millisecond APIs. */
  resolutionMs: number;
  /** Share of items that land in the same instant as their predecessor (the seed shows such ties). */
  tieRate: number;
}

export class Timeline {
  private readonly stepMs: number;

  constructor(private readonly spec: TimelineSpec) {
    const span = Math.max(spec.endMs - spec.startMs, spec.resolutionMs);
    // At least one resolution unit apart on average, so that ties stay the deliberate exception.
    this.stepMs = Math.max(span / Math.max(spec.initialCount, 1), spec.resolutionMs);
  }

  private untied(i: number): number {
    const { seed, salt, startMs, resolutionMs } = this.spec;
    const jitter = unit(hashInts(seed, salt, i, 0x7157)) * this.stepMs;
    // Flooring a strictly increasing value keeps the sequence monotone (non-decreasing).
    return Math.floor((startMs + i * this.stepMs + jitter) / resolutionMs) * resolutionMs;
  }

  /** UTC milliseconds of item `i`; never smaller than the time of `i - 1`. */
  timeMs(i: number): number {
    if (i > 0 && unit(hashInts(this.spec.seed, this.spec.salt, i, 0x7e5)) < this.spec.tieRate) {
      return this.untied(i - 1);
    }
    return this.untied(i);
  }
}

/** A read-only ascending list of item indexes. */
export interface IndexList {
  readonly length: number;
  at(position: number): number;
}

class AllIndexes implements IndexList {
  constructor(readonly length: number) {}
  at(position: number): number {
    return position;
  }
}

class MatchingIndexes implements IndexList {
  private buffer = new Int32Array(1024);
  length = 0;
  scannedUpTo = 0;

  constructor(private readonly predicate: (index: number) => boolean) {}

  at(position: number): number {
    return this.buffer[position] ?? -1;
  }

  /** Extends the list over items added since the last call; earlier matches never change. */
  syncTo(count: number): void {
    for (let i = this.scannedUpTo; i < count; i++) {
      if (!this.predicate(i)) continue;
      if (this.length === this.buffer.length) {
        const bigger = new Int32Array(this.buffer.length * 2);
        bigger.set(this.buffer);
        this.buffer = bigger;
      }
      this.buffer[this.length++] = i;
    }
    this.scannedUpTo = Math.max(this.scannedUpTo, count);
  }
}

const MAX_CACHED_FILTERS = 32;

export class ItemSeries {
  private countNow: number;
  private readonly filters = new Map<string, MatchingIndexes>();

  constructor(readonly timeline: Timeline, initialCount: number) {
    this.countNow = initialCount;
  }

  get count(): number {
    return this.countNow;
  }

  /** Adds `n` items newer than every existing one; returns the first new index. */
  insert(n: number): number {
    const first = this.countNow;
    this.countNow += Math.max(0, Math.floor(n));
    return first;
  }

  timeMs(index: number): number {
    return this.timeline.timeMs(index);
  }

  all(): IndexList {
    return new AllIndexes(this.countNow);
  }

  /**
   * The indexes matching `predicate`, which must depend on the index alone.
   * `key` names the predicate; lists are cached and extended as items arrive,
   * so paging through a filtered 10⁶ series scans it once, not once a page.
   */
  matching(key: string, predicate: (index: number) => boolean): IndexList {
    let list = this.filters.get(key);
    if (!list) {
      if (this.filters.size >= MAX_CACHED_FILTERS) {
        const oldest = this.filters.keys().next().value;
        if (oldest !== undefined) this.filters.delete(oldest);
      }
      list = new MatchingIndexes(predicate);
      this.filters.set(key, list);
    } else {
      // Refresh its place in the LRU order.
      this.filters.delete(key);
      this.filters.set(key, list);
    }
    list.syncTo(this.countNow);
    // A snapshot: a page served while items are inserted must not see its list grow under it.
    const length = list.length;
    return { length, at: (p: number) => (p < length ? list.at(p) : -1) };
  }

  /**
   * Positions [from, to) of `list` whose times fall in [startMs, endMs).
   * Either bound may be left out.
   */
  timeWindow(list: IndexList, startMs?: number, endMs?: number): { from: number; to: number } {
    const from = startMs === undefined ? 0 : this.firstAtOrAfter(list, startMs);
    const to = endMs === undefined ? list.length : this.firstAtOrAfter(list, endMs);
    return { from, to: Math.max(from, to) };
  }

  private firstAtOrAfter(list: IndexList, ms: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeline.timeMs(list.at(mid)) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
