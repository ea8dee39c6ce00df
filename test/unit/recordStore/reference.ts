/**
 * The naive reference the store is checked against: sort and filter whole
 * arrays every time, exactly as the rules read. Slow, obviously right.
 */
import { DateTime } from 'luxon';
import type { AuditRecord } from '../../../src/core/model';
import { compareRecords } from '../../../src/core/order';
import { FACET_NAMES, facetValueOf, searchableTexts, type FacetName, type RecordFilter } from '../../../src/core/recordStore';

export function referenceSorted(batches: readonly AuditRecord[][]): AuditRecord[] {
  const seen = new Set<string>();
  const kept: AuditRecord[] = [];
  for (const r of batches.flat()) {
    const key = JSON.stringify([r.provider, r.connection, r.id]);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(r);
  }
  // Array.prototype.sort is stable: exact ties keep insertion order.
  return kept.sort(compareRecords);
}

export function referenceTerms(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text.toLowerCase()))) {
    const t = (m[1] ?? m[2] ?? '').trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function matchesText(r: AuditRecord, terms: string[]): boolean {
  const texts = searchableTexts(r).map((t) => t.toLowerCase());
  return terms.every((term) => texts.some((t) => t.includes(term)));
}

function matchesFacet(r: AuditRecord, filter: RecordFilter, facet: FacetName): boolean {
  const v = facetValueOf(r, facet);
  const inc = filter.include?.[facet] ?? [];
  const exc = filter.exclude?.[facet] ?? [];
  if (inc.length && !inc.includes(v)) return false;
  return !exc.includes(v);
}

function matchesExcept(r: AuditRecord, filter: RecordFilter, skip?: FacetName): boolean {
  const t = Date.parse(r.time);
  if (filter.from !== undefined && !(t >= filter.from)) return false;
  if (filter.to !== undefined && !(t < filter.to)) return false;
  if (!matchesText(r, referenceTerms(filter.text ?? ''))) return false;
  return FACET_NAMES.every((f) => f === skip || matchesFacet(r, filter, f));
}

export function referenceMatching(sorted: readonly AuditRecord[], filter: RecordFilter): AuditRecord[] {
  return sorted.filter((r) => matchesExcept(r, filter));
}

/** Per facet: value → count among records matching every constraint but that facet's own. */
export function referenceFacetCounts(sorted: readonly AuditRecord[], filter: RecordFilter): Map<FacetName, Map<string, number>> {
  const out = new Map<FacetName, Map<string, number>>();
  for (const facet of FACET_NAMES) {
    const counts = new Map<string, number>();
    for (const r of sorted) {
      if (!matchesExcept(r, filter, facet)) continue;
      const v = facetValueOf(r, facet);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    out.set(facet, counts);
  }
  return out;
}

export function referenceBins(matching: readonly AuditRecord[], start: number, width: number, count: number) {
  const series = { success: new Array<number>(count).fill(0), failure: new Array<number>(count).fill(0), unknown: new Array<number>(count).fill(0) };
  for (const r of matching) {
    const b = Math.floor((Date.parse(r.time) - start) / width);
    if (b >= 0 && b < count) series[r.outcome][b]!++;
  }
  return series;
}

export function referenceDays(matching: readonly AuditRecord[], zone: string) {
  const days: { dayStart: number; index: number; count: number }[] = [];
  matching.forEach((r, index) => {
    const dayStart = DateTime.fromISO(r.time, { zone }).startOf('day').toMillis();
    const last = days[days.length - 1];
    if (last && last.dayStart === dayStart) last.count++;
    else days.push({ dayStart, index, count: 1 });
  });
  return days;
}

export function referencePrevious(sorted: readonly AuditRecord[], record: AuditRecord): AuditRecord | undefined {
  const key = (r: AuditRecord) => {
    const id = r.target.id ?? r.target.name;
    return id === undefined ? undefined : JSON.stringify([r.provider, r.connection, r.target.type ?? '', id]);
  };
  const k = key(record);
  if (k === undefined) return undefined;
  const pos = sorted.indexOf(record);
  return sorted.slice(pos + 1).find((r) => key(r) === k);
}
