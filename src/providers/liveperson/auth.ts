/**
 * LivePerson bearer tokens, three ways: a pasted token (can't be renewed),
 * OAuth2 client credentials against the `sentinel` domain, or a user login
 * against the `agentVep` domain. Tokens are cached per account, renewed a
 * little before they expire, and renewed once after a 401.
 */
import { AuthError, BadResponseError, ConfigError } from '../../core/errors';
import type { AuthHook, HttpClient } from '../../core/http';
import type { ConnectionSecrets } from '../../core/model';
import { TokenCache } from '../../core/tokenCache';
import { LP_SERVICES, type DomainResolver } from './domain';

export type LivePersonAuthMethod = 'bearer' | 'client' | 'login';

export const DEFAULT_SENTINEL_TOKEN_PATH = '/sentinel/api/account/{accountId}/app/token?v=1.0';

/** When an answer names no lifetime: LivePerson's app tokens live an hour. */
const DEFAULT_TOKEN_TTL_MS = 3_600_000;
/** Renew this long before expiry (TokenCache shortens it for short lifetimes), so no request leaves with a dying token. */
const RENEW_MARGIN_MS = 60_000;

export interface LivePersonAuth {
  readonly method: LivePersonAuthMethod;
  /** A hook for one request: it remembers the token it sent, so a 401 renews only that token. */
  hookFor(account: string): AuthHook;
  /** The error a final 401 becomes. */
  unauthorized(cause: AuthError): AuthError;
}

class PastedBearerAuth implements LivePersonAuth {
  readonly method = 'bearer' as const;
  constructor(private readonly bearer: string) {}

  hookFor(): AuthHook {
    const headers = { authorization: `Bearer ${this.bearer}` };
    return { headers: async () => headers };
  }

  unauthorized(cause: AuthError): AuthError {
    const said = cause.message.replace(/^Unauthorized \([^)]*\):\s*/, '');
    return new AuthError(`pasted bearer token expired or revoked (a pasted token can't be renewed): paste a new token. LivePerson said: ${said}`, {
      provider: 'liveperson',
      status: cause.status,
      needsNewCredential: true,
      cause,
    });
  }
}

abstract class RenewingAuth implements LivePersonAuth {
  abstract readonly method: LivePersonAuthMethod;
  /** One token per account: tokens are issued for an account. */
  private readonly tokens = new Map<string, TokenCache>();

  constructor(
    protected readonly http: HttpClient,
    protected readonly domains: DomainResolver,
    private readonly now: () => number,
  ) {}

  /** Fetches a new token and its lifetime in ms. */
  protected abstract obtain(account: string, signal?: AbortSignal): Promise<{ token: string; ttlMs: number }>;

  private cacheFor(account: string): TokenCache {
    let cache = this.tokens.get(account);
    if (!cache) {
      cache = new TokenCache(
        async (signal) => {
          const { token, ttlMs } = await this.obtain(account, signal);
          this.http.redactor.add(token);
          return { accessToken: token, expiresInMs: ttlMs };
        },
        { now: this.now, refreshMarginMs: RENEW_MARGIN_MS },
      );
      this.tokens.set(account, cache);
    }
    return cache;
  }

  hookFor(account: string): AuthHook {
    return this.cacheFor(account).hook();
  }

  /** The HTTP client's message already says a renewed token was refused too. */
  unauthorized(cause: AuthError): AuthError {
    return cause;
  }

  /** A refused token request means the stored credential itself is wrong, expired or revoked. */
  protected async credentialRequest(what: string, run: () => Promise<unknown>): Promise<Record<string, unknown>> {
    let body: unknown;
    try {
      body = await run();
    } catch (e) {
      if (e instanceof AuthError) {
        throw new AuthError(`LivePerson refused the ${what} (they may be wrong, expired or revoked): ${e.message}`, {
          provider: 'liveperson',
          status: e.status,
          code: e.code,
          needsNewCredential: true,
          cause: e,
        });
      }
      throw e;
    }
    return (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  }
}

/** Seconds (OAuth `expires_in`) or milliseconds (login `sessionTTl`), as a number or numeric string. */
function lifetime(value: unknown, unitMs: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n * unitMs : DEFAULT_TOKEN_TTL_MS;
}

class ClientCredentialsAuth extends RenewingAuth {
  readonly method = 'client' as const;

  constructor(
    http: HttpClient,
    domains: DomainResolver,
    now: () => number,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly tokenPath: string,
  ) {
    super(http, domains, now);
  }

  protected async obtain(account: string, signal?: AbortSignal): Promise<{ token: string; ttlMs: number }> {
    const origin = await this.domains.resolve(account, LP_SERVICES.appToken, signal);
    const url = new URL(this.tokenPath.replaceAll('{accountId}', encodeURIComponent(account)), origin);
    const b = await this.credentialRequest('client credentials', () =>
      this.http.getJson<unknown>({
        method: 'POST',
        url,
        form: { client_id: this.clientId, client_secret: this.clientSecret, grant_type: 'client_credentials' },
        signal,
        note: 'client credentials token',
      }),
    );
    if (typeof b.access_token !== 'string' || b.access_token === '') {
      throw new BadResponseError('LivePerson token endpoint answered without an access_token', { provider: 'liveperson' });
    }
    return { token: b.access_token, ttlMs: lifetime(b.expires_in, 1000) };
  }
}

class LoginAuth extends RenewingAuth {
  readonly method = 'login' as const;

  constructor(
    http: HttpClient,
    domains: DomainResolver,
    now: () => number,
    private readonly username: string,
    private readonly password: string,
  ) {
    super(http, domains, now);
  }

  protected async obtain(account: string, signal?: AbortSignal): Promise<{ token: string; ttlMs: number }> {
    const origin = await this.domains.resolve(account, LP_SERVICES.login, signal);
    const url = new URL(`/api/account/${encodeURIComponent(account)}/login`, origin);
    url.search = new URLSearchParams({ v: '1.3' }).toString();
    const b = await this.credentialRequest('user name and password', () =>
      this.http.getJson<unknown>({
        method: 'POST',
        url,
        json: { username: this.username, password: this.password },
        signal,
        note: 'user login',
      }),
    );
    if (typeof b.bearer !== 'string' || b.bearer === '') {
      throw new BadResponseError('LivePerson login answered without a bearer token', { provider: 'liveperson' });
    }
    if (typeof b.csrf === 'string') this.http.redactor.add(b.csrf);
    return { token: b.bearer, ttlMs: lifetime(b.sessionTTl, 1) };
  }
}

export interface LivePersonAuthSettings {
  authMethod?: string | undefined;
  clientId?: string | undefined;
  username?: string | undefined;
  sentinelTokenPath?: string | undefined;
}

/**
 * The method to use: the one the connection names, or else the first one
 * configured in the order pasted bearer, client credentials, user login.
 */
export function chooseAuthMethod(settings: LivePersonAuthSettings, secrets: ConnectionSecrets): LivePersonAuthMethod {
  const explicit = settings.authMethod?.trim();
  if (explicit) {
    if (explicit !== 'bearer' && explicit !== 'client' && explicit !== 'login') {
      throw new ConfigError(`LivePerson authMethod must be bearer, client or login (got "${explicit}")`, { provider: 'liveperson' });
    }
    return explicit;
  }
  if (secrets.bearer) return 'bearer';
  if (settings.clientId && secrets.clientSecret) return 'client';
  if (settings.username && secrets.password) return 'login';
  throw new ConfigError('LivePerson needs a credential: a bearer token, clientId with clientSecret, or username with password', { provider: 'liveperson' });
}

/** Throws ConfigError naming what the chosen method lacks. */
export function checkAuthSettings(settings: LivePersonAuthSettings, secrets: ConnectionSecrets): LivePersonAuthMethod {
  const method = chooseAuthMethod(settings, secrets);
  const missing = (what: string) => new ConfigError(`LivePerson ${method} authentication needs ${what}`, { provider: 'liveperson' });
  if (method === 'bearer' && !secrets.bearer) throw missing('bearer (the pasted token)');
  if (method === 'client') {
    if (!settings.clientId) throw missing('clientId');
    if (!secrets.clientSecret) throw missing('clientSecret');
    const problem = sentinelPathProblem(settings.sentinelTokenPath);
    if (problem) throw new ConfigError(problem, { provider: 'liveperson' });
  }
  if (method === 'login') {
    if (!settings.username) throw missing('username');
    if (!secrets.password) throw missing('password');
  }
  return method;
}

/** The token path stays on the sentinel host: a root-relative path, never a URL of its own. */
export function sentinelPathProblem(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  if (!path.startsWith('/') || path.startsWith('//') || /[\s\\#]/.test(path)) {
    return 'LivePerson sentinelTokenPath must be a path starting with "/", e.g. /sentinel/api/account/{accountId}/app/token?v=1.0';
  }
  return undefined;
}

export function createLivePersonAuth(
  http: HttpClient,
  domains: DomainResolver,
  settings: LivePersonAuthSettings,
  secrets: ConnectionSecrets,
  now: () => number,
): LivePersonAuth {
  const method = checkAuthSettings(settings, secrets);
  if (method === 'bearer') return new PastedBearerAuth(secrets.bearer as string);
  if (method === 'client') {
    return new ClientCredentialsAuth(
      http,
      domains,
      now,
      settings.clientId as string,
      secrets.clientSecret as string,
      settings.sentinelTokenPath || DEFAULT_SENTINEL_TOKEN_PATH,
    );
  }
  return new LoginAuth(http, domains, now, settings.username as string, secrets.password as string);
}
