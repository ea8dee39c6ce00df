import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionFromEnv, secretValuesFromEnv, SECRET_ENV_VARS, type Env } from '../../../src/cli/envConnection';
import { ConfigError } from '../../../src/core/errors';
import type { ProviderId } from '../../../src/core/model';

function configError(provider: ProviderId, env: Env, pattern: RegExp, account?: string): void {
  assert.throws(
    () => connectionFromEnv(provider, env, { account }),
    (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    `expected a ConfigError matching ${pattern}`,
  );
}

test('sfmc: auth URL defaults from the subdomain; time zone defaults to -06:00', () => {
  const { connection, secrets } = connectionFromEnv('sfmc', {
    AUDIT_LENS_SFMC_SUBDOMAIN: 'mc563885gzs27c5t9-63k636ttgm',
    AUDIT_LENS_SFMC_CLIENT_ID: 'cid',
    AUDIT_LENS_SFMC_CLIENT_SECRET: 'csecret',
  });
  assert.deepEqual(connection, {
    id: 'sfmc',
    provider: 'sfmc',
    label: 'sfmc',
    settings: {
      authBaseUrl: 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com',
      subdomain: 'mc563885gzs27c5t9-63k636ttgm',
      clientId: 'cid',
      timeZone: '-06:00',
    },
  });
  assert.deepEqual(secrets, { clientSecret: 'csecret' });
});

test('sfmc: an explicit auth URL wins, loopback http is allowed, optional MID and zone are read', () => {
  const { connection } = connectionFromEnv('sfmc', {
    AUDIT_LENS_SFMC_AUTH_URL: 'http://127.0.0.1:4567/',
    AUDIT_LENS_SFMC_SUBDOMAIN: 'ignored',
    AUDIT_LENS_SFMC_CLIENT_ID: 'cid',
    AUDIT_LENS_SFMC_CLIENT_SECRET: 's',
    AUDIT_LENS_SFMC_ACCOUNT_ID: '100000001',
    AUDIT_LENS_SFMC_TIME_ZONE: 'America/Chicago',
  });
  assert.equal(connection.settings.authBaseUrl, 'http://127.0.0.1:4567');
  assert.equal(connection.settings.accountId, '100000001');
  assert.equal(connection.settings.timeZone, 'America/Chicago');
});

test('sfmc: each missing or bad variable is named', () => {
  const full = { AUDIT_LENS_SFMC_SUBDOMAIN: 'abc', AUDIT_LENS_SFMC_CLIENT_ID: 'cid', AUDIT_LENS_SFMC_CLIENT_SECRET: 's' };
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_SUBDOMAIN: undefined }, /AUDIT_LENS_SFMC_AUTH_URL/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_CLIENT_ID: '' }, /AUDIT_LENS_SFMC_CLIENT_ID is not set/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_CLIENT_SECRET: '  ' }, /AUDIT_LENS_SFMC_CLIENT_SECRET is not set/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_SUBDOMAIN: 'evil.com/x' }, /AUDIT_LENS_SFMC_SUBDOMAIN must hold letters, digits and dashes/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_AUTH_URL: 'http://auth.example.com' }, /AUDIT_LENS_SFMC_AUTH_URL must use https/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_AUTH_URL: 'not a url' }, /AUDIT_LENS_SFMC_AUTH_URL is not a valid URL/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_TIME_ZONE: 'Mars/Olympus' }, /AUDIT_LENS_SFMC_TIME_ZONE is not a time zone/);
  configError('sfmc', { ...full, AUDIT_LENS_SFMC_ACCOUNT_ID: 'abc' }, /AUDIT_LENS_SFMC_ACCOUNT_ID/);
});

test('liveperson: bearer, then client credentials, then login', () => {
  const all: Env = {
    AUDIT_LENS_LP_DOMAIN_API: 'http://localhost:9000',
    AUDIT_LENS_LP_BEARER: 'b-token',
    AUDIT_LENS_LP_CLIENT_ID: 'cid',
    AUDIT_LENS_LP_CLIENT_SECRET: 'csecret',
    AUDIT_LENS_LP_USERNAME: 'user',
    AUDIT_LENS_LP_PASSWORD: 'pw-123',
  };
  const bearer = connectionFromEnv('liveperson', all, { account: '52642741' });
  assert.deepEqual(bearer.connection.settings, { accountId: '52642741', domainApi: 'http://localhost:9000', authMethod: 'bearer' });
  assert.deepEqual(bearer.secrets, { bearer: 'b-token' });

  const client = connectionFromEnv('liveperson', { ...all, AUDIT_LENS_LP_BEARER: undefined }, { account: '1' });
  assert.deepEqual(client.connection.settings, { accountId: '1', domainApi: 'http://localhost:9000', authMethod: 'client', clientId: 'cid' });
  assert.deepEqual(client.secrets, { clientSecret: 'csecret' });

  const login = connectionFromEnv('liveperson', { ...all, AUDIT_LENS_LP_BEARER: undefined, AUDIT_LENS_LP_CLIENT_SECRET: undefined }, { account: '1' });
  assert.deepEqual(login.connection.settings, { accountId: '1', domainApi: 'http://localhost:9000', authMethod: 'login', username: 'user' });
  assert.deepEqual(login.secrets, { password: 'pw-123' });
});

test('liveperson: defaults, account fallback, optional zone and token path', () => {
  const { connection } = connectionFromEnv('liveperson', {
    AUDIT_LENS_LP_BEARER: 'b-token',
    AUDIT_LENS_LP_ACCOUNT_ID: '777',
    AUDIT_LENS_LP_TIME_ZONE: 'UTC',
    AUDIT_LENS_LP_SENTINEL_TOKEN_PATH: '/sentinel/api/v2/token',
  });
  assert.deepEqual(connection.settings, {
    accountId: '777',
    domainApi: 'https://api.liveperson.net',
    timeZone: 'UTC',
    sentinelTokenPath: '/sentinel/api/v2/token',
    authMethod: 'bearer',
  });
  // The flag wins over the variable.
  assert.equal(connectionFromEnv('liveperson', { AUDIT_LENS_LP_BEARER: 'b-token', AUDIT_LENS_LP_ACCOUNT_ID: '777' }, { account: '9' }).connection.settings.accountId, '9');
});

test('liveperson: the missing half of a credential pair is named', () => {
  configError('liveperson', {}, /AUDIT_LENS_LP_BEARER is not set/);
  configError('liveperson', { AUDIT_LENS_LP_CLIENT_ID: 'cid' }, /AUDIT_LENS_LP_CLIENT_SECRET is not set/);
  configError('liveperson', { AUDIT_LENS_LP_CLIENT_SECRET: 's' }, /AUDIT_LENS_LP_CLIENT_ID is not set/);
  configError('liveperson', { AUDIT_LENS_LP_USERNAME: 'u' }, /AUDIT_LENS_LP_PASSWORD is not set/);
  configError('liveperson', { AUDIT_LENS_LP_PASSWORD: 'p' }, /AUDIT_LENS_LP_USERNAME is not set/);
  configError('liveperson', { AUDIT_LENS_LP_BEARER: 'b', AUDIT_LENS_LP_DOMAIN_API: 'http://api.example.com' }, /AUDIT_LENS_LP_DOMAIN_API must use https/);
  configError('liveperson', { AUDIT_LENS_LP_BEARER: 'b', AUDIT_LENS_LP_TIME_ZONE: 'Nowhere' }, /AUDIT_LENS_LP_TIME_ZONE/);
  // A complete later method is taken when an earlier one is only half set.
  assert.equal(
    connectionFromEnv('liveperson', { AUDIT_LENS_LP_CLIENT_ID: 'cid', AUDIT_LENS_LP_USERNAME: 'u', AUDIT_LENS_LP_PASSWORD: 'p' }).connection.settings.authMethod,
    'login',
  );
});

test('uniphore: token, or all four client-credential variables', () => {
  const token = connectionFromEnv('uniphore', { AUDIT_LENS_UNIPHORE_BASE_URL: 'https://x.uniphore.com/api/', AUDIT_LENS_UNIPHORE_TOKEN: 'tok-1' });
  assert.deepEqual(token.connection.settings, { baseUrl: 'https://x.uniphore.com/api', authMethod: 'token', timeZone: 'UTC' });
  assert.deepEqual(token.secrets, { token: 'tok-1' });

  const clientEnv: Env = {
    AUDIT_LENS_UNIPHORE_BASE_URL: 'http://127.0.0.1:1',
    AUDIT_LENS_UNIPHORE_TOKEN_URL: 'http://127.0.0.1:1/oauth/token',
    AUDIT_LENS_UNIPHORE_CLIENT_ID: 'cid',
    AUDIT_LENS_UNIPHORE_CLIENT_SECRET: 'cs',
    AUDIT_LENS_UNIPHORE_AUDIENCE: 'api.uniphore.com',
    AUDIT_LENS_UNIPHORE_TIME_ZONE: '+02:00',
  };
  const client = connectionFromEnv('uniphore', clientEnv);
  assert.deepEqual(client.connection.settings, {
    baseUrl: 'http://127.0.0.1:1',
    authMethod: 'client',
    tokenUrl: 'http://127.0.0.1:1/oauth/token',
    clientId: 'cid',
    audience: 'api.uniphore.com',
    timeZone: '+02:00',
  });
  assert.deepEqual(client.secrets, { clientSecret: 'cs' });

  configError('uniphore', { AUDIT_LENS_UNIPHORE_TOKEN: 't' }, /AUDIT_LENS_UNIPHORE_BASE_URL is not set/);
  configError('uniphore', { AUDIT_LENS_UNIPHORE_BASE_URL: 'https://x' }, /AUDIT_LENS_UNIPHORE_TOKEN is not set/);
  for (const name of ['AUDIT_LENS_UNIPHORE_TOKEN_URL', 'AUDIT_LENS_UNIPHORE_CLIENT_ID', 'AUDIT_LENS_UNIPHORE_CLIENT_SECRET', 'AUDIT_LENS_UNIPHORE_AUDIENCE']) {
    configError('uniphore', { ...clientEnv, [name]: undefined }, new RegExp(`${name} is not set`));
  }
});

test('floqast: region default us, custom base URL, key required', () => {
  assert.deepEqual(connectionFromEnv('floqast', { AUDIT_LENS_FLOQAST_API_KEY: 'k-1' }), {
    connection: { id: 'floqast', provider: 'floqast', label: 'floqast', settings: { region: 'us' } },
    secrets: { apiKey: 'k-1' },
  });
  assert.deepEqual(
    connectionFromEnv('floqast', { AUDIT_LENS_FLOQAST_API_KEY: 'k', AUDIT_LENS_FLOQAST_REGION: 'EU', AUDIT_LENS_FLOQAST_BASE_URL: 'http://[::1]:80/' }).connection.settings,
    { region: 'eu', baseUrl: 'http://[::1]:80' },
  );
  configError('floqast', {}, /AUDIT_LENS_FLOQAST_API_KEY is not set/);
  configError('floqast', { AUDIT_LENS_FLOQAST_API_KEY: 'k', AUDIT_LENS_FLOQAST_REGION: 'ap' }, /AUDIT_LENS_FLOQAST_REGION must be us, eu or au/);
});

test('every secret variable feeds the redactor, whichever provider runs', () => {
  const env: Env = Object.fromEntries(SECRET_ENV_VARS.map((name, i) => [name, `secret-${i}`]));
  assert.deepEqual(secretValuesFromEnv({ ...env, AUDIT_LENS_SFMC_CLIENT_ID: 'not-secret', AUDIT_LENS_FLOQAST_API_KEY: '' }).sort(), [
    'secret-0', 'secret-1', 'secret-2', 'secret-3', 'secret-4', 'secret-5',
  ]);
  assert.equal(SECRET_ENV_VARS.length, 7);
});
