/**
 * FloQast authenticates every call with an `x-api-key` header. Keys can't be
 * refreshed: a 401 means the key expired or was revoked and must be replaced.
 * The header is a credential, so it goes to the API's own origin only.
 */
import { AuthError, ConfigError } from '../../core/errors';
import { assertSecureUrl } from '../../core/hosts';
import type { AuthHook } from '../../core/http';

export const FLOQAST_REGIONS = {
  us: 'https://fq-api.floqast.app',
  eu: 'https://fq-api.eu.floqast.app',
  au: 'https://fq-api.au.floqast.app',
} as const;
export type FloQastRegion = keyof typeof FLOQAST_REGIONS;

export const API_KEY_HEADER = 'x-api-key';

export function isFloQastRegion(value: string): value is FloQastRegion {
  return Object.prototype.hasOwnProperty.call(FLOQAST_REGIONS, value);
}

/** The API base: a custom `baseUrl` (https, or http on loopback) wins over the region. */
export function floQastBaseUrl(settings: { region?: string | undefined; baseUrl?: string | undefined }): URL {
  if (settings.baseUrl) {
    const url = assertSecureUrl(settings.baseUrl, 'FloQast base URL');
    if (url.username || url.password) throw new ConfigError('FloQast base URL must not carry a user name or password', { provider: 'floqast' });
    url.search = '';
    url.hash = '';
    return url;
  }
  const region = settings.region || 'us';
  if (!isFloQastRegion(region)) throw new ConfigError(`FloQast region must be us, eu or au (got "${region}")`, { provider: 'floqast' });
  return new URL(FLOQAST_REGIONS[region]);
}

/** No `refresh`: the HTTP client then turns a 401 straight into an AuthError. */
export function apiKeyAuth(apiKey: string): AuthHook {
  const headers = { [API_KEY_HEADER]: apiKey };
  return { headers: async () => headers };
}

export function apiKeyRejected(cause: AuthError): AuthError {
  const said = cause.message.replace(/^Unauthorized \([^)]*\):\s*/, '');
  return new AuthError(`API key refused: it expired or was revoked (keys can't be refreshed), so replace it with a new key. FloQast said: ${said}`, {
    provider: 'floqast',
    status: cause.status,
    code: cause.code,
    needsNewCredential: true,
    cause,
  });
}
