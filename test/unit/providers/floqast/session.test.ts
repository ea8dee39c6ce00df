import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { floQastProvider } from '../../../../src/providers/floqast';
import { HttpClient } from '../../../../src/core/http';
import { ConfigError } from '../../../../src/core/errors';

const KEY = 'session-test-floqast-key';

/** A one-page-per-cursor FloQast with items every 6 hours, newest first; it ignores date filters. */
async function scripted() {
  const seen: { url: URL; headers: IncomingMessage['headers'] }[] = [];
  const items = Array.from({ length: 20 }, (_, i) => ({
    id: `a${i}`,
    uri: `/api/v1/things/${i}?x=1`,
    method: 'GET',
    meta: { status: i % 4 === 0 ? '404' : '200', service: 'Things', ...(i % 4 === 0 ? { error: 'Not found' } : {}) },
    userApiKey: i % 2 ? { id: 'k-odd', name: 'Odd key' } : { id: 'k-even', name: 'Even key' },
    createdAt: new Date(Date.UTC(2024, 2, 10, 18) - i * 6 * 3_600_000).toISOString(),
  }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ url, headers: req.headers });
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/api/v1/me') return res.end(JSON.stringify({ data: { apiKeyId: 'k-even', userId: 'u-1' } }));
    const cursor = Number(url.searchParams.get('page[cursor]') ?? '0');
    const size = Number(url.searchParams.get('page[size]'));
    const page = items.slice(cursor, cursor + size);
    const next = cursor + size < items.length ? `/api/v1/audit-trail?page[size]=${size}&page[cursor]=${cursor + size}` : null;
    res.end(JSON.stringify({ data: page, links: { self: req.url, next } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, items, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function connect(base: string) {
  return floQastProvider.connect({ id: 'conn-fq', provider: 'floqast', label: 'FQ', settings: { baseUrl: base } }, { apiKey: KEY }, { http: new HttpClient({ retry: { baseDelayMs: 5 } }) });
}

test('fetchAudit follows every page and returns each record once, newest first', async (t) => {
  const fq = await scripted();
  t.after(fq.close);
  const session = connect(fq.base);
  const result = await session.fetchAudit({}, { pageSize: 3 });
  assert.equal(result.pages, 7);
  assert.deepStrictEqual(result.records.map((r) => r.id), fq.items.map((i) => i.id));
  assert.equal(result.records[0]?.action, 'GET /api/v1/things/0');
  assert.equal(result.records[0]?.outcome, 'failure');
  assert.ok(fq.seen.every((s) => s.headers['x-api-key'] === KEY));
  assert.equal(await session.testConnection(), 'Connected to FloQast as API key k-even, user u-1');
});

test('from/to are inclusive UTC days: a day wider is asked for, the exact days are kept', async (t) => {
  const fq = await scripted();
  t.after(fq.close);
  const session = connect(fq.base);
  const result = await session.fetchAudit({ from: '2024-03-08', to: '2024-03-09', apiKeyId: 'k-even' }, { pageSize: 30000 });
  const sent = fq.seen[0]?.url.searchParams;
  assert.equal(sent?.get('filter[startDate]'), '2024-03-07');
  assert.equal(sent?.get('filter[endDate]'), '2024-03-10');
  assert.equal(sent?.get('filter[userApiKey._id]'), 'k-even');
  assert.equal(sent?.get('page[size]'), '30000');
  const times = result.records.map((r) => r.time);
  assert.deepStrictEqual(times, [
    '2024-03-09T18:00:00.000Z',
    '2024-03-09T12:00:00.000Z',
    '2024-03-09T06:00:00.000Z',
    '2024-03-09T00:00:00.000Z',
    '2024-03-08T18:00:00.000Z',
    '2024-03-08T12:00:00.000Z',
    '2024-03-08T06:00:00.000Z',
    '2024-03-08T00:00:00.000Z',
  ]);
  await assert.rejects(session.fetchAudit({ from: '03/08/2024' }), ConfigError);
});

test('page size is capped at the documented 30,000', async (t) => {
  const fq = await scripted();
  t.after(fq.close);
  await connect(fq.base).fetchAudit({}, { pageSize: 1_000_000 });
  assert.equal(fq.seen[0]?.url.searchParams.get('page[size]'), '30000');
});

test('scopes are the distinct API keys seen in the trail', async (t) => {
  const fq = await scripted();
  t.after(fq.close);
  const session = connect(fq.base);
  const page = await session.listScopes({});
  assert.deepStrictEqual(page, {
    scopes: [
      { provider: 'floqast', type: 'apiKey', id: 'k-even', name: 'Even key' },
      { provider: 'floqast', type: 'apiKey', id: 'k-odd', name: 'Odd key' },
    ],
    hasMore: false,
  });
  const requests = fq.seen.length;
  await session.listScopes({});
  assert.equal(fq.seen.length, requests, 'the trail is read once per session for scopes');
});
