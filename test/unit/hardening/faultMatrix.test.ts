/**
 * The fault matrix of issue 7, end to end: every provider × every fault,
 * each cell in its own sandbox, driven once through the provider session and
 * once through the CLI. A cell passes when it ends the way its row expects:
 * every record of the ground truth exactly once, or a typed error naming the
 * provider and the cause (CLI: exit 1, or 130 when interrupted, nothing on
 * stdout, one line on stderr). Secrets and issued tokens must appear in no
 * message and no output.
 *
 * The run writes the matrix to test-results/reliability.md and fails when
 * docs/reliability.md differs; AUDIT_LENS_UPDATE_DOCS=1 rewrites it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLensError } from '../../../src/core/errors';
import type { AuditRecord, ProviderId } from '../../../src/core/model';
import { compareRecords } from '../../../src/core/order';
import type { FetchResult } from '../../../src/core/provider';
import { canonicalJson } from '../../../src/core/recordId';
import type { Sandbox } from '../../../src/sandbox/index';
import { runCliInProcess } from './support/cliInProcess';
import { FAULT_ROWS, type ArmContext, type Expectation, type FaultRow } from './support/faultRows';
import {
  AUDIT_PATH,
  bearerTokensSeen,
  cliEnv,
  cliQueryArgs,
  CONCURRENCY,
  connectSession,
  DEFAULT_TIMEOUT_MS,
  DEMO_SECRETS,
  PAGE_SIZE,
  PROVIDERS,
  queryFor,
  sessionHttp,
  startMatrixSandbox,
  truthFor,
} from './support/providerSetups';
import { renderReliabilityDoc, sanitize, type CellResult, type Drive } from './support/reliabilityDoc';

const ROOT = join(__dirname, '..', '..', '..');
const DOC = join(ROOT, 'docs', 'reliability.md');
const GENERATED = join(ROOT, 'test-results', 'reliability.md');
const REGENERATE = 'node scripts/update-reliability-doc.mjs';
/** Cells run side by side, each with its own sandbox; most of their time is spent waiting. */
const CELLS_AT_ONCE = 6;

/** Every record of `before` exactly once; with inserts, possibly some of the newer ones too, never twice. */
function assertComplete(records: readonly AuditRecord[], provider: ProviderId, before: readonly unknown[], after?: readonly unknown[]): void {
  const ids = new Set<string>();
  for (const [i, r] of records.entries()) {
    assert.equal(r.provider, provider);
    assert.ok(!ids.has(r.id), `${provider}: id ${r.id} came back twice`);
    ids.add(r.id);
    const prev = records[i - 1];
    if (prev) assert.ok(compareRecords(prev, r) < 0, `${provider}: records out of order at ${i}`);
  }
  const got = records.map((r) => canonicalJson(r.raw)).sort();
  const expected = before.map((item) => canonicalJson(item)).sort();
  if (after === undefined) {
    assert.equal(records.length, before.length, `${provider}: ${records.length} records, the ground truth has ${before.length}`);
    assert.deepEqual(got, expected, `${provider}: the records are not the ground truth`);
    return;
  }
  const counts = new Map<string, number>();
  for (const text of got) counts.set(text, (counts.get(text) ?? 0) + 1);
  const expectedCounts = new Map<string, number>();
  for (const text of expected) expectedCounts.set(text, (expectedCounts.get(text) ?? 0) + 1);
  for (const [text, n] of expectedCounts) {
    assert.equal(counts.get(text) ?? 0, n, `${provider}: a record that existed when the query started was lost or came back twice`);
  }
  const possible = new Set(after.map((item) => canonicalJson(item)));
  for (const [text, n] of counts) {
    assert.ok(possible.has(text), `${provider}: a record that never existed came back`);
    if (!expectedCounts.has(text)) assert.equal(n, 1, `${provider}: an inserted record came back twice`);
  }
}

function assertNoSecret(texts: readonly string[], s: Sandbox, where: string): void {
  const secrets = [...DEMO_SECRETS, ...bearerTokensSeen(s)];
  for (const text of texts) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${where}: a secret or issued token appeared`);
  }
}

/** The message of an error and of every error it wraps. */
function messageChain(e: unknown): string[] {
  const out: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 10; cur = cur.cause, depth++) {
    out.push(cur.message, cur instanceof AuditLensError ? cur.describe() : String(cur));
  }
  return out;
}

function describeError(e: unknown): string {
  return e instanceof AuditLensError ? `${e.name} (${e.kind}): ${e.describe()}` : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function completeSummary(row: FaultRow, before: readonly unknown[], expectation: Expectation): string {
  const base = row.inserts ? `complete: all ${before.length} records present at the start, each once` : `complete: ${before.length} of ${before.length} records, each once`;
  const note = expectation.outcome === 'complete' && expectation.note && !row.inserts ? ` (${expectation.note})` : '';
  return `${base}${note}`;
}

interface Cell {
  row: FaultRow;
  provider: ProviderId;
  drive: Drive;
}

/** Runs one cell in a fresh sandbox; throws (failing its test) when the cell ends any other way than expected. */
async function runCell({ row, provider, drive }: Cell): Promise<CellResult> {
  const expectation = row.expect(provider);
  if (expectation.outcome === 'n/a') return { row: row.id, provider, drive, status: 'n/a', summary: `n/a: ${expectation.why}` };
  const expected: Exclude<Expectation, { outcome: 'n/a' }> = expectation;
  const s = await startMatrixSandbox();
  try {
    const controller = new AbortController();
    const ctx: ArmContext = { s, provider, path: AUDIT_PATH[provider], abort: () => controller.abort() };
    const credential = row.credential ?? 'renewable';
    const before = truthFor(provider, s);
    const handles = row.arm(ctx);
    const timeoutMs = row.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const result = drive === 'session' ? await viaSession() : await viaCli();
    for (const h of handles) assert.ok(h.fired > 0, `${row.id} × ${provider}: the fault never fired, so the cell proved nothing`);
    const auditRequests = s.stats.requestsTo(AUDIT_PATH[provider], 'main').length;
    assert.ok(auditRequests >= 2, `${row.id} × ${provider}: only ${auditRequests} audit request: the fault must land in mid-run, after a first page`);
    row.after?.(ctx);
    return result;

    async function viaSession(): Promise<CellResult> {
      const session = connectSession(provider, s, credential, sessionHttp(timeoutMs));
      let fetched: FetchResult | undefined;
      let error: unknown;
      try {
        fetched = await session.fetchAudit(queryFor(provider, s), { pageSize: PAGE_SIZE, concurrency: CONCURRENCY, signal: controller.signal });
      } catch (e) {
        error = e;
      }
      assertNoSecret([...messageChain(error), ...(fetched?.warnings ?? [])], s, `${row.id} × ${provider} (session)`);
      if (expected.outcome === 'complete') {
        assert.ok(fetched, `${row.id} × ${provider}: expected every record, got ${describeError(error)}`);
        assertComplete(fetched.records, provider, before, row.inserts ? truthFor(provider, s) : undefined);
        assert.ok(fetched.pages >= 5, `${row.id} × ${provider}: only ${fetched.pages} pages`);
        const warnings = fetched.warnings.map((w) => sanitize(w, s));
        return { row: row.id, provider, drive, status: 'complete', summary: completeSummary(row, before, expected), ...warningExcerpt(warnings) };
      }
      assert.equal(fetched, undefined, `${row.id} × ${provider}: expected a ${expected.kind} error, but the fetch resolved with ${fetched?.records.length} records`);
      assert.ok(error instanceof AuditLensError, `${row.id} × ${provider}: not a typed error: ${describeError(error)}`);
      assert.equal(error.kind, expected.kind, `${row.id} × ${provider}: ${describeError(error)}`);
      assert.equal(error.provider, provider, `${row.id} × ${provider}: the error does not name its provider: ${describeError(error)}`);
      assert.match(error.message, expected.cause, `${row.id} × ${provider}: the error does not say the cause`);
      return { row: row.id, provider, drive, status: 'error', summary: `${error.name} (${error.kind})`, excerpt: sanitize(error.describe(), s) };
    }

    async function viaCli(): Promise<CellResult> {
      const argv = [...cliQueryArgs(provider), '--timeout-ms', String(timeoutMs)];
      const run = await runCliInProcess(argv, cliEnv(provider, s, credential), controller.signal);
      const what = `${row.id} × ${provider}: audit-lens ${argv.join(' ')}`;
      assertNoSecret([run.stdout, run.stderr], s, `${what} (CLI)`);
      const stderrLines = run.stderr.split('\n').filter((l) => l !== '');
      if (expected.outcome === 'complete') {
        assert.equal(run.code, 0, `${what}: exit ${run.code}: ${run.stderr}`);
        const records = run.stdout
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as AuditRecord);
        assertComplete(records, provider, before, row.inserts ? truthFor(provider, s) : undefined);
        for (const line of stderrLines) assert.match(line, /^audit-lens: warning: /, `${what}: unexpected stderr`);
        const warnings = stderrLines.map((l) => sanitize(l.replace(/^audit-lens: warning: /, ''), s));
        return { row: row.id, provider, drive, status: 'complete', summary: completeSummary(row, before, expected).replace(/^complete/, 'exit 0'), ...warningExcerpt(warnings) };
      }
      const cancelled = expected.kind === 'cancelled';
      assert.equal(run.code, cancelled ? 130 : 1, `${what}: exit ${run.code}: ${run.stderr}`);
      assert.equal(run.stdout, '', `${what}: stdout must stay empty when the run fails`);
      assert.equal(stderrLines.length, 1, `${what}: one stderr line, got: ${run.stderr}`);
      const line = stderrLines[0] ?? '';
      if (cancelled) assert.equal(line, 'audit-lens: interrupted');
      else {
        assert.match(line, new RegExp(`^audit-lens: ${provider}\\b`), `${what}: the line does not start with the provider`);
        assert.match(line, expected.cause, `${what}: the line does not say the cause`);
      }
      return { row: row.id, provider, drive, status: 'error', summary: `exit ${run.code}`, excerpt: sanitize(line, s) };
    }
  } finally {
    await s.close();
  }
}

/** Warnings worth showing: the baseline's (SFMC's missing version 3) are left out when rendering. */
function warningExcerpt(warnings: readonly string[]): { excerpt?: string } {
  return warnings.length ? { excerpt: `warning: ${warnings.join('; ')}` } : {};
}

/** Drops, from every cell, the warnings its provider also gives with no fault at all. */
function withoutBaselineWarnings(results: readonly CellResult[]): CellResult[] {
  return results.map((r) => {
    const base = results.find((b) => b.row === 'none' && b.provider === r.provider && b.drive === r.drive);
    if (r.row === 'none' || !base?.excerpt || r.excerpt !== base.excerpt) return r;
    const { excerpt: _dropped, ...rest } = r;
    return rest;
  });
}

test('fault matrix: every provider × every fault, through the session and the CLI', { timeout: 300_000, concurrency: CELLS_AT_ONCE }, async (t) => {
  const cells: Cell[] = [];
  for (const row of FAULT_ROWS) for (const provider of PROVIDERS) for (const drive of ['session', 'cli'] as const) cells.push({ row, provider, drive });
  const results: CellResult[] = [];
  await Promise.all(
    cells.map((cell) =>
      t.test(`${cell.row.id} × ${cell.provider} × ${cell.drive}`, async () => {
        try {
          results.push(await runCell(cell));
        } catch (e) {
          // Shown in the generated document too, so that a failing cell can't pass for a quiet one.
          results.push({ row: cell.row.id, provider: cell.provider, drive: cell.drive, status: 'failed', summary: 'cell failed' });
          throw e;
        }
      }),
    ),
  );

  const doc = renderReliabilityDoc(FAULT_ROWS, withoutBaselineWarnings(results));
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(GENERATED, doc);
  if (process.env.AUDIT_LENS_UPDATE_DOCS === '1') {
    writeFileSync(DOC, doc);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(DOC, 'utf8');
  } catch {
    /* missing: reported below */
  }
  assert.ok(
    committed === doc,
    `docs/reliability.md differs from the matrix this run produced (written to test-results/reliability.md). If the change is intended, regenerate it with \`${REGENERATE}\` and commit it.`,
  );
});
