/**
 * The Uniphore provider against the shared sandbox: every item of the ground
 * truth exactly once, through 429s, 5xx bursts and a 401 in mid-run, within
 * the concurrency limit.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, ConfigError, ProviderError } from '../../../../src/core/errors';
import type { AuditRecord } from '../../../../src/core/model';
import type { FetchOptions, ProviderSession } from '../../../../src/core/provider';
import { resolveTimeZone } from '../../../../src/core/time';
import { sortAndDedupe } from '../../../../src/core/order';
import { uniphoreProvider } from '../../../../src/providers/uniphore';
import { normalizeUniphoreItem } from '../../../../src/providers/uniphore/normalize';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';

const LIST_PATH = /^\/audit_log\/?(?:\?|$)/;
const PAGE_SIZE = 40;

let sandbox: Sandbox;

before(async () => {
  sandbox = await startSandbox({ scale: { sfmc: 0, liveperson: 0, uniphore: 300, floqast: 0 } });
});

after(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.stats.reset();
});

function connectWithToken(): ProviderSession {
  return uniphoreProvider.connect(
    { id: 'uniphore', provider: 'uniphore', label: 'Sandbox', settings: { baseUrl: sandbox.url, authMethod: 'token' } },
    { token: DEMO.uniphore.token },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

function connectWithClient(): ProviderSession {
  return uniphoreProvider.connect(
    {
      id: 'uniphore',
      provider: 'uniphore',
      label: 'Sandbox',
      settings: {
        baseUrl: sandbox.url,
        authMethod: 'client',
        tokenUrl: `${sandbox.url}${DEMO.uniphore.tokenPath}`,
        clientId: DEMO.uniphore.clientId,
        audience: DEMO.uniphore.audience,
      },
    },
    { clientSecret: DEMO.uniphore.clientSecret },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

const ctx = { connection: 'uniphore', zone: resolveTimeZone('UTC') };

function expected(items: unknown[]): AuditRecord[] {
  return sortAndDedupe(items.map((i) => normalizeUniphoreItem(JSON.parse(JSON.stringify(i)), ctx)));
}

/** The full expected records, in order: every truth item exactly once. */
function assertExactlyOnce(records: AuditRecord[], truth: unknown[]): void {
  assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'an id came back twice');
  assert.equal(records.length, truth.length, 'record count differs from the ground truth');
  assert.deepEqual(records, expected(truth));
}

async function fetchAll(session: ProviderSession, options: FetchOptions = {}) {
  return session.fetchAudit({}, { pageSize: PAGE_SIZE, ...options });
}

test('ground truth, plain: at least 5 pages, every item exactly once', async () => {
  const truth = sandbox.truth.uniphore.items();
  assert.ok(truth.length >= 5 * PAGE_SIZE);
  const r = await fetchAll(connectWithToken());
  assert.ok(r.pages >= 5, `${r.pages} pages`);
  assertExactlyOnce(r.records, truth);
  const first = new URL(sandbox.stats.requestsTo(LIST_PATH)[0]?.url ?? '', sandbox.url);
  assert.equal(first.searchParams.get('page'), '0');
  assert.equal(first.searchParams.get('size'), String(PAGE_SIZE));
  assert.equal(first.searchParams.get('sort'), 'createdDate,desc');
});

test('ground truth through 429s, with Retry-After in seconds, as a date, and without it', async () => {
  sandbox.faults.add({ path: LIST_PATH, kind: '429', retryAfter: 1, skip: 1, times: 1 });
  sandbox.faults.add({ path: LIST_PATH, kind: '429-none', skip: 3, times: 3 });
  sandbox.faults.add({ path: LIST_PATH, kind: '429-date', retryAfter: 1, skip: 6, times: 1 });
  const r = await fetchAll(connectWithClient());
  assertExactlyOnce(r.records, sandbox.truth.uniphore.items());
  assert.ok(sandbox.stats.requests.filter((q) => q.status === 429).length >= 3);
});

test('ground truth through a 5xx burst', async () => {
  sandbox.faults.add({ path: LIST_PATH, kind: '503', skip: 2, times: 3 });
  sandbox.faults.add({ path: LIST_PATH, kind: '502', skip: 6, times: 1 });
  const r = await fetchAll(connectWithToken());
  assertExactlyOnce(r.records, sandbox.truth.uniphore.items());
  assert.equal(sandbox.stats.requests.filter((q) => (q.status ?? 0) >= 500).length, 4);
});

test('ground truth with a 401 in mid-run, client credentials: refreshed once, completes', async () => {
  const s = connectWithClient();
  await s.testConnection();
  const before = sandbox.tokensIssued;
  sandbox.faults.add({ path: LIST_PATH, kind: 'expire-tokens', skip: 3, times: 1 });
  const r = await fetchAll(s);
  assertExactlyOnce(r.records, sandbox.truth.uniphore.items());
  assert.equal(sandbox.tokensIssued - before, 1);
  assert.ok(sandbox.stats.requests.some((q) => q.status === 401));
  const tokenRequest = sandbox.stats.requestsTo('/oauth/token')[0];
  assert.equal(tokenRequest?.headers['content-type'], 'application/x-www-form-urlencoded');
});

test('a pasted token refused in mid-run fails with an AuthError: expired or revoked, without the token', async () => {
  sandbox.faults.add({ path: LIST_PATH, kind: '401', skip: 3, times: Infinity });
  await assert.rejects(fetchAll(connectWithToken(), { concurrency: 2 }), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.status, 401);
    assert.match(e.message, /expired or revoked/);
    assert.ok(!e.describe().includes(DEMO.uniphore.token));
    return true;
  });
});

test('pages are fetched concurrently and never more than the limit at once', async () => {
  sandbox.setLatency(15);
  try {
    const r = await fetchAll(connectWithToken(), { concurrency: 3, pageSize: 20 });
    assertExactlyOnce(r.records, sandbox.truth.uniphore.items());
    const peak = sandbox.stats.peakInFlightFor(LIST_PATH);
    assert.ok(peak <= 3, `peak in flight ${peak}`);
    assert.ok(peak >= 2, `pages were not fetched concurrently (peak ${peak})`);
  } finally {
    sandbox.setLatency(0);
  }
});

test('from/to are inclusive UTC days; category filters on activityType', async () => {
  const all = sandbox.truth.uniphore.items();
  // A window inside the data: from the day of the 200th newest item to the day of the 50th.
  const day = (i: number) => normalizeUniphoreItem(all[i], ctx).time.slice(0, 10);
  const from = day(200);
  const to = day(50);
  const inRange = sandbox.truth.uniphore.items({ startDate: `${from}T00:00:00.000`, endDate: `${to}T23:59:59.999` });
  assert.ok(inRange.length > 0 && inRange.length < all.length);
  const r = await connectWithToken().fetchAudit({ from, to }, { pageSize: 25 });
  assertExactlyOnce(r.records, inRange);
  const category = sandbox.truth.uniphore.activityTypes()[0] ?? '';
  const c = await connectWithToken().fetchAudit({ category }, { pageSize: 50 });
  assertExactlyOnce(
    c.records,
    all.filter((i) => (i as unknown as { activityType: string }).activityType === category),
  );
});

test('getById: the seed item, a listed item, a missing id, and a non-integer id refused before any request', async () => {
  const s = connectWithToken();
  const seed = await s.getById!('833032');
  assert.deepEqual(seed, {
    provider: 'uniphore',
    connection: 'uniphore',
    id: '833032',
    time: '2024-04-05T09:38:09.000Z',
    action: 'Search And Replay',
    outcome: 'success',
    actor: { name: 'John Doe', email: 'john.doe@domain.com' },
    target: { type: 'Search For Live Calls' },
    errors: [],
    changes: [],
    raw: sandbox.truth.uniphore.seedItem(),
  });
  const some = sandbox.truth.uniphore.items()[7];
  const one = await s.getById!(String((some as unknown as { id: number }).id));
  assert.deepEqual(one, expected([some])[0]);
  await assert.rejects(s.getById!('999999999'), (e: unknown) => e instanceof ProviderError && e.status === 404);
  sandbox.stats.reset();
  await assert.rejects(s.getById!('48x917'), ConfigError);
  assert.equal(sandbox.stats.requests.length, 0);
});

test('categories are the distinct activity types', async () => {
  const page = await connectWithToken().listScopes({});
  assert.deepEqual(page.scopes.map((s) => s.id), [...sandbox.truth.uniphore.activityTypes()].sort((a, b) => a.localeCompare(b)));
  assert.ok(page.scopes.every((s) => s.type === 'category' && s.name === s.id && s.provider === 'uniphore'));
  assert.match(await connectWithClient().testConnection(), /300 audit log items/);
});
