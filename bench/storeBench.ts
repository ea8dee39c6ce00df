/**
 * Section 3, record store: filter, search, facet and window latency at 10⁴,
 * 10⁵ and 10⁶ records, against a naive Array.filter + sort over the same
 * records. Each run uses a filter the store has not seen (its per-filter
 * cache would otherwise answer from memory).
 */
import type { AuditRecord, Outcome, ProviderId } from '../src/core/model';
import { compareRecords } from '../src/core/order';
import { FACET_NAMES, RecordStore, facetValueOf, searchableTexts, type RecordFilter } from '../src/core/recordStore';
import { compare, timeRuns, type Comparison } from './stats';

const PROVIDERS: ProviderId[] = ['sfmc', 'liveperson', 'uniphore', 'floqast'];
const ACTIONS = ['Create', 'Modify', 'Publish', 'Unpublish', 'Stop', 'Users', 'Skills', 'Profiles', 'Search And Replay', 'GET /api/v1/reconciliations', 'POST /api/v1/checklists'];
const OUTCOMES: Outcome[] = ['success', 'success', 'success', 'failure', 'unknown'];

/** Deterministic synthetic records: cheap to make, realistic in their spread of values. */
export function syntheticRecords(n: number): AuditRecord[] {
  // mulberry32: a small PRNG whose low bits are as good as its high ones.
  let s = 42;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const start = Date.parse('2024-01-01T00:00:00Z');
  const out: AuditRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const provider = PROVIDERS[i % 4]!;
    const outcome = OUTCOMES[Math.floor(rnd() * OUTCOMES.length)]!;
    out[i] = {
      provider,
      connection: provider,
      id: `r${i}`,
      time: new Date(start + Math.floor(rnd() * 365 * 86_400_000)).toISOString(),
      action: ACTIONS[Math.floor(rnd() * ACTIONS.length)]!,
      outcome,
      actor: { id: String(Math.floor(rnd() * 500)), name: `User ${Math.floor(rnd() * 500)}` },
      target: { type: ['journey', 'Users', 'Reconciliations', 'Search For Live Calls'][i % 4]!, name: `Target ${Math.floor(rnd() * 2000)}` },
      errors: outcome === 'failure' ? [{ code: 'VALIDATE_GENERAL_EXCEPTION', message: `An entry event must be configured ${i % 97}` }] : [],
      changes: i % 7 === 0 ? [{ field: 'Skill name', old: `old ${i % 13}`, new: `new ${i % 17}` }] : [],
      raw: {},
    };
  }
  return out;
}

/** The naive way: filter every record with closures, then sort. */
function naiveFilter(records: AuditRecord[], filter: RecordFilter): AuditRecord[] {
  const terms = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return records
    .filter((r) => {
      const t = Date.parse(r.time);
      if (filter.from !== undefined && t < filter.from) return false;
      if (filter.to !== undefined && t >= filter.to) return false;
      for (const f of FACET_NAMES) {
        const inc = filter.include?.[f];
        if (inc && inc.length && !inc.includes(facetValueOf(r, f))) return false;
        const exc = filter.exclude?.[f];
        if (exc && exc.includes(facetValueOf(r, f))) return false;
      }
      if (terms.length) {
        const hay = searchableTexts(r).join(' ').toLowerCase();
        if (!terms.every((term) => hay.includes(term))) return false;
      }
      return true;
    })
    .sort(compareRecords);
}

function naiveFacets(rows: AuditRecord[]): Map<string, number>[] {
  return FACET_NAMES.map((f) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const v = facetValueOf(r, f);
      m.set(v, (m.get(v) ?? 0) + 1);
    }
    return m;
  });
}

export interface StoreResult {
  comparisons: Comparison[];
}

export async function benchStore(runs: number, sizes: number[], log: (s: string) => void): Promise<StoreResult> {
  const comparisons: Comparison[] = [];
  for (const size of sizes) {
    log(`store: ${size} records`);
    const records = syntheticRecords(size);
    const store = new RecordStore();
    store.add(records);
    store.window({}, 0, 1); // sorts once, as the first view would
    let k = 0;
    const DAY = 86_400_000;
    // A fresh time bound each run defeats both sides' caches equally.
    const nextFrom = () => Date.parse('2024-01-01T00:00:00Z') + (k++ % 50) * DAY;
    const ops: { name: string; filter: () => RecordFilter; store: (f: RecordFilter) => unknown; naive: (f: RecordFilter) => unknown }[] = [
      {
        name: 'filter (facets + time range) + first window',
        filter: () => ({ from: nextFrom(), include: { outcome: ['failure'], provider: ['sfmc', 'floqast'] } }),
        store: (f) => store.window(f, 0, 100),
        naive: (f) => naiveFilter(records, f).slice(0, 100),
      },
      {
        name: 'full-text search + first window',
        filter: () => ({ from: nextFrom(), text: 'entry event' }),
        store: (f) => store.window(f, 0, 100),
        naive: (f) => naiveFilter(records, f).slice(0, 100),
      },
      {
        name: 'facet counts under a filter',
        filter: () => ({ from: nextFrom(), exclude: { outcome: ['unknown'] } }),
        store: (f) => store.facets(f),
        naive: (f) => naiveFacets(naiveFilter(records, f)),
      },
      {
        name: 'window deep in the list',
        filter: () => ({ from: nextFrom() }),
        store: (f) => store.window(f, Math.floor(size / 2), 200),
        naive: (f) => naiveFilter(records, f).slice(Math.floor(size / 2), Math.floor(size / 2) + 200),
      },
    ];
    const r = size >= 1_000_000 ? Math.max(5, Math.min(runs, 7)) : runs;
    for (const op of ops) {
      const baseline = await timeRuns(size >= 1_000_000 ? 5 : r, () => op.naive(op.filter()));
      const target = await timeRuns(r, () => op.store(op.filter()));
      const big = size >= 1_000_000;
      comparisons.push(
        compare(`store ${size.toLocaleString('en-US')}: ${op.name}`, baseline, target, big ? '< 100 ms at 10⁶' : 'faster than naive', (x) => (big ? target.median < 100 : x < 1)),
      );
    }
  }
  return { comparisons };
}
