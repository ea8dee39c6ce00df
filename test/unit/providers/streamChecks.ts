/**
 * What every provider's streaming must hold, checked the same way for all
 * four: each streamed batch comes with the page it was read from, record i's
 * raw item being that page's item index[i] (item i without an index); and a
 * fetch that does not collect streams exactly what a collecting one returns.
 */
import assert from 'node:assert/strict';
import type { AuditQuery, AuditRecord } from '../../../src/core/model';
import { sortAndDedupe } from '../../../src/core/order';
import type { FetchOptions, FetchProgress, FetchResult, ProviderSession } from '../../../src/core/provider';
import type { RawItems } from '../../../src/core/rawPage';
import type { Sandbox } from '../../../src/sandbox/index';

export interface StreamedBatch {
  records: AuditRecord[];
  raw: RawItems | undefined;
}

export interface StreamRun {
  result: FetchResult;
  batches: StreamedBatch[];
  progress: FetchProgress[];
}

export async function fetchStreaming(session: ProviderSession, query: AuditQuery, options: FetchOptions = {}): Promise<StreamRun> {
  const batches: StreamedBatch[] = [];
  const progress: FetchProgress[] = [];
  const result = await session.fetchAudit(query, {
    ...options,
    onRecords: (records, raw) => batches.push({ records, raw }),
    onProgress: (p) => progress.push({ ...p }),
  });
  return { result, batches, progress };
}

export function streamedRecords(run: StreamRun): AuditRecord[] {
  return run.batches.flatMap((b) => b.records);
}

/**
 * Every record of every batch has its raw item in the batch's page, where
 * the mapping says. Returns how many batches were narrowed (carried an index).
 */
export function assertRawPagesMatch(run: StreamRun): { batches: number; narrowed: number } {
  assert.ok(run.batches.length > 0, 'something was streamed');
  let narrowed = 0;
  for (const [b, batch] of run.batches.entries()) {
    const raw = batch.raw;
    assert.ok(raw, `batch ${b} came without its page`);
    if (raw.index) {
      narrowed++;
      assert.equal(raw.index.length, batch.records.length, `batch ${b}: one index per record`);
    }
    for (let i = 0; i < batch.records.length; i++) {
      const at: number = raw.index?.[i] ?? i;
      assert.deepEqual(raw.page.item(at), batch.records[i]!.raw, `batch ${b}, record ${i}: page item ${at} is not its raw item`);
    }
  }
  return { batches: run.batches.length, narrowed };
}

/** Streamed ids never repeat within one fetch. */
export function assertStreamedOnce(run: StreamRun): void {
  const keys = streamedRecords(run).map((r) => `${r.connection}\u0000${r.id}`);
  assert.equal(new Set(keys).size, keys.length, 'a record was streamed twice');
}

/**
 * With `collect: false` the result holds no records, and the same records are
 * streamed, with the same counts, pages and warnings, as a collecting fetch
 * returns (and streams).
 */
export async function assertCollectFalseStreamsTheSame(connect: () => ProviderSession, query: AuditQuery, options: FetchOptions = {}): Promise<StreamRun> {
  const collected = await fetchStreaming(connect(), query, options);
  const streamedOnly = await fetchStreaming(connect(), query, { ...options, collect: false });
  assert.ok(collected.result.records.length > 0, 'the query returns records');
  assert.deepEqual(streamedOnly.result.records, [], 'nothing collected');
  assertStreamedOnce(collected);
  assertStreamedOnce(streamedOnly);
  assert.deepEqual(sortAndDedupe(streamedRecords(collected)), collected.result.records, 'a collecting fetch streams what it returns');
  assert.deepEqual(sortAndDedupe(streamedRecords(streamedOnly)), collected.result.records, 'streamed without collecting: the same records');
  assert.equal(streamedOnly.result.pages, collected.result.pages);
  assert.deepEqual(streamedOnly.result.warnings, collected.result.warnings);
  assert.equal(streamedOnly.progress.length, collected.progress.length, 'progress reported as often');
  const last = (run: StreamRun) => Math.max(...run.progress.map((p) => p.records));
  assert.equal(last(streamedOnly), last(collected), 'progress counts the same records');
  assertRawPagesMatch(streamedOnly);
  return streamedOnly;
}

/**
 * Rows inserted at the top while an offset-paged fetch runs make later pages
 * repeat rows of earlier ones: those repeats are dropped from the records and
 * from their page's mapping alike, and every record is streamed once.
 */
export async function assertDriftNarrowsPages(
  start: () => Promise<Sandbox>,
  insert: Parameters<Sandbox['faults']['insertOnRequest']>[0],
  connect: (sandbox: Sandbox) => ProviderSession,
  options: FetchOptions,
  atLeast: number,
): Promise<void> {
  const sandbox = await start();
  try {
    sandbox.faults.insertOnRequest(insert);
    const run = await fetchStreaming(connect(sandbox), {}, { ...options, collect: false });
    assert.ok(assertRawPagesMatch(run).narrowed >= 1, 'a page lost its repeated rows');
    assertStreamedOnce(run);
    assert.ok(streamedRecords(run).length >= atLeast);
  } finally {
    await sandbox.close();
  }
}
