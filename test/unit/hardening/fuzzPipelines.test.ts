/**
 * Arbitrary JSON (and non-JSON) answers pushed through each provider's whole
 * pipeline: the HTTP client with its retries and error readers, the auth
 * flow, paging, envelope readers and normalizers. Whatever a server sends,
 * a fetch ends in one of two ways, and soon: records that keep every field
 * rule of DESIGN.md §3, or a typed error (AuditLensError). A hang, a
 * TypeError or a record with a null field fails the property.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AuditLensError } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/http';
import { parseBareHost, isLoopbackHost } from '../../../src/core/hosts';
import type { AuditQuery, Connection, ConnectionSecrets, ProviderId } from '../../../src/core/model';
import type { ProviderSession } from '../../../src/core/provider';
import { getProvider } from '../../../src/providers/registry';
import { FUZZ_RUNS } from '../core/fuzzRuns';
import { assertRecordContract } from './support/recordContract';
import { startScriptedApi, type ScriptedAnswer, type ScriptedApi, type ScriptedRequest } from './support/scriptedApi';

/** A fetch that takes longer than this against a loopback server that answers at once is a hang. */
const DEADLINE_MS = 10_000;
const runs = { numRuns: FUZZ_RUNS };

let api: ScriptedApi;
before(async () => {
  api = await startScriptedApi();
});
after(async () => {
  await api.close();
});

function http(): HttpClient {
  // Tiny backoffs: a 429 or 5xx answer is retried (with the same answer) before it becomes an error.
  return new HttpClient({ retry: { baseDelayMs: 1, maxDelayMs: 20 }, timeoutMs: 2000 });
}

function connect(provider: ProviderId, settings: Connection['settings'], secrets: ConnectionSecrets): ProviderSession {
  return getProvider(provider).connect({ id: `fuzz-${provider}`, provider, label: 'fuzz', settings }, secrets, { http: http() });
}

/** Runs `work` and checks how it ended: typed error, or records within the contract. */
async function endsWell(provider: ProviderId, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DEADLINE_MS} ms: the pipeline hangs`)), DEADLINE_MS);
  });
  try {
    const result = await Promise.race([work(), deadline]);
    const records = result && typeof result === 'object' && 'records' in result ? (result as { records: unknown[] }).records : result && typeof result === 'object' && 'provider' in result ? [result] : [];
    for (const r of records) assertRecordContract(r as never, provider);
  } catch (e) {
    if (e instanceof AuditLensError) return;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** An answer: a status (mostly 200), and a body that is any JSON, a shaped near-miss, or not JSON at all. */
function answers(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<ScriptedAnswer> {
  return fc.record({
    status: fc.oneof({ weight: 6, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: fc.constantFrom(201, 204, 302, 303, 400, 401, 403, 404, 413, 429, 500, 502, 503) }),
    body: fc.oneof(
      { weight: 2, arbitrary: fc.jsonValue() },
      { weight: 4, arbitrary: shaped },
      { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('', '<html><body>oops</body></html>', '{"truncated":', 'null')) },
    ),
  }) as fc.Arbitrary<ScriptedAnswer>;
}

/** A field that is usually plausible and sometimes anything at all. */
function field<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: fc.jsonValue() });
}

const someText = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Publish', 'Modify', 'Error', 'PublishCompleted', 'Users', 'Skills', 'GET', 'POST'));
const pageCount = fc.oneof(fc.nat(20), fc.constantFrom(1e6, 1e12, 2 ** 53, -1, 0.5));

// ------------------------------------------------------------------------- SFMC

const sfmcItem = fc.record(
  {
    action: field(someText),
    timeStamp: field(fc.constantFrom('2024-10-28T08:04:22.4', '2015-10-30T11:49:55.9912345', '2024-02-30T00:00:00', '0000-01-01T00:00:00', 'nope')),
    id: field(fc.uuid()),
    name: field(someText),
    versionNumber: field(fc.integer({ min: -2, max: 9 })),
    user: field(fc.record({ name: field(someText), UserId: field(fc.nat()), userId: field(someText) }, { requiredKeys: [] })),
    publishStatus: field(someText),
    errors: field(fc.array(fc.record({ ErrorCode: field(someText), ErrorDetail: field(someText) }, { requiredKeys: [] }), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const sfmcPage = fc.record({ count: field(pageCount), Count: field(pageCount), items: field(fc.array(sfmcItem, { maxLength: 5 })) }, { requiredKeys: [] });
const SFMC_ITEM = { action: 'Modify', timeStamp: '2024-10-28T08:04:22.4', id: 'j1', name: 'J', versionNumber: 1, user: { name: 'A', userId: 1 } };
const goodSfmcToken = (): ScriptedAnswer => ({ body: { access_token: 'fuzz-token-0123456789', rest_instance_url: `${api.url}/`, expires_in: 1080 } });
const emptySfmcPage = (): ScriptedAnswer => ({ body: { count: 0, items: [] } });

function sfmcSession(): ProviderSession {
  return connect('sfmc', { authBaseUrl: api.url, clientId: 'fuzz-client' }, { clientSecret: 'fuzz-secret-value' });
}
const SFMC_QUERY: AuditQuery = { journey: 'key:fuzz', version: 1 };

test('fuzz: any SFMC audit page (status and body) ends in records within the contract or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(answers(sfmcPage), async (answer) => {
      api.script = (r: ScriptedRequest) => (r.path === '/v2/token' ? goodSfmcToken() : r.query.get('$page') === '1' ? answer : emptySfmcPage());
      await endsWell('sfmc', () => sfmcSession().fetchAudit(SFMC_QUERY, { pageSize: 2, concurrency: 2 }));
    }),
    {
      ...runs,
      // Found by this property: a Count of a billion planned half a billion pages, and looped through them.
      examples: [[{ status: 200, body: { count: 1e9, items: [SFMC_ITEM, { ...SFMC_ITEM, action: 'Publish' }] } }]],
    },
  );
});

test('fuzz: any SFMC token answer ends in a typed error or a normal fetch, and never sends the token off the allowed hosts', async () => {
  const tokenAnswer = fc.record(
    {
      access_token: field(fc.constantFrom('fuzz-token-0123456789', '')),
      rest_instance_url: field(fc.constantFrom('https://evil.example/', 'http://mc.rest.marketingcloudapis.com/', 'https://user:pw@mc.rest.marketingcloudapis.com/', 'not a url', 'LOOPBACK')),
      expires_in: field(fc.oneof(fc.nat(), fc.constantFrom(-1, 1e30))),
    },
    { requiredKeys: [] },
  ).map((b) => (b.rest_instance_url === 'LOOPBACK' ? { ...b, rest_instance_url: api.url } : b));
  await fc.assert(
    fc.asyncProperty(answers(tokenAnswer), async (answer) => {
      api.script = (r) => (r.path === '/v2/token' ? answer : emptySfmcPage());
      await endsWell('sfmc', () => sfmcSession().fetchAudit(SFMC_QUERY, { pageSize: 2 }));
    }),
    runs,
  );
});

// ------------------------------------------------------------------- LivePerson

const lpItem = fc.record(
  {
    objectType: field(someText),
    objectName: field(someText),
    element: field(someText),
    oldValue: field(someText),
    newValue: field(someText),
    originator: field(someText),
    originatorLoginName: field(someText),
    originatorUserId: field(fc.oneof(fc.nat(), someText)),
    changeDate: field(fc.constantFrom('2019-11-12 06:10:46.0', '2024-03-10 02:30:00.0', '2024-13-01 00:00:00.0', '')),
  },
  { requiredKeys: [] },
);
const lpAnswer = fc.record(
  {
    data: field(fc.record({ auditData: field(fc.array(lpItem, { maxLength: 5 })) }, { requiredKeys: [] })),
    errors: field(fc.array(fc.record({ message: field(someText) }, { requiredKeys: [] }), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
const LP_ACCOUNT = '12345678';

function lpDomain(r: ScriptedRequest): ScriptedAnswer | undefined {
  return r.path.endsWith('/baseURI.json') ? { body: { service: 'x', account: LP_ACCOUNT, baseURI: api.hostPort } } : undefined;
}

function lpSession(settings: Connection['settings'] = { authMethod: 'bearer' }, secrets: ConnectionSecrets = { bearer: 'fuzz-bearer-0123456789' }): ProviderSession {
  return connect('liveperson', { accountId: LP_ACCOUNT, domainApi: api.url, ...settings }, secrets);
}

test('fuzz: any LivePerson audit answer ends in records within the contract or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(answers(lpAnswer), async (answer) => {
      api.script = (r) => lpDomain(r) ?? (/offset: 0\b/.test(r.body) ? answer : { body: { data: { auditData: [] } } });
      await endsWell('liveperson', () => lpSession().fetchAudit({ account: LP_ACCOUNT }, { pageSize: 3, concurrency: 2 }));
    }),
    runs,
  );
});

test('fuzz: any Domain API answer ends in a typed error or a fetch from a bare host, never a credential sent elsewhere', async () => {
  // Bare hosts that are not loopback would be reached over the network: the generator never offers one.
  const notARemoteHost = (v: unknown) => {
    const host = parseBareHost(v);
    return host === undefined || isLoopbackHost(host.hostname);
  };
  const domainAnswer = fc
    .record(
      {
        baseURI: field(fc.constantFrom('LOOPBACK', 'user@127.0.0.1', '127.0.0.1/evil', 'https://127.0.0.1', '127.0.0.1:99999', '0x7f.1', '')),
        service: field(someText),
      },
      { requiredKeys: [] },
    )
    .map((b) => (b.baseURI === 'LOOPBACK' ? { ...b, baseURI: api.hostPort } : b))
    .filter((b) => notARemoteHost(b.baseURI));
  const answer = answers(domainAnswer).filter((a) => a.body === null || typeof a.body !== 'object' || notARemoteHost((a.body as Record<string, unknown>).baseURI));
  await fc.assert(
    fc.asyncProperty(answer, async (domain) => {
      api.script = (r) => (r.path.endsWith('/baseURI.json') ? domain : { body: { data: { auditData: [] } } });
      await endsWell('liveperson', () => lpSession().fetchAudit({ account: LP_ACCOUNT }, { pageSize: 3 }));
    }),
    runs,
  );
});

test('fuzz: any LivePerson app-token answer ends in a typed error or a normal fetch', async () => {
  const tokenAnswer = fc.record({ access_token: field(fc.constantFrom('fuzz-app-token-0123456789', '')), expires_in: field(fc.nat()) }, { requiredKeys: [] });
  await fc.assert(
    fc.asyncProperty(answers(tokenAnswer), async (answer) => {
      api.script = (r) => lpDomain(r) ?? (r.path.includes('/app/token') ? answer : { body: { data: { auditData: [] } } });
      await endsWell('liveperson', () =>
        lpSession({ authMethod: 'client', clientId: 'fuzz-client' }, { clientSecret: 'fuzz-secret-value' }).fetchAudit({ account: LP_ACCOUNT }, { pageSize: 3 }),
      );
    }),
    runs,
  );
});

// --------------------------------------------------------------------- Uniphore

const uniItem = fc.record(
  {
    id: field(fc.oneof(fc.nat(), fc.constantFrom('488917', '-1', '1.5', 2 ** 60))),
    createdDate: field(fc.constantFrom('04-05-2024 09:38:09', '02-30-2024 00:00:00', '04-05-0024 09:38:09', '2024-04-05 09:38:09')),
    activityType: field(someText),
    result: field(fc.constantFrom(true, false, 'true', 'false', null)),
    agentId: field(fc.nat()),
    fullName: field(someText),
    emailId: field(someText),
    details: field(fc.oneof(fc.record({ output: field(someText), actionType: field(someText), input: field(someText) }, { requiredKeys: [] }), fc.array(fc.jsonValue(), { maxLength: 2 }))),
  },
  { requiredKeys: [] },
);
const uniPage = fc.record(
  {
    content: field(fc.array(uniItem, { maxLength: 5 })),
    totalPages: field(pageCount),
    totalElements: field(pageCount),
    size: field(fc.nat(10)),
    last: field(fc.boolean()),
  },
  { requiredKeys: [] },
);
const UNI_ITEM = { id: 488917, createdDate: '04-05-2024 09:38:09', activityType: 'Search And Replay', result: true };
const emptyUniPage = (): ScriptedAnswer => ({ body: { content: [], totalPages: 1, totalElements: 0, last: true } });

function uniSession(settings: Connection['settings'] = { authMethod: 'token' }, secrets: ConnectionSecrets = { token: 'fuzz-token-0123456789' }): ProviderSession {
  return connect('uniphore', { baseUrl: api.url, ...settings }, secrets);
}

test('fuzz: any Uniphore list page ends in records within the contract or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(answers(uniPage), async (answer) => {
      api.script = (r) => (r.query.get('page') === '0' ? answer : emptyUniPage());
      await endsWell('uniphore', () => uniSession().fetchAudit({}, { pageSize: 3, concurrency: 2 }));
    }),
    {
      ...runs,
      // Found by this property: a totalPages of a million became a million requests.
      examples: [[{ status: 200, body: { totalPages: 1e6 } }], [{ status: 200, body: { content: [UNI_ITEM], totalPages: 1e9, totalElements: 1e9, size: 1 } }]],
    },
  );
});

test('fuzz: any Uniphore item by id ends in a record within the contract or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(answers(uniItem), async (answer) => {
      api.script = () => answer;
      const session = uniSession();
      await endsWell('uniphore', () => (session.getById as (id: string) => Promise<unknown>)('488917'));
    }),
    runs,
  );
});

test('fuzz: any Uniphore token answer ends in a typed error or a normal fetch', async () => {
  const tokenAnswer = fc.record({ access_token: field(fc.constantFrom('fuzz-token-0123456789', '')), expires_in: field(fc.nat()) }, { requiredKeys: [] });
  await fc.assert(
    fc.asyncProperty(answers(tokenAnswer), async (answer) => {
      api.script = (r) => (r.path === '/oauth/token' ? answer : emptyUniPage());
      const session = uniSession(
        { authMethod: 'client', tokenUrl: `${api.url}/oauth/token`, clientId: 'fuzz-client', audience: 'api.uniphore.com' },
        { clientSecret: 'fuzz-secret-value' },
      );
      await endsWell('uniphore', () => session.fetchAudit({}, { pageSize: 3 }));
    }),
    runs,
  );
});

// ---------------------------------------------------------------------- FloQast

const fqItem = fc.record(
  {
    id: field(someText),
    uri: field(fc.constantFrom('/api/v1/reconciliations?x=1', '/api/v1/me', '')),
    method: field(fc.constantFrom('GET', 'post', '')),
    meta: field(fc.record({ status: field(fc.constantFrom('200', '400', '999', 'x')), service: field(someText), error: field(someText) }, { requiredKeys: [] })),
    userApiKey: field(fc.record({ id: field(someText), name: field(someText) }, { requiredKeys: [] })),
    createdAt: field(fc.constantFrom('2023-11-29T13:45:12.345Z', '2023-02-30T00:00:00Z', '2023-11-29T13:45:12+0530', 'yesterday')),
  },
  { requiredKeys: [] },
);
const fqPage = fc.record(
  {
    data: field(fc.array(fqItem, { maxLength: 5 })),
    links: field(fc.record({ next: field(fc.constantFrom('/api/v1/audit-trail?page[cursor]=abc', '//evil.example/x', 'https://evil.example/x', '?page[cursor]=again', null)) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

function fqSession(): ProviderSession {
  return connect('floqast', { baseUrl: api.url }, { apiKey: 'fuzz-api-key-0123456789' });
}

test('fuzz: any FloQast audit-trail page ends in records within the contract or a typed error', async () => {
  await fc.assert(
    fc.asyncProperty(answers(fqPage), async (answer) => {
      api.script = (r) => (r.path.startsWith('/api/v1/audit-trail') && !r.query.has('page[cursor]') ? answer : { body: { data: [], links: {} } });
      await endsWell('floqast', () => fqSession().fetchAudit({}, { pageSize: 3 }));
    }),
    runs,
  );
});

test('fuzz: any FloQast /me answer ends in a description or a typed error', async () => {
  const me = fc.record({ data: field(fc.record({ apiKeyId: field(someText), userId: field(fc.nat()) }, { requiredKeys: [] })) }, { requiredKeys: [] });
  await fc.assert(
    fc.asyncProperty(answers(me), async (answer) => {
      api.script = () => answer;
      let said: unknown;
      await endsWell('floqast', async () => {
        said = await fqSession().testConnection();
      });
      assert.ok(said === undefined || typeof said === 'string');
    }),
    runs,
  );
});
