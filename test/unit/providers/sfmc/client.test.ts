import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../../../src/core/errors';
import { sfmcProvider } from '../../../../src/providers/sfmc';
import { checkRestInstanceUrl, resolveAuthBase } from '../../../../src/providers/sfmc/auth';
import { journeySegment } from '../../../../src/providers/sfmc/client';
import type { ProviderSession } from '../../../../src/core/provider';
import { startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fakeServer';

const SECRET = 'fake-sfmc-client-secret';

function auditItem(i: number, version = 1): Record<string, unknown> {
  const stamp = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19);
  return { action: 'Modify', key: 'jk', versionNumber: version, id: `jid-${version}`, name: 'J', timeStamp: `${stamp}.5`, user: { name: `U${i}`, userId: i } };
}

interface FakeOptions {
  /** Items of each version (key: version number, 0 = no versionNumber sent). */
  data: Map<number, Record<string, unknown>[]>;
  /** Count to report for a version's total; undefined leaves Count out. */
  count?: (total: number) => number | undefined;
  ignorePage?: boolean;
  versions?: number[];
  restUrl?: (origin: string) => unknown;
  delayMs?: number;
  /** Called for each audit request before answering; may override the answer. */
  intercept?: (req: FakeRequest, n: number) => FakeAnswer | undefined;
  lowercase?: boolean;
}

async function startSfmcFake(opts: FakeOptions): Promise<FakeServer & { tokens: string[]; valid: Set<string> }> {
  const tokens: string[] = [];
  const valid = new Set<string>();
  let auditCalls = 0;
  let refusals = 0;
  const fake = await startFakeServer((req) => {
    const path = req.url.pathname;
    if (req.method === 'POST' && path === '/v2/token') {
      const body = JSON.parse(req.body) as Record<string, string>;
      if (body.client_secret !== SECRET) return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
      const token = `tok-${tokens.length + 1}`;
      tokens.push(token);
      valid.add(token);
      return { json: { access_token: token, token_type: 'Bearer', expires_in: 1080, rest_instance_url: opts.restUrl ? opts.restUrl(fake.url) : `${fake.url}/` } };
    }
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!valid.has(bearer)) {
      // Staggered, so that some refusals arrive after another request already renewed the token.
      return { status: 401, json: { message: 'Not Authorized', errorcode: 0, documentation: '' }, delayMs: 20 * refusals++ };
    }
    const audit = /^\/interaction\/v1\/interactions\/([^/]+)\/audit\/(\w+)$/.exec(path);
    if (audit) {
      const n = ++auditCalls;
      const override = opts.intercept?.(req, n);
      if (override) return override;
      const version = Number(req.url.searchParams.get('versionNumber') ?? '0');
      const items = opts.data.get(version);
      if (!items) return { status: 400, json: { message: `Version ${version} not found`, errorcode: 10001, documentation: '' } };
      const page = opts.ignorePage ? 1 : Number(req.url.searchParams.get('$page') ?? '1');
      const size = Number(req.url.searchParams.get('$pageSize') ?? '50');
      const slice = items.slice((page - 1) * size, page * size);
      const count = opts.count ? opts.count(items.length) : items.length;
      const env = opts.lowercase
        ? { page, pageSize: size, links: {}, ...(count !== undefined ? { count } : {}), ...(slice.length ? { items: slice } : {}) }
        : { Page: page, PageSize: size, ...(count !== undefined ? { Count: count } : {}), Items: slice };
      return { json: env, ...(opts.delayMs ? { delayMs: opts.delayMs } : {}) };
    }
    if (path === '/interaction/v1/interactions/jid-1' || path === '/interaction/v1/interactions/key:jk') {
      const v = Number(req.url.searchParams.get('versionNumber') ?? '0');
      if (v && !(opts.versions ?? []).includes(v)) return { status: 404, json: { message: 'Journey version not found', errorcode: 30001 } };
      return { json: { id: 'jid-1', key: 'jk', name: 'J', version: v || 1, activities: [] } };
    }
    if (path === '/interaction/v1/interactions') {
      const versions = opts.versions ?? [];
      return { json: { count: versions.length, page: 1, pageSize: 50, items: versions.map((v) => ({ id: `jid-${v}`, key: 'jk', name: 'J', version: v, status: 'Published' })) } };
    }
    return { status: 404, json: { message: 'no route', errorcode: 404 } };
  });
  return Object.assign(fake, { tokens, valid });
}

function connect(fake: FakeServer, secret = SECRET): ProviderSession {
  const http = new HttpClient({ retry: { baseDelayMs: 5 } });
  return sfmcProvider.connect(
    { id: 'c1', provider: 'sfmc', label: 'Test', settings: { authBaseUrl: fake.url, clientId: 'cid' } },
    { clientSecret: secret },
    { http },
  );
}

const range = (n: number, version = 1, from = 0) => Array.from({ length: n }, (_, i) => auditItem(from + i, version));

test('Count overstated (6 counted, 5 delivered): no failure, no loop, every item once', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(5)]]), count: () => 6 });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 5 });
    assert.equal(r.records.length, 5);
    assert.equal(new Set(r.records.map((x) => x.id)).size, 5);
    const pages = fake.requests.filter((q) => q.url.pathname.includes('/audit/')).map((q) => q.url.searchParams.get('$page'));
    assert.deepEqual(pages.sort(), ['1', '2']);
  } finally {
    await fake.close();
  }
});

test('Count understated: the full last planned page leads on, one page at a time, until a short page', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(17)]]), count: () => 10 });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 5 });
    assert.equal(r.records.length, 17);
    assert.deepEqual(
      r.records.map((x) => (x.raw as { user: { userId: number } }).user.userId).sort((a, b) => a - b),
      Array.from({ length: 17 }, (_, i) => i),
    );
    assert.equal(r.pages, 4);
  } finally {
    await fake.close();
  }
});

test('no Count at all, lowercase envelope, and an empty last page without items', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(10)]]), count: () => undefined, lowercase: true });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 5 });
    assert.equal(r.records.length, 10);
  } finally {
    await fake.close();
  }
});

test('a server that ignores $page cannot make the client loop', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(12)]]), count: () => undefined, ignorePage: true });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 5 });
    assert.equal(r.records.length, 5);
    assert.equal(r.warnings.length, 1);
  } finally {
    await fake.close();
  }
});

test('a short page ends the data even when Count promised more; page size is capped at 50', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(120)]]), count: () => 400 });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 500, concurrency: 1 });
    assert.equal(r.records.length, 120);
    const audit = fake.requests.filter((q) => q.url.pathname.includes('/audit/'));
    assert.ok(audit.every((q) => q.url.searchParams.get('$pageSize') === '50'));
    // Pages 1-3 hold data; with one page in flight, page 4 is never asked for after page 3 came back short.
    assert.deepEqual(audit.map((q) => q.url.searchParams.get('$page')), ['1', '2', '3']);
  } finally {
    await fake.close();
  }
});

test('pages after the first are fetched concurrently, never more than the limit at once', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(300)]]), delayMs: 25 });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1, action: 'modify' }, { pageSize: 10, concurrency: 3 });
    assert.equal(r.records.length, 300);
    assert.ok(fake.peakInFlight <= 3, `peak ${fake.peakInFlight}`);
    assert.ok(fake.peakInFlight >= 2, `pages were fetched one by one (peak ${fake.peakInFlight})`);
    assert.ok(fake.requests.some((q) => q.url.pathname === '/interaction/v1/interactions/jid-1/audit/modify'));
  } finally {
    await fake.close();
  }
});

test('with no version: every version newest first, a missing one skipped with a warning, down to version 1', async () => {
  const data = new Map([
    [4, range(3, 4, 100)],
    [3, range(60, 3, 200)],
    [1, range(2, 1, 300)],
  ]);
  const fake = await startSfmcFake({ data, versions: [4, 3, 1] });
  try {
    const progress: number[] = [];
    const r = await connect(fake).fetchAudit({ journey: 'jid-1' }, { onRecords: (recs) => progress.push(recs.length) });
    assert.equal(r.records.length, 65);
    assert.equal(progress.reduce((a, b) => a + b, 0), 65);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /version 2 skipped.*Version 2 not found/);
    const asked = fake.requests
      .filter((q) => q.url.pathname.includes('/audit/') && q.url.searchParams.get('$page') === '1')
      .map((q) => q.url.searchParams.get('versionNumber'));
    assert.deepEqual(asked, ['4', '3', '2', '1']);
    // Walked by key, which every version shares.
    assert.ok(fake.requests.some((q) => q.url.pathname === '/interaction/v1/interactions/key:jk/audit/all'));
    // Records are sorted newest first.
    const times = r.records.map((x) => x.time);
    assert.deepEqual(times, [...times].sort().reverse());
  } finally {
    await fake.close();
  }
});

test('a 401 in mid-run: one token refresh for all pages in flight, and the run completes', async () => {
  const fake = await startSfmcFake({
    data: new Map([[1, range(200)]]),
    delayMs: 10,
    intercept: (_req, n) => {
      if (n === 3) fake.valid.clear();
      return undefined;
    },
  });
  try {
    const r = await connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }, { pageSize: 10, concurrency: 6 });
    assert.equal(r.records.length, 200);
    assert.equal(fake.tokens.length, 2, `tokens issued: ${fake.tokens.join(', ')}`);
  } finally {
    await fake.close();
  }
});

test('the token is cached across calls', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(3)]]), versions: [1] });
  try {
    const s = connect(fake);
    await s.fetchAudit({ journey: 'jid-1', version: 1 });
    await s.fetchAudit({ journey: 'key:jk', version: 1 });
    await s.listScopes({});
    assert.equal(fake.tokens.length, 1);
    const token = fake.requests.find((q) => q.url.pathname === '/v2/token');
    assert.deepEqual(JSON.parse(token?.body ?? '{}'), { grant_type: 'client_credentials', client_id: 'cid', client_secret: SECRET });
  } finally {
    await fake.close();
  }
});

test('errors: SFMC code and message, 403 names the scope, bad credentials are an AuthError without the secret', async () => {
  const fake = await startSfmcFake({
    data: new Map([[1, range(3)]]),
    intercept: (req) => {
      const v = req.url.searchParams.get('versionNumber');
      if (v === '7') return { status: 403, json: { message: 'Insufficient privileges', errorcode: 20001, documentation: 'https://developer.salesforce.com' } };
      if (v === '8') return { status: 400, json: { message: 'Invalid parameter', errorcode: 10002, documentation: '' } };
      return undefined;
    },
  });
  try {
    const s = connect(fake);
    await assert.rejects(s.fetchAudit({ journey: 'jid-1', version: 7 }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.status, 403);
      assert.equal(e.code, '20001');
      assert.match(e.message, /Automation \| Journeys \| Read/);
      return true;
    });
    await assert.rejects(s.fetchAudit({ journey: 'jid-1', version: 8 }), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.code, '10002');
      assert.match(e.describe(), /sfmc HTTP 400 code 10002: Invalid parameter/);
      return true;
    });
    await assert.rejects(connect(fake, 'wrong-secret-value').fetchAudit({ journey: 'jid-1', version: 1 }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.match(e.message, /Client authentication failed/);
      assert.ok(!e.describe().includes('wrong-secret-value'));
      return true;
    });
  } finally {
    await fake.close();
  }
});

test('a rest_instance_url on a foreign host is refused before the token is used', async () => {
  const fake = await startSfmcFake({ data: new Map([[1, range(3)]]), restUrl: () => 'https://attacker.example.com/' });
  try {
    await assert.rejects(connect(fake).fetchAudit({ journey: 'jid-1', version: 1 }), (e: unknown) => {
      assert.ok(e instanceof BadResponseError);
      assert.match(e.message, /Refusing rest_instance_url https:\/\/attacker\.example\.com/);
      return true;
    });
    assert.deepEqual(fake.requests.map((q) => q.url.pathname), ['/v2/token']);
  } finally {
    await fake.close();
  }
});

test('rest_instance_url rules', () => {
  const auth = new URL('https://mc-abc-123.auth.marketingcloudapis.com/');
  assert.equal(checkRestInstanceUrl('https://mc-abc-123.rest.marketingcloudapis.com/', auth).href, 'https://mc-abc-123.rest.marketingcloudapis.com/');
  assert.equal(checkRestInstanceUrl('https://other-tenant.rest.marketingcloudapis.com', auth).href, 'https://other-tenant.rest.marketingcloudapis.com/');
  // Missing: derived from the auth host.
  assert.equal(checkRestInstanceUrl(undefined, auth).href, 'https://mc-abc-123.rest.marketingcloudapis.com/');
  for (const bad of [
    'http://mc-abc-123.rest.marketingcloudapis.com/',
    'https://rest.marketingcloudapis.com.attacker.com/',
    'https://attacker.com/?x=.rest.marketingcloudapis.com',
    'https://evil_host.rest.marketingcloudapis.com/',
    'https://user:pw@mc-abc-123.rest.marketingcloudapis.com/',
    'https://127.0.0.1:9999/',
    'not a url',
    42,
  ]) {
    assert.throws(() => checkRestInstanceUrl(bad, auth), BadResponseError, String(bad));
  }
  // The loopback sandbox: the auth host's own origin only.
  const sandbox = new URL('http://127.0.0.1:4000/');
  assert.equal(checkRestInstanceUrl('http://127.0.0.1:4000/', sandbox).href, 'http://127.0.0.1:4000/');
  assert.equal(checkRestInstanceUrl(undefined, sandbox).href, 'http://127.0.0.1:4000/');
  assert.throws(() => checkRestInstanceUrl('http://127.0.0.1:4001/', sandbox), BadResponseError);
  assert.throws(() => checkRestInstanceUrl('http://localhost:4000/', sandbox), BadResponseError);
});

test('connection validation: subdomain characters, https, MID, time zone, required fields', () => {
  const v = (settings: Record<string, string>, secrets: Record<string, string> = { clientSecret: 's' }) =>
    sfmcProvider.validate({ id: 'c', provider: 'sfmc', label: 'l', settings: { clientId: 'id', ...settings } }, secrets);
  v({ subdomain: 'mc563885gzs27c5t9-63k636ttgm' });
  v({ authBaseUrl: 'https://mc1.auth.marketingcloudapis.com' });
  v({ authBaseUrl: 'http://127.0.0.1:3000' });
  assert.equal(resolveAuthBase({ subdomain: 'Mc-1' }).href, 'https://mc-1.auth.marketingcloudapis.com/');
  for (const settings of [
    {},
    { subdomain: 'evil.com/x' },
    { subdomain: 'a_b' },
    { subdomain: 'a b' },
    { authBaseUrl: 'http://mc1.auth.marketingcloudapis.com' },
    { authBaseUrl: 'ftp://x' },
    { subdomain: 'ok', accountId: 'abc' },
    { subdomain: 'ok', timeZone: 'Mars/Olympus' },
    { subdomain: 'ok', clientId: '' },
  ] as Record<string, string>[]) {
    assert.throws(() => v(settings), ConfigError, JSON.stringify(settings));
  }
  assert.throws(() => v({ subdomain: 'ok' }, {}), ConfigError);
  const sub = sfmcProvider.fields.find((f) => f.key === 'subdomain');
  assert.equal(sub?.validate?.('good-sub-1'), undefined);
  assert.ok(sub?.validate?.('bad.sub'));
});

test('journeys are named by id or key:KEY; bad actions and versions are refused before any request', async () => {
  assert.equal(journeySegment('abc-123'), 'abc-123');
  assert.equal(journeySegment('key:My Journey/1'), 'key:My%20Journey%2F1');
  assert.equal(journeySegment('a/b'), 'a%2Fb');
  assert.throws(() => journeySegment(''), ConfigError);
  assert.throws(() => journeySegment('key:'), ConfigError);
  const fake = await startSfmcFake({ data: new Map() });
  try {
    const s = connect(fake);
    await assert.rejects(s.fetchAudit({ journey: 'j', action: 'stop' }), ConfigError);
    await assert.rejects(s.fetchAudit({ journey: 'j', version: 0 }), ConfigError);
    await assert.rejects(s.fetchAudit({ journey: 'j', version: 1.5 }), ConfigError);
    await assert.rejects(s.fetchAudit({}), ConfigError);
    assert.equal(fake.requests.length, 0);
  } finally {
    await fake.close();
  }
});

test('scopes: journeys with status, version and key; versions newest first; definitions, undefined when missing', async () => {
  const fake = await startSfmcFake({ data: new Map(), versions: [1, 3, 2] });
  try {
    const s = connect(fake);
    const journeys = await s.listScopes({ nameFilter: 'J', pageSize: 10 });
    assert.equal(journeys.hasMore, false);
    assert.deepEqual(journeys.scopes[0], { provider: 'sfmc', type: 'journey', id: 'jid-1', name: 'J', detail: { status: 'Published', version: 1, key: 'jk' } });
    const list = fake.requests.find((q) => q.url.pathname === '/interaction/v1/interactions');
    assert.equal(list?.url.searchParams.get('nameOrDescription'), 'J');
    assert.equal(list?.url.searchParams.get('$pageSize'), '10');
    const versions = await s.listScopes({ parent: 'jid-1' });
    assert.deepEqual(
      versions.scopes.map((v) => [v.type, v.id, v.parent, v.detail?.version]),
      [
        ['version', 'jid-1@v3', 'jid-1', 3],
        ['version', 'jid-1@v2', 'jid-1', 2],
        ['version', 'jid-1@v1', 'jid-1', 1],
      ],
    );
    assert.equal(versions.scopes[0]?.name, 'Version 3 · Published');
    const versionList = fake.requests.filter((q) => q.url.pathname === '/interaction/v1/interactions').at(-1);
    assert.equal(versionList?.url.searchParams.get('mostRecentVersionOnly'), 'false');
    assert.equal(versionList?.url.searchParams.get('key'), 'jk');
    assert.deepEqual(await s.getDefinition?.('jid-1', 2), { id: 'jid-1', key: 'jk', name: 'J', version: 2, activities: [] });
    assert.equal(await s.getDefinition?.('key:jk', 9), undefined);
  } finally {
    await fake.close();
  }
});
