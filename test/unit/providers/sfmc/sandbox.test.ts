/**
 * The SFMC provider against the shared sandbox: every record of the ground
 * truth exactly once, through 429s, 5xx bursts and a token expiring mid-run,
 * within the concurrency limit, with missing versions skipped.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, BadResponseError } from '../../../../src/core/errors';
import type { AuditRecord } from '../../../../src/core/model';
import { compareRecords } from '../../../../src/core/order';
import type { FetchOptions, ProviderSession } from '../../../../src/core/provider';
import { canonicalJson } from '../../../../src/core/recordId';
import { resolveTimeZone } from '../../../../src/core/time';
import { sfmcProvider } from '../../../../src/providers/sfmc';
import { normalizeSfmcItem } from '../../../../src/providers/sfmc/normalize';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';

const AUDIT_PATH = /^\/interaction\/v1\/interactions\/[^/?]+\/audit\//;
const BIG = 'loyalty-program-nurture';
const PAGE_SIZE = 25;

let sandbox: Sandbox;
let bigId: string;

before(async () => {
  sandbox = await startSandbox({ scale: { sfmc: 300, liveperson: 0, uniphore: 0, floqast: 0 } });
  const big = sandbox.truth.sfmc.journey(`key:${BIG}`);
  assert.ok(big, 'the sandbox has its high-volume journey');
  bigId = big.id;
});

after(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.stats.reset();
});

function connect(authBaseUrl = sandbox.url): ProviderSession {
  return sfmcProvider.connect(
    {
      id: 'sfmc',
      provider: 'sfmc',
      label: 'Sandbox',
      settings: { authBaseUrl, clientId: DEMO.sfmc.clientId, accountId: DEMO.sfmc.accountId },
    },
    { clientSecret: DEMO.sfmc.clientSecret },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

const ctx = { connection: 'sfmc', zone: resolveTimeZone('-06:00') };

/** Every truth item exactly once, each record the provider's own normalization of its raw item, sorted. */
function assertExactlyOnce(records: AuditRecord[], truth: unknown[]): void {
  assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'an id came back twice');
  assert.equal(records.length, truth.length, 'record count differs from the ground truth');
  assert.deepEqual(records.map((r) => canonicalJson(r.raw)).sort(), truth.map((t) => canonicalJson(t)).sort());
  for (const r of records) assert.deepEqual(r, normalizeSfmcItem(r.raw, r.id, ctx));
  assert.deepEqual(records, [...records].sort(compareRecords));
}

async function fetchBig(options: FetchOptions = {}) {
  return connect().fetchAudit({ journey: bigId }, { pageSize: PAGE_SIZE, ...options });
}

test('ground truth, plain: every version of the big journey, at least 5 pages, every record exactly once', async () => {
  const truth = sandbox.truth.sfmc.auditItems(bigId);
  assert.ok(truth.length >= 5 * PAGE_SIZE, `truth has ${truth.length} items`);
  const r = await fetchBig();
  assert.ok(r.pages >= 5, `${r.pages} pages`);
  assertExactlyOnce(r.records, truth);
  assert.deepEqual(r.warnings, []);
  // Walked newest version first, each by key.
  const asked = sandbox.stats.requestsTo(AUDIT_PATH).map((q) => new URL(q.url, sandbox.url));
  assert.ok(asked.every((u) => u.pathname === `/interaction/v1/interactions/key:${BIG}/audit/all` && u.searchParams.get('$pageSize') === String(PAGE_SIZE)));
  assert.deepEqual(
    asked.filter((u) => u.searchParams.get('$page') === '1').map((u) => u.searchParams.get('versionNumber')),
    ['4', '3', '2', '1'],
  );
});

test('ground truth through 429s, with Retry-After in seconds, as a date, and without it', async () => {
  sandbox.faults.add({ path: AUDIT_PATH, kind: '429', retryAfter: 1, skip: 2, times: 1 });
  sandbox.faults.add({ path: AUDIT_PATH, kind: '429-none', skip: 4, times: 3 });
  sandbox.faults.add({ path: AUDIT_PATH, kind: '429-date', retryAfter: 1, skip: 9, times: 1 });
  const r = await fetchBig();
  assertExactlyOnce(r.records, sandbox.truth.sfmc.auditItems(bigId));
  assert.ok(sandbox.stats.requests.filter((q) => q.status === 429).length >= 3);
});

test('ground truth through a 5xx burst', async () => {
  sandbox.faults.add({ path: AUDIT_PATH, kind: '503', skip: 3, times: 3 });
  sandbox.faults.add({ path: AUDIT_PATH, kind: '500', skip: 8, times: 2 });
  sandbox.faults.add({ path: AUDIT_PATH, kind: '502', skip: 12, times: 1 });
  const r = await fetchBig();
  assertExactlyOnce(r.records, sandbox.truth.sfmc.auditItems(bigId));
  assert.equal(sandbox.stats.requests.filter((q) => (q.status ?? 0) >= 500).length, 6);
});

test('ground truth with a 401 in mid-run: the token is refreshed once and the query completes', async () => {
  const s = connect();
  await s.fetchAudit({ journey: bigId, version: 1 }, { pageSize: PAGE_SIZE });
  const tokensBefore = sandbox.tokensIssued;
  sandbox.faults.add({ path: AUDIT_PATH, kind: 'expire-tokens', skip: 5, times: 1 });
  const r = await s.fetchAudit({ journey: bigId }, { pageSize: PAGE_SIZE });
  assertExactlyOnce(r.records, sandbox.truth.sfmc.auditItems(bigId));
  assert.equal(sandbox.tokensIssued - tokensBefore, 1, 'one new token for the whole run');
  assert.ok(sandbox.stats.requests.some((q) => q.status === 401));
});

test('pages are fetched concurrently and never more than the limit at once', async () => {
  sandbox.setLatency(15);
  try {
    const r = await fetchBig({ concurrency: 3 });
    assertExactlyOnce(r.records, sandbox.truth.sfmc.auditItems(bigId));
    const peak = sandbox.stats.peakInFlightFor(AUDIT_PATH);
    assert.ok(peak <= 3, `peak in flight ${peak}`);
    assert.ok(peak >= 2, `pages were not fetched concurrently (peak ${peak})`);
  } finally {
    sandbox.setLatency(0);
  }
});

test('a missing version is skipped with a warning and the walk goes on down to version 1', async () => {
  const journeys = sandbox.truth.sfmc.journeys().filter((j) => j.missingVersions.length > 0 && j.origin !== 'seed');
  assert.ok(journeys.length > 0);
  for (const j of journeys.slice(0, 3)) {
    const r = await connect().fetchAudit({ journey: j.id });
    assertExactlyOnce(r.records, sandbox.truth.sfmc.auditItems(j.id));
    assert.equal(r.warnings.length, j.missingVersions.length, r.warnings.join('\n'));
    for (const v of j.missingVersions) assert.ok(r.warnings.some((w) => w.includes(`version ${v} skipped`)), `version ${v}`);
    const versions = r.records.map((x) => x.target.version);
    assert.ok(j.versions.every((v) => versions.includes(v) || sandbox.truth.sfmc.auditItems(j.id, { version: v }).length === 0));
  }
});

test('one version, one action, by id or by key', async () => {
  const j = sandbox.truth.sfmc.journey('key:welcome-series');
  assert.ok(j);
  const byKey = await connect().fetchAudit({ journey: 'key:welcome-series', version: 2, action: 'publish' });
  assertExactlyOnce(byKey.records, sandbox.truth.sfmc.auditItems(j.id, { version: 2, action: 'publish' }));
  assert.ok(byKey.records.every((x) => x.action === 'Publish' && x.target.version === 2));
  const byId = await connect().fetchAudit({ journey: j.id, version: 5 });
  assertExactlyOnce(byId.records, sandbox.truth.sfmc.auditItems(j.id, { version: 5 }));
  // Asking for a missing version on its own is an error, not an empty success.
  await assert.rejects(connect().fetchAudit({ journey: j.id, version: 3 }), /version|not found/i);
});

test('the seed journey comes back as the seed response, normalized', async () => {
  const r = await connect().fetchAudit({ journey: 'key:some-journey-key', version: 2 });
  assert.equal(r.records.length, 5);
  assert.deepEqual(
    r.records.map((x) => [x.action, x.outcome, x.actor.id, x.errors.length]).sort(),
    [
      ['Create', 'success', '1234', 0],
      ['Modify', 'success', '1234', 0],
      ['Publish', 'failure', '5678', 2],
      ['Publish', 'success', '5678', 0],
      ['Stop', 'success', '1234', 0],
    ],
  );
  assert.ok(r.records.every((x) => x.time === '2015-10-30T17:49:55.990Z'));
});

test('journeys and versions as scopes; definitions for diffs, undefined for a missing version', async () => {
  const s = connect();
  const truth = sandbox.truth.sfmc.journeys();
  const seen: string[] = [];
  for (let page = 1; ; page++) {
    const p = await s.listScopes({ page, pageSize: 20 });
    seen.push(...p.scopes.map((x) => x.id));
    assert.ok(p.scopes.every((x) => x.type === 'journey' && typeof x.detail?.status === 'string' && typeof x.detail?.version === 'number'));
    if (!p.hasMore) break;
  }
  assert.deepEqual([...seen].sort(), truth.map((j) => j.id).sort());
  const filtered = await s.listScopes({ nameFilter: 'Welcome' });
  assert.ok(filtered.scopes.some((x) => x.detail?.key === 'welcome-series'));

  const welcome = sandbox.truth.sfmc.journey('key:welcome-series');
  assert.ok(welcome);
  const versions = await s.listScopes({ parent: welcome.id });
  assert.deepEqual(versions.scopes.map((v) => v.detail?.version), [...welcome.versions].sort((a, b) => b - a));
  assert.ok(versions.scopes.every((v) => v.type === 'version' && v.parent === welcome.id));

  assert.deepEqual(await s.getDefinition?.(welcome.id, 2), JSON.parse(JSON.stringify(sandbox.truth.sfmc.definition(welcome.id, 2))));
  assert.equal(await s.getDefinition?.(`key:${welcome.key}`, 3), undefined);
  assert.match(await s.testConnection(), /Connected to 127\.0\.0\.1/);
});

test('403 names the needed scope; the demo secret never shows in an error', async () => {
  sandbox.faults.add({ path: AUDIT_PATH, kind: '403', times: 1 });
  await assert.rejects(fetchBig(), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 403);
    assert.match(e.message, /Automation \| Journeys \| Read/);
    assert.ok(!e.describe().includes(DEMO.sfmc.clientSecret));
    return true;
  });
});

test('a rest_instance_url on another origin than the auth host is refused, and no API call is made', async () => {
  // The sandbox names http://127.0.0.1:PORT/ as its REST base; reached as localhost, that is another origin.
  const port = new URL(sandbox.url).port;
  await assert.rejects(connect(`http://localhost:${port}`).fetchAudit({ journey: bigId, version: 1 }), (e: unknown) => {
    assert.ok(e instanceof BadResponseError);
    assert.match(e.message, /Refusing rest_instance_url http:\/\/127\.0\.0\.1/);
    return true;
  });
  assert.deepEqual(
    sandbox.stats.requests.map((q) => q.path),
    ['/v2/token'],
  );
});
