import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FloQastClient, floQastErrorDetails } from '../../../../src/providers/floqast/client';
import { floQastBaseUrl } from '../../../../src/providers/floqast/auth';
import { floQastProvider } from '../../../../src/providers/floqast';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../../../src/core/errors';

const KEY = 'unit-test-floqast-key';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; seen: { url: string; headers: IncomingMessage['headers'] }[] }> {
  const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res, new URL(req.url ?? '/', 'http://x'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const item = (n: number) => ({
  id: `id-${n}`,
  uri: '/api/v1/x',
  method: 'GET',
  meta: { status: '200', service: 'X' },
  userApiKey: { id: 'k1', name: 'Key one' },
  createdAt: new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(),
});

function http(): HttpClient {
  return new HttpClient({ provider: 'floqast', retry: { baseDelayMs: 5 } });
}

test('links.next is resolved against the API base, and its bracketed query is re-encoded', () => {
  const client = new FloQastClient(http(), new URL('https://fq-api.floqast.app'), KEY);
  const next = client.nextUrl('/api/v1/audit-trail?filter[startDate]=2023-11-01&filter[endDate]=2023-12-01&page[size]=12000&page[cursor]=5e94d5b63f557b001420bbe6', {
    size: 12000,
    allowRedirect: false,
  });
  assert.equal(
    next.toString(),
    'https://fq-api.floqast.app/api/v1/audit-trail?filter%5BstartDate%5D=2023-11-01&filter%5BendDate%5D=2023-12-01&page%5Bsize%5D=12000&page%5Bcursor%5D=5e94d5b63f557b001420bbe6',
  );
  assert.equal(next.searchParams.get('page[cursor]'), '5e94d5b63f557b001420bbe6');
  // The current page size and redirect mode win over what the link says.
  const shrunk = client.nextUrl('/api/v1/audit-trail?page[size]=30000&page[cursor]=c&allowRedirect=true', { size: 7500, allowRedirect: false });
  assert.equal(shrunk.searchParams.get('page[size]'), '7500');
  assert.equal(shrunk.searchParams.has('allowRedirect'), false);
  // A link to another origin would carry the key there: refused.
  assert.throws(() => client.nextUrl('https://evil.example/api/v1/audit-trail?page[cursor]=c', { size: 1, allowRedirect: false }), BadResponseError);
  assert.throws(() => client.nextUrl('//evil.example/x', { size: 1, allowRedirect: false }), BadResponseError);
});

test('the base URL comes from the region or a custom https (or loopback http) URL', () => {
  assert.equal(floQastBaseUrl({}).origin, 'https://fq-api.floqast.app');
  assert.equal(floQastBaseUrl({ region: 'eu' }).origin, 'https://fq-api.eu.floqast.app');
  assert.equal(floQastBaseUrl({ region: 'au' }).origin, 'https://fq-api.au.floqast.app');
  assert.equal(floQastBaseUrl({ region: 'eu', baseUrl: 'http://127.0.0.1:9999' }).origin, 'http://127.0.0.1:9999');
  assert.throws(() => floQastBaseUrl({ region: 'mars' }), ConfigError);
  assert.throws(() => floQastBaseUrl({ baseUrl: 'http://fq.example.com' }), ConfigError);
  assert.throws(() => floQastBaseUrl({ baseUrl: 'https://user:pw@fq.example.com' }), ConfigError);
  assert.throws(() => floQastProvider.validate({ id: 'c', provider: 'floqast', label: 'c', settings: {} }, {}), /apiKey/);
  assert.doesNotThrow(() => floQastProvider.validate({ id: 'c', provider: 'floqast', label: 'c', settings: { region: 'au' } }, { apiKey: KEY }));
});

test('400 bodies show each field and message', () => {
  assert.deepStrictEqual(
    floQastErrorDetails({
      message: { errors: [{ field: 'filter[startDate]', message: 'filter[startDate] must be in iso format' }, { field: 'page[size]', message: 'too big' }] },
      name: 'BadRequest',
      status: 400,
    }),
    { message: 'filter[startDate]: filter[startDate] must be in iso format; page[size]: too big', code: 'BadRequest' },
  );
});

test('a 303 without Location is followed through data.url, without the key on another origin', async (t) => {
  const other = await serve((_req, res) => json(res, 200, { data: [item(2)], links: { next: null } }));
  const api = await serve((req, res, url) => {
    if (url.searchParams.get('page[cursor]') === 'c2') return json(res, 303, { data: { url: `${other.url}/bucket/page2?sig=abc` } });
    json(res, 200, { data: [item(1)], links: { next: '/api/v1/audit-trail?page[size]=30000&page[cursor]=c2' } });
  });
  t.after(() => {
    api.server.close();
    other.server.close();
  });
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  const ids: string[] = [];
  const pages = await client.fetchTrail({ startDate: '2024-01-01' }, { pageSize: 30000, onPage: (items) => ids.push(...items.map((i) => (i as { id: string }).id)) });
  assert.equal(pages, 2);
  assert.deepStrictEqual(ids, ['id-1', 'id-2']);
  assert.equal(other.seen.length, 1);
  assert.equal(other.seen[0]?.headers['x-api-key'], undefined);
  assert.ok(api.seen.every((s) => s.headers['x-api-key'] === KEY));
  // The first request encoded its brackets.
  assert.match(api.seen[0]?.url ?? '', /filter%5BstartDate%5D=2024-01-01/);
});

test('a same-origin 303 keeps the key', async (t) => {
  const api = await serve((_req, res, url) => {
    if (url.pathname === '/stash/page1') return json(res, 200, { data: [item(1)], links: {} });
    json(res, 303, { data: { url: '/stash/page1' } }, { location: '/stash/page1' });
  });
  t.after(() => api.server.close());
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await client.fetchTrail({}, { pageSize: 10 });
  assert.equal(api.seen.length, 2);
  assert.equal(api.seen[1]?.headers['x-api-key'], KEY);
});

test('a proxy\'s 307 or 308 is followed by hand like a 303: the key stays on the API\'s origin', async (t) => {
  const other = await serve((_req, res) => json(res, 200, { data: [item(2)], links: { next: null } }));
  const api = await serve((_req, res, url) => {
    if (url.pathname === '/moved') return json(res, 200, { data: [item(1)], links: { next: '/api/v1/audit-trail?page[cursor]=c2' } });
    if (url.searchParams.get('page[cursor]') === 'c2') {
      res.writeHead(307, { location: `${other.url}/elsewhere` });
      return res.end();
    }
    res.writeHead(308, { location: '/moved' });
    res.end();
  });
  t.after(() => {
    api.server.close();
    other.server.close();
  });
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  const ids: string[] = [];
  await client.fetchTrail({}, { pageSize: 10, onPage: (items) => ids.push(...items.map((i) => (i as { id: string }).id)) });
  assert.deepStrictEqual(ids, ['id-1', 'id-2']);
  assert.ok(api.seen.every((s) => s.headers['x-api-key'] === KEY), 'the same-origin 308 target got the key');
  assert.equal(other.seen.length, 1);
  assert.equal(other.seen[0]?.headers['x-api-key'], undefined, 'the other origin never got the key');
});

test('a redirect without a location is a clear error naming its status', async (t) => {
  const api = await serve((_req, res) => {
    res.writeHead(307);
    res.end();
  });
  t.after(() => api.server.close());
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await assert.rejects(client.fetchTrail({}, { pageSize: 10 }), (e: unknown) => e instanceof BadResponseError && /FloQast answered 307 without a Location header/.test(e.message));
});

test('413 is retried with allowRedirect=true, and page[size] is halved when that does not help', async (t) => {
  const api = await serve((_req, res, url) => {
    const size = Number(url.searchParams.get('page[size]'));
    if (size > 100) return json(res, 413, { message: 'Response size is greater than 1MB', name: 'PayloadTooLarge', status: 413 });
    json(res, 200, { data: [item(size)], links: { next: null } });
  });
  t.after(() => api.server.close());
  const warnings: string[] = [];
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await client.fetchTrail({}, { pageSize: 800, onWarning: (w) => warnings.push(w) });
  const sent = api.seen.map((s) => new URL(s.url, 'http://x').searchParams);
  assert.deepStrictEqual(
    sent.map((p) => [p.get('page[size]'), p.get('allowRedirect')]),
    [
      ['800', null],
      ['800', 'true'],
      ['400', 'true'],
      ['200', 'true'],
      ['100', 'true'],
    ],
  );
  assert.match(warnings[0] as string, /allowRedirect=true/);
  assert.match(warnings[1] as string, /halving page\[size\] to 400/);
});

test('a redirect target that cannot be read falls back to smaller pages without redirects', async (t) => {
  const other = await serve((_req, res) => json(res, 404, { message: 'gone' }));
  const api = await serve((_req, res, url) => {
    const size = Number(url.searchParams.get('page[size]'));
    if (url.searchParams.get('allowRedirect') === 'true') return json(res, 303, { data: { url: `${other.url}/b` } }, { location: `${other.url}/b` });
    if (size > 10) return json(res, 413, { message: 'Response size is greater than 1MB' });
    json(res, 200, { data: [item(1)], links: {} });
  });
  t.after(() => {
    api.server.close();
    other.server.close();
  });
  const warnings: string[] = [];
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await client.fetchTrail({}, { pageSize: 40, onWarning: (w) => warnings.push(w) });
  assert.ok(warnings.some((w) => /redirected page could not be read/.test(w)));
  assert.equal(other.seen[0]?.headers['x-api-key'], undefined);
});

test('401 is an AuthError saying the key expired or was revoked; 400 shows the field', async (t) => {
  const api = await serve((_req, res, url) => {
    if (url.searchParams.has('filter[startDate]')) {
      return json(res, 400, { message: { errors: [{ field: 'filter[startDate]', message: 'filter[startDate] must be in iso format' }] }, name: 'BadRequest', status: 400 });
    }
    json(res, 401, { message: 'Invalid token', name: 'Unauthorized', status: 401 });
  });
  t.after(() => api.server.close());
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await assert.rejects(client.fetchTrail({}, { pageSize: 5 }), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.needsNewCredential, true);
    assert.match(e.message, /expired or was revoked/);
    assert.match(e.message, /Invalid token/);
    assert.ok(!e.describe().includes(KEY));
    return true;
  });
  await assert.rejects(client.fetchTrail({ startDate: '2024-01-01' }, { pageSize: 5 }), (e: unknown) => {
    assert.ok(e instanceof ProviderError);
    assert.equal(e.status, 400);
    assert.match(e.message, /filter\[startDate\]: filter\[startDate\] must be in iso format/);
    return true;
  });
});

test('a next link that repeats a page already read stops with an error instead of looping', async (t) => {
  const api = await serve((_req, res) => json(res, 200, { data: [item(1)], links: { next: '/api/v1/audit-trail?page[cursor]=same' } }));
  t.after(() => api.server.close());
  const client = new FloQastClient(http(), new URL(api.url), KEY);
  await assert.rejects(client.fetchTrail({}, { pageSize: 5 }), BadResponseError);
});
