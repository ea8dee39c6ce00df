/**
 * Section 2, ingest: normalize and index 10⁴, 10⁵ and 10⁶ records, against
 * JSON.parse alone on the same payloads (the floor). Payloads are pages of
 * 1000 raw items as each API sends them, a quarter from each provider, made
 * from the sandbox's generators; LivePerson's times are in US/Eastern and
 * SFMC's at −06:00, so time-zone work is part of what is measured.
 */
import { normalizeFloQastItem } from '../src/providers/floqast/normalize';
import { normalizeLivePersonPage } from '../src/providers/liveperson/normalize';
import { normalizeSfmcPage } from '../src/providers/sfmc/normalize';
import { normalizeUniphoreItem } from '../src/providers/uniphore/normalize';
import { RecordStore } from '../src/core/recordStore';
import { RawPage, type ItemLocator } from '../src/core/rawPage';
import { resolveTimeZone } from '../src/core/time';
import { synthesizePageIds } from '../src/core/recordId';
import type { AuditRecord } from '../src/core/model';
import { startSandbox } from '../src/sandbox/index';
import { compare, summarize, timeRuns, type Comparison, type Figure } from './stats';

const PAGE = 1000;
type Kind = 'sfmc' | 'liveperson' | 'uniphore' | 'floqast';

interface Payload {
  kind: Kind;
  json: string;
  /** The same body as received (UTF-8), which the HTTP layer hands over with the text and a RawPage keeps. */
  bytes: Uint8Array;
}

/** Base items per provider, varied so every generated item is distinct (ids and hashes differ). */
async function basePools(): Promise<Record<Kind, Record<string, unknown>[]>> {
  const sandbox = await startSandbox({ scale: { sfmc: 20000, liveperson: 5000, uniphore: 5000, floqast: 5000 } });
  try {
    const big = [...sandbox.truth.sfmc.journeys()].sort((a, b) => b.auditCount - a.auditCount)[0]!;
    return {
      sfmc: sandbox.truth.sfmc.auditItems(big.id) as unknown as Record<string, unknown>[],
      liveperson: sandbox.truth.liveperson.items(undefined, { timezone: 'US/Eastern' } as never) as unknown as Record<string, unknown>[],
      uniphore: sandbox.truth.uniphore.items() as unknown as Record<string, unknown>[],
      floqast: sandbox.truth.floqast.items() as unknown as Record<string, unknown>[],
    };
  } finally {
    await sandbox.close();
  }
}

function variant(kind: Kind, base: Record<string, unknown>, n: number): Record<string, unknown> {
  switch (kind) {
    case 'sfmc':
      return { ...base, description: `${String(base.description ?? '')} #${n}` };
    case 'liveperson':
      return { ...base, objectName: `${String(base.objectName ?? '')} #${n}` };
    case 'uniphore':
      return { ...base, id: 10_000_000 + n };
    case 'floqast':
      return { ...base, id: `${String(base.id)}-${n}` };
  }
}

function makePayloads(pools: Record<Kind, Record<string, unknown>[]>, total: number): Payload[] {
  const kinds: Kind[] = ['sfmc', 'liveperson', 'uniphore', 'floqast'];
  const payloads: Payload[] = [];
  let n = 0;
  for (let made = 0; made < total; made += PAGE) {
    const kind = kinds[payloads.length % 4]!;
    const pool = pools[kind];
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < Math.min(PAGE, total - made); i++, n++) items.push(variant(kind, pool[n % pool.length]!, n));
    // Envelopes as the APIs send them, so the parse floor includes them.
    const body = kind === 'sfmc' ? { Page: 1, PageSize: PAGE, Count: items.length, Items: items } : kind === 'liveperson' ? { data: { auditData: items } } : kind === 'uniphore' ? { content: items, totalPages: 1 } : { data: items, links: {} };
    const json = JSON.stringify(body);
    payloads.push({ kind, json, bytes: new Uint8Array(Buffer.from(json, 'utf8')) });
  }
  return payloads;
}

const sfmcCtx = { connection: 'sfmc', zone: resolveTimeZone('-06:00') };
const lpCtx = { connection: 'liveperson', zone: resolveTimeZone('US/Eastern') };
const uniCtx = { connection: 'uniphore', zone: resolveTimeZone('UTC') };

// Where each API's envelope keeps its items, as the providers read them.
const LOCATE: Record<Kind, ItemLocator> = {
  sfmc: (body) => (body as { Items: unknown[] }).Items,
  liveperson: (body) => (body as { data: { auditData: unknown[] } }).data.auditData,
  uniphore: (body) => (body as { content: unknown[] }).content,
  floqast: (body) => (body as { data: unknown[] }).data,
};

/** Parses and normalizes one page, as a provider does, and adds it to the store with its page as the records' raw items. */
function ingestPayload(store: RecordStore, p: Payload): void {
  store.add(normalizePayload(p), { page: new RawPage(p.bytes, LOCATE[p.kind]) });
}

function normalizePayload(p: Payload): AuditRecord[] {
  const items = LOCATE[p.kind](JSON.parse(p.json));
  let records: AuditRecord[];
  switch (p.kind) {
    case 'sfmc':
      records = normalizeSfmcPage(items, sfmcCtx);
      break;
    case 'liveperson':
      records = normalizeLivePersonPage(items, lpCtx);
      break;
    case 'uniphore':
      records = items.map((i) => normalizeUniphoreItem(i, uniCtx));
      break;
    case 'floqast':
      records = items.map((i) => normalizeFloQastItem(i, 'floqast'));
      break;
  }
  return records;
}

/**
 * Where ingest time goes, each step measured cumulatively on the same payloads: parse; parse and
 * the SHA-256 ids of the SFMC and LivePerson items (DESIGN.md §3); parse and normalize (ids
 * included); the whole ingest. Printed beside the section so the ratio can be read, not guessed at.
 */
async function breakdown(payloads: Payload[], runs: number): Promise<{ step: string; figure: Figure }[]> {
  const steps: [string, () => void][] = [
    ['JSON.parse', () => payloads.forEach((p) => JSON.parse(p.json))],
    [
      '+ synthesized ids (SFMC, LivePerson)',
      () =>
        payloads.forEach((p) => {
          const items = LOCATE[p.kind](JSON.parse(p.json));
          if (p.kind === 'sfmc' || p.kind === 'liveperson') synthesizePageIds(items);
        }),
    ],
    ['+ the rest of normalizing', () => payloads.forEach((p) => normalizePayload(p))],
    [
      '+ indexing in the store (the whole ingest)',
      () => {
        const store = new RecordStore();
        for (const p of payloads) ingestPayload(store, p);
      },
    ],
  ];
  const out: { step: string; figure: Figure }[] = [];
  for (const [step, fn] of steps) out.push({ step, figure: await timeRuns(runs, fn, 1) });
  return out;
}

export interface IngestResult {
  comparisons: Comparison[];
  /** Cumulative step times at 10⁵ records (see breakdown()). */
  steps: { records: number; steps: { step: string; figure: Figure }[] };
  heap: {
    records: number;
    rawJsonBytesPerRecord: number;
    heapBytesPerRecord: number;
    ratio: number;
    met: boolean;
    /** Array buffers outside the JS heap (the store's columns and the pages' bodies), which heapUsed does not count. */
    arrayBufferBytesPerRecord: number;
  }[];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Collects garbage and lets the background sweeper release freed ArrayBuffers, which memoryUsage().arrayBuffers reports late. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  return process.memoryUsage();
}

export async function benchIngest(runs: number, sizes: number[], log: (s: string) => void): Promise<IngestResult> {
  const pools = await basePools();
  const comparisons: Comparison[] = [];
  const heap: IngestResult['heap'] = [];
  let steps: IngestResult['steps'] | undefined;
  for (const size of sizes) {
    const payloads = makePayloads(pools, size);
    const rawBytes = payloads.reduce((s, p) => s + Buffer.byteLength(p.json), 0);
    const r = size >= 1_000_000 ? Math.max(3, Math.min(runs, 5)) : runs;
    log(`ingest: ${size} records (${(rawBytes / 1e6).toFixed(1)} MB of JSON), ${r} runs`);
    // One unmeasured run of each side first: JSON.parse is native, the ingest code is JavaScript that
    // the JIT compiles on first use, which at 10^4 would otherwise dominate two of three runs.
    const warmup = size >= 1_000_000 ? 0 : 1;
    const baseline = await timeRuns(r, () => {
      let n = 0;
      for (const p of payloads) n += (JSON.parse(p.json) as unknown) ? 1 : 0;
      return n;
    }, warmup);
    let stored = 0;
    const target = await timeRuns(r, () => {
      const store = new RecordStore();
      for (const p of payloads) ingestPayload(store, p);
      stored = store.size;
    }, warmup);
    if (stored !== size) throw new Error(`ingest stored ${stored} of ${size}`);
    comparisons.push(compare(`ingest ${size.toLocaleString('en-US')} records`, baseline, target, '≤ 3× JSON.parse', (x) => x <= 3));
    if (size === 100_000) steps = { records: size, steps: await breakdown(payloads, r) };
    // Heap: what a filled store retains, over the raw JSON it came from. The store keeps its pages'
    // bodies, so each page arrives as a body (bytes and text) made only for it, as a response is,
    // from bytes held outside the measurement; the bodies the store keeps are then counted.
    const bodies = payloads.map((p) => ({ kind: p.kind, bytes: Buffer.from(p.json, 'utf8') }));
    const before = await settledMemory();
    const store = new RecordStore();
    for (const b of bodies) ingestPayload(store, { kind: b.kind, json: b.bytes.toString('utf8'), bytes: new Uint8Array(b.bytes) });
    const after = await settledMemory();
    // The store's typed-array columns live outside the JS heap; count them too.
    const perRecord = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / size;
    const rawPer = rawBytes / size;
    heap.push({
      records: size,
      rawJsonBytesPerRecord: Math.round(rawPer),
      heapBytesPerRecord: Math.round(perRecord),
      ratio: perRecord / rawPer,
      met: perRecord / rawPer <= 2,
      arrayBufferBytesPerRecord: Math.round((after.arrayBuffers - before.arrayBuffers) / size),
    });
    if (store.size !== size) throw new Error('heap store incomplete');
  }
  return { comparisons, heap, steps: steps ?? { records: 0, steps: [] } };
}

export type { Figure };
export { summarize };
