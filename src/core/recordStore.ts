/**
 * The timeline's data, owned by the host (DESIGN.md §4). Records stream in
 * page by page; the webview asks for what it shows: a window of compact
 * rows, facet counts and histogram bins under the current filter, one
 * record's detail. It must stay interactive at 10^6 records, hence:
 * - columns in typed arrays (time, facet codes, outcome) instead of walking objects,
 *   copied into display order so that a pass reads memory sequentially;
 * - interned facet values, so counting is an index into a typed array;
 * - each new batch sorted and merged into display order lazily, when next read;
 * - a search index over distinct texts (see textSearchIndex.ts);
 * - one pass per (filter, data generation) that yields both the matching rows
 *   and every facet's counts, cached until either changes.
 */
import type { AuditRecord, Outcome, ProviderId } from './model';
import { GrowableTypedArray } from './growableTypedArray';
import { StringInterner } from './stringInterner';
import { TextSearchIndex, parseSearchTerms } from './textSearchIndex';
import { layoutBins, type BinLayout } from './histogramBins';
import { groupByDay, normalizeZone, type DayGroup } from './dayGroups';
import { DisplayOrderColumns } from './displayOrderColumns';

export type FacetName = 'provider' | 'action' | 'actor' | 'targetType' | 'outcome';
export const FACET_NAMES: readonly FacetName[] = ['provider', 'action', 'actor', 'targetType', 'outcome'];

export interface RecordFilter {
  /** Inclusive lower time bound, ms since the epoch. */
  from?: number;
  /** Exclusive upper time bound, ms since the epoch. */
  to?: number;
  /** Terms separated by spaces ("quoted phrases" stay together); every term must match, case-insensitively. */
  text?: string;
  /** Per facet, the values a record must have one of. */
  include?: Partial<Record<FacetName, readonly string[]>>;
  /** Per facet, the values a record must not have. */
  exclude?: Partial<Record<FacetName, readonly string[]>>;
}

/** What one timeline row shows; everything else comes with the detail. */
export interface RecordRow {
  /** The store's handle for the record (for detail, open, compare). */
  key: number;
  time: string;
  provider: ProviderId;
  connection: string;
  action: string;
  outcome: Outcome;
  actor: string;
  target: string;
  errorCount: number;
  /** The first error as "CODE: message", shown inline (publish errors). */
  firstError?: string;
  changeCount: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface FacetCounts {
  facet: FacetName;
  /** Values by count, largest first (ties by value); selected values are always listed. */
  values: FacetValue[];
  /** How many values have a non-zero count. */
  distinct: number;
}

export interface HistogramBins extends BinLayout {
  success: number[];
  failure: number[];
  unknown: number[];
}

export interface RecordDetail {
  key: number;
  record: AuditRecord;
  /** The next older record of the same provider, connection and target (for Compare). */
  previousKey?: number;
}

export interface TimelineLayout {
  total: number;
  matched: number;
  /** Day groups of the matching rows, newest first. */
  days: DayGroup[];
  /** Oldest and newest time in the whole store, when it holds any record. */
  extent?: { from: number; to: number };
}

/** The facet value a record is counted under; '' when it has none. */
export function facetValueOf(record: AuditRecord, facet: FacetName): string {
  switch (facet) {
    case 'provider':
      return record.provider;
    case 'action':
      return record.action ?? '';
    case 'actor':
      return actorLabel(record);
    case 'targetType':
      return record.target?.type ?? '';
    case 'outcome':
      return record.outcome;
  }
}

export function actorLabel(record: AuditRecord): string {
  const a = record.actor ?? {};
  return a.name || a.email || a.id || '';
}

export function targetLabel(record: AuditRecord): string {
  const t = record.target ?? {};
  const name = t.name || t.id || '';
  const version = t.version !== undefined ? ` v${t.version}` : '';
  if (t.type && name) return `${t.type}: ${name}${version}`;
  return `${t.type ?? ''}${name}${version}`;
}

/** The texts full-text search looks in: action, actor, target, errors, changes. */
export function searchableTexts(record: AuditRecord): string[] {
  const texts: string[] = [record.action ?? ''];
  const a = record.actor ?? {};
  const t = record.target ?? {};
  for (const v of [a.id, a.name, a.email, t.type, t.id, t.name]) if (v) texts.push(v);
  for (const e of record.errors ?? []) {
    if (e.code) texts.push(e.code);
    if (e.message) texts.push(e.message);
  }
  for (const c of record.changes ?? []) {
    if (c.field) texts.push(c.field);
    if (c.old) texts.push(c.old);
    if (c.new) texts.push(c.new);
  }
  return texts;
}

const OUTCOME_CODES: Record<Outcome, number> = { success: 0, failure: 1, unknown: 2 };
const NO_TARGET = 0xffffffff;
/** Rows per window request; a screen shows a few dozen. */
export const MAX_WINDOW = 1000;

interface FilterPass {
  key: string;
  generation: number;
  /** Display positions of the matching records, ascending (newest first). */
  rows: Int32Array;
  /** Per facet (FACET_NAMES order), counts by value code under every other constraint. */
  counts: Uint32Array[];
  selected: { include: Set<string>; exclude: Set<string> }[];
  days?: { zone: string; groups: DayGroup[] };
  bins?: { maxBins: number; bins: HistogramBins };
}

export class RecordStore {
  private readonly records: AuditRecord[] = [];
  private readonly handleByKey = new Map<string, number>();
  private readonly time = new GrowableTypedArray('f64');
  private readonly outcome = new GrowableTypedArray('u32');
  private readonly targetCode = new GrowableTypedArray('u32');
  private readonly facetCodes = FACET_NAMES.map(() => new GrowableTypedArray('u32'));
  private readonly interners = FACET_NAMES.map(() => new StringInterner());
  private readonly targets = new StringInterner();
  private readonly search = new TextSearchIndex();

  private readonly display = new DisplayOrderColumns(FACET_NAMES.length);
  private pending: number[] = [];
  private minTime = Infinity;
  private maxTime = -Infinity;
  private gen = 0;
  private cache: FilterPass | undefined;

  /** Bumps whenever a record is added; replies carry it so the webview can tell stale answers. */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.records.length;
  }

  /** Adds records, dropping any whose provider+connection+id is already stored. Returns how many were new. */
  add(records: readonly AuditRecord[]): number {
    let added = 0;
    for (const r of records) {
      const key = `${r.provider}\u0000${r.connection}\u0000${r.id}`;
      if (this.handleByKey.has(key)) continue;
      const handle = this.records.length;
      this.handleByKey.set(key, handle);
      this.records.push(r);
      const t = Date.parse(r.time);
      // Unparseable times sort last and stay out of the histogram rather than poisoning comparisons.
      this.time.push(Number.isNaN(t) ? -Infinity : t);
      if (!Number.isNaN(t)) {
        if (t < this.minTime) this.minTime = t;
        if (t > this.maxTime) this.maxTime = t;
      }
      this.outcome.push(OUTCOME_CODES[r.outcome] ?? OUTCOME_CODES.unknown);
      FACET_NAMES.forEach((facet, f) => {
        (this.facetCodes[f] as GrowableTypedArray<'u32'>).push((this.interners[f] as StringInterner).intern(facetValueOf(r, facet)));
      });
      const t2 = r.target ?? {};
      const targetId = t2.id ?? t2.name;
      this.targetCode.push(
        targetId === undefined
          ? NO_TARGET
          : this.targets.intern(`${r.provider}\u0000${r.connection}\u0000${t2.type ?? ''}\u0000${targetId}`),
      );
      this.search.addDocument(searchableTexts(r));
      this.pending.push(handle);
      added++;
    }
    if (added > 0) {
      this.gen++;
      this.cache = undefined;
    }
    return added;
  }

  record(key: number): AuditRecord | undefined {
    return Number.isInteger(key) ? this.records[key] : undefined;
  }

  /** Records matching the filter, newest first. */
  matching(filter: RecordFilter = {}): AuditRecord[] {
    const rows = this.pass(filter).rows;
    const handles = this.display.handle;
    const out: AuditRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.records[handles[rows[i] as number] as number] as AuditRecord;
    return out;
  }

  matchCount(filter: RecordFilter = {}): number {
    return this.pass(filter).rows.length;
  }

  /** Rows [start, start+count) of the matching records. */
  window(filter: RecordFilter, start: number, count: number): RecordRow[] {
    const rows = this.pass(filter).rows;
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(rows.length, from + Math.max(0, Math.min(MAX_WINDOW, Math.floor(count))));
    const out: RecordRow[] = [];
    const handles = this.display.handle;
    for (let i = from; i < to; i++) out.push(this.row(handles[rows[i] as number] as number));
    return out;
  }

  /** Position of a record among the matching rows, or -1. */
  indexOf(filter: RecordFilter, key: number): number {
    const rows = this.pass(filter).rows;
    if (!Number.isInteger(key) || key < 0 || key >= this.records.length) return -1;
    const position = this.displayPosition(key);
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo < rows.length && rows[lo] === position ? lo : -1;
  }

  layout(filter: RecordFilter, timeZone?: string): TimelineLayout {
    const pass = this.pass(filter);
    const zone = normalizeZone(timeZone);
    if (!pass.days || pass.days.zone !== zone) {
      const rows = pass.rows;
      const time = this.display.time;
      pass.days = { zone, groups: groupByDay(rows.length, (i) => time[rows[i] as number] as number, zone) };
    }
    const layout: TimelineLayout = { total: this.records.length, matched: pass.rows.length, days: pass.days.groups };
    if (this.maxTime >= this.minTime) layout.extent = { from: this.minTime, to: this.maxTime };
    return layout;
  }

  /** Counts per facet value under the filter; each facet ignores its own include/exclude so alternatives stay visible. */
  facets(filter: RecordFilter, limit = 100): FacetCounts[] {
    const pass = this.pass(filter);
    return FACET_NAMES.map((facet, f) => {
      const counts = pass.counts[f] as Uint32Array;
      const interner = this.interners[f] as StringInterner;
      const sel = pass.selected[f] as { include: Set<string>; exclude: Set<string> };
      const nonzero: number[] = [];
      for (let c = 0; c < counts.length; c++) if (counts[c]) nonzero.push(c);
      const values = interner.all;
      nonzero.sort((a, b) => (counts[b] as number) - (counts[a] as number) || compareStrings(values[a] as string, values[b] as string));
      const listed: FacetValue[] = nonzero.slice(0, Math.max(0, limit)).map((c) => ({ value: values[c] as string, count: counts[c] as number }));
      const shown = new Set(listed.map((v) => v.value));
      for (const value of [...sel.include, ...sel.exclude]) {
        if (shown.has(value)) continue;
        const code = interner.lookup(value);
        listed.push({ value, count: code === undefined ? 0 : (counts[code] ?? 0) });
        shown.add(value);
      }
      return { facet, values: listed, distinct: nonzero.length };
    });
  }

  /**
   * Matching records per time bin, by outcome. The bins span the filter's
   * time range, or the whole store's when the filter has none.
   */
  bins(filter: RecordFilter, maxBins: number): HistogramBins {
    const pass = this.pass(filter);
    const max = Math.max(1, Math.min(2000, Math.floor(maxBins)));
    if (pass.bins && pass.bins.maxBins === max) return pass.bins.bins;
    const from = filter.from ?? (Number.isFinite(this.minTime) ? this.minTime : 0);
    const to = filter.to ?? (Number.isFinite(this.maxTime) ? this.maxTime + 1 : from + 1);
    const layout = layoutBins(from, to, max);
    const series = [new Float64Array(layout.count), new Float64Array(layout.count), new Float64Array(layout.count)];
    const time = this.display.time;
    const outcome = this.display.outcome;
    const rows = pass.rows;
    for (let i = 0; i < rows.length; i++) {
      const p = rows[i] as number;
      const b = Math.floor(((time[p] as number) - layout.start) / layout.width);
      if (b >= 0 && b < layout.count) {
        const s = series[outcome[p] as number] as Float64Array;
        s[b] = (s[b] as number) + 1;
      }
    }
    const bins: HistogramBins = {
      ...layout,
      success: Array.from(series[0] as Float64Array),
      failure: Array.from(series[1] as Float64Array),
      unknown: Array.from(series[2] as Float64Array),
    };
    pass.bins = { maxBins: max, bins };
    return bins;
  }

  detail(key: number): RecordDetail | undefined {
    const record = this.record(key);
    if (!record) return undefined;
    const detail: RecordDetail = { key, record };
    const previous = this.previousOfSameTarget(key);
    if (previous !== undefined) detail.previousKey = previous;
    return detail;
  }

  /** The next older record with the same provider, connection and target, in display order. */
  previousOfSameTarget(key: number): number | undefined {
    const code = this.targetCode.get(key);
    if (code === NO_TARGET || code === undefined) return undefined;
    this.ensureSorted();
    const pos = this.displayPosition(key);
    if (pos < 0) return undefined;
    const { target, handle, length } = this.display;
    for (let i = pos + 1; i < length; i++) if (target[i] === code) return handle[i];
    return undefined;
  }

  private row(h: number): RecordRow {
    const r = this.records[h] as AuditRecord;
    const errors = r.errors ?? [];
    const row: RecordRow = {
      key: h,
      time: r.time,
      provider: r.provider,
      connection: r.connection,
      action: r.action ?? '',
      outcome: r.outcome,
      actor: actorLabel(r),
      target: targetLabel(r),
      errorCount: errors.length,
      changeCount: (r.changes ?? []).length,
    };
    const first = errors[0];
    if (first) row.firstError = first.code ? `${first.code}: ${first.message}` : first.message;
    return row;
  }

  /** Time descending, then id ascending (code units), then insertion order: a strict total order. */
  private compareHandles(a: number, b: number): number {
    const time = this.time.raw;
    const ta = time[a] as number;
    const tb = time[b] as number;
    if (ta !== tb) return ta < tb ? 1 : -1;
    return this.compareTies(a, b);
  }

  private compareTies(a: number, b: number): number {
    const ia = (this.records[a] as AuditRecord).id;
    const ib = (this.records[b] as AuditRecord).id;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  }

  /** Where a record sits in display order, or -1. */
  private displayPosition(h: number): number {
    const { handle, length } = this.display;
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareHandles(handle[mid] as number, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < length && handle[lo] === h ? lo : -1;
  }

  /** Merges the records added since the last read into display order. */
  private ensureSorted(): void {
    if (this.pending.length === 0) return;
    const batch = Int32Array.from(this.pending);
    this.pending = [];
    batch.sort((a, b) => this.compareHandles(a, b));
    const handles = () => this.display.handle;
    this.display.merge(
      batch,
      { time: this.time.raw, outcome: this.outcome.raw, target: this.targetCode.raw, facets: this.facetCodes.map((c) => c.raw) },
      (position, h) => this.compareTies(handles()[position] as number, h) < 0,
    );
  }

  /** First display position whose time is below `bound` (times descend along the order). */
  private firstBelow(bound: number): number {
    const { time, length } = this.display;
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((time[mid] as number) >= bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private pass(filter: RecordFilter): FilterPass {
    this.ensureSorted();
    const key = filterKey(filter);
    if (this.cache && this.cache.key === key && this.cache.generation === this.gen) return this.cache;

    // The time range is a contiguous slice of display order.
    const lo = filter.to === undefined ? 0 : this.firstBelow(filter.to);
    const hi = filter.from === undefined ? this.display.length : this.firstBelow(filter.from);

    const selected = FACET_NAMES.map((facet) => ({
      include: new Set(filter.include?.[facet] ?? []),
      exclude: new Set(filter.exclude?.[facet] ?? []),
    }));
    const allowed: (Uint8Array | undefined)[] = FACET_NAMES.map((_, f) => {
      const sel = selected[f] as { include: Set<string>; exclude: Set<string> };
      if (sel.include.size === 0 && sel.exclude.size === 0) return undefined;
      const interner = this.interners[f] as StringInterner;
      const mask = new Uint8Array(interner.size);
      if (sel.include.size === 0) mask.fill(1);
      for (const v of sel.include) {
        const c = interner.lookup(v);
        if (c !== undefined) mask[c] = 1;
      }
      for (const v of sel.exclude) {
        const c = interner.lookup(v);
        if (c !== undefined) mask[c] = 0;
      }
      return mask;
    });
    const columns = this.display.facets;
    const constrainedFacets = Int32Array.from(allowed.flatMap((mask, f) => (mask ? [f] : [])));
    const constrainedMasks = allowed.filter((m): m is Uint8Array => m !== undefined);
    const constrainedCodes = [...constrainedFacets].map((f) => columns[f] as Uint32Array);
    const nConstrained = constrainedFacets.length;
    const counts = this.interners.map((i) => new Uint32Array(i.size));
    const textMatch = this.search.matchDocuments(parseSearchTerms(filter.text ?? ''));
    const handles = this.display.handle;

    const out = new Int32Array(Math.max(0, hi - lo));
    let matched = 0;
    const facetCount = FACET_NAMES.length;
    for (let p = lo; p < hi; p++) {
      let fails = 0;
      let failed = -1;
      for (let c = 0; c < nConstrained; c++) {
        if (!(constrainedMasks[c] as Uint8Array)[(constrainedCodes[c] as Uint32Array)[p] as number]) {
          failed = constrainedFacets[c] as number;
          if (++fails > 1) break;
        }
      }
      if (fails > 1) continue;
      if (textMatch && !textMatch[handles[p] as number]) continue;
      if (fails === 0) {
        out[matched++] = p;
        for (let f = 0; f < facetCount; f++) increment(counts[f] as Uint32Array, (columns[f] as Uint32Array)[p] as number);
      } else {
        // Failing only its own facet: still counted there, so the user sees what widening it would add.
        increment(counts[failed] as Uint32Array, (columns[failed] as Uint32Array)[p] as number);
      }
    }
    this.cache = { key, generation: this.gen, rows: out.subarray(0, matched), counts, selected };
    return this.cache;
  }
}

function increment(counts: Uint32Array, code: number): void {
  counts[code] = (counts[code] as number) + 1;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A canonical string for a filter, so equal filters share one cached pass. */
export function filterKey(filter: RecordFilter): string {
  const facets = (m: RecordFilter['include']) =>
    FACET_NAMES.map((f) => [...new Set(m?.[f] ?? [])].sort(compareStrings));
  return JSON.stringify([filter.from ?? null, filter.to ?? null, parseSearchTerms(filter.text ?? '').sort(compareStrings), facets(filter.include), facets(filter.exclude)]);
}
