/**
 * The FloQast provider against the sandbox: every record of the ground truth
 * exactly once across at least five pages, through faults, a cross-origin
 * 303 (the key never reaches the other origin) and 413 recovery.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, DEMO, type Sandbox } from '../../../../src/sandbox';
import { floQastProvider } from '../../../../src/providers/floqast';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, isCancellation } from '../../../../src/core/errors';
import { canonicalJson } from '../../../../src/core/recordId';
import type { AuditQuery, AuditRecord } from '../../../../src/core/model';
import type { FetchOptions } from '../../../../src/core/provider';

const SCALE = 600;
/** 600 items at 100 a page is 6 pages. */
const PAGE = 100;
const TRAIL = /^\/api\/v1\/audit-trail/;
const KEY = DEMO.floqast.apiKey;

function session(sandbox: Sandbox) {
  return floQastProvider.connect(
    { id: 'fq-sandbox', provider: 'floqast', label: 'FQ', settings: { baseUrl: sandbox.url } },
    { apiKey: KEY },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

function fetchAll(sandbox: Sandbox, query: AuditQuery = {}, options: FetchOptions = {}) {
  return session(sandbox).fetchAudit(query, { pageSize: PAGE, ...options });
}

function assertExactlyOnce(records: AuditRecord[], expected: unknown[]): void {
  const got = records.map((r) => canonicalJson(r.raw));
  assert.equal(new Set(got).size, got.length, 'a record came back twice');
  const want = expected.map(canonicalJson);
  const have = new Set(got);
  const lost = want.filter((w) => !have.has(w));
  assert.equal(lost.length, 0, `${lost.length} records were lost`);
  assert.equal(got.length, want.length);
}

/** Every request reached the API origin with the key, and the other origin without it. */
function assertKeyOnlyOnApiOrigin(sandbox: Sandbox): void {
  for (const r of sandbox.stats.requests) {
    if (r.origin === 'main') assert.equal(r.headers['x-api-key'], KEY, r.url);
    else assert.equal(r.headers['x-api-key'], undefined, `x-api-key reached the other origin: ${r.url}`);
  }
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: SCALE, seed: 21 });
});
after(() => sandbox.close());

function fresh(): void {
  sandbox.faults.clear();
  sandbox.stats.reset();
}

test('ground truth: every record exactly once over at least 5 pages, with bracketed parameters encoded', async () => {
  fresh();
  const result = await fetchAll(sandbox);
  assertExactlyOnce(result.records, sandbox.truth.floqast.items());
  assert.equal(result.pages, 6);
  const trail = sandbox.stats.requestsTo(TRAIL);
  assert.equal(trail.length, 6);
  for (const r of trail) {
    assert.ok(!/[[\]]/.test(r.url), `raw bracket sent: ${r.url}`);
    assert.match(r.url, /page%5Bsize%5D=100/);
  }
  assertKeyOnlyOnApiOrigin(sandbox);
});

test('ground truth with 429s, with and without Retry-After', async () => {
  fresh();
  sandbox.faults.add({ path: TRAIL, kind: '429', retryAfter: 1, skip: 1, times: 1 });
  sandbox.faults.add({ path: TRAIL, kind: '429-none', skip: 2, times: 2 });
  const result = await fetchAll(sandbox);
  assertExactlyOnce(result.records, sandbox.truth.floqast.items());
  assert.equal(sandbox.stats.requests.filter((r) => r.status === 429).length, 3);
});

test('ground truth through a 5xx burst', async () => {
  fresh();
  sandbox.faults.add({ path: TRAIL, kind: '502', skip: 2, times: 3 });
  // Rules count only the requests that reach them: this one sees requests from the sixth on.
  sandbox.faults.add({ path: TRAIL, kind: '500', skip: 3, times: 1 });
  const result = await fetchAll(sandbox);
  assertExactlyOnce(result.records, sandbox.truth.floqast.items());
  assert.equal(sandbox.stats.requests.filter((r) => (r.status ?? 0) >= 500).length, 4);
});

test('a 401 mid-run fails with an AuthError saying the key expired or was revoked', async () => {
  fresh();
  sandbox.faults.add({ path: TRAIL, kind: '401', skip: 2, times: 1 });
  await assert.rejects(fetchAll(sandbox), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 401);
    assert.equal(e.needsNewCredential, true);
    assert.match(e.describe(), /expired or was revoked/);
    assert.ok(!e.describe().includes(KEY));
    return true;
  });
  // Keys can't be refreshed: the refused request was not retried.
  assert.equal(sandbox.stats.requestsTo(TRAIL).length, 3);
});

test('a cross-origin 303: pages fetched from the other origin, which never receives x-api-key', async () => {
  fresh();
  sandbox.faults.add({ path: TRAIL, kind: '303', skip: 1, times: 3 });
  const result = await fetchAll(sandbox);
  assertExactlyOnce(result.records, sandbox.truth.floqast.items());
  const other = sandbox.stats.requests.filter((r) => r.origin === 'other');
  assert.equal(other.length, 3);
  for (const r of other) {
    assert.equal(r.headers['x-api-key'], undefined);
    assert.equal(r.headers.authorization, undefined);
  }
  assertKeyOnlyOnApiOrigin(sandbox);
});

test('413 recovery: allowRedirect=true, then the 303 to the other origin, without the key', async () => {
  const small = await startSandbox({ scale: SCALE, seed: 22, floQastMaxBodyBytes: 24_000 });
  try {
    const result = await fetchAll(small);
    assertExactlyOnce(result.records, small.truth.floqast.items());
    assert.ok(result.warnings.some((w) => /413/.test(w) && /allowRedirect=true/.test(w)), result.warnings.join('\n'));
    assert.ok(small.stats.requests.some((r) => r.status === 413));
    assert.ok(small.stats.requests.filter((r) => r.origin === 'other').length >= 5);
    assertKeyOnlyOnApiOrigin(small);
  } finally {
    await small.close();
  }
});

test('413 recovery: page[size] halved when allowRedirect does not help', async () => {
  const small = await startSandbox({ scale: SCALE, seed: 23, floQastMaxBodyBytes: 24_000 });
  try {
    // This server refuses large pages even when a redirect is allowed.
    small.faults.add({
      path: TRAIL,
      kind: '413',
      times: Infinity,
      where: (r) => r.query.get('allowRedirect') === 'true' && Number(r.query.get('page[size]')) > 50,
    });
    const result = await fetchAll(small);
    assertExactlyOnce(result.records, small.truth.floqast.items());
    assert.ok(result.warnings.some((w) => /allowRedirect=true/.test(w)));
    assert.ok(result.warnings.some((w) => /halving page\[size\] to 50/.test(w)), result.warnings.join('\n'));
    assert.ok(result.pages >= 12);
    const sizes = small.stats.requestsTo(TRAIL).filter((r) => r.status === 200).map((r) => new URL(r.url, 'http://x').searchParams.get('page[size]'));
    assert.ok(sizes.every((s) => s === '50'));
  } finally {
    await small.close();
  }
});

test('from/to (inclusive UTC days) and the API key filter match the ground truth', async () => {
  fresh();
  const all = sandbox.truth.floqast.items();
  const days = [...new Set(all.map((i) => i.createdAt.slice(0, 10)))].sort();
  assert.ok(days.length >= 4);
  const startDate = days[1] as string;
  const endDate = days[days.length - 2] as string;
  const dated = await fetchAll(sandbox, { from: startDate, to: endDate });
  assertExactlyOnce(dated.records, sandbox.truth.floqast.items({ startDate, endDate }));
  const key = sandbox.truth.floqast.apiKeys()[0]?.id as string;
  const keyed = await fetchAll(sandbox, { apiKeyId: key });
  assertExactlyOnce(keyed.records, sandbox.truth.floqast.items({ apiKeyId: key }));
  assert.ok(keyed.records.length > 0 && keyed.records.every((r) => r.actor.id === key));
});

test('testConnection and scopes (the distinct API keys in the trail)', async () => {
  fresh();
  const s = session(sandbox);
  const me = sandbox.truth.floqast.me();
  assert.equal(await s.testConnection(), `Connected to FloQast as API key ${me.apiKeyId}, user ${me.userId}`);
  const scopes = (await s.listScopes({})).scopes;
  const used = new Map(sandbox.truth.floqast.items().map((i) => [i.userApiKey.id, i.userApiKey.name]));
  assert.deepStrictEqual(
    scopes.map((x) => [x.id, x.name]).sort(),
    [...used].sort(),
  );
  assert.ok(scopes.every((x) => x.type === 'apiKey' && x.provider === 'floqast'));
});

test('cancelling stops the fetch with a cancellation, not a partial result', async () => {
  fresh();
  const controller = new AbortController();
  await assert.rejects(
    fetchAll(sandbox, {}, { signal: controller.signal, onProgress: (p) => p.pagesDone === 2 && controller.abort() }),
    (e: unknown) => isCancellation(e),
  );
  assert.equal(sandbox.stats.requestsTo(TRAIL).length, 2);
});
