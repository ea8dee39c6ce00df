/**
 * How the hardening suites reach each provider in a sandbox: the connection
 * (as a session and as the CLI's environment), the query, the ground truth
 * it must return, and where its audit pages are served. Scales are small so
 * that a cell costs a few hundred milliseconds, yet every query spans at
 * least five pages.
 */
import { HttpClient } from '../../../../src/core/http';
import type { AuditQuery, Connection, ConnectionSecrets, ProviderId } from '../../../../src/core/model';
import type { ProviderSession } from '../../../../src/core/provider';
import { getProvider } from '../../../../src/providers/registry';
import { DEMO, DEMO_SECRETS, startSandbox, type RequestInfo, type Sandbox } from '../../../../src/sandbox/index';

export const PROVIDERS: readonly ProviderId[] = ['sfmc', 'liveperson', 'uniphore', 'floqast'];

/** SFMC gets about scale/12 journeys; the others get `scale` items each. */
export const MATRIX_SCALE = { sfmc: 36, liveperson: 60, uniphore: 60, floqast: 60 } as const;
/** Small pages: every query below spans at least five of them. */
export const PAGE_SIZE = 4;
export const CONCURRENCY = 2;
/** Tiny backoffs keep 429-without-header and 5xx cells fast. */
export const RETRY_BASE_MS = 5;
/** Generous, so that a loaded machine never turns a healthy request into a timeout. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** SFMC's journey for the matrix: four versions (3 is missing, so the walk also skips a gap), 25 items. */
export const SFMC_JOURNEY_KEY = 'welcome-series';

/** The audit listing of each API, which faults are aimed at. */
export const AUDIT_PATH: Record<ProviderId, RegExp> = {
  sfmc: /^\/interaction\/v1\/interactions\/[^/?]+\/audit\//,
  liveperson: /^\/api\/account\/[^/?]+\/configuration\/metadata\/audit(?:\?|$)/,
  uniphore: /^\/audit_log\/?(?:\?|$)/,
  floqast: /^\/api\/v1\/audit-trail(?:\?|$)/,
};

/** The header that carries each provider's credential on API calls. */
export const CREDENTIAL_HEADER: Record<ProviderId, string> = {
  sfmc: 'authorization',
  liveperson: 'authorization',
  uniphore: 'authorization',
  floqast: 'x-api-key',
};

/**
 * `renewable`: a credential the provider can exchange for a new token after
 * a 401 (SFMC and Uniphore client credentials, LivePerson client
 * credentials). `pasted`: one it can't (a pasted bearer token, an API key).
 */
export type CredentialKind = 'renewable' | 'pasted';

export function startMatrixSandbox(): Promise<Sandbox> {
  return startSandbox({ scale: MATRIX_SCALE });
}

export function sessionHttp(timeoutMs = DEFAULT_TIMEOUT_MS): HttpClient {
  return new HttpClient({ retry: { baseDelayMs: RETRY_BASE_MS }, timeoutMs });
}

function sfmcJourneyId(s: Sandbox): string {
  const journey = s.truth.sfmc.journey(`key:${SFMC_JOURNEY_KEY}`);
  if (!journey) throw new Error(`the sandbox has no journey ${SFMC_JOURNEY_KEY}`);
  return journey.id;
}

export function connectionFor(provider: ProviderId, s: Sandbox, credential: CredentialKind): { connection: Connection; secrets: ConnectionSecrets } {
  const base = { id: provider, provider, label: `${provider} (sandbox)` };
  switch (provider) {
    case 'sfmc':
      return {
        connection: { ...base, settings: { authBaseUrl: s.url, clientId: DEMO.sfmc.clientId, accountId: DEMO.sfmc.accountId } },
        secrets: { clientSecret: DEMO.sfmc.clientSecret },
      };
    case 'liveperson': {
      const settings = { accountId: DEMO.liveperson.accountId, domainApi: s.url };
      return credential === 'renewable'
        ? { connection: { ...base, settings: { ...settings, authMethod: 'client', clientId: DEMO.liveperson.clientId } }, secrets: { clientSecret: DEMO.liveperson.clientSecret } }
        : { connection: { ...base, settings: { ...settings, authMethod: 'bearer' } }, secrets: { bearer: DEMO.liveperson.bearer } };
    }
    case 'uniphore':
      return credential === 'renewable'
        ? {
            connection: {
              ...base,
              settings: {
                baseUrl: s.url,
                authMethod: 'client',
                tokenUrl: `${s.url}${DEMO.uniphore.tokenPath}`,
                clientId: DEMO.uniphore.clientId,
                audience: DEMO.uniphore.audience,
              },
            },
            secrets: { clientSecret: DEMO.uniphore.clientSecret },
          }
        : { connection: { ...base, settings: { baseUrl: s.url, authMethod: 'token' } }, secrets: { token: DEMO.uniphore.token } };
    case 'floqast':
      return { connection: { ...base, settings: { baseUrl: s.url } }, secrets: { apiKey: DEMO.floqast.apiKey } };
  }
}

export function connectSession(provider: ProviderId, s: Sandbox, credential: CredentialKind, http: HttpClient): ProviderSession {
  const { connection, secrets } = connectionFor(provider, s, credential);
  return getProvider(provider).connect(connection, secrets, { http });
}

/** The whole audit trail the matrix reads from each provider. */
export function queryFor(provider: ProviderId, s: Sandbox): AuditQuery {
  switch (provider) {
    case 'sfmc':
      return { journey: `key:${SFMC_JOURNEY_KEY}` };
    case 'liveperson':
      return { account: DEMO.liveperson.accountId };
    case 'uniphore':
    case 'floqast':
      return {};
  }
}

/** The raw items `queryFor` must return, from the sandbox's ground truth, as it stands now. */
export function truthFor(provider: ProviderId, s: Sandbox): unknown[] {
  switch (provider) {
    case 'sfmc':
      return s.truth.sfmc.auditItems(sfmcJourneyId(s));
    case 'liveperson':
      // The provider asks for LPA changes and automatic updates too: an audit tool shows everything.
      return s.truth.liveperson.query(DEMO.liveperson.accountId, { lpa: true, automaticUpdates: true });
    case 'uniphore':
      return s.truth.uniphore.items();
    case 'floqast':
      return s.truth.floqast.items();
  }
}

/** The CLI's `query` arguments for the same trail. */
export function cliQueryArgs(provider: ProviderId): string[] {
  const common = ['--page-size', String(PAGE_SIZE), '--concurrency', String(CONCURRENCY), '--format', 'jsonl'];
  switch (provider) {
    case 'sfmc':
      return ['query', '--provider', 'sfmc', '--journey', `key:${SFMC_JOURNEY_KEY}`, ...common];
    case 'liveperson':
      return ['query', '--provider', 'liveperson', '--account', DEMO.liveperson.accountId, ...common];
    case 'uniphore':
      return ['query', '--provider', 'uniphore', ...common];
    case 'floqast':
      return ['query', '--provider', 'floqast', ...common];
  }
}

/** The CLI's environment for the same connection. */
export function cliEnv(provider: ProviderId, s: Sandbox, credential: CredentialKind): Record<string, string> {
  const fast = { AUDIT_LENS_RETRY_BASE_MS: String(RETRY_BASE_MS) };
  switch (provider) {
    case 'sfmc':
      return {
        AUDIT_LENS_SFMC_AUTH_URL: s.url,
        AUDIT_LENS_SFMC_CLIENT_ID: DEMO.sfmc.clientId,
        AUDIT_LENS_SFMC_CLIENT_SECRET: DEMO.sfmc.clientSecret,
        AUDIT_LENS_SFMC_ACCOUNT_ID: DEMO.sfmc.accountId,
        ...fast,
      };
    case 'liveperson':
      return credential === 'renewable'
        ? { AUDIT_LENS_LP_DOMAIN_API: s.url, AUDIT_LENS_LP_CLIENT_ID: DEMO.liveperson.clientId, AUDIT_LENS_LP_CLIENT_SECRET: DEMO.liveperson.clientSecret, ...fast }
        : { AUDIT_LENS_LP_DOMAIN_API: s.url, AUDIT_LENS_LP_BEARER: DEMO.liveperson.bearer, ...fast };
    case 'uniphore':
      return credential === 'renewable'
        ? {
            AUDIT_LENS_UNIPHORE_BASE_URL: s.url,
            AUDIT_LENS_UNIPHORE_TOKEN_URL: `${s.url}${DEMO.uniphore.tokenPath}`,
            AUDIT_LENS_UNIPHORE_CLIENT_ID: DEMO.uniphore.clientId,
            AUDIT_LENS_UNIPHORE_CLIENT_SECRET: DEMO.uniphore.clientSecret,
            AUDIT_LENS_UNIPHORE_AUDIENCE: DEMO.uniphore.audience,
            ...fast,
          }
        : { AUDIT_LENS_UNIPHORE_BASE_URL: s.url, AUDIT_LENS_UNIPHORE_TOKEN: DEMO.uniphore.token, ...fast };
    case 'floqast':
      return { AUDIT_LENS_FLOQAST_BASE_URL: s.url, AUDIT_LENS_FLOQAST_API_KEY: DEMO.floqast.apiKey, ...fast };
  }
}

export { DEMO_SECRETS };

/**
 * Matches the request for one page of the matrix query, counted from 0, where
 * the page is named in the URL and pages are fetched concurrently: Uniphore's
 * `page`. SFMC walks its versions one after another (two pages each here),
 * LivePerson sends its offset in a POST body and FloQast follows cursors one
 * page at a time, so for those callers count requests in arrival order.
 */
export function pageRequest(provider: ProviderId, index: number): ((r: RequestInfo) => boolean) | undefined {
  return provider === 'uniphore' ? (r) => r.query.get('page') === String(index) : undefined;
}

/** Every token the sandbox saw in an Authorization header: issued access tokens are secrets too. */
export function bearerTokensSeen(s: Sandbox): string[] {
  const tokens = new Set<string>();
  for (const r of s.stats.requests) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string') {
      const token = auth.replace(/^bearer\s+/i, '');
      if (token.length >= 8) tokens.add(token);
    }
  }
  return [...tokens];
}
