import { test } from 'node:test';
import assert from 'node:assert/strict';
import { livePersonProvider } from '../../../../src/providers/liveperson';
import { chooseAuthMethod } from '../../../../src/providers/liveperson/auth';
import { HttpClient } from '../../../../src/core/http';
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../../../src/core/errors';
import type { Connection, ConnectionSecrets } from '../../../../src/core/model';
import { makeRows, ScriptedLivePerson } from './scriptedServer';

const ACCOUNT = '12345678';
const BEARER = 'pasted-bearer-abcdef123456';
const clientSecrets: ConnectionSecrets = { clientSecret: 'lp-client-secret' };
const loginSecrets: ConnectionSecrets = { password: 'lp-password' };

function connection(domainApi: string, settings: Record<string, string> = {}): Connection {
  return { id: 'conn-lp', provider: 'liveperson', label: 'LP', settings: { accountId: ACCOUNT, domainApi, ...settings } };
}

function env(now?: () => number) {
  return { http: new HttpClient({ retry: { baseDelayMs: 5 } }), ...(now ? { now } : {}) };
}

async function withServer(run: (lp: ScriptedLivePerson, base: string) => Promise<void>): Promise<void> {
  const lp = new ScriptedLivePerson();
  const base = await lp.start();
  try {
    await run(lp, base);
  } finally {
    await lp.close();
  }
}

test('auth method: the configured one, else pasted bearer, then client credentials, then login', () => {
  const all = { bearer: 'b', clientSecret: 's', password: 'p' };
  assert.equal(chooseAuthMethod({ clientId: 'c', username: 'u' }, all), 'bearer');
  assert.equal(chooseAuthMethod({ clientId: 'c', username: 'u' }, { clientSecret: 's', password: 'p' }), 'client');
  assert.equal(chooseAuthMethod({ clientId: 'c', username: 'u' }, { password: 'p' }), 'login');
  assert.equal(chooseAuthMethod({ authMethod: 'login', clientId: 'c', username: 'u' }, all), 'login');
  assert.throws(() => chooseAuthMethod({}, {}), ConfigError);
  assert.throws(() => chooseAuthMethod({ authMethod: 'oauth1' }, all), ConfigError);
  const conn = connection('https://api.liveperson.net');
  assert.throws(() => livePersonProvider.validate({ ...conn, settings: { ...conn.settings, authMethod: 'client' } }, {}), /clientId/);
  assert.throws(() => livePersonProvider.validate({ ...conn, settings: { ...conn.settings, domainApi: 'http://api.liveperson.net' } }, { bearer: 'b' }), ConfigError);
  assert.throws(() => livePersonProvider.validate({ ...conn, settings: { ...conn.settings, timeZone: 'Mars/Base' } }, { bearer: 'b' }), ConfigError);
  assert.throws(() => livePersonProvider.validate({ ...conn, settings: { ...conn.settings, accountId: '../1' } }, { bearer: 'b' }), ConfigError);
  assert.throws(
    () => livePersonProvider.validate({ ...conn, settings: { ...conn.settings, clientId: 'c', sentinelTokenPath: 'https://evil.example/t' } }, clientSecrets),
    ConfigError,
  );
});

test('Domain API answers that are not a bare host[:port] are refused before any credential is sent', async () => {
  await withServer(async (lp, base) => {
    const bad = [
      'evil.example/path',
      `user@${lp.host}`,
      `http://${lp.host}`,
      `${lp.host}/x`,
      `${lp.host}?q=1`,
      `${lp.host}#f`,
      '127.0.0.1:0',
      '127.0.0.1:70000',
      'evil.example:80:80',
      ' 127.0.0.1',
      '',
      123,
      null,
    ];
    for (const answer of bad) {
      lp.seen.length = 0;
      lp.domainAnswers.set('accountConfigReadOnly', answer);
      lp.domainAnswers.set('sentinel', answer);
      for (const [settings, secrets] of [
        [{}, { bearer: BEARER }],
        [{ authMethod: 'client', clientId: 'lp-client' }, clientSecrets],
      ] as const) {
        const session = livePersonProvider.connect(connection(base, settings), secrets, env());
        await assert.rejects(session.fetchAudit({}), (e: unknown) => {
          assert.ok(e instanceof BadResponseError, `answer ${JSON.stringify(answer)}: ${String(e)}`);
          assert.match(e.message, /not a bare host/);
          return true;
        });
      }
      // Only Domain API lookups went out: no token request, no audit call, no credential header.
      assert.ok(lp.seen.length > 0);
      for (const s of lp.seen) {
        assert.match(s.url, /baseURI\.json\?version=1\.0$/);
        assert.equal(s.headers.authorization, undefined);
      }
    }
  });
});

test('Domain API answers are cached per account and service', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(30);
    const session = livePersonProvider.connect(connection(base, { authMethod: 'client', clientId: 'lp-client' }), clientSecrets, env());
    await session.fetchAudit({}, { pageSize: 10 });
    await session.fetchAudit({ types: ['Users'] }, { pageSize: 10 });
    await session.fetchAudit({ account: '999' }, { pageSize: 10 });
    const lookups = lp.requestsTo(/baseURI\.json/).map((s) => s.url.replace(/\?.*/, ''));
    assert.deepStrictEqual(lookups.sort(), [
      `/api/account/${ACCOUNT}/service/accountConfigReadOnly/baseURI.json`,
      `/api/account/${ACCOUNT}/service/sentinel/baseURI.json`,
      '/api/account/999/service/accountConfigReadOnly/baseURI.json',
      '/api/account/999/service/sentinel/baseURI.json',
    ].sort());
    // One app token per account, reused across fetches.
    assert.equal(lp.requestsTo(/app\/token/).length, 2);
  });
});

test('client credentials: form-encoded token request; a 401 mid-run renews the token once and completes', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(400);
    const session = livePersonProvider.connect(connection(base, { authMethod: 'client', clientId: 'lp-client' }), clientSecrets, env());
    let revoked = false;
    const result = await session.fetchAudit(
      {},
      {
        pageSize: 20,
        concurrency: 6,
        onProgress: (p) => {
          if (!revoked && p.pagesDone === 3) {
            revoked = true;
            lp.revokeAll();
          }
        },
      },
    );
    assert.equal(result.records.length, 400);
    const tokenCalls = lp.requestsTo(/app\/token/);
    assert.equal(tokenCalls.length, 2, 'one token at the start, one renewal for the whole burst of 401s');
    const form = new URLSearchParams(tokenCalls[0]?.body);
    assert.equal(form.get('client_id'), 'lp-client');
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.match(tokenCalls[0]?.headers['content-type'] ?? '', /application\/x-www-form-urlencoded/);
    assert.match(tokenCalls[0]?.url ?? '', new RegExp(`^/sentinel/api/account/${ACCOUNT}/app/token\\?v=1\\.0$`));
  });
});

test('the sentinel token path is configurable', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(3);
    const session = livePersonProvider.connect(
      connection(base, { authMethod: 'client', clientId: 'lp-client', sentinelTokenPath: '/sentinel/api/account/{accountId}/app/token?v=2.0' }),
      clientSecrets,
      env(),
    );
    await session.fetchAudit({});
    assert.equal(lp.requestsTo(/app\/token/)[0]?.url, `/sentinel/api/account/${ACCOUNT}/app/token?v=2.0`);
  });
});

test('user login: token renewed before sessionTTl runs out, and after a 401', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(5);
    lp.sessionTtlMs = 600_000;
    let clock = 1_000_000;
    const session = livePersonProvider.connect(connection(base, { authMethod: 'login', username: 'demo.user' }), loginSecrets, env(() => clock));
    await session.fetchAudit({});
    assert.equal(lp.requestsTo(/\/login/).length, 1);
    const login = lp.requestsTo(/\/login/)[0];
    assert.equal(login?.url, `/api/account/${ACCOUNT}/login?v=1.3`);
    assert.deepStrictEqual(JSON.parse(login?.body ?? '{}'), { username: 'demo.user', password: 'lp-password' });
    clock += 300_000;
    await session.fetchAudit({});
    assert.equal(lp.requestsTo(/\/login/).length, 1, 'still well within the session');
    clock += 290_000;
    await session.fetchAudit({});
    assert.equal(lp.requestsTo(/\/login/).length, 2, 'renewed shortly before expiry');
    lp.revokeAll();
    await session.fetchAudit({});
    assert.equal(lp.requestsTo(/\/login/).length, 3, 'renewed after a 401');
  });
});

test('a refused login or client secret is an AuthError that names neither secret', async () => {
  await withServer(async (_lp, base) => {
    const login = livePersonProvider.connect(connection(base, { authMethod: 'login', username: 'u' }), { password: 'wrong-password-123' }, env());
    await assert.rejects(login.fetchAudit({}), (e: unknown) => e instanceof AuthError && /user name and password/.test(e.message) && !e.describe().includes('wrong-password-123'));
    const client = livePersonProvider.connect(connection(base, { authMethod: 'client', clientId: 'c' }), { clientSecret: 'wrong-secret-456' }, env());
    await assert.rejects(client.fetchAudit({}), (e: unknown) => e instanceof AuthError && /client credentials/.test(e.message) && !e.describe().includes('wrong-secret-456'));
  });
});

test('a pasted bearer that is refused ends with "token expired or revoked", without the token', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(5);
    const session = livePersonProvider.connect(connection(base), { bearer: BEARER }, env());
    await assert.rejects(session.fetchAudit({}), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.status, 401);
      assert.equal(e.needsNewCredential, true);
      assert.match(e.message, /token expired or revoked/);
      assert.ok(!e.describe().includes(BEARER));
      return true;
    });
    // The pasted token was sent (once: it can't be renewed), and only to the audit host.
    const audit = lp.requestsTo(/metadata\/audit/);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.headers.authorization, `Bearer ${BEARER}`);
  });
});

test('the query carries the filters, an explicit timezone, and change dates are read in it', async () => {
  await withServer(async (lp, base) => {
    lp.rows = makeRows(3);
    lp.validTokens.add(BEARER);
    const session = livePersonProvider.connect(connection(base, { timeZone: 'UTC', lpa: 'false' }), { bearer: BEARER }, env());
    const result = await session.fetchAudit({ from: '2024-06-01', to: '2024-06-30', types: ['Users', 'Agent "Groups"'], users: ['admin'] }, { pageSize: 50 });
    const args = lp.auditArgs[0] as Record<string, unknown>;
    assert.deepStrictEqual(args, {
      // A day wider on each side: LivePerson reads these in the request's zone, AuditQuery means UTC days.
      fromDate: '2024-05-31',
      toDate: '2024-07-01',
      first: 50,
      offset: 0,
      orderBy: ['changeTimestamp'],
      orderDirection: ['DESC'],
      users: ['admin'],
      componentTypes: ['Users', 'Agent "Groups"'],
      timezone: 'UTC',
      lpa: false,
      automaticUpdates: true,
    });
    assert.equal(result.records[0]?.time, '2024-06-30T12:00:00.000Z');
    const eastern = livePersonProvider.connect(connection(base), { bearer: BEARER }, env());
    const r2 = await eastern.fetchAudit({});
    assert.equal(lp.auditArgs.at(-1)?.timezone, 'US/Eastern');
    assert.equal(r2.records[0]?.time, '2024-06-30T16:00:00.000Z');
    await assert.rejects(session.fetchAudit({ from: '2024-13-01' }), ConfigError);
  });
});

test('a GraphQL error with HTTP 200 fails the fetch with the server\'s message', async () => {
  await withServer(async (lp, base) => {
    lp.validTokens.add(BEARER);
    lp.graphQlError = 'Field "nope" is not defined';
    const session = livePersonProvider.connect(connection(base), { bearer: BEARER }, env());
    await assert.rejects(session.fetchAudit({}), (e: unknown) => e instanceof ProviderError && /Field "nope" is not defined/.test(e.message));
  });
});

test('scopes: the account, then its documented component types plus any seen', async () => {
  await withServer(async (lp, base) => {
    lp.validTokens.add(BEARER);
    lp.rows = [{ objectType: 'Bot Agents', changeDate: '2024-01-01 00:00:00.0' }];
    const session = livePersonProvider.connect(connection(base), { bearer: BEARER }, env());
    assert.deepStrictEqual((await session.listScopes({})).scopes, [{ provider: 'liveperson', type: 'account', id: ACCOUNT, name: `Account ${ACCOUNT}` }]);
    const before = (await session.listScopes({ parent: ACCOUNT })).scopes;
    assert.ok(before.every((s) => s.type === 'componentType' && s.parent === ACCOUNT));
    assert.deepStrictEqual(
      before.map((s) => s.name),
      ['Users', 'Skills', 'Agent Groups', 'Profiles', 'Campaigns', 'Predefined Content', 'Content Categories'],
    );
    await session.fetchAudit({});
    const after = (await session.listScopes({ parent: ACCOUNT })).scopes.map((s) => s.name);
    assert.ok(after.includes('Bot Agents'));
    assert.equal(lp.seen.length, 3, 'listing scopes sends no request of its own');
  });
});

test('from and to are inclusive UTC days, whatever zone the change dates are in', async () => {
  await withServer(async (lp, base) => {
    lp.validTokens.add(BEARER);
    // One row a minute from 2024-06-30 12:00:00.0 (wall time) back.
    lp.rows = makeRows(1200);
    const utc = livePersonProvider.connect(connection(base, { timeZone: 'UTC' }), { bearer: BEARER }, env());
    const a = await utc.fetchAudit({ from: '2024-06-30', to: '2024-06-30' });
    assert.equal(a.records.length, 12 * 60 + 1);
    assert.equal(a.records.at(-1)?.time, '2024-06-30T00:00:00.000Z');
    // In US/Eastern (EDT, UTC-4) the UTC day starts at 20:00 the evening before.
    const eastern = livePersonProvider.connect(connection(base), { bearer: BEARER }, env());
    const streamed: string[] = [];
    const b = await eastern.fetchAudit({ from: '2024-06-30', to: '2024-06-30' }, { onRecords: (rs) => streamed.push(...rs.map((r) => r.id)) });
    assert.equal(b.records.length, 16 * 60 + 1);
    assert.equal(b.records[0]?.time, '2024-06-30T16:00:00.000Z');
    assert.equal(b.records.at(-1)?.time, '2024-06-30T00:00:00.000Z');
    assert.deepStrictEqual(streamed.sort(), b.records.map((r) => r.id).sort());
  });
});
