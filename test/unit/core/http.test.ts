/**
 * The HTTP client against a real local server, one rule per test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, parseRetryAfter, type RequestLogEntry } from '../../../src/core/http';
import {
  AuthError,
  BadResponseError,
  CancelledError,
  ConfigError,
  NetworkError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
} from '../../../src/core/errors';
import { Redactor } from '../../../src/core/redact';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  server: Server;
  handlers: Map<string, Handler>;
  seen: { path: string; headers: IncomingMessage['headers']; method: string }[];
}

async function startServer(): Promise<TestServer> {
  const handlers = new Map<string, Handler>();
  const seen: TestServer['seen'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      seen.push({ path, headers: req.headers, method: req.method ?? 'GET' });
      const h = handlers.get(path);
      if (!h) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"no handler"}');
        return;
      }
      h(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, handlers, seen };
}

let a: TestServer;
let b: TestServer;
before(async () => {
  a = await startServer();
  b = await startServer();
});
after(() => {
  a.server.closeAllConnections();
  b.server.closeAllConnections();
  a.server.close();
  b.server.close();
});

/** A client whose sleeps are recorded instead of waited. */
function client(extra: ConstructorParameters<typeof HttpClient>[0] = {}) {
  const sleeps: number[] = [];
  const log: RequestLogEntry[] = [];
  const http = new HttpClient({
    provider: 'sfmc',
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRequest: (e) => log.push(e),
    ...extra,
  });
  return { http, sleeps, log };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Fails `times` times with `fail`, then answers 200 {ok:true}. Returns the hit counter. */
function flaky(path: string, times: number, fail: (res: ServerResponse) => void): { hits: number } {
  const counter = { hits: 0 };
  a.handlers.set(path, (_req, res) => {
    counter.hits++;
    if (counter.hits <= times) fail(res);
    else json(res, 200, { ok: true });
  });
  return counter;
}

test('Retry-After in seconds is honoured on 429', async () => {
  const hits = flaky('/ra-seconds', 1, (res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '7' }));
  const { http, sleeps } = client();
  const body = await http.getJson({ url: `${a.url}/ra-seconds` });
  assert.deepEqual(body, { ok: true });
  assert.equal(hits.hits, 2);
  assert.deepEqual(sleeps, [7000]);
});

test('Retry-After as an HTTP date is honoured on 429', async () => {
  const when = new Date(Date.now() + 30_000).toUTCString();
  flaky('/ra-date', 1, (res) => json(res, 429, {}, { 'retry-after': when }));
  const { http, sleeps } = client();
  await http.request({ url: `${a.url}/ra-date` });
  assert.equal(sleeps.length, 1);
  assert.ok(sleeps[0]! > 25_000 && sleeps[0]! <= 30_000, `waited ${sleeps[0]}`);
});

test('parseRetryAfter reads both forms and rejects garbage', () => {
  assert.equal(parseRetryAfter('5'), 5000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test('429 without Retry-After backs off exponentially from 1 s with jitter', async () => {
  flaky('/ra-none', 3, (res) => json(res, 429, {}));
  const { http, sleeps } = client({ random: () => 1 });
  await http.request({ url: `${a.url}/ra-none` });
  assert.deepEqual(sleeps, [1000, 2000, 4000]);
  const jittered = client({ random: () => 0 });
  flaky('/ra-none2', 2, (res) => json(res, 429, {}));
  await jittered.http.request({ url: `${a.url}/ra-none2` });
  assert.deepEqual(jittered.sleeps, [500, 1000]);
});

test('a Retry-After longer than the bound is capped', async () => {
  flaky('/ra-long', 1, (res) => json(res, 429, {}, { 'retry-after': '86400' }));
  const { http, sleeps } = client({ retry: { maxDelayMs: 10_000 } });
  await http.request({ url: `${a.url}/ra-long` });
  assert.deepEqual(sleeps, [10_000]);
});

test('429 retries are bounded, then a RateLimitedError', async () => {
  const hits = flaky('/ra-forever', 1000, (res) => json(res, 429, { message: 'blocked', errorcode: 50200 }));
  const { http } = client({ retry: { maxRateLimitRetries: 2 } });
  await assert.rejects(http.request({ url: `${a.url}/ra-forever` }), (e: unknown) => {
    assert.ok(e instanceof RateLimitedError);
    assert.equal(e.code, '50200');
    assert.match(e.message, /blocked/);
    return true;
  });
  assert.equal(hits.hits, 3);
});

test('5xx is retried at most 3 times', async () => {
  const hits = flaky('/5xx', 1000, (res) => json(res, 503, { message: 'down' }));
  const { http, sleeps } = client();
  await assert.rejects(http.request({ url: `${a.url}/5xx` }), (e: unknown) => e instanceof ProviderError && e.status === 503);
  assert.equal(hits.hits, 4);
  assert.equal(sleeps.length, 3);
});

test('a 5xx burst shorter than the budget recovers', async () => {
  let n = 0;
  a.handlers.set('/burst', (_req, res) => {
    n++;
    if (n === 1) json(res, 500, {});
    else if (n === 2) json(res, 502, {});
    else json(res, 200, { n });
  });
  const { http } = client();
  assert.deepEqual(await http.getJson({ url: `${a.url}/burst` }), { n: 3 });
});

test('a connection reset is a network error that is retried', async () => {
  let n = 0;
  a.handlers.set('/reset', (req, res) => {
    n++;
    if (n === 1) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => req.socket.destroy(), 5);
    } else json(res, 200, { ok: n });
  });
  const { http } = client();
  assert.deepEqual(await http.getJson({ url: `${a.url}/reset` }), { ok: 2 });
});

test('4xx is never retried', async () => {
  const hits = flaky('/400', 1000, (res) => json(res, 400, { message: 'bad field', errorcode: 10001 }));
  const { http, sleeps } = client();
  await assert.rejects(http.request({ url: `${a.url}/400` }), (e: unknown) => {
    assert.ok(e instanceof ProviderError);
    assert.equal(e.code, '10001');
    assert.match(e.describe(), /sfmc HTTP 400 code 10001: bad field/);
    return true;
  });
  assert.equal(hits.hits, 1);
  assert.equal(sleeps.length, 0);
});

test('a timeout raises TimeoutError', async () => {
  a.handlers.set('/slow', (_req, res) => {
    setTimeout(() => json(res, 200, {}), 1000);
  });
  const { http } = client();
  await assert.rejects(http.request({ url: `${a.url}/slow`, timeoutMs: 50 }), TimeoutError);
});

test('an abort raises CancelledError and stops retrying', async () => {
  a.handlers.set('/hang', (_req, res) => {
    setTimeout(() => json(res, 200, {}), 2000);
  });
  const { http } = client();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 30);
  await assert.rejects(http.request({ url: `${a.url}/hang`, signal: ac.signal }), CancelledError);
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(http.request({ url: `${a.url}/hang`, signal: pre.signal }), CancelledError);
});

test('abort during a backoff wait cancels it', async () => {
  flaky('/ra-abort', 1000, (res) => json(res, 429, {}, { 'retry-after': '60' }));
  const http = new HttpClient({});
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(http.request({ url: `${a.url}/ra-abort`, signal: ac.signal }), CancelledError);
});

test('401 with a refreshable credential refreshes once and retries once', async () => {
  let token = 'old-token';
  a.handlers.set('/auth', (req, res) => {
    if (req.headers.authorization === 'Bearer fresh-token') json(res, 200, { ok: true });
    else json(res, 401, { message: 'expired', errorcode: 0 });
  });
  let refreshes = 0;
  const { http } = client();
  const auth = {
    headers: async () => ({ Authorization: `Bearer ${token}` }),
    refresh: async () => {
      refreshes++;
      token = 'fresh-token';
      return true;
    },
  };
  assert.deepEqual(await http.getJson({ url: `${a.url}/auth`, auth }), { ok: true });
  assert.equal(refreshes, 1);
  // A credential that stays refused is refreshed only once.
  token = 'old-token';
  const stuck = { headers: async () => ({ Authorization: 'Bearer nope' }), refresh: async () => (refreshes++, true) };
  await assert.rejects(http.request({ url: `${a.url}/auth`, auth: stuck }), (e: unknown) => e instanceof AuthError && /expired or been revoked/.test(e.message));
  assert.equal(refreshes, 2);
});

test('401 with a credential that cannot refresh says it expired or was revoked', async () => {
  a.handlers.set('/key', (_req, res) => json(res, 401, { message: 'Invalid token', name: 'Unauthorized', status: 401 }));
  const { http } = client();
  await assert.rejects(http.request({ url: `${a.url}/key`, headers: { 'x-api-key': 'k' } }), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.ok(e.needsNewCredential);
    assert.match(e.message, /expired or been revoked.*Invalid token/);
    return true;
  });
});

test('credential headers are dropped on a cross-origin redirect', async () => {
  a.handlers.set('/to-b', (_req, res) => {
    res.writeHead(303, { location: `${b.url}/landing` });
    res.end();
  });
  b.handlers.set('/landing', (_req, res) => json(res, 200, { landed: true }));
  b.seen.length = 0;
  const { http } = client();
  const body = await http.getJson({
    url: `${a.url}/to-b`,
    headers: { Authorization: 'Bearer secret-bearer', 'x-api-key': 'secret-key', 'x-trace': 't1' },
    auth: { headers: async () => ({ 'x-session': 'sess-1' }) },
    credentialHeaders: ['x-session'],
  });
  assert.deepEqual(body, { landed: true });
  const got = b.seen.find((s) => s.path === '/landing');
  assert.ok(got);
  assert.equal(got.headers.authorization, undefined);
  assert.equal(got.headers['x-api-key'], undefined);
  assert.equal(got.headers['x-session'], undefined);
  assert.equal(got.headers['x-trace'], 't1');
});

test('credential headers are kept on a same-origin redirect', async () => {
  a.handlers.set('/hop', (_req, res) => {
    res.writeHead(302, { location: '/hop-target' });
    res.end();
  });
  a.handlers.set('/hop-target', (req, res) => json(res, 200, { auth: req.headers.authorization, key: req.headers['x-api-key'] }));
  const { http } = client();
  const body = await http.getJson({ url: `${a.url}/hop`, headers: { Authorization: 'Bearer b1', 'x-api-key': 'k1' } });
  assert.deepEqual(body, { auth: 'Bearer b1', key: 'k1' });
});

test('the same host on another port is another origin', async () => {
  const port = new URL(b.url).port;
  a.handlers.set('/to-port', (_req, res) => {
    res.writeHead(307, { location: `http://127.0.0.1:${port}/port-landing` });
    res.end();
  });
  b.handlers.set('/port-landing', (req, res) => json(res, 200, { key: req.headers['x-api-key'] ?? null }));
  const { http } = client();
  assert.deepEqual(await http.getJson({ url: `${a.url}/to-port`, headers: { 'x-api-key': 'k2' } }), { key: null });
});

test('a redirect back to the original origin after a cross-origin hop does not regain credentials', async () => {
  a.handlers.set('/bounce', (_req, res) => {
    res.writeHead(302, { location: `${b.url}/bounce-back` });
    res.end();
  });
  b.handlers.set('/bounce-back', (_req, res) => {
    res.writeHead(302, { location: `${a.url}/bounce-end` });
    res.end();
  });
  a.handlers.set('/bounce-end', (req, res) => json(res, 200, { key: req.headers['x-api-key'] ?? null }));
  const { http } = client();
  const body = await http.getJson<{ key: string | null }>({ url: `${a.url}/bounce`, headers: { 'x-api-key': 'k3' } });
  // Same origin as the start, so a header the caller set is sent again; the hop in between never saw it.
  const mid = b.seen.find((s) => s.path === '/bounce-back');
  assert.equal(mid?.headers['x-api-key'], undefined);
  assert.equal(body.key, 'k3');
});

test('an HTML error page at 200 is a BadResponseError quoting the page', async () => {
  a.handlers.set('/html200', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>');
  });
  const { http } = client();
  const res = await http.request({ url: `${a.url}/html200` });
  assert.throws(() => res.json(), (e: unknown) => e instanceof BadResponseError && /HTML page.*Service Unavailable/.test(e.message));
});

test('an HTML error page at 500 is quoted in the error after retries', async () => {
  a.handlers.set('/html500', (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><title>Gateway broke</title></html>');
  });
  const { http } = client();
  await assert.rejects(http.request({ url: `${a.url}/html500` }), (e: unknown) => e instanceof ProviderError && e.status === 500 && /HTML page.*Gateway broke/.test(e.message));
});

test('malformed JSON and empty bodies are clear errors', async () => {
  a.handlers.set('/malformed', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"items": [1, 2');
  });
  a.handlers.set('/empty', (_req, res) => {
    res.writeHead(200);
    res.end();
  });
  const { http } = client();
  await assert.rejects(http.getJson({ url: `${a.url}/malformed` }), /malformed JSON/);
  await assert.rejects(http.getJson({ url: `${a.url}/empty` }), /empty body/);
});

test('secrets are redacted from quoted bodies and logs', async () => {
  a.handlers.set('/echo-secret', (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html>your key sk-very-secret-123 is wrong</html>');
  });
  const redactor = new Redactor().add('sk-very-secret-123');
  const { http, log } = client({ redactor, retry: { maxServerRetries: 0 } });
  await assert.rejects(http.request({ url: `${a.url}/echo-secret?api_key=sk-very-secret-123` }), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.ok(!e.message.includes('sk-very-secret-123'), e.message);
    return true;
  });
  assert.ok(log.length > 0);
  for (const entry of log) assert.ok(!JSON.stringify(entry).includes('sk-very-secret-123'));
});

test('the request log records method, redacted URL, status and time', async () => {
  a.handlers.set('/logged', (_req, res) => json(res, 200, {}));
  const { http, log } = client();
  await http.request({ url: `${a.url}/logged?access_token=abcdef123`, method: 'POST', json: { x: 1 } });
  const entry = log.at(-1);
  assert.ok(entry);
  assert.equal(entry.method, 'POST');
  assert.equal(entry.status, 200);
  assert.ok(entry.url.includes('access_token=***'));
  assert.equal(typeof entry.ms, 'number');
});

test('http is refused for a non-loopback host, before any request', async () => {
  const { http } = client();
  await assert.rejects(http.request({ url: 'http://example.com/api' }), ConfigError);
  await assert.rejects(http.request({ url: 'ftp://127.0.0.1/x' }), ConfigError);
});

test('a redirect to plain http on a remote host is refused', async () => {
  a.handlers.set('/downgrade', (_req, res) => {
    res.writeHead(302, { location: 'http://example.com/steal' });
    res.end();
  });
  const { http } = client();
  await assert.rejects(http.request({ url: `${a.url}/downgrade`, headers: { 'x-api-key': 'k' } }), ConfigError);
});

test('acceptStatus hands a status back to the caller instead of throwing', async () => {
  a.handlers.set('/gone', (_req, res) => json(res, 404, { message: 'version not found' }));
  const { http } = client();
  const res = await http.request({ url: `${a.url}/gone`, acceptStatus: (s) => s === 404 });
  assert.equal(res.status, 404);
  assert.deepEqual(res.json(), { message: 'version not found' });
});

test('a refused connection is a NetworkError after retries', async () => {
  const { http, sleeps } = client();
  await assert.rejects(http.request({ url: 'http://127.0.0.1:1/nothing' }), NetworkError);
  assert.equal(sleeps.length, 3);
});

test('oversized bodies are refused', async () => {
  a.handlers.set('/big', (_req, res) => json(res, 200, { data: 'x'.repeat(5000) }));
  const { http } = client({ maxBodyBytes: 1000 });
  await assert.rejects(http.request({ url: `${a.url}/big` }), (e: unknown) => e instanceof BadResponseError && /too large/.test(e.message));
});

test('a response carries its body as received (UTF-8 bytes) beside its text', async () => {
  a.handlers.set('/utf8', (_req, res) => json(res, 200, { name: 'Łódź ✓ 日本 😀' }));
  const { http } = client();
  const res = await http.request({ url: `${a.url}/utf8` });
  assert.ok(res.bytes instanceof Uint8Array);
  assert.equal(Buffer.from(res.bytes).toString('utf8'), res.text);
  assert.equal(res.bytes.byteLength, Buffer.byteLength(res.text, 'utf8'));
  assert.deepEqual(res.json(), { name: 'Łódź ✓ 日本 😀' });
});

test('a 2xx body that should be JSON and is not (a proxy page, a cut-off body) is retried, then recovers', async () => {
  const page = '<!DOCTYPE html><html><body>Gateway hiccup</body></html>';
  const hits = flaky('/hiccup', 2, (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  const { http, sleeps, log } = client();
  assert.deepEqual(await http.getJson({ url: `${a.url}/hiccup` }), { ok: true });
  assert.equal(hits.hits, 3);
  assert.equal(sleeps.length, 2, 'backed off before each retry');
  assert.ok(log.some((e) => /not JSON, retrying/.test(e.note ?? '')));
  // Cut-off JSON and an empty body count the same.
  const cut = flaky('/cut', 1, (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data": [1, 2');
  });
  const empty = flaky('/empty', 1, (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('');
  });
  assert.deepEqual((await http.request({ url: `${a.url}/cut`, expectJson: true })).json(), { ok: true });
  assert.deepEqual((await http.request({ url: `${a.url}/empty`, expectJson: true })).json(), { ok: true });
  assert.equal(cut.hits + empty.hits, 4);
});

test('a body that stays malformed fails with a BadResponseError after the retries; without expectJson nothing is retried', async () => {
  a.handlers.set('/always-html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Login required</body></html>');
  });
  const { http, sleeps } = client();
  await assert.rejects(http.getJson({ url: `${a.url}/always-html` }), (e: unknown) => e instanceof BadResponseError && /HTML page instead of JSON/.test(e.message));
  assert.equal(sleeps.length, 3);
  const plain = client();
  const res = await plain.http.request({ url: `${a.url}/always-html` });
  assert.equal(plain.sleeps.length, 0);
  assert.throws(() => res.json(), BadResponseError);
});
