import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { DEMO, FAULT_KINDS } from '../../../src/sandbox';
import { call, floqast, lpAudit, sfmcToken, uniphore, useSandbox } from './helpers';

const sandbox = useSandbox();

function clean(): void {
  sandbox().faults.clear();
}

const sfmcAudit = async (s = sandbox()) =>
  call<any>(`${s.url}/interaction/v1/interactions/key:welcome-series/audit/all`, { headers: { authorization: `Bearer ${await sfmcToken(s)}` } });

/** Raw GET that reports how the body ended (fetch hides a reset inside a generic error). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; declared: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, declared: Number(res.headers['content-length']) }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? 0, bytes, declared: Number(res.headers['content-length']), error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, bytes, declared: Number(res.headers['content-length']), error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status: 0, bytes: 0, declared: 0, error: e.message }));
    req.end();
  });
}

test('429 with Retry-After in seconds, as an HTTP date, and with none; each in the provider error shape', async () => {
  clean();
  const s = sandbox();
  s.faults.add({ path: '/audit_log', kind: '429', retryAfter: 3 });
  const secs = await uniphore<any>(s, '/audit_log/?size=1');
  assert.equal(secs.status, 429);
  assert.equal(secs.headers.get('retry-after'), '3');
  assert.equal(secs.json.status, 429);
  assert.equal((await uniphore(s, '/audit_log/?size=1')).status, 200, 'fires once by default');

  s.faults.add({ path: '/api/v1/', kind: '429-date', retryAfter: 2 });
  const date = await floqast<any>(s, '/api/v1/me');
  assert.equal(date.status, 429);
  const when = Date.parse(date.headers.get('retry-after')!);
  assert.ok(Number.isFinite(when) && !/^\d+$/.test(date.headers.get('retry-after')!), 'an HTTP date');
  assert.equal(date.json.name, 'TooManyRequests');

  s.faults.add({ path: '/interaction/', kind: '429-none' });
  const none = await sfmcAudit();
  assert.equal(none.status, 429);
  assert.equal(none.headers.get('retry-after'), null);
  assert.equal(none.json.errorcode, 50200);

  s.faults.add({ path: '/interaction/', kind: '429' });
  const sfmc = await sfmcAudit();
  assert.equal(sfmc.json.errorcode, 50100);
  assert.equal(sfmc.headers.get('retry-after'), '1');
  assert.equal(sfmc.json.retryAfter, 1);
});

test('500, 502 and 503 bursts: `times` in a row, after `skip` passing requests', async () => {
  clean();
  const s = sandbox();
  const handle = s.faults.add({ path: '/api/v1/me', kind: '502', skip: 1, times: 2 });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await floqast(s, '/api/v1/me')).status);
  assert.deepEqual(statuses, [200, 502, 502, 200]);
  assert.equal(handle.fired, 2);
  assert.equal(handle.matched, 3);
  assert.equal(handle.done, true);
  for (const kind of ['500', '503'] as const) {
    s.faults.add({ path: /\/configuration\/metadata\/audit/, kind, method: 'POST' });
    const a = await lpAudit(s, '{auditData(first: 1) { changeDate }}');
    assert.equal(a.status, Number(kind));
    assert.equal(a.json.code, Number(kind));
  }
});

test('overlapping rules: the first rule due takes the request; later rules count only the requests that reach them', async () => {
  clean();
  const s = sandbox();
  const a = s.faults.add({ path: '/api/v1/me', kind: '500' });
  const b = s.faults.add({ path: '/api/v1/me', kind: '503', skip: 1 });
  const c = s.faults.add({ path: '/api/v1/me', kind: '502', times: 2 });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await floqast(s, '/api/v1/me')).status);
  // a takes the first request, which b and c never see; b lets the second pass, c takes it; then b, then c again.
  assert.deepEqual(statuses, [500, 502, 503, 502, 200]);
  assert.deepEqual([a.matched, b.matched, c.matched], [1, 2, 2]);
});

test('401, 403 and 413 in each provider shape; the 403 from SFMC names the scope', async () => {
  clean();
  const s = sandbox();
  s.faults.add({ path: '/interaction/', kind: '403' });
  const forbidden = await sfmcAudit();
  assert.equal(forbidden.status, 403);
  assert.ok(forbidden.json.errorcode >= 20000 && forbidden.json.errorcode <= 20002);
  assert.match(forbidden.json.message, /Journeys \| Read/);
  s.faults.add({ path: '/api/v1/', kind: '401' });
  assert.deepEqual((await floqast<any>(s, '/api/v1/me')).json, { message: 'Invalid token', name: 'Unauthorized', status: 401 });
  s.faults.add({ path: '/api/v1/', kind: '413' });
  assert.deepEqual((await floqast<any>(s, '/api/v1/audit-trail')).json, { message: 'Response size is greater than 1MB', name: 'PayloadTooLarge', status: 413 });
  s.faults.add({ path: '/audit_log', kind: '401' });
  const u = await uniphore<any>(s, '/audit_log/833032');
  assert.equal(u.status, 401);
  assert.equal(u.json.error, 'Unauthorized');
});

test('malformed: status 200 with the real body cut short; empty: 200 with no body; html: a page at 200 or 500', async () => {
  clean();
  const s = sandbox();
  const real = await uniphore(s, '/audit_log/833032');
  s.faults.add({ path: '/audit_log/833032', kind: 'malformed' });
  const cut = await uniphore(s, '/audit_log/833032');
  assert.equal(cut.status, 200);
  assert.ok(cut.text.length > 0 && real.text.startsWith(cut.text) && cut.text.length < real.text.length);
  assert.throws(() => JSON.parse(cut.text));

  s.faults.add({ path: '/audit_log/833032', kind: 'empty' });
  const empty = await uniphore(s, '/audit_log/833032');
  assert.equal(empty.status, 200);
  assert.equal(empty.text, '');

  s.faults.add({ path: '/api/v1/me', kind: 'html' });
  s.faults.add({ path: '/api/v1/me', kind: 'html', status: 500 });
  for (const status of [200, 500]) {
    const page = await floqast(s, '/api/v1/me');
    assert.equal(page.status, status);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.text, /^<!DOCTYPE html>/);
  }
});

test('reset: headers and part of the body arrive, then the connection dies', async () => {
  clean();
  const s = sandbox();
  s.faults.add({ path: '/audit_log/833032', kind: 'reset' });
  const r = await rawGet(`${s.url}/audit_log/833032`, { authorization: `Bearer ${DEMO.uniphore.token}` });
  assert.equal(r.status, 200);
  assert.ok(r.error, 'the body ends in an error');
  assert.ok(r.bytes > 0 && r.bytes < r.declared, `${r.bytes} of ${r.declared} bytes`);
  assert.equal((await uniphore(s, '/audit_log/833032')).status, 200);
});

test('timeout: held until the client gives up; with delayMs, answered afterwards; slow answers normally', async () => {
  clean();
  const s = sandbox();
  s.faults.add({ path: '/api/v1/me', kind: 'timeout' });
  const controller = new AbortController();
  const pending = fetch(`${s.url}/api/v1/me`, { headers: { 'x-api-key': DEMO.floqast.apiKey }, signal: controller.signal });
  await waitFor(() => s.stats.inFlight === 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.stats.inFlight, 1, 'still unanswered');
  controller.abort();
  await assert.rejects(pending);
  await waitFor(() => s.stats.inFlight === 0);

  s.faults.add({ path: '/api/v1/me', kind: 'timeout', delayMs: 20 });
  assert.equal((await floqast(s, '/api/v1/me')).status, 200);
  s.faults.add({ path: '/api/v1/me', kind: 'slow', delayMs: 20 });
  const slow = await floqast<any>(s, '/api/v1/me');
  assert.equal(slow.status, 200);
  assert.deepEqual(slow.json.data, s.truth.floqast.me());
  const fired = s.stats.requests.filter((r) => r.fault === 'slow' || r.fault === 'timeout');
  assert.equal(fired.length, 3);
});

test('expire-tokens: every issued token stops working at that moment; a new token works', async () => {
  clean();
  const s = sandbox();
  const token = await sfmcToken(s);
  const get = (t: string) => call<any>(`${s.url}/interaction/v1/interactions?$pageSize=1`, { headers: { authorization: `Bearer ${t}` } });
  assert.equal((await get(token)).status, 200);
  s.faults.add({ path: '/interaction/', kind: 'expire-tokens' });
  const expired = await get(token);
  assert.equal(expired.status, 401);
  assert.equal(expired.json.errorcode, 0);
  assert.equal((await get(token)).status, 401);
  const fresh = await sfmcToken(s);
  assert.equal((await get(fresh)).status, 200);
  // Fixed demo credentials are not issued tokens and keep working.
  s.faults.expireTokens();
  assert.equal((await lpAudit(s, '{auditData(first: 1) { changeDate }}')).status, 200);
});

test('303 and 307 faults park the real answer on the other origin, which records the headers it got', async () => {
  clean();
  const s = sandbox();
  s.faults.add({ path: '/audit_log/833032', kind: '307' });
  const moved = await uniphore<any>(s, '/audit_log/833032');
  assert.equal(moved.status, 307);
  const location = moved.headers.get('location')!;
  assert.ok(location.startsWith(`${s.otherOriginUrl}/redirected/`));
  const there = await call(location, { headers: { 'x-test': 'yes' } });
  assert.equal(there.status, 200);
  assert.equal(there.text, (await uniphore(s, '/audit_log/833032')).text);
  const seen = s.stats.requestsTo('/redirected/', 'other');
  assert.equal(seen.at(-1)!.headers['x-test'], 'yes');
  assert.equal(seen.at(-1)!.headers.authorization, undefined);
  assert.equal(seen.at(-1)!.origin, 'other');
  assert.equal(seen.at(-1)!.port, s.otherPort);

  s.faults.add({ path: '/api/v1/audit-trail', kind: '303' });
  const small = await floqast<any>(s, '/api/v1/audit-trail?page[size]=3');
  assert.equal(small.status, 303);
  assert.equal(small.json.data.url, small.headers.get('location'));
  const page = await call<any>(small.json.data.url);
  assert.deepEqual(page.json.data, s.truth.floqast.items().slice(0, 3));
  // Faults on the other origin must ask for it.
  s.faults.add({ path: '/redirected/', kind: '500', origin: 'other' });
  assert.equal((await call(small.json.data.url)).status, 500);
  assert.equal((await call(small.json.data.url)).status, 200);
});

test('rules match by RegExp, method and origin; clear() removes them; remove() one', async () => {
  clean();
  const s = sandbox();
  const onlyPost = s.faults.add({ path: /^\/api\/account\/\d+\//, method: 'post', kind: '500', times: Infinity });
  assert.equal((await call(`${s.url}/api/account/52642741/service/agentVep/baseURI.json?version=1.0`)).status, 200);
  assert.equal((await lpAudit(s, '{auditData(first: 1) { changeDate }}')).status, 500);
  assert.equal((await lpAudit(s, '{auditData(first: 1) { changeDate }}')).status, 500);
  onlyPost.remove();
  assert.equal((await lpAudit(s, '{auditData(first: 1) { changeDate }}')).status, 200);
  s.faults.add({ path: '/api/v1/me', kind: '500', times: Infinity });
  s.faults.clear();
  assert.equal((await floqast(s, '/api/v1/me')).status, 200);
  assert.throws(() => s.faults.add({ path: '/', kind: 'explode' as never }));
  assert.equal(FAULT_KINDS.length, 18);
});

test('insertOnRequest: records inserted before the second matching request; onRequest hooks run', async () => {
  clean();
  const s = sandbox();
  const before = s.truth.liveperson.count();
  const hook = s.faults.insertOnRequest({ provider: 'liveperson', count: 7 });
  await lpAudit(s, '{auditData(first: 1) { changeDate }}');
  assert.equal(s.truth.liveperson.count(), before);
  await lpAudit(s, '{auditData(first: 1) { changeDate }}');
  assert.equal(s.truth.liveperson.count(), before + 7);
  await lpAudit(s, '{auditData(first: 1) { changeDate }}');
  assert.equal(s.truth.liveperson.count(), before + 7, 'once by default');
  assert.equal(hook.fired, 1);
  const f = s.truth.floqast.count();
  s.faults.insertOnRequest({ provider: 'floqast', count: 2, skip: 0 });
  await floqast(s, '/api/v1/audit-trail?page[size]=1');
  assert.equal(s.truth.floqast.count(), f + 2);
  const u = s.truth.uniphore.count();
  s.faults.insertOnRequest({ provider: 'uniphore', count: 3, skip: 0 });
  await uniphore(s, '/audit_log/833032');
  assert.equal(s.truth.uniphore.count(), u, 'get-by-id is not the listing');
  await uniphore(s, '/audit_log/?size=1');
  assert.equal(s.truth.uniphore.count(), u + 3);
  const seen: string[] = [];
  s.faults.onRequest({ path: '/api/v1/me', times: 2 }, (r) => void seen.push(r.method));
  for (let i = 0; i < 3; i++) await floqast(s, '/api/v1/me');
  assert.deepEqual(seen, ['GET', 'GET']);
});

test('stats: requests with their headers, origin and status; peak in flight overall and per path; reset', async () => {
  clean();
  const s = sandbox();
  s.stats.reset();
  await floqast(s, '/api/v1/me');
  const [r] = s.stats.requests;
  assert.equal(r!.method, 'GET');
  assert.equal(r!.url, '/api/v1/me');
  assert.equal(r!.headers['x-api-key'], DEMO.floqast.apiKey);
  assert.equal(r!.origin, 'main');
  assert.equal(r!.port, s.port);
  assert.equal(r!.provider, 'floqast');
  assert.equal(r!.status, 200);
  // Hold three Uniphore requests and one FloQast request open at once.
  s.faults.add({ path: '/audit_log', kind: 'timeout', times: 3 });
  s.faults.add({ path: '/api/v1/me', kind: 'timeout' });
  const controller = new AbortController();
  const opts = (h: Record<string, string>) => ({ headers: h, signal: controller.signal });
  const pending = [
    ...[0, 1, 2].map(() => fetch(`${s.url}/audit_log/833032`, opts({ authorization: `Bearer ${DEMO.uniphore.token}` }))),
    fetch(`${s.url}/api/v1/me`, opts({ 'x-api-key': DEMO.floqast.apiKey })),
  ];
  await waitFor(() => s.stats.inFlight === 4);
  controller.abort();
  await Promise.allSettled(pending);
  await waitFor(() => s.stats.inFlight === 0);
  assert.equal(s.stats.peakInFlight, 4);
  assert.equal(s.stats.peakInFlightFor('/audit_log'), 3);
  assert.equal(s.stats.peakInFlightFor(/^\/api\/v1\//), 1);
  s.stats.reset();
  assert.equal(s.stats.requests.length, 0);
  assert.equal(s.stats.peakInFlight, 0);
});

test('setLatency delays every answer', async () => {
  clean();
  const s = sandbox();
  s.setLatency(60_000);
  s.stats.reset();
  const controller = new AbortController();
  const pending = fetch(`${s.url}/api/v1/me`, { headers: { 'x-api-key': DEMO.floqast.apiKey }, signal: controller.signal });
  await waitFor(() => s.stats.requests.length === 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.stats.requests[0]!.endedAt, undefined, 'not answered yet');
  controller.abort();
  await assert.rejects(pending);
  s.setLatency(0);
  assert.equal((await floqast(s, '/api/v1/me')).status, 200);
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), 'condition never held');
}
