/**
 * The CLI is configured by environment variables (issue 3): this module maps
 * them to the `Connection` + `ConnectionSecrets` every provider takes, using
 * the settings keys agreed across the team. Secrets are only ever read here,
 * never from argv. Every problem is a ConfigError naming the variable, raised
 * before any request is sent.
 */
import { ConfigError } from '../core/errors';
import { assertSecureUrl } from '../core/hosts';
import type { Connection, ConnectionSecrets, ProviderId } from '../core/model';
import { isValidTimeZone } from '../core/time';

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvConnection {
  connection: Connection;
  secrets: ConnectionSecrets;
}

/** Every variable that holds a secret: all of them are redacted from output, whichever provider runs. */
export const SECRET_ENV_VARS = [
  'AUDIT_LENS_SFMC_CLIENT_SECRET',
  'AUDIT_LENS_LP_BEARER',
  'AUDIT_LENS_LP_CLIENT_SECRET',
  'AUDIT_LENS_LP_PASSWORD',
  'AUDIT_LENS_UNIPHORE_TOKEN',
  'AUDIT_LENS_UNIPHORE_CLIENT_SECRET',
  'AUDIT_LENS_FLOQAST_API_KEY',
] as const;

export function secretValuesFromEnv(env: Env): string[] {
  return SECRET_ENV_VARS.map((name) => env[name]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Empty or blank values count as unset: `VAR= audit-lens …` is a common way to clear one. */
function get(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** Secrets are kept exactly as given (a trailing space could be part of one), but blank means unset. */
function getSecret(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

function missing(name: string, why: string): ConfigError {
  return new ConfigError(`Environment variable ${name} is not set: ${why}.`);
}

function requireVar(env: Env, name: string, why: string): string {
  const v = get(env, name);
  if (v === undefined) throw missing(name, why);
  return v;
}

function requireSecret(env: Env, name: string, why: string): string {
  const v = getSecret(env, name);
  if (v === undefined) throw missing(name, why);
  return v;
}

/** http is accepted for loopback hosts only (the sandbox); the trailing slash is dropped so paths join cleanly. */
function secureUrl(name: string, value: string): string {
  assertSecureUrl(value, name);
  return value.replace(/\/+$/, '');
}

function timeZone(env: Env, name: string, fallback: string): string {
  const v = get(env, name) ?? fallback;
  if (!isValidTimeZone(v)) {
    throw new ConfigError(`${name} is not a time zone: use UTC, an offset such as -06:00, or an IANA name such as America/Chicago.`);
  }
  return v;
}

function connectionFor(provider: ProviderId, settings: Connection['settings']): Connection {
  // In the CLI the connection is the provider itself (DESIGN.md §3).
  return { id: provider, provider, label: provider, settings: dropUndefined(settings) };
}

function dropUndefined<T extends Record<string, string | undefined>>(o: T): T {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

// SFMC subdomains are tenant-specific: letters, digits and dashes only (sfmc.md).
const SUBDOMAIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function sfmcFromEnv(env: Env): EnvConnection {
  let authBaseUrl = get(env, 'AUDIT_LENS_SFMC_AUTH_URL');
  const subdomain = get(env, 'AUDIT_LENS_SFMC_SUBDOMAIN');
  if (authBaseUrl !== undefined) {
    authBaseUrl = secureUrl('AUDIT_LENS_SFMC_AUTH_URL', authBaseUrl);
  } else {
    if (subdomain === undefined) {
      throw new ConfigError(
        'Environment variable AUDIT_LENS_SFMC_AUTH_URL is not set (nor AUDIT_LENS_SFMC_SUBDOMAIN, from which it defaults to https://SUBDOMAIN.auth.marketingcloudapis.com).',
      );
    }
    if (!SUBDOMAIN_RE.test(subdomain)) throw new ConfigError('AUDIT_LENS_SFMC_SUBDOMAIN must hold letters, digits and dashes only.');
    authBaseUrl = `https://${subdomain}.auth.marketingcloudapis.com`;
  }
  const clientId = requireVar(env, 'AUDIT_LENS_SFMC_CLIENT_ID', 'the client id of the SFMC installed package');
  const clientSecret = requireSecret(env, 'AUDIT_LENS_SFMC_CLIENT_SECRET', 'the client secret of the SFMC installed package');
  const accountId = get(env, 'AUDIT_LENS_SFMC_ACCOUNT_ID');
  if (accountId !== undefined && !/^\d{1,20}$/.test(accountId)) throw new ConfigError('AUDIT_LENS_SFMC_ACCOUNT_ID must be a numeric MID.');
  return {
    connection: connectionFor('sfmc', {
      authBaseUrl,
      subdomain,
      clientId,
      accountId,
      timeZone: timeZone(env, 'AUDIT_LENS_SFMC_TIME_ZONE', '-06:00'),
    }),
    secrets: { clientSecret },
  };
}

const LP_CREDENTIALS =
  'set AUDIT_LENS_LP_BEARER, or AUDIT_LENS_LP_CLIENT_ID with AUDIT_LENS_LP_CLIENT_SECRET, or AUDIT_LENS_LP_USERNAME with AUDIT_LENS_LP_PASSWORD';

/**
 * LivePerson takes a pasted bearer first, then client credentials, then user
 * login (issue 3). A method counts only when complete; when none is and one
 * is half set, the message names its missing half.
 */
function livePersonFromEnv(env: Env, account: string | undefined): EnvConnection {
  const domainApi = secureUrl('AUDIT_LENS_LP_DOMAIN_API', get(env, 'AUDIT_LENS_LP_DOMAIN_API') ?? 'https://api.liveperson.net');
  const accountId = account ?? get(env, 'AUDIT_LENS_LP_ACCOUNT_ID');
  const bearer = getSecret(env, 'AUDIT_LENS_LP_BEARER');
  const clientId = get(env, 'AUDIT_LENS_LP_CLIENT_ID');
  const clientSecret = getSecret(env, 'AUDIT_LENS_LP_CLIENT_SECRET');
  const username = get(env, 'AUDIT_LENS_LP_USERNAME');
  const password = getSecret(env, 'AUDIT_LENS_LP_PASSWORD');
  const tz = get(env, 'AUDIT_LENS_LP_TIME_ZONE') === undefined ? undefined : timeZone(env, 'AUDIT_LENS_LP_TIME_ZONE', 'US/Eastern');
  const sentinelTokenPath = get(env, 'AUDIT_LENS_LP_SENTINEL_TOKEN_PATH');
  if (sentinelTokenPath !== undefined && !sentinelTokenPath.startsWith('/')) {
    throw new ConfigError('AUDIT_LENS_LP_SENTINEL_TOKEN_PATH must be a path starting with "/".');
  }
  const base = { accountId, domainApi, timeZone: tz, sentinelTokenPath };
  if (bearer !== undefined) {
    return { connection: connectionFor('liveperson', { ...base, authMethod: 'bearer' }), secrets: { bearer } };
  }
  if (clientId !== undefined && clientSecret !== undefined) {
    return { connection: connectionFor('liveperson', { ...base, authMethod: 'client', clientId }), secrets: { clientSecret } };
  }
  if (username !== undefined && password !== undefined) {
    return { connection: connectionFor('liveperson', { ...base, authMethod: 'login', username }), secrets: { password } };
  }
  if (clientId !== undefined) throw missing('AUDIT_LENS_LP_CLIENT_SECRET', 'it goes with AUDIT_LENS_LP_CLIENT_ID');
  if (clientSecret !== undefined) throw missing('AUDIT_LENS_LP_CLIENT_ID', 'it goes with AUDIT_LENS_LP_CLIENT_SECRET');
  if (username !== undefined) throw missing('AUDIT_LENS_LP_PASSWORD', 'it goes with AUDIT_LENS_LP_USERNAME');
  if (password !== undefined) throw missing('AUDIT_LENS_LP_USERNAME', 'it goes with AUDIT_LENS_LP_PASSWORD');
  throw new ConfigError(`Environment variable AUDIT_LENS_LP_BEARER is not set, nor any other LivePerson credential: ${LP_CREDENTIALS}.`);
}

function uniphoreFromEnv(env: Env): EnvConnection {
  const baseUrl = secureUrl('AUDIT_LENS_UNIPHORE_BASE_URL', requireVar(env, 'AUDIT_LENS_UNIPHORE_BASE_URL', 'the tenant-specific Uniphore API base URL'));
  const tz = timeZone(env, 'AUDIT_LENS_UNIPHORE_TIME_ZONE', 'UTC');
  const token = getSecret(env, 'AUDIT_LENS_UNIPHORE_TOKEN');
  if (token !== undefined) {
    return { connection: connectionFor('uniphore', { baseUrl, authMethod: 'token', timeZone: tz }), secrets: { token } };
  }
  const clientVars = ['AUDIT_LENS_UNIPHORE_TOKEN_URL', 'AUDIT_LENS_UNIPHORE_CLIENT_ID', 'AUDIT_LENS_UNIPHORE_CLIENT_SECRET', 'AUDIT_LENS_UNIPHORE_AUDIENCE'];
  if (!clientVars.some((name) => get(env, name) !== undefined)) {
    throw missing('AUDIT_LENS_UNIPHORE_TOKEN', `set it, or use client credentials with ${clientVars.join(', ')}`);
  }
  const why = 'client credentials need all of ' + clientVars.join(', ');
  const tokenUrl = secureUrl('AUDIT_LENS_UNIPHORE_TOKEN_URL', requireVar(env, 'AUDIT_LENS_UNIPHORE_TOKEN_URL', why));
  const clientId = requireVar(env, 'AUDIT_LENS_UNIPHORE_CLIENT_ID', why);
  const clientSecret = requireSecret(env, 'AUDIT_LENS_UNIPHORE_CLIENT_SECRET', why);
  const audience = requireVar(env, 'AUDIT_LENS_UNIPHORE_AUDIENCE', why);
  return {
    connection: connectionFor('uniphore', { baseUrl, authMethod: 'client', tokenUrl, clientId, audience, timeZone: tz }),
    secrets: { clientSecret },
  };
}

const FLOQAST_REGIONS = ['us', 'eu', 'au'];

function floQastFromEnv(env: Env): EnvConnection {
  const custom = get(env, 'AUDIT_LENS_FLOQAST_BASE_URL');
  const baseUrl = custom === undefined ? undefined : secureUrl('AUDIT_LENS_FLOQAST_BASE_URL', custom);
  const region = (get(env, 'AUDIT_LENS_FLOQAST_REGION') ?? 'us').toLowerCase();
  if (!FLOQAST_REGIONS.includes(region)) throw new ConfigError('AUDIT_LENS_FLOQAST_REGION must be us, eu or au.');
  const apiKey = requireSecret(env, 'AUDIT_LENS_FLOQAST_API_KEY', 'the FloQast API key (sent as x-api-key)');
  return { connection: connectionFor('floqast', { region, baseUrl }), secrets: { apiKey } };
}

/**
 * The connection for `provider` from `env`. `account` is LivePerson's
 * `--account` flag, which wins over AUDIT_LENS_LP_ACCOUNT_ID.
 */
export function connectionFromEnv(provider: ProviderId, env: Env, options: { account?: string | undefined } = {}): EnvConnection {
  switch (provider) {
    case 'sfmc':
      return sfmcFromEnv(env);
    case 'liveperson':
      return livePersonFromEnv(env, options.account);
    case 'uniphore':
      return uniphoreFromEnv(env);
    case 'floqast':
      return floQastFromEnv(env);
  }
}
