/** Salesforce Marketing Cloud: the Journey Builder audit log, by journey and version. */
import { ConfigError } from '../../core/errors';
import type { AuditQuery, Connection, ConnectionSecrets, ScopeListOptions, ScopePage } from '../../core/model';
import type { ConnectionField, FetchOptions, FetchResult, Provider, ProviderEnvironment, ProviderSession } from '../../core/provider';
import { isValidTimeZone, resolveTimeZone } from '../../core/time';
import { resolveAuthBase, SfmcAuth, validateAuthBaseUrl, validateSubdomain } from './auth';
import { SfmcClient } from './client';

/** Marketing Cloud servers run on US Central Standard Time with no daylight saving. */
export const SFMC_DEFAULT_TIME_ZONE = '-06:00';

const MID_RE = /^\d{1,18}$/;

const fields: readonly ConnectionField[] = [
  {
    key: 'subdomain',
    label: 'Subdomain',
    secret: false,
    required: false,
    placeholder: 'mc563885gzs27c5t9-63k636ttgm',
    description: 'The tenant subdomain of https://SUBDOMAIN.auth.marketingcloudapis.com (or give the full auth base URL instead)',
    validate: (v) => (v.trim() === '' ? undefined : validateSubdomain(v.trim())),
  },
  {
    key: 'authBaseUrl',
    label: 'Auth base URL',
    secret: false,
    required: false,
    placeholder: 'https://SUBDOMAIN.auth.marketingcloudapis.com',
    description: 'Overrides the subdomain; http is accepted only for loopback (the sandbox)',
    validate: (v) => (v.trim() === '' ? undefined : validateAuthBaseUrl(v)),
  },
  {
    key: 'clientId',
    label: 'Client id',
    secret: false,
    required: true,
    description: 'Of a server-to-server installed package with the Automation | Journeys | Read scope',
    validate: (v) => (v.trim() ? undefined : 'Enter the client id'),
  },
  {
    key: 'clientSecret',
    label: 'Client secret',
    secret: true,
    required: true,
    validate: (v) => (v ? undefined : 'Enter the client secret'),
  },
  {
    key: 'accountId',
    label: 'Account id (MID)',
    secret: false,
    required: false,
    description: 'The business unit to read; leave empty for the package default',
    validate: (v) => (v.trim() === '' || MID_RE.test(v.trim()) ? undefined : 'The MID is a number'),
  },
  {
    key: 'timeZone',
    label: 'Server time zone',
    secret: false,
    required: false,
    defaultValue: SFMC_DEFAULT_TIME_ZONE,
    description: 'The zone of the offset-less audit timestamps: UTC, an offset such as -06:00, or an IANA name',
    validate: (v) => (v.trim() === '' || isValidTimeZone(v) ? undefined : 'Use UTC, an offset such as -06:00, or an IANA name such as America/Chicago'),
  },
];

function validate(connection: Connection, secrets: ConnectionSecrets): void {
  const s = connection.settings;
  resolveAuthBase(s);
  if (!s.clientId?.trim()) throw new ConfigError('SFMC needs the client id (clientId)', { provider: 'sfmc' });
  if (!secrets.clientSecret) throw new ConfigError('SFMC needs the client secret (clientSecret)', { provider: 'sfmc' });
  if (s.accountId?.trim() && !MID_RE.test(s.accountId.trim())) {
    throw new ConfigError('SFMC account id (MID) must be a number', { provider: 'sfmc' });
  }
  resolveTimeZone(s.timeZone?.trim() || SFMC_DEFAULT_TIME_ZONE);
}

class SfmcSession implements ProviderSession {
  readonly provider = 'sfmc' as const;

  constructor(
    readonly connection: Connection,
    private readonly client: SfmcClient,
  ) {}

  testConnection(signal?: AbortSignal): Promise<string> {
    return this.client.testConnection(signal);
  }

  async listScopes(options: ScopeListOptions, signal?: AbortSignal): Promise<ScopePage> {
    if (options.parent) return { scopes: await this.client.listVersions(options.parent, signal), hasMore: false };
    return this.client.listJourneys(options, signal);
  }

  fetchAudit(query: AuditQuery, options?: FetchOptions): Promise<FetchResult> {
    return this.client.fetchAudit(query, options);
  }

  getDefinition(journey: string, version: number, signal?: AbortSignal): Promise<unknown | undefined> {
    return this.client.getDefinition(journey, version, signal);
  }
}

export const sfmcProvider: Provider = {
  id: 'sfmc',
  displayName: 'Salesforce Marketing Cloud',
  fields,
  validate,
  connect(connection: Connection, secrets: ConnectionSecrets, env: ProviderEnvironment): ProviderSession {
    validate(connection, secrets);
    const s = connection.settings;
    const http = env.http.with({ provider: 'sfmc' });
    const accountId = s.accountId?.trim();
    const auth = new SfmcAuth(
      http,
      {
        authBase: resolveAuthBase(s),
        clientId: (s.clientId ?? '').trim(),
        clientSecret: secrets.clientSecret ?? '',
        ...(accountId ? { accountId } : {}),
      },
      env.now,
    );
    const zone = resolveTimeZone(s.timeZone?.trim() || SFMC_DEFAULT_TIME_ZONE);
    const client = new SfmcClient(http, auth, { connection: connection.id || connection.label || 'sfmc', zone });
    return new SfmcSession(connection, client);
  },
};
