/**
 * Uniphore authentication is not published for the audit API. Other Uniphore
 * APIs take a Bearer token, sometimes issued by OAuth2 client credentials
 * from an Auth0 tenant (`audience: api.uniphore.com`). Both are supported: a
 * pasted token (which can't be renewed: a 401 means it expired or was
 * revoked), and client credentials against a configurable token URL (cached,
 * renewed before expiry, and once after a 401).
 */
import { AuthError, BadResponseError, ConfigError, isAuditLensError } from '../../core/errors';
import { getField, isPlainObject } from '../../core/fieldAccess';
import { assertSecureUrl } from '../../core/hosts';
import type { AuthHook, HttpClient } from '../../core/http';
import { TokenCache, type IssuedToken } from '../../core/tokenCache';

export type UniphoreAuthMethod = 'token' | 'client';
/** Auth0 access tokens default to 24 hours; used only when the answer has no expires_in. */
const DEFAULT_EXPIRES_IN_S = 3600;

export type UniphoreCredentials =
  | { method: 'token'; token: string }
  | { method: 'client'; tokenUrl: URL; clientId: string; clientSecret: string; audience?: string };

export function parseTokenUrl(value: string | undefined): URL {
  if (!value?.trim()) throw new ConfigError('Uniphore client credentials need the token URL (tokenUrl)', { provider: 'uniphore' });
  const u = assertSecureUrl(value.trim(), 'Uniphore token URL');
  if (u.username || u.password) throw new ConfigError('Uniphore token URL must not contain a user name or password', { provider: 'uniphore' });
  return u;
}

export interface UniphoreAuth {
  readonly method: UniphoreAuthMethod;
  hook(): AuthHook;
}

export function createUniphoreAuth(http: HttpClient, creds: UniphoreCredentials, now?: () => number): UniphoreAuth {
  if (creds.method === 'token') {
    http.redactor.add(creds.token);
    const headers = { authorization: `Bearer ${creds.token}` };
    // No refresh: the HttpClient then reports a 401 as final.
    return { method: 'token', hook: () => ({ headers: async () => headers }) };
  }
  http.redactor.add(creds.clientSecret);
  const issue = async (signal?: AbortSignal): Promise<IssuedToken> => {
    const form: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
    };
    if (creds.audience) form.audience = creds.audience;
    let answer: unknown;
    try {
      answer = await http.getJson({ method: 'POST', url: creds.tokenUrl, form, ...(signal ? { signal } : {}), note: 'Uniphore token' });
    } catch (e) {
      if (isAuditLensError(e) && (e.status === 400 || e.status === 401 || e.status === 403)) {
        throw new AuthError(
          `Uniphore's token endpoint ${creds.tokenUrl.host} refused the client credentials (check client id, client secret and audience): ${e.message}`,
          { provider: 'uniphore', status: e.status, code: e.code, needsNewCredential: true, cause: e },
        );
      }
      throw e;
    }
    if (!isPlainObject(answer)) throw new BadResponseError('The Uniphore token response is not a JSON object', { provider: 'uniphore' });
    const token = getField(answer, 'access_token');
    if (typeof token !== 'string' || token === '') throw new BadResponseError('The Uniphore token response has no access_token', { provider: 'uniphore' });
    http.redactor.add(token);
    const expiresIn = Number(getField(answer, 'expires_in'));
    return { accessToken: token, expiresInMs: (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S) * 1000 };
  };
  const cache = new TokenCache(issue, now ? { now } : {});
  return { method: 'client', hook: () => cache.hook() };
}
