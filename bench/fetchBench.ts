/**
 * Section 1, fetch: each provider against the sandbox with 50 ms injected per
 * request and at least 100 pages, naive sequential pager vs the provider at
 * its default concurrency. Also checks the sandbox's peak in-flight count
 * never exceeded the configured concurrency.
 */
import { HttpClient } from '../src/core/http';
import { DEFAULT_CONCURRENCY } from '../src/core/provider';
import type { AuditQuery, ProviderId } from '../src/core/model';
import { getProvider } from '../src/providers/registry';
import { demoConnections } from '../src/extension/demoConnections';
import type { SfmcJourneyTruth } from '../src/sandbox/index';
import { startRemoteSandbox } from './remoteSandbox';
import { compare, timeRuns, type Comparison } from './stats';
import { DEMO } from '../src/sandbox/demoCredentials';
import { naiveFloQast, naiveLivePerson, naiveSfmc, naiveUniphore } from './naivePagers';

const LATENCY_MS = 50;
const PAGE_SIZE = 50;
const PAGES = 100;

export interface FetchResults {
  comparisons: Comparison[];
  peakInFlight: Record<string, number>;
  concurrency: number;
}

export async function benchFetch(runs: number, log: (s: string) => void): Promise<FetchResults> {
  const items = PAGE_SIZE * PAGES;
  // SFMC's high-volume journey spreads `scale` items over 4 versions; one version holds PAGES full pages.
  const sandbox = await startRemoteSandbox({ scale: { sfmc: items * 4, liveperson: items, uniphore: items, floqast: items }, latencyMs: LATENCY_MS });
  const comparisons: Comparison[] = [];
  const peakInFlight: Record<string, number> = {};
  try {
    const conns = new Map(demoConnections(sandbox.url).map((d) => [d.connection.provider, d]));
    const session = (id: ProviderId) => {
      const d = conns.get(id)!;
      const settings = id === 'liveperson' ? { ...d.connection.settings, timeZone: 'UTC' } : d.connection.settings;
      return getProvider(id).connect({ ...d.connection, settings }, d.secrets, { http: new HttpClient({ provider: id }) });
    };
    const journeys = await sandbox.truth<SfmcJourneyTruth[]>('sfmc', 'journeys');
    const journey = [...journeys].sort((a, b) => b.auditCount - a.auditCount)[0]!;
    const version = journey.latestVersion;
    const count = (area: string) => sandbox.truth<number>(area, 'count');
    const versionItems = (await sandbox.truth<unknown[]>('sfmc', 'auditItems', journey.id, { version })).length;
    const cases: { id: ProviderId; query: AuditQuery; expected: number; naive: () => Promise<number>; cursor: boolean }[] = [
      { id: 'sfmc', query: { journey: journey.id, version }, expected: versionItems, naive: () => naiveSfmc(sandbox.url, journey.id, version, PAGE_SIZE), cursor: false },
      { id: 'liveperson', query: { account: DEMO.liveperson.accountId }, expected: await count('liveperson'), naive: () => naiveLivePerson(sandbox.url, PAGE_SIZE), cursor: false },
      { id: 'uniphore', query: {}, expected: await count('uniphore'), naive: () => naiveUniphore(sandbox.url, PAGE_SIZE), cursor: false },
      { id: 'floqast', query: {}, expected: await count('floqast'), naive: () => naiveFloQast(sandbox.url, PAGE_SIZE), cursor: true },
    ];
    for (const c of cases) {
      log(`fetch: ${c.id} (${c.expected} records, ${Math.ceil(c.expected / PAGE_SIZE)} pages of ${PAGE_SIZE}, ${LATENCY_MS} ms per request)`);
      const baseline = await timeRuns(runs, async () => {
        const n = await c.naive();
        if (n !== c.expected) throw new Error(`baseline ${c.id} got ${n} of ${c.expected}`);
      });
      const s = session(c.id);
      await sandbox.resetStats();
      const target = await timeRuns(runs, async () => {
        const r = await s.fetchAudit(c.query, { pageSize: PAGE_SIZE });
        if (r.records.length !== c.expected) throw new Error(`${c.id} got ${r.records.length} of ${c.expected}`);
      });
      peakInFlight[c.id] = await sandbox.peakInFlight();
      if (peakInFlight[c.id]! > DEFAULT_CONCURRENCY) throw new Error(`${c.id} exceeded the concurrency limit: ${peakInFlight[c.id]} in flight`);
      comparisons.push(
        c.cursor
          ? compare(`fetch ${c.id} (cursor paging)`, baseline, target, '≤ 1.15× the sequential pager', (r) => r <= 1.15, `peak in flight ${peakInFlight[c.id]}`)
          : compare(`fetch ${c.id}`, baseline, target, '≥ 4× faster than the sequential pager', (r) => r <= 0.25, `peak in flight ${peakInFlight[c.id]} (limit ${DEFAULT_CONCURRENCY})`),
      );
    }
  } finally {
    await sandbox.close();
  }
  return { comparisons, peakInFlight, concurrency: DEFAULT_CONCURRENCY };
}
