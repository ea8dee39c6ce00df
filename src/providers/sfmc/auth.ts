/**
 * SFMC server-to-server authentication: OAuth2 client credentials against
 * `{authBase}/v2/token`, the token cached and renewed before it expires, and
 * the REST base taken from the token's `rest_instance_url`.
 *
 * The token may go to two places only: the configured auth host, and a REST
 * host that is either https on `*.rest.marketingcloudapis.com` or the auth
 * host's own origin (how the loopback sandbox serves both). A token response
 * naming any other REST host is refused, since following it would hand the
 * bearer token to whoever controls that answer.
 */
import { AuthError, BadResponseError, ConfigError, isAuditLensError } from '../../core/errors';
import { getField, isPlainObject } from '../../core/fieldAccess';
import { assertSecureUrl, isLoopbackHost } from '../../core/hosts';
import type { HttpClient } from '../../core/http';
import { TokenCache, type IssuedToken } from '../../core/tokenCache';

export const SUBDOMAIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REST_HOST_SUFFIX = '.rest.marketingcloudapis.com';
const AUTH_HOST_SUFFIX = '.auth.marketingcloudapis.com';
/** Published examples show 1080 s against a documented 20-minute lifetime. */
const DEFAULT_EXPIRES_IN_S = 1080;

export interface SfmcCredentials {
  authBase: URL;
  clientId: string;
  clientSecret: string;
  accountId?: string;
}

export function validateSubdomain(value: string): string | undefined {
  if (!value) return 'Enter the subdomain, e.g. mc563885gzs27c5t9-63k636ttgm';
  if (!SUBDOMAIN_RE.test(value)) return 'The subdomain may contain only letters, digits and dashes';
  return undefined;
}

export function validateAuthBaseUrl(value: string): string | undefined {
  try {
    parseAuthBase(value);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The auth base from either the full URL or the subdomain; the URL wins when both are set. */
export function resolveAuthBase(settings: { authBaseUrl?: string | undefined; subdomain?: string | undefined }): URL {
  const url = settings.authBaseUrl?.trim();
  if (url) return parseAuthBase(url);
  const sub = settings.subdomain?.trim();
  if (sub) {
    const problem = validateSubdomain(sub);
    if (problem) throw new ConfigError(`SFMC subdomain: ${problem}`, { provider: 'sfmc' });
    return new URL(`https://${sub.toLowerCase()}${AUTH_HOST_SUFFIX}/`);
  }
  throw new ConfigError('SFMC needs either the auth base URL (authBaseUrl) or the subdomain', { provider: 'sfmc' });
}

function parseAuthBase(value: string): URL {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    throw new ConfigError(`SFMC auth base URL is not a valid URL`, { provider: 'sfmc' });
  }
  assertSecureUrl(u, 'SFMC auth base URL');
  if (u.username || u.password) throw new ConfigError('SFMC auth base URL must not contain a user name or password', { provider: 'sfmc' });
  if (u.search || u.hash) throw new ConfigError('SFMC auth base URL must not contain a query or fragment', { provider: 'sfmc' });
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

/** `relative` resolved under `base`, keeping any path prefix `base` has. */
export function joinUrl(base: URL, relative: string): URL {
  const b = new URL(base.toString());
  if (!b.pathname.endsWith('/')) b.pathname += '/';
  return new URL(relative.replace(/^\/+/, ''), b);
}

/**
 * Accepts `rest_instance_url` only on the hosts a token may go to. When the
 * answer has none (older packages), the REST host follows from the auth host.
 */
export function checkRestInstanceUrl(value: unknown, authBase: URL): URL {
  if (value === undefined || value === null || value === '') {
    if (authBase.hostname.endsWith(AUTH_HOST_SUFFIX) && authBase.protocol === 'https:') {
      const sub = authBase.hostname.slice(0, -AUTH_HOST_SUFFIX.length);
      return new URL(`https://${sub}${REST_HOST_SUFFIX}/`);
    }
    if (isLoopbackHost(authBase.hostname)) return new URL(authBase.toString());
    throw new BadResponseError('The SFMC token response has no rest_instance_url', { provider: 'sfmc' });
  }
  if (typeof value !== 'string') throw new BadResponseError('The SFMC token response has a rest_instance_url that is not a string', { provider: 'sfmc' });
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new BadResponseError('The SFMC token response has a rest_instance_url that is not a URL', { provider: 'sfmc' });
  }
  const refuse = (why: string) =>
    new BadResponseError(
      `Refusing rest_instance_url ${u.protocol}//${u.host}: ${why}. A token is sent only to https://*${REST_HOST_SUFFIX} or to the auth host's own origin (${authBase.origin})`,
      { provider: 'sfmc' },
    );
  if (u.username || u.password) throw refuse('it carries a user name or password');
  if (u.origin === authBase.origin) return withSlash(u);
  if (u.protocol !== 'https:') throw refuse('it is not https');
  const host = u.hostname.toLowerCase();
  if (!host.endsWith(REST_HOST_SUFFIX)) throw refuse('it is not a Marketing Cloud REST host');
  const sub = host.slice(0, -REST_HOST_SUFFIX.length);
  if (!SUBDOMAIN_RE.test(sub)) throw refuse('its subdomain is not letters, digits and dashes');
  return withSlash(u);
}

function withSlash(u: URL): URL {
  const out = new URL(u.toString());
  out.search = '';
  out.hash = '';
  if (!out.pathname.endsWith('/')) out.pathname += '/';
  return out;
}

/** Token, REST base and the 401-refresh hook for one SFMC connection. */
export class SfmcAuth {
  private restBase: URL | undefined;
  private readonly tokens: TokenCache;

  constructor(
    private readonly http: HttpClient,
    private readonly creds: SfmcCredentials,
    now?: () => number,
  ) {
    http.redactor.add(creds.clientSecret);
    this.tokens = new TokenCache((signal) => this.requestToken(signal), now ? { now } : {});
  }

  get authBase(): URL {
    return this.creds.authBase;
  }

  /** The REST base, authenticating first if needed. */
  async rest(signal?: AbortSignal): Promise<URL> {
    await this.tokens.get(signal);
    if (!this.restBase) throw new BadResponseError('SFMC token response did not yield a REST base', { provider: 'sfmc' });
    return this.restBase;
  }

  /** A per-request hook: Bearer header, and one refresh after a 401. */
  hook() {
    return this.tokens.hook();
  }

  private async requestToken(signal?: AbortSignal): Promise<IssuedToken> {
    const body: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: this.creds.clientId,
      client_secret: this.creds.clientSecret,
    };
    if (this.creds.accountId) body.account_id = this.creds.accountId;
    let answer: unknown;
    try {
      answer = await this.http.getJson({
        method: 'POST',
        url: joinUrl(this.creds.authBase, 'v2/token'),
        json: body,
        ...(signal ? { signal } : {}),
        note: 'SFMC token',
      });
    } catch (e) {
      // The token endpoint answers bad credentials or a wrong MID with 400/401.
      if (isAuditLensError(e) && (e.status === 400 || e.status === 401 || e.status === 403)) {
        throw new AuthError(
          `SFMC refused the client credentials at ${this.creds.authBase.host} (check client id, client secret and account id): ${e.message}`,
          { provider: 'sfmc', status: e.status, code: e.code, needsNewCredential: true, cause: e },
        );
      }
      throw e;
    }
    if (!isPlainObject(answer)) throw new BadResponseError('The SFMC token response is not a JSON object', { provider: 'sfmc' });
    const token = getField(answer, 'access_token');
    if (typeof token !== 'string' || token === '') throw new BadResponseError('The SFMC token response has no access_token', { provider: 'sfmc' });
    this.http.redactor.add(token);
    // Validate before the token is ever used, so a bad answer sends nothing anywhere.
    this.restBase = checkRestInstanceUrl(getField(answer, 'rest_instance_url'), this.creds.authBase);
    const expiresIn = Number(getField(answer, 'expires_in'));
    const seconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
    return { accessToken: token, expiresInMs: seconds * 1000 };
  }
}
