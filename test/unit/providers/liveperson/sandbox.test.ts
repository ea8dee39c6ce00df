/**
 * The LivePerson provider against the sandbox: every record of the ground
 * truth exactly once, across at least five pages, through faults, token
 * expiry, inserts while paging and a concurrency limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, DEMO, type Sandbox } from '../../../../src/sandbox';
import { livePersonProvider } from '../../../../src/providers/liveperson';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, BadResponseError, isCancellation } from '../../../../src/core/errors';
import { canonicalJson } from '../../../../src/core/recordId';
import type { AuditRecord, ConnectionSecrets } from '../../../../src/core/model';
import type { FetchOptions } from '../../../../src/core/provider';

const SCALE = 600;
/** 600 items at 100 a page (stepping 99 for the overlap) is 7 pages. */
const PAGE = 100;
const AUDIT = /\/configuration\/metadata\/audit/;
const account = DEMO.liveperson.accountId;

type Method = 'bearer' | 'client' | 'login';
const credentials: Record<Method, { settings: Record<string, string>; secrets: ConnectionSecrets }> = {
  bearer: { settings: { authMethod: 'bearer' }, secrets: { bearer: DEMO.liveperson.bearer } },
  client: { settings: { authMethod: 'client', clientId: DEMO.liveperson.clientId }, secrets: { clientSecret: DEMO.liveperson.clientSecret } },
  login: { settings: { authMethod: 'login', username: DEMO.liveperson.username }, secrets: { password: DEMO.liveperson.password } },
};

function session(sandbox: Sandbox, method: Method, extra: Record<string, string> = {}, domainApi = sandbox.url) {
  const { settings, secrets } = credentials[method];
  return livePersonProvider.connect(
    { id: 'lp-sandbox', provider: 'liveperson', label: 'LP', settings: { accountId: account, domainApi, ...settings, ...extra } },
    secrets,
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

/** Everything the account holds, as the provider asks for it (LPA changes and automatic updates included). */
function truthItems(sandbox: Sandbox): string[] {
  return sandbox.truth.liveperson.query(account, { lpa: true, automaticUpdates: true, timezone: 'US/Eastern' }).map(canonicalJson);
}

function assertExactlyOnce(records: AuditRecord[], expected: string[]): void {
  const got = records.map((r) => canonicalJson(r.raw));
  const counts = new Map<string, number>();
  for (const g of got) counts.set(g, (counts.get(g) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  assert.equal(twice.length, 0, `${twice.length} records came back more than once`);
  const missing = expected.filter((e) => !counts.has(e));
  assert.equal(missing.length, 0, `${missing.length} records were lost`);
  assert.equal(got.length, expected.length);
}

async function fetchAll(sandbox: Sandbox, method: Method, options: FetchOptions = {}) {
  return session(sandbox, method).fetchAudit({}, { pageSize: PAGE, ...options });
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: SCALE, seed: 11 });
});
after(() => sandbox.close());

function fresh(): void {
  sandbox.faults.clear();
  sandbox.stats.reset();
}

test('ground truth: every record exactly once over at least 5 pages, with each auth method', async () => {
  const expected = truthItems(sandbox);
  assert.equal(expected.length, SCALE);
  for (const method of ['bearer', 'client', 'login'] as const) {
    fresh();
    const result = await fetchAll(sandbox, method);
    assertExactlyOnce(result.records, expected);
    assert.ok(sandbox.stats.requestsTo(AUDIT).length >= 5, 'at least five pages');
    assert.deepStrictEqual(result.warnings, []);
    // Sorted newest first, ties by id.
    for (let i = 1; i < result.records.length; i++) {
      const a = result.records[i - 1] as AuditRecord;
      const b = result.records[i] as AuditRecord;
      assert.ok(a.time > b.time || (a.time === b.time && a.id < b.id));
    }
  }
});

test('ground truth with 429s, with and without Retry-After', async () => {
  const expected = truthItems(sandbox);
  fresh();
  sandbox.faults.add({ path: AUDIT, kind: '429', retryAfter: 1, skip: 1, times: 1 });
  sandbox.faults.add({ path: AUDIT, kind: '429-none', skip: 2, times: 2 });
  sandbox.faults.add({ path: AUDIT, kind: '429-date', retryAfter: 1, skip: 5, times: 1 });
  const result = await fetchAll(sandbox, 'client');
  assertExactlyOnce(result.records, expected);
  assert.equal(sandbox.stats.requests.filter((r) => r.status === 429).length, 4);
});

test('ground truth through a 5xx burst', async () => {
  const expected = truthItems(sandbox);
  fresh();
  sandbox.faults.add({ path: AUDIT, kind: '500', skip: 1, times: 2 });
  sandbox.faults.add({ path: AUDIT, kind: '503', skip: 2, times: 2 });
  sandbox.faults.add({ path: AUDIT, kind: '502', skip: 3, times: 1 });
  const result = await fetchAll(sandbox, 'bearer', { concurrency: 6 });
  assertExactlyOnce(result.records, expected);
  assert.equal(sandbox.stats.requests.filter((r) => (r.status ?? 0) >= 500).length, 5);
});

test('a 401 mid-run: client credentials and login renew and complete', async () => {
  const expected = truthItems(sandbox);
  for (const method of ['client', 'login'] as const) {
    fresh();
    const issuedBefore = sandbox.tokensIssued;
    sandbox.faults.add({ path: AUDIT, kind: 'expire-tokens', skip: 3, times: 1 });
    const result = await fetchAll(sandbox, method);
    assertExactlyOnce(result.records, expected);
    assert.ok(sandbox.stats.requestsTo(AUDIT).some((r) => r.status === 401), `${method}: a request was refused`);
    assert.equal(sandbox.tokensIssued - issuedBefore, 2, `${method}: one token, then one renewal for every refused request`);
  }
  // A plain 401 from the audit API (not a token the sandbox forgot) is renewed the same way.
  fresh();
  sandbox.faults.add({ path: AUDIT, kind: '401', skip: 2, times: 1 });
  assertExactlyOnce((await fetchAll(sandbox, 'client')).records, expected);
});

test('a 401 mid-run with a pasted bearer fails, saying the token expired or was revoked', async () => {
  fresh();
  sandbox.faults.add({ path: AUDIT, kind: '401', skip: 2, times: Infinity });
  await assert.rejects(fetchAll(sandbox, 'bearer'), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 401);
    assert.equal(e.needsNewCredential, true);
    assert.match(e.describe(), /token expired or revoked/);
    assert.ok(!e.describe().includes(DEMO.liveperson.bearer));
    return true;
  });
});

test('never more requests in flight than the concurrency limit', async () => {
  fresh();
  sandbox.setLatency(15);
  try {
    const result = await fetchAll(sandbox, 'client', { concurrency: 3 });
    assert.equal(result.records.length, SCALE);
    assert.ok(sandbox.stats.peakInFlight <= 3, `peak ${sandbox.stats.peakInFlight}`);
    assert.ok(sandbox.stats.peakInFlightFor(AUDIT) >= 2, 'pages were fetched ahead concurrently');
  } finally {
    sandbox.setLatency(0);
  }
});

test('from/to select exact UTC days', async () => {
  fresh();
  const all = await fetchAll(sandbox, 'bearer');
  const days = [...new Set(all.records.map((r) => r.time.slice(0, 10)))].sort();
  assert.ok(days.length >= 4);
  const from = days[1] as string;
  const to = days[days.length - 2] as string;
  const want = all.records.filter((r) => r.time.slice(0, 10) >= from && r.time.slice(0, 10) <= to).map((r) => canonicalJson(r.raw));
  const result = await session(sandbox, 'bearer').fetchAudit({ from, to }, { pageSize: PAGE });
  assertExactlyOnce(result.records, want);
});

test('a server that serves fewer rows than `first` asks loses nothing', async () => {
  const capped = await startSandbox({ scale: SCALE, seed: 14, livePersonMaxFirst: 90 });
  try {
    const result = await session(capped, 'bearer').fetchAudit({}, { pageSize: 500 });
    assertExactlyOnce(result.records, truthItems(capped));
    assert.ok(capped.stats.requestsTo(AUDIT).length >= 7);
  } finally {
    await capped.close();
  }
});

test('orderBy/orderDirection as enum literals when configured', async () => {
  fresh();
  const result = await session(sandbox, 'bearer', { orderValueStyle: 'enum' }).fetchAudit({}, { pageSize: PAGE });
  assertExactlyOnce(result.records, truthItems(sandbox));
});

test('records inserted while paging: every record that existed at the start exactly once, none twice', async () => {
  const own = await startSandbox({ scale: SCALE, seed: 12 });
  try {
    const atStart = truthItems(own);
    // Ten new changes land at the top before every audit request after the first.
    own.faults.insertOnRequest({ provider: 'liveperson', count: 10, skip: 1, times: Infinity });
    const result = await session(own, 'client').fetchAudit({}, { pageSize: PAGE, concurrency: 6 });
    const got = result.records.map((r) => canonicalJson(r.raw));
    assert.equal(new Set(got).size, got.length, 'no record twice');
    const have = new Set(got);
    assert.equal(atStart.filter((e) => !have.has(e)).length, 0, 'no record that existed at the start was lost');
    assert.ok(own.truth.liveperson.count(account) > SCALE, 'records really were inserted');
  } finally {
    await own.close();
  }
});

test('records inserted while a lower page is held back: pages served out of order lose nothing', async () => {
  const own = await startSandbox({ scale: SCALE, seed: 13 });
  try {
    const atStart = truthItems(own);
    let inserted = 0;
    // The second audit request (a page of the fetch-ahead) is held until five others have been
    // answered, then 25 changes land at the top and it is served: it now ends above where the
    // pages after it, served earlier, began.
    own.faults.onRequest({ path: AUDIT, skip: 1, times: 1 }, async () => {
      while (own.stats.requestsTo(AUDIT).filter((r) => r.status !== undefined).length < 6) await new Promise((r) => setTimeout(r, 2));
      own.truth.liveperson.insert(25, account);
      inserted += 25;
    });
    const result = await session(own, 'bearer').fetchAudit({}, { pageSize: PAGE, concurrency: 6 });
    assert.equal(inserted, 25);
    const got = result.records.map((r) => canonicalJson(r.raw));
    assert.equal(new Set(got).size, got.length, 'no record twice');
    const have = new Set(got);
    const lost = atStart.filter((e) => !have.has(e));
    assert.equal(lost.length, 0, `${lost.length} records that existed at the start were lost`);
  } finally {
    await own.close();
  }
});

test('a Domain API answer that is not a bare host is refused: nothing reaches the sandbox', async () => {
  fresh();
  const answers = [`${sandbox.url.replace('http://', '')}/evil`, `user@${sandbox.url.replace('http://', '')}`, sandbox.url];
  let answer = '';
  const domainApi = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: 'x', account, baseURI: answer }));
  });
  await new Promise<void>((r) => domainApi.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(domainApi.address() as AddressInfo).port}`;
    for (const a of answers) {
      answer = a;
      for (const method of ['bearer', 'client', 'login'] as const) {
        await assert.rejects(session(sandbox, method, {}, url).fetchAudit({}), BadResponseError);
      }
    }
    assert.equal(sandbox.stats.requests.length, 0);
  } finally {
    domainApi.close();
  }
});

test('testConnection and scopes', async () => {
  fresh();
  const s = session(sandbox, 'login');
  assert.match(await s.testConnection(), new RegExp(`account ${account}`));
  const types = (await s.listScopes({ parent: account })).scopes.map((x) => x.name);
  await s.fetchAudit({}, { pageSize: 500 });
  const after = (await s.listScopes({ parent: account })).scopes.map((x) => x.name);
  for (const t of sandbox.truth.liveperson.componentTypes()) {
    if (truthItems(sandbox).some((i) => (JSON.parse(i) as { objectType: string }).objectType === t)) assert.ok(after.includes(t), t);
  }
  assert.ok(after.length >= types.length);
});

test('cancelling stops the fetch with a cancellation, not a partial result', async () => {
  fresh();
  const controller = new AbortController();
  await assert.rejects(
    fetchAll(sandbox, 'client', { signal: controller.signal, onProgress: (p) => p.pagesDone === 2 && controller.abort() }),
    (e: unknown) => isCancellation(e),
  );
});
