/** Uniphore: the tenant audit log, by category (activity type) and by item id. */
import { ConfigError } from '../../core/errors';
import { assertSecureUrl } from '../../core/hosts';
import type { AuditQuery, AuditRecord, Connection, ConnectionSecrets, ScopeListOptions, ScopePage } from '../../core/model';
import type { ConnectionField, FetchOptions, FetchResult, Provider, ProviderEnvironment, ProviderSession } from '../../core/provider';
import { isValidTimeZone, resolveTimeZone } from '../../core/time';
import { createUniphoreAuth, parseTokenUrl, type UniphoreCredentials } from './auth';
import { listShapeFromSettings, UniphoreClient } from './client';

export const UNIPHORE_DEFAULT_TIME_ZONE = 'UTC';
export const UNIPHORE_DEFAULT_AUDIENCE = 'api.uniphore.com';

function checkUrl(value: string, what: string): string | undefined {
  try {
    assertSecureUrl(value.trim(), what);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const fields: readonly ConnectionField[] = [
  {
    key: 'baseUrl',
    label: 'Base URL',
    secret: false,
    required: true,
    placeholder: 'https://your-tenant.example.uniphore.com',
    description: 'The tenant-specific API base; /audit_log/ lives under it. https is required except for loopback',
    validate: (v) => (v.trim() ? checkUrl(v, 'Uniphore base URL') : 'Enter the base URL'),
  },
  {
    key: 'authMethod',
    label: 'Authentication',
    secret: false,
    required: true,
    defaultValue: 'token',
    options: [
      { value: 'token', label: 'Bearer token (pasted; cannot be renewed)' },
      { value: 'client', label: 'OAuth2 client credentials' },
    ],
  },
  {
    key: 'token',
    label: 'Bearer token',
    secret: true,
    required: true,
    when: { key: 'authMethod', values: ['token'] },
    validate: (v) => (v.trim() ? undefined : 'Paste the bearer token'),
  },
  {
    key: 'tokenUrl',
    label: 'Token URL',
    secret: false,
    required: true,
    placeholder: 'https://your-tenant.auth0.com/oauth/token',
    when: { key: 'authMethod', values: ['client'] },
    validate: (v) => (v.trim() ? checkUrl(v, 'Uniphore token URL') : 'Enter the token URL'),
  },
  {
    key: 'clientId',
    label: 'Client id',
    secret: false,
    required: true,
    when: { key: 'authMethod', values: ['client'] },
    validate: (v) => (v.trim() ? undefined : 'Enter the client id'),
  },
  {
    key: 'clientSecret',
    label: 'Client secret',
    secret: true,
    required: true,
    when: { key: 'authMethod', values: ['client'] },
    validate: (v) => (v ? undefined : 'Enter the client secret'),
  },
  {
    key: 'audience',
    label: 'Audience',
    secret: false,
    required: false,
    defaultValue: UNIPHORE_DEFAULT_AUDIENCE,
    when: { key: 'authMethod', values: ['client'] },
  },
  {
    key: 'timeZone',
    label: 'Time zone of createdDate',
    secret: false,
    required: false,
    defaultValue: UNIPHORE_DEFAULT_TIME_ZONE,
    description: 'UTC unless your tenant says otherwise: UTC, an offset such as -06:00, or an IANA name',
    validate: (v) => (v.trim() === '' || isValidTimeZone(v) ? undefined : 'Use UTC, an offset such as -06:00, or an IANA name such as Europe/London'),
  },
];

function authMethodOf(connection: Connection): 'token' | 'client' {
  const m = connection.settings.authMethod?.trim() || 'token';
  if (m !== 'token' && m !== 'client') throw new ConfigError(`Uniphore authMethod must be "token" or "client", got "${m}"`, { provider: 'uniphore' });
  return m;
}

function baseUrlOf(connection: Connection): URL {
  const raw = connection.settings.baseUrl?.trim();
  if (!raw) throw new ConfigError('Uniphore needs the base URL (baseUrl)', { provider: 'uniphore' });
  const u = assertSecureUrl(raw, 'Uniphore base URL');
  if (u.username || u.password) throw new ConfigError('Uniphore base URL must not contain a user name or password', { provider: 'uniphore' });
  return u;
}

function credentialsOf(connection: Connection, secrets: ConnectionSecrets): UniphoreCredentials {
  const s = connection.settings;
  if (authMethodOf(connection) === 'token') {
    const token = secrets.token?.trim();
    if (!token) throw new ConfigError('Uniphore needs the bearer token (token)', { provider: 'uniphore' });
    return { method: 'token', token };
  }
  const tokenUrl = parseTokenUrl(s.tokenUrl);
  const clientId = s.clientId?.trim();
  if (!clientId) throw new ConfigError('Uniphore client credentials need the client id (clientId)', { provider: 'uniphore' });
  const clientSecret = secrets.clientSecret;
  if (!clientSecret) throw new ConfigError('Uniphore client credentials need the client secret (clientSecret)', { provider: 'uniphore' });
  const audience = s.audience?.trim() || UNIPHORE_DEFAULT_AUDIENCE;
  return { method: 'client', tokenUrl, clientId, clientSecret, audience };
}

function validate(connection: Connection, secrets: ConnectionSecrets): void {
  baseUrlOf(connection);
  credentialsOf(connection, secrets);
  resolveTimeZone(connection.settings.timeZone?.trim() || UNIPHORE_DEFAULT_TIME_ZONE);
}

class UniphoreSession implements ProviderSession {
  readonly provider = 'uniphore' as const;

  constructor(
    readonly connection: Connection,
    private readonly client: UniphoreClient,
  ) {}

  testConnection(signal?: AbortSignal): Promise<string> {
    return this.client.testConnection(signal);
  }

  listScopes(_options: ScopeListOptions, signal?: AbortSignal): Promise<ScopePage> {
    return this.client.listCategories(signal);
  }

  fetchAudit(query: AuditQuery, options?: FetchOptions): Promise<FetchResult> {
    return this.client.fetchAudit(query, options);
  }

  getById(id: string, signal?: AbortSignal): Promise<AuditRecord> {
    return this.client.getById(id, signal);
  }
}

export const uniphoreProvider: Provider = {
  id: 'uniphore',
  displayName: 'Uniphore',
  fields,
  validate,
  connect(connection: Connection, secrets: ConnectionSecrets, env: ProviderEnvironment): ProviderSession {
    validate(connection, secrets);
    const http = env.http.with({ provider: 'uniphore' });
    const auth = createUniphoreAuth(http, credentialsOf(connection, secrets), env.now);
    const zone = resolveTimeZone(connection.settings.timeZone?.trim() || UNIPHORE_DEFAULT_TIME_ZONE);
    const client = new UniphoreClient(http, auth, baseUrlOf(connection), listShapeFromSettings(connection.settings), {
      connection: connection.id || connection.label || 'uniphore',
      zone,
    });
    return new UniphoreSession(connection, client);
  },
};
