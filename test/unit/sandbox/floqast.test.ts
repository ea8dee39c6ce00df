import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, startSandbox, type FloQastAuditItem } from '../../../src/sandbox';
import { call, floqast, floqastPath, useSandbox } from './helpers';

const sandbox = useSandbox({ scale: 700 });

/** Follows links.next the careful way: rebuilt with URLSearchParams, resolved against the base URL. */
async function followAll(base: string, first: string, key = DEMO.floqast.apiKey): Promise<{ items: FloQastAuditItem[]; pages: number }> {
  const items: FloQastAuditItem[] = [];
  let path: string | null = first;
  let pages = 0;
  while (path) {
    const link: URL = new URL(path, base);
    const a = await call<any>(`${base}${link.pathname}?${new URLSearchParams(link.searchParams).toString()}`, { headers: { 'x-api-key': key } });
    assert.equal(a.status, 200, a.text);
    items.push(...a.json.data);
    pages++;
    path = a.json.links.next;
  }
  return { items, pages };
}

test('me: the demo key and its user', async () => {
  const s = sandbox();
  const a = await floqast<any>(s, '/api/v1/me');
  assert.equal(a.status, 200);
  assert.deepEqual(a.json, { data: s.truth.floqast.me() });
  assert.ok(s.truth.floqast.apiKeys().some((k) => k.id === a.json.data.apiKeyId));
});

test('a missing or wrong key: 401 {message, name, status}', async () => {
  const s = sandbox();
  for (const key of ['', 'wrong', DEMO.uniphore.token]) {
    for (const path of ['/api/v1/me', '/api/v1/audit-trail']) {
      const a = await floqast<any>(s, path, key);
      assert.equal(a.status, 401);
      assert.deepEqual(a.json, { message: 'Invalid token', name: 'Unauthorized', status: 401 });
    }
  }
});

test('bad parameters: 400 {message:{errors:[{field, message}]}, name, status}, one entry per field', async () => {
  const s = sandbox();
  const a = await floqast<any>(s, floqastPath({ 'filter[startDate]': '2024/01/01', 'page[size]': '30001', 'filter[colour]': 'red' }));
  assert.equal(a.status, 400);
  assert.equal(a.json.name, 'BadRequest');
  assert.equal(a.json.status, 400);
  assert.deepEqual(a.json.message.errors.map((e: any) => e.field).sort(), ['filter[colour]', 'filter[startDate]', 'page[size]']);
  assert.ok(a.json.message.errors.every((e: any) => typeof e.message === 'string' && e.message.includes(e.field)));
  const cursor = await floqast<any>(s, floqastPath({ 'page[cursor]': '000000000000000000000000' }));
  assert.equal(cursor.status, 400);
  assert.equal(cursor.json.message.errors[0].field, 'page[cursor]');
});

test('cursor paging: following links.next gives the ground truth once, newest first; links are root-relative with raw brackets', async () => {
  const s = sandbox();
  const truth = s.truth.floqast.items();
  assert.equal(truth.length, 700);
  const first = await floqast<any>(s, floqastPath({ 'page[size]': '100' }));
  assert.match(first.json.links.next, /^\/api\/v1\/audit-trail\?page\[size\]=100&page\[cursor\]=[0-9a-f]{24}$/);
  assert.equal(first.json.links.self, `/api/v1/audit-trail?page[size]=100&page[cursor]=${truth[0]!.id}`);
  const { items, pages } = await followAll(s.url, floqastPath({ 'page[size]': '100' }));
  assert.equal(pages, 7);
  assert.deepEqual(items, truth);
  const times = items.map((i) => i.createdAt);
  assert.deepEqual(times, [...times].sort().reverse());
});

test('filters: inclusive UTC days and one API key', async () => {
  const s = sandbox();
  const all = s.truth.floqast.items();
  const startDate = all[400]!.createdAt.slice(0, 10);
  const endDate = all[200]!.createdAt.slice(0, 10);
  const expected = all.filter((i) => i.createdAt.slice(0, 10) >= startDate && i.createdAt.slice(0, 10) <= endDate);
  const byDate = await followAll(s.url, floqastPath({ 'filter[startDate]': startDate, 'filter[endDate]': endDate, 'page[size]': '50' }));
  assert.deepEqual(byDate.items, expected);
  assert.deepEqual(s.truth.floqast.items({ startDate, endDate }), expected);
  const key = s.truth.floqast.apiKeys()[2]!;
  const byKey = await followAll(s.url, floqastPath({ 'filter[userApiKey._id]': key.id, 'page[size]': '20' }));
  assert.ok(byKey.items.length > 0);
  assert.deepEqual(byKey.items, all.filter((i) => i.userApiKey.id === key.id));
  const unknownKey = await floqast<any>(s, floqastPath({ 'filter[userApiKey._id]': 'nobody' }));
  assert.deepEqual(unknownKey.json.data, []);
  assert.equal(unknownKey.json.links.next, null);
});

test('cursors stay valid and stable when new calls are logged while paging', async () => {
  const s = sandbox();
  const before = s.truth.floqast.items();
  const first = await floqast<any>(s, floqastPath({ 'page[size]': '250' }));
  assert.deepEqual(first.json.data, before.slice(0, 250));
  const added = s.truth.floqast.insert(4);
  const rest = await followAll(s.url, first.json.links.next);
  assert.deepEqual(rest.items, before.slice(250));
  const fresh = await floqast<any>(s, floqastPath({ 'page[size]': '10' }));
  assert.deepEqual(fresh.json.data.slice(0, 4), added);
});

test('a page over 1 MB: 413 without allowRedirect; 303 to the other origin with it, served there without the key', async () => {
  const s = await startSandbox({ scale: 4000 });
  try {
    const too = await floqast<any>(s, '/api/v1/audit-trail');
    assert.equal(too.status, 413);
    assert.deepEqual(too.json, { message: 'Response size is greater than 1MB', name: 'PayloadTooLarge', status: 413 });
    const redirect = await floqast<any>(s, floqastPath({ allowRedirect: 'true' }));
    assert.equal(redirect.status, 303);
    const location = redirect.headers.get('location')!;
    assert.equal(redirect.json.data.url, location);
    assert.equal(new URL(location).origin, s.otherOriginUrl);
    assert.notEqual(new URL(location).origin, s.url);
    // The other origin serves the page to whoever holds the URL, no key needed, and records what it received.
    const page = await call<any>(location);
    assert.equal(page.status, 200);
    assert.ok(page.text.length > 1024 * 1024);
    assert.deepEqual(page.json.data, s.truth.floqast.items());
    const atOther = s.stats.requestsTo('/', 'other');
    assert.equal(atOther.length, 1);
    assert.equal(atOther[0]!.headers['x-api-key'], undefined);
    // Unknown tokens are not served.
    assert.equal((await call(`${s.otherOriginUrl}/redirected/guess`)).status, 404);
    // A smaller page fits.
    const small = await floqast<any>(s, floqastPath({ 'page[size]': '1000' }));
    assert.equal(small.status, 200);
  } finally {
    await s.close();
  }
});

test('content: many keys, statuses 200/201/400/404/500 with errors on failures, URIs with and without a query', () => {
  const s = sandbox();
  const items = s.truth.floqast.items();
  assert.ok(new Set(items.map((i) => i.userApiKey.id)).size >= 8);
  const statuses = new Set(items.map((i) => i.meta.status));
  for (const st of ['200', '201', '400', '404', '500']) assert.ok(statuses.has(st), st);
  assert.ok(items.every((i) => (Number(i.meta.status) >= 400) === (typeof i.meta.error === 'string')));
  assert.ok(items.some((i) => i.uri.includes('?')) && items.some((i) => !i.uri.includes('?')));
  assert.ok(items.every((i) => /^[0-9a-f]{24}$/.test(i.id) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(i.createdAt)));
  assert.ok(items.every((i) => typeof i.meta.service === 'string' && typeof i.meta.queryParameters === 'object'));
  assert.equal(new Set(items.map((i) => i.id)).size, items.length);
});
