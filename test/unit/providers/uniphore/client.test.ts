import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, ConfigError, ProviderError } from '../../../../src/core/errors';
import type { ProviderSession } from '../../../../src/core/provider';
import { uniphoreProvider } from '../../../../src/providers/uniphore';
import { startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from '../sfmc/fakeServer';

const TOKEN = 'pasted-uniphore-token-value';
const SECRET = 'uniphore-client-secret-value';

function item(i: number, activityType = i % 3 === 0 ? 'Search And Replay' : 'User Management'): Record<string, unknown> {
  const d = new Date(Date.UTC(2024, 3, 1) + i * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const created = `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return { id: 1000 + i, createdDate: created, activityType, fullName: `User ${i}`, agentId: i, result: true, details: { actionType: 'X' } };
}

interface ListOptions {
  items: Record<string, unknown>[];
  /** Override of totalPages (undefined: left out). */
  totalPages?: (real: number) => number | undefined;
  names?: { page: string; size: string };
  intercept?: (req: FakeRequest) => FakeAnswer | undefined;
  delayMs?: number;
}

async function startUniphoreFake(opts: ListOptions): Promise<FakeServer & { tokens: string[] }> {
  const tokens: string[] = [];
  const names = opts.names ?? { page: 'page', size: 'size' };
  const fake = await startFakeServer((req) => {
    if (req.method === 'POST' && req.url.pathname === '/oauth/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== SECRET || form.get('grant_type') !== 'client_credentials') return { status: 401, json: { error: 'access_denied', error_description: 'Unauthorized' } };
      const t = `issued-${tokens.length + 1}`;
      tokens.push(t);
      return { json: { access_token: t, token_type: 'Bearer', expires_in: 86400 } };
    }
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (bearer !== TOKEN && !tokens.includes(bearer)) return { status: 401, json: { status: 401, error: 'Unauthorized', message: 'Jwt expired' } };
    const override = opts.intercept?.(req);
    if (override) return override;
    const byId = /^\/api\/audit_log\/(\d+)$/.exec(req.url.pathname);
    if (byId) {
      const found = opts.items.find((x) => String(x.id) === byId[1]);
      return found ? { json: found } : { status: 404, json: { status: 404, error: 'Not Found', message: 'No audit log' } };
    }
    if (req.url.pathname === '/api/audit_log/') {
      const page = Number(req.url.searchParams.get(names.page) ?? '0');
      const size = Number(req.url.searchParams.get(names.size) ?? '20');
      const content = opts.items.slice(page * size, (page + 1) * size);
      const real = Math.ceil(opts.items.length / size);
      const totalPages = opts.totalPages ? opts.totalPages(real) : real;
      return {
        json: { content, number: page, size, totalElements: opts.items.length, ...(totalPages !== undefined ? { totalPages } : {}), pageable: {}, sort: {} },
        ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
      };
    }
    return { status: 404, json: { message: 'no route' } };
  });
  return Object.assign(fake, { tokens });
}

function connect(fake: FakeServer, settings: Record<string, string> = {}, secrets: Record<string, string> = { token: TOKEN }): ProviderSession {
  return uniphoreProvider.connect(
    { id: 'u1', provider: 'uniphore', label: 'U', settings: { baseUrl: `${fake.url}/api`, authMethod: 'token', ...settings } },
    secrets,
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

const items = (n: number) => Array.from({ length: n }, (_, i) => item(i));

test('list: page 0 then the rest concurrently within the limit, every item once, with the documented parameters', async () => {
  const fake = await startUniphoreFake({ items: items(95), delayMs: 20 });
  try {
    const r = await connect(fake).fetchAudit({}, { pageSize: 10, concurrency: 3 });
    assert.equal(r.records.length, 95);
    assert.equal(new Set(r.records.map((x) => x.id)).size, 95);
    assert.equal(r.pages, 10);
    assert.ok(fake.peakInFlight <= 3, `peak ${fake.peakInFlight}`);
    const list = fake.requests.filter((q) => q.url.pathname === '/api/audit_log/');
    assert.equal(list[0]?.url.search, '?page=0&size=10&sort=createdDate%2Cdesc');
    assert.deepEqual(list.map((q) => Number(q.url.searchParams.get('page'))).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } finally {
    await fake.close();
  }
});

test('an understated or missing totalPages still reads to the end; a server ignoring the page cannot loop', async () => {
  for (const totalPages of [() => 2, () => undefined]) {
    const fake = await startUniphoreFake({ items: items(47), totalPages });
    try {
      const r = await connect(fake).fetchAudit({}, { pageSize: 10 });
      assert.equal(r.records.length, 47);
    } finally {
      await fake.close();
    }
  }
  const fake = await startUniphoreFake({ items: items(47), totalPages: () => undefined, names: { page: 'p', size: 'size' } });
  try {
    const r = await connect(fake).fetchAudit({}, { pageSize: 10 });
    assert.equal(r.records.length, 10);
    assert.equal(r.warnings.length, 1);
  } finally {
    await fake.close();
  }
});

test('parameter names come from settings; from/to become inclusive UTC day bounds; category filters on the client', async () => {
  const fake = await startUniphoreFake({ items: items(60), names: { page: 'pageNumber', size: 'pageSize' } });
  try {
    const s = connect(fake, { pageParam: 'pageNumber', sizeParam: 'pageSize', startDateParam: 'from', endDateParam: 'to', sortValue: 'createdDate,asc' });
    const r = await s.fetchAudit({ from: '2024-04-01', to: '2024-04-02', category: 'search and replay' }, { pageSize: 25 });
    const first = fake.requests.find((q) => q.url.pathname === '/api/audit_log/');
    assert.equal(first?.url.searchParams.get('from'), '2024-04-01T00:00:00.000');
    assert.equal(first?.url.searchParams.get('to'), '2024-04-02T23:59:59.999');
    assert.equal(first?.url.searchParams.get('sort'), 'createdDate,asc');
    assert.equal(first?.url.searchParams.get('pageSize'), '25');
    // Items 0..47 fall on 1-2 April (one an hour); every third is Search And Replay.
    const expected = items(48).filter((x) => x.activityType === 'Search And Replay').map((x) => String(x.id));
    assert.deepEqual(r.records.map((x) => x.id).sort(), expected.sort());
    assert.ok(r.records.every((x) => x.time >= '2024-04-01T00:00:00.000Z' && x.time < '2024-04-03T00:00:00.000Z'));
    await assert.rejects(s.fetchAudit({ from: '2024-13-01' }), ConfigError);
  } finally {
    await fake.close();
  }
});

test('getById: integer ids only, checked before any request; 404 names the id', async () => {
  const fake = await startUniphoreFake({ items: items(5) });
  try {
    const s = connect(fake);
    const r = await s.getById?.('1003');
    assert.equal(r?.id, '1003');
    assert.equal(r?.action, 'Search And Replay');
    for (const bad of ['abc', '12.5', '-1', '', '1003/../1']) await assert.rejects(s.getById!(bad), ConfigError, bad);
    assert.equal(fake.requests.length, 1);
    await assert.rejects(s.getById!('99'), (e: unknown) => e instanceof ProviderError && e.status === 404 && /99 not found/.test(e.message));
  } finally {
    await fake.close();
  }
});

test('a pasted token refused mid-run ends with an AuthError saying it expired or was revoked, without the token', async () => {
  let served = 0;
  const fake = await startUniphoreFake({
    items: items(50),
    intercept: (req) => (req.url.pathname === '/api/audit_log/' && ++served > 2 ? { status: 401, json: { status: 401, error: 'Unauthorized', message: 'Jwt expired' } } : undefined),
  });
  try {
    await assert.rejects(connect(fake).fetchAudit({}, { pageSize: 10, concurrency: 1 }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.status, 401);
      assert.ok(e.needsNewCredential);
      assert.match(e.message, /token expired or revoked/);
      assert.ok(!e.describe().includes(TOKEN));
      return true;
    });
  } finally {
    await fake.close();
  }
});

test('client credentials: a form token request, the token cached, and renewed once after a 401', async () => {
  let expireAt = 3;
  let listCalls = 0;
  const fake = await startUniphoreFake({
    items: items(50),
    intercept: (req) => {
      if (req.url.pathname !== '/api/audit_log/') return undefined;
      listCalls++;
      if (listCalls === expireAt) {
        expireAt = -1;
        fake.tokens.splice(0);
        return { status: 401, json: { status: 401, error: 'Unauthorized', message: 'Jwt expired' } };
      }
      return undefined;
    },
  });
  try {
    const s = connect(fake, { authMethod: 'client', tokenUrl: `${fake.url}/oauth/token`, clientId: 'cid', audience: 'api.uniphore.com' }, { clientSecret: SECRET });
    const r = await s.fetchAudit({}, { pageSize: 10, concurrency: 1 });
    assert.equal(r.records.length, 50);
    const tokenRequests = fake.requests.filter((q) => q.url.pathname === '/oauth/token');
    assert.equal(tokenRequests.length, 2);
    assert.equal(tokenRequests[0]?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequests[0]?.body)), {
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: SECRET,
      audience: 'api.uniphore.com',
    });
    await assert.rejects(
      connect(fake, { authMethod: 'client', tokenUrl: `${fake.url}/oauth/token`, clientId: 'cid' }, { clientSecret: 'wrong-secret-value' }).fetchAudit({}),
      (e: unknown) => e instanceof AuthError && !e.describe().includes('wrong-secret-value'),
    );
  } finally {
    await fake.close();
  }
});

test('categories are the distinct activity types seen, plus a configured categories endpoint', async () => {
  const fake = await startUniphoreFake({
    items: items(10),
    intercept: (req) => (req.url.pathname === '/api/categories' ? { json: [{ name: 'Export' }, 'User Management'] } : undefined),
  });
  try {
    const plain = await connect(fake).listScopes({});
    assert.deepEqual(plain.scopes.map((s) => [s.type, s.id, s.name]), [
      ['category', 'Search And Replay', 'Search And Replay'],
      ['category', 'User Management', 'User Management'],
    ]);
    const withEndpoint = await connect(fake, { categoriesPath: 'categories' }).listScopes({});
    assert.deepEqual(withEndpoint.scopes.map((s) => s.id), ['Export', 'Search And Replay', 'User Management']);
  } finally {
    await fake.close();
  }
});

test('connection validation: https base URL except loopback, auth method fields, time zone', () => {
  const v = (settings: Record<string, string>, secrets: Record<string, string> = { token: 't' }) =>
    uniphoreProvider.validate({ id: 'u', provider: 'uniphore', label: 'U', settings }, secrets);
  v({ baseUrl: 'https://tenant.example.com/api' });
  v({ baseUrl: 'http://127.0.0.1:8080' });
  v({ baseUrl: 'http://localhost:8080', authMethod: 'client', tokenUrl: 'https://x.auth0.com/oauth/token', clientId: 'c' }, { clientSecret: 's' });
  for (const [settings, secrets] of [
    [{ baseUrl: 'http://tenant.example.com' }, { token: 't' }],
    [{}, { token: 't' }],
    [{ baseUrl: 'https://tenant.example.com' }, {}],
    [{ baseUrl: 'https://tenant.example.com', authMethod: 'client', clientId: 'c' }, { clientSecret: 's' }],
    [{ baseUrl: 'https://tenant.example.com', authMethod: 'client', tokenUrl: 'http://x.example.com/token', clientId: 'c' }, { clientSecret: 's' }],
    [{ baseUrl: 'https://tenant.example.com', authMethod: 'client', tokenUrl: 'https://x.example.com/token' }, { clientSecret: 's' }],
    [{ baseUrl: 'https://tenant.example.com', authMethod: 'password' }, { token: 't' }],
    [{ baseUrl: 'https://tenant.example.com', timeZone: 'Nowhere/City' }, { token: 't' }],
  ] as [Record<string, string>, Record<string, string>][]) {
    assert.throws(() => v(settings, secrets), ConfigError, JSON.stringify(settings));
  }
});
