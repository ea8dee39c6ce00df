/**
 * Host validation (issue 7): where each provider may send a credential, and
 * the proof taken from what servers actually received. Two loopback servers
 * act as two origins; each records every request and its headers, so a test
 * can say exactly which host saw which credential.
 *
 * - SFMC: the subdomain is letters, digits and dashes; the token goes to the
 *   auth host and to a rest_instance_url that is https on
 *   *.rest.marketingcloudapis.com or the auth host's own origin, nowhere else.
 * - https only, except loopback, for every configured URL of every provider,
 *   through the providers and through the CLI, before any request.
 * - LivePerson: Domain API answers must be a bare host[:port]; the bearer
 *   goes only to the host the Domain API named.
 * - Uniphore: the client secret goes only to the token URL, the token only to
 *   the base URL. FloQast: the key only to its base URL's origin.
 * - Redirects to a non-loopback http URL are refused, credential or not.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AuditLensError, BadResponseError, ConfigError } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/http';
import type { Connection, ConnectionSecrets, ProviderId } from '../../../src/core/model';
import type { ProviderSession } from '../../../src/core/provider';
import { getProvider } from '../../../src/providers/registry';
import { checkRestInstanceUrl, resolveAuthBase, validateSubdomain } from '../../../src/providers/sfmc/auth';
import { DEMO, startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { FUZZ_RUNS } from '../core/fuzzRuns';
import { runCliInProcess } from './support/cliInProcess';
import { startScriptedApi, type ScriptedApi, type ScriptedRequest } from './support/scriptedApi';

interface Seen extends ScriptedRequest {
  server: 'A' | 'B';
}

let a: ScriptedApi;
let b: ScriptedApi;
const seen: Seen[] = [];

before(async () => {
  a = await startScriptedApi();
  b = await startScriptedApi();
});
after(async () => {
  await a.close();
  await b.close();
});
beforeEach(() => {
  seen.length = 0;
  a.script = () => ({ status: 404, body: { message: 'unscripted' } });
  b.script = () => ({ status: 404, body: { message: 'unscripted' } });
});

/** Records every request a server gets, then answers with `respond`. */
function serve(server: ScriptedApi, name: 'A' | 'B', respond: (r: ScriptedRequest) => { status?: number; body?: unknown; headers?: Record<string, string> }): void {
  server.script = (r) => {
    seen.push({ ...r, server: name });
    return respond(r);
  };
}

function connect(provider: ProviderId, settings: Connection['settings'], secrets: ConnectionSecrets): ProviderSession {
  return getProvider(provider).connect({ id: provider, provider, label: provider, settings }, secrets, { http: new HttpClient({ retry: { baseDelayMs: 1 }, timeoutMs: 5000 }) });
}

/** Every request that carried `secret` anywhere: a header, the URL, or the body. */
function carrying(secret: string): Seen[] {
  return seen.filter((r) => JSON.stringify(r.headers).includes(secret) || r.url.includes(secret) || r.body.includes(secret) || r.body.includes(encodeURIComponent(secret)));
}

async function rejects(promise: Promise<unknown>, type: abstract new (...args: never[]) => AuditLensError, pattern?: RegExp): Promise<AuditLensError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    if (pattern) assert.match(e.message, pattern);
    return e;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

// ------------------------------------------------------------------------- SFMC

test('fuzz: an SFMC subdomain is accepted exactly when it is letters, digits and dashes, and then names only its own auth host', () => {
  const pattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
  const hostile = fc.constantFrom('evil.com#', 'a.b', 'x@evil.com', 'x/..', 'x:443', '-x', 'x-', 'ex ample', 'x%2eevil', 'ⅹ', 'x\u0000', '');
  fc.assert(
    fc.property(fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,30}$/), fc.string(), hostile), (sub) => {
      const ok = pattern.test(sub);
      assert.equal(validateSubdomain(sub) === undefined, ok, sub);
      if (!ok) {
        if (sub.trim() !== '' && sub.trim() === sub) assert.throws(() => resolveAuthBase({ subdomain: sub }), ConfigError);
        return;
      }
      const base = resolveAuthBase({ subdomain: sub });
      assert.equal(base.origin, `https://${sub.toLowerCase()}.auth.marketingcloudapis.com`);
      assert.equal(base.pathname, '/');
    }),
    { numRuns: FUZZ_RUNS },
  );
});

test('fuzz: a token response may point SFMC only at https *.rest.marketingcloudapis.com or the auth origin', () => {
  const authBase = new URL('https://mc123.auth.marketingcloudapis.com/');
  const candidates = fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      'https://mc123.rest.marketingcloudapis.com/',
      'https://MC-9.REST.marketingcloudapis.com',
      'https://mc123.rest.marketingcloudapis.com:8443/v1',
      'http://mc123.rest.marketingcloudapis.com/',
      'https://mc123.rest.marketingcloudapis.com.evil.com/',
      'https://evil.com/mc123.rest.marketingcloudapis.com',
      'https://a.b.rest.marketingcloudapis.com/',
      'https://user:pw@mc123.rest.marketingcloudapis.com/',
      'https://mc123.auth.marketingcloudapis.com/',
      'https://mc124.auth.marketingcloudapis.com/',
      'https://rest.marketingcloudapis.com/',
      'https://-.rest.marketingcloudapis.com/',
      'ftp://mc123.rest.marketingcloudapis.com/',
    ),
  );
  fc.assert(
    fc.property(candidates, (value) => {
      let accepted: URL | undefined;
      try {
        accepted = checkRestInstanceUrl(value, authBase);
      } catch (e) {
        assert.ok(e instanceof BadResponseError, String(e));
      }
      const u = new URL(value);
      const allowed =
        u.origin === authBase.origin ||
        (u.protocol === 'https:' && !u.username && !u.password && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.rest\.marketingcloudapis\.com$/.test(u.hostname));
      assert.equal(accepted !== undefined, allowed, value);
      if (accepted) assert.equal(accepted.origin, u.origin);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

test('SFMC sends the client secret only to the auth host and the token only where rest_instance_url allows', async () => {
  const token = 'sfmc-issued-token-0123456789';
  // The auth host (A) names the other origin (B) as its REST host: refused, and B hears nothing.
  serve(a, 'A', (r) => (r.path === '/v2/token' ? { body: { access_token: token, rest_instance_url: `${b.url}/`, expires_in: 1080 } } : { body: { count: 0, items: [] } }));
  serve(b, 'B', () => ({ body: { count: 0, items: [] } }));
  const session = connect('sfmc', { authBaseUrl: a.url, clientId: 'cid' }, { clientSecret: 'sfmc-client-secret-xyz' });
  await rejects(session.fetchAudit({ journey: 'key:j', version: 1 }), BadResponseError, /Refusing rest_instance_url/);
  assert.deepEqual(carrying(token), [], 'the token was never sent anywhere');
  assert.deepEqual(seen.filter((r) => r.server === 'B'), [], 'the foreign REST host heard nothing');
  assert.deepEqual(carrying('sfmc-client-secret-xyz').map((r) => `${r.server} ${r.method} ${r.path}`), ['A POST /v2/token']);

  // Its own origin is allowed (the sandbox's layout): the token goes there and only there.
  seen.length = 0;
  serve(a, 'A', (r) => (r.path === '/v2/token' ? { body: { access_token: token, rest_instance_url: `${a.url}/`, expires_in: 1080 } } : { body: { count: 0, items: [] } }));
  const ok = connect('sfmc', { authBaseUrl: a.url, clientId: 'cid' }, { clientSecret: 'sfmc-client-secret-xyz' });
  await ok.fetchAudit({ journey: 'key:j', version: 1 });
  assert.ok(carrying(token).length >= 1);
  assert.ok(carrying(token).every((r) => r.server === 'A' && r.path.startsWith('/interaction/')));
  assert.ok(carrying('sfmc-client-secret-xyz').every((r) => r.path === '/v2/token'));
});

// ------------------------------------------------------------ https, except loopback

/** Each provider's URL settings, with a connection that is valid once a URL is filled in. */
const URL_SETTINGS: { provider: ProviderId; key: string; connection: (url: string) => { settings: Connection['settings']; secrets: ConnectionSecrets } }[] = [
  { provider: 'sfmc', key: 'authBaseUrl', connection: (url) => ({ settings: { authBaseUrl: url, clientId: 'c' }, secrets: { clientSecret: 's-123' } }) },
  { provider: 'liveperson', key: 'domainApi', connection: (url) => ({ settings: { accountId: '1', domainApi: url, authMethod: 'bearer' }, secrets: { bearer: 'b-123' } }) },
  { provider: 'uniphore', key: 'baseUrl', connection: (url) => ({ settings: { baseUrl: url, authMethod: 'token' }, secrets: { token: 't-123' } }) },
  {
    provider: 'uniphore',
    key: 'tokenUrl',
    connection: (url) => ({ settings: { baseUrl: 'https://tenant.example.com', authMethod: 'client', tokenUrl: url, clientId: 'c' }, secrets: { clientSecret: 's-123' } }),
  },
  { provider: 'floqast', key: 'baseUrl', connection: (url) => ({ settings: { baseUrl: url }, secrets: { apiKey: 'k-123' } }) },
];

test('every configured URL of every provider must be https, except on loopback; refused before any request', () => {
  const accepted = ['https://api.example.com', 'https://api.example.com:8443/prefix', 'http://127.0.0.1:1234', 'http://localhost:9', 'http://[::1]:9', 'http://127.9.9.9'];
  const refused = [
    'http://api.example.com',
    'http://127.0.0.1.evil.com',
    'http://localhost.evil.com',
    'http://10.0.0.1',
    'http://[::2]',
    'ftp://api.example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ws://127.0.0.1',
    'not a url',
  ];
  for (const { provider, key, connection } of URL_SETTINGS) {
    const p = getProvider(provider);
    for (const url of accepted) {
      const { settings, secrets } = connection(url);
      assert.doesNotThrow(() => p.validate({ id: 'x', provider, label: 'x', settings }, secrets), `${provider} ${key}=${url}`);
    }
    for (const url of refused) {
      const { settings, secrets } = connection(url);
      assert.throws(() => p.validate({ id: 'x', provider, label: 'x', settings }, secrets), ConfigError, `${provider} ${key}=${url} was accepted`);
      assert.throws(() => p.connect({ id: 'x', provider, label: 'x', settings }, secrets, { http: new HttpClient() }), ConfigError);
      const field = p.fields.find((f) => f.key === key);
      if (field?.validate) assert.notEqual(field.validate(url), undefined, `the ${provider} wizard accepts ${key}=${url}`);
    }
  }
});

test('the CLI refuses a non-loopback http URL in every URL variable with exit 2, sending nothing', async () => {
  const s: Sandbox = await startSandbox({ scale: { sfmc: 12, liveperson: 0, uniphore: 0, floqast: 0 } });
  try {
    const cases: [string[], Record<string, string>][] = [
      [['scopes', '--provider', 'sfmc'], { AUDIT_LENS_SFMC_AUTH_URL: 'http://mc.example.com', AUDIT_LENS_SFMC_CLIENT_ID: 'c', AUDIT_LENS_SFMC_CLIENT_SECRET: 's-123' }],
      [['scopes', '--provider', 'sfmc'], { AUDIT_LENS_SFMC_SUBDOMAIN: 'evil.com#', AUDIT_LENS_SFMC_CLIENT_ID: 'c', AUDIT_LENS_SFMC_CLIENT_SECRET: 's-123' }],
      [['scopes', '--provider', 'liveperson', '--account', '1'], { AUDIT_LENS_LP_DOMAIN_API: 'http://api.liveperson.net', AUDIT_LENS_LP_BEARER: 'b-123' }],
      [['get', '--provider', 'uniphore', '--id', '1'], { AUDIT_LENS_UNIPHORE_BASE_URL: 'http://tenant.example.com', AUDIT_LENS_UNIPHORE_TOKEN: 't-123' }],
      [
        ['get', '--provider', 'uniphore', '--id', '1'],
        {
          AUDIT_LENS_UNIPHORE_BASE_URL: s.url,
          AUDIT_LENS_UNIPHORE_TOKEN_URL: 'http://auth.example.com/oauth/token',
          AUDIT_LENS_UNIPHORE_CLIENT_ID: 'c',
          AUDIT_LENS_UNIPHORE_CLIENT_SECRET: 's-123',
          AUDIT_LENS_UNIPHORE_AUDIENCE: 'api.uniphore.com',
        },
      ],
      [['scopes', '--provider', 'floqast'], { AUDIT_LENS_FLOQAST_BASE_URL: 'http://fq.example.com', AUDIT_LENS_FLOQAST_API_KEY: 'k-123' }],
    ];
    for (const [args, env] of cases) {
      const run = await runCliInProcess(args, env);
      assert.equal(run.code, 2, `${JSON.stringify(env)}: ${run.stderr}`);
      assert.match(run.stderr, /https|letters, digits and dashes/);
    }
    assert.equal(s.stats.requests.length, 0);
  } finally {
    await s.close();
  }
});

test('a redirect to a non-loopback http URL is refused, for every provider, before anything is sent there', async () => {
  // B would be the redirect's real target if http were allowed; the refusal happens in the client.
  const redirect = { status: 307, headers: { location: 'http://evil.example/steal' }, body: {} };
  serve(a, 'A', (r) => {
    if (r.path === '/v2/token') return { body: { access_token: 'tok-0123456789', rest_instance_url: `${a.url}/`, expires_in: 60 } };
    if (r.path.endsWith('/baseURI.json')) return { body: { baseURI: a.hostPort } };
    return redirect;
  });
  const runs: [ProviderId, () => Promise<unknown>][] = [
    ['sfmc', () => connect('sfmc', { authBaseUrl: a.url, clientId: 'c' }, { clientSecret: 's-123' }).fetchAudit({ journey: 'key:j', version: 1 })],
    ['liveperson', () => connect('liveperson', { accountId: '1', domainApi: a.url, authMethod: 'bearer' }, { bearer: 'b-123' }).fetchAudit({})],
    ['uniphore', () => connect('uniphore', { baseUrl: a.url, authMethod: 'token' }, { token: 't-123' }).fetchAudit({})],
    ['floqast', () => connect('floqast', { baseUrl: a.url }, { apiKey: 'k-123' }).fetchAudit({})],
  ];
  for (const [provider, run] of runs) {
    // FloQast follows its redirects itself (its 303 and any other): the http target is refused all the same.
    if (provider === 'floqast') await rejects(run(), AuditLensError, /redirected page at http:\/\/evil\.example failed: Request URL must use https/);
    else await rejects(run(), ConfigError, /Redirect target must use https/);
  }

  // FloQast's own 303 names its target in the body too: an http target is refused the same way.
  serve(a, 'A', () => ({ status: 303, body: { data: { url: 'http://bucket.example/page' } } }));
  await rejects(connect('floqast', { baseUrl: a.url }, { apiKey: 'k-123' }).fetchAudit({}), AuditLensError, /https/);
});

// ----------------------------------------------------------- LivePerson Domain API

test('LivePerson refuses every Domain API answer that is not a bare host[:port], and sends the bearer nowhere', async () => {
  const bearer = 'lp-bearer-0123456789';
  const answers = [
    `${b.hostPort}/path`,
    `user@${b.hostPort}`,
    `user:pw@${b.hostPort}`,
    `http://${b.hostPort}`,
    `https://${b.hostPort}`,
    `//${b.hostPort}`,
    `${b.hostPort}?x=1`,
    `${b.hostPort}#x`,
    ` ${b.hostPort}`,
    `${b.hostPort}\n`,
    `${b.hostPort}\\x`,
    `127.0.0.1:${b.hostPort.split(':')[1]}:1`,
    '2130706433',
    '0x7f.1',
    '127.0.0.1:99999',
    '',
    null,
    42,
    ['127.0.0.1'],
  ];
  for (const baseURI of answers) {
    seen.length = 0;
    serve(a, 'A', (r) => (r.path.endsWith('/baseURI.json') ? { body: { service: 'accountConfigReadOnly', account: '1', baseURI } } : { body: { data: { auditData: [] } } }));
    serve(b, 'B', () => ({ body: { data: { auditData: [] } } }));
    const session = connect('liveperson', { accountId: '1', domainApi: a.url, authMethod: 'bearer' }, { bearer });
    await rejects(session.fetchAudit({}), BadResponseError, /not a bare host\[:port\]; refusing to send credentials there/);
    assert.deepEqual(carrying(bearer), [], `baseURI ${JSON.stringify(baseURI)}: the bearer was sent`);
    assert.deepEqual(seen.filter((r) => r.server === 'B'), [], `baseURI ${JSON.stringify(baseURI)}: B was contacted`);
  }
});

test('LivePerson sends the bearer only to the host its Domain API named, and none to the Domain API itself', async () => {
  const bearer = 'lp-bearer-0123456789';
  for (const named of [b.hostPort, `localhost:${b.hostPort.split(':')[1]}`]) {
    seen.length = 0;
    serve(a, 'A', (r) => (r.path.endsWith('/baseURI.json') ? { body: { service: 'accountConfigReadOnly', account: '1', baseURI: named } } : { body: { data: { auditData: [] } } }));
    serve(b, 'B', () => ({ body: { data: { auditData: [] } } }));
    await connect('liveperson', { accountId: '1', domainApi: a.url, authMethod: 'bearer' }, { bearer }).fetchAudit({}, { pageSize: 10 });
    const withBearer = carrying(bearer);
    assert.ok(withBearer.length >= 1, 'the audit call was made');
    assert.ok(withBearer.every((r) => r.server === 'B' && r.path === '/api/account/1/configuration/metadata/audit'), `${named}: ${withBearer.map((r) => `${r.server} ${r.path}`).join(', ')}`);
    const lookups = seen.filter((r) => r.server === 'A');
    assert.ok(lookups.length >= 1 && lookups.every((r) => r.path.endsWith('/baseURI.json') && r.headers.authorization === undefined));
  }
});

test('LivePerson client credentials and login go only to the sentinel and agentVep hosts the Domain API named', async () => {
  for (const [method, settings, secrets, secret] of [
    ['client', { authMethod: 'client', clientId: 'cid' }, { clientSecret: 'lp-client-secret-xyz' }, 'lp-client-secret-xyz'],
    ['login', { authMethod: 'login', username: 'u' }, { password: 'lp-password-xyz' }, 'lp-password-xyz'],
  ] as const) {
    seen.length = 0;
    serve(a, 'A', (r) => {
      const service = /\/service\/([^/]+)\/baseURI\.json$/.exec(r.path)?.[1];
      // The audit host is A; the credential hosts are B.
      if (service) return { body: { baseURI: service === 'accountConfigReadOnly' ? a.hostPort : b.hostPort } };
      return { body: { data: { auditData: [] } } };
    });
    serve(b, 'B', (r) => (r.path.includes('/app/token') ? { body: { access_token: 'app-token-0123456789', expires_in: 3600 } } : { body: { bearer: 'login-token-0123456789', csrf: 'c', sessionTTl: 3600000 } }));
    await connect('liveperson', { accountId: '1', domainApi: a.url, ...settings }, secrets).fetchAudit({}, { pageSize: 10 });
    const sent = carrying(secret);
    assert.ok(sent.length === 1 && sent[0]?.server === 'B' && (method === 'client' ? /\/sentinel\/api\/account\/1\/app\/token$/ : /\/api\/account\/1\/login$/).test(sent[0].path), `${method}: ${sent.map((r) => r.path).join(', ')}`);
    const token = method === 'client' ? 'app-token-0123456789' : 'login-token-0123456789';
    assert.ok(carrying(token).length >= 1 && carrying(token).every((r) => r.server === 'A' && r.path.endsWith('/metadata/audit')), `${method}: the token went elsewhere`);
  }
});

// ----------------------------------------------------------- Uniphore, FloQast

test('Uniphore sends the client secret only to the token URL and the token only to the base URL', async () => {
  serve(a, 'A', () => ({ body: { access_token: 'uni-token-0123456789', expires_in: 3600 } }));
  serve(b, 'B', () => ({ body: { content: [], totalPages: 1, totalElements: 0, last: true } }));
  const session = connect(
    'uniphore',
    { baseUrl: b.url, authMethod: 'client', tokenUrl: `${a.url}/oauth/token`, clientId: 'cid', audience: 'api.uniphore.com' },
    { clientSecret: 'uni-client-secret-xyz' },
  );
  await session.fetchAudit({}, { pageSize: 10 });
  assert.deepEqual(carrying('uni-client-secret-xyz').map((r) => `${r.server} ${r.path}`), ['A /oauth/token']);
  assert.ok(carrying('uni-token-0123456789').length >= 1 && carrying('uni-token-0123456789').every((r) => r.server === 'B' && r.path.startsWith('/audit_log')));
});

test('FloQast sends the API key only to its base URL, through 303s to another origin and links naming one', async () => {
  const key = 'fq-api-key-0123456789';
  serve(a, 'A', (r) => {
    if (!r.query.has('page[cursor]')) return { status: 303, headers: { location: `${b.url}/bucket/page1` }, body: { data: { url: `${b.url}/bucket/page1` } } };
    return { body: { data: [], links: { next: null } } };
  });
  serve(b, 'B', () => ({ body: { data: [], links: { next: '/api/v1/audit-trail?page[cursor]=2' } } }));
  await connect('floqast', { baseUrl: a.url }, { apiKey: key }).fetchAudit({}, { pageSize: 10 });
  assert.ok(seen.some((r) => r.server === 'B'), 'the redirect target was read');
  assert.ok(carrying(key).length >= 2 && carrying(key).every((r) => r.server === 'A'), 'the key went to the other origin');
  // links.next is resolved against the API base, never against the redirect's origin.
  assert.ok(seen.some((r) => r.server === 'A' && r.query.get('page[cursor]') === '2'));

  seen.length = 0;
  serve(a, 'A', () => ({ body: { data: [], links: { next: `${b.url}/api/v1/audit-trail?page[cursor]=3` } } }));
  await rejects(connect('floqast', { baseUrl: a.url }, { apiKey: key }).fetchAudit({}), BadResponseError, /another origin/);
  assert.deepEqual(seen.filter((r) => r.server === 'B'), []);
});

test('against the sandbox, every credential of every provider reached the main origin only', async () => {
  const s = await startSandbox({ scale: { sfmc: 24, liveperson: 20, uniphore: 20, floqast: 20 } });
  try {
    s.faults.add({ path: /^\/(?:interaction|audit_log|api\/v1\/audit-trail)/, kind: '307', skip: 1, times: 3 });
    s.faults.add({ path: /^\/api\/v1\/audit-trail/, kind: '303', skip: 2, times: 1 });
    const http = () => new HttpClient({ retry: { baseDelayMs: 1 } });
    const journey = s.truth.sfmc.journeys()[0]?.id ?? '';
    await getProvider('sfmc')
      .connect({ id: 'sfmc', provider: 'sfmc', label: 's', settings: { authBaseUrl: s.url, clientId: DEMO.sfmc.clientId } }, { clientSecret: DEMO.sfmc.clientSecret }, { http: http() })
      .fetchAudit({ journey }, { pageSize: 5 });
    await getProvider('liveperson')
      .connect(
        { id: 'lp', provider: 'liveperson', label: 'l', settings: { accountId: DEMO.liveperson.accountId, domainApi: s.url, authMethod: 'client', clientId: DEMO.liveperson.clientId } },
        { clientSecret: DEMO.liveperson.clientSecret },
        { http: http() },
      )
      .fetchAudit({}, { pageSize: 5 });
    await getProvider('uniphore')
      .connect(
        {
          id: 'u',
          provider: 'uniphore',
          label: 'u',
          settings: { baseUrl: s.url, authMethod: 'client', tokenUrl: `${s.url}${DEMO.uniphore.tokenPath}`, clientId: DEMO.uniphore.clientId, audience: DEMO.uniphore.audience },
        },
        { clientSecret: DEMO.uniphore.clientSecret },
        { http: http() },
      )
      .fetchAudit({}, { pageSize: 5 });
    await getProvider('floqast').connect({ id: 'f', provider: 'floqast', label: 'f', settings: { baseUrl: s.url } }, { apiKey: DEMO.floqast.apiKey }, { http: http() }).fetchAudit({}, { pageSize: 5 });
    const other = s.stats.requests.filter((r) => r.origin === 'other');
    assert.ok(other.length >= 4, 'redirects to the other origin were followed');
    for (const r of other) {
      assert.equal(r.headers.authorization, undefined, `authorization reached the other origin: ${r.method} ${r.path}`);
      assert.equal(r.headers['x-api-key'], undefined, `x-api-key reached the other origin: ${r.method} ${r.path}`);
    }
    // Each credential on its own provider's paths only.
    for (const r of s.stats.requests.filter((q) => q.origin === 'main')) {
      if (r.headers['x-api-key'] !== undefined) assert.equal(r.provider, 'floqast', `x-api-key on ${r.path}`);
      if (r.headers.authorization !== undefined) assert.notEqual(r.provider, 'floqast', `a bearer on ${r.path}`);
    }
  } finally {
    await s.close();
  }
});
