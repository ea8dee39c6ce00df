/**
 * The LivePerson provider: Audit Trail API (account configuration changes),
 * through the Domain API, with a pasted bearer, client credentials or a user
 * login.
 */
import { ConfigError } from '../../core/errors';
import { assertSecureUrl } from '../../core/hosts';
import type { AuditQuery, AuditRecord, Connection, ConnectionSecrets, Scope, ScopeListOptions, ScopePage } from '../../core/model';
import { sortAndDedupe } from '../../core/order';
import { keepRecords } from '../../core/rawPage';
import {
  DEFAULT_CONCURRENCY,
  type ConnectionField,
  type FetchOptions,
  type FetchResult,
  type Provider,
  type ProviderEnvironment,
  type ProviderSession,
} from '../../core/provider';
import { isValidTimeZone, resolveTimeZone, utcDayBounds } from '../../core/time';
import { checkAuthSettings, createLivePersonAuth, DEFAULT_SENTINEL_TOKEN_PATH, sentinelPathProblem } from './auth';
import { checkDay, LivePersonAuditClient, MAX_PAGE_SIZE, MIN_PAGE_SIZE, type LivePersonFilter } from './client';
import { checkAccountId, DEFAULT_DOMAIN_API, DomainResolver } from './domain';
import type { OrderValueStyle } from './query';

export const DEFAULT_LIVEPERSON_TIME_ZONE = 'US/Eastern';

/** The component types LivePerson documents; types seen in fetched records are added to these. */
export const DOCUMENTED_COMPONENT_TYPES = [
  'Users',
  'Skills',
  'Agent Groups',
  'Profiles',
  'Campaigns',
  'Predefined Content',
  'Content Categories',
] as const;

const ACCOUNT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function urlProblem(value: string, what: string): string | undefined {
  try {
    assertSecureUrl(value, what);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function flag(value: string | undefined, key: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`LivePerson ${key} must be true or false (got "${value}")`, { provider: 'liveperson' });
}

function orderStyle(value: string | undefined): OrderValueStyle {
  if (value === undefined || value === '' || value === 'string') return 'string';
  if (value === 'enum') return 'enum';
  throw new ConfigError(`LivePerson orderValueStyle must be string or enum (got "${value}")`, { provider: 'liveperson' });
}

/** The choice for the two boolean audit filters. */
const YES_NO = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

const fields: readonly ConnectionField[] = [
  {
    key: 'accountId',
    label: 'Account id',
    secret: false,
    required: true,
    placeholder: '12345678',
    description: 'The LivePerson site id.',
    validate: (v) => (ACCOUNT_PATTERN.test(v) ? undefined : 'Use the site id: letters, digits, "-" and "_" only'),
  },
  {
    key: 'authMethod',
    label: 'Authentication',
    secret: false,
    required: true,
    defaultValue: 'client',
    options: [
      { value: 'client', label: 'OAuth 2.0 client credentials' },
      { value: 'login', label: 'User login (user name and password)' },
      { value: 'bearer', label: 'Pasted bearer token (cannot be renewed)' },
    ],
  },
  { key: 'clientId', label: 'Client id', secret: false, required: true, when: { key: 'authMethod', values: ['client'] } },
  { key: 'clientSecret', label: 'Client secret', secret: true, required: true, when: { key: 'authMethod', values: ['client'] } },
  { key: 'username', label: 'User name', secret: false, required: true, when: { key: 'authMethod', values: ['login'] } },
  { key: 'password', label: 'Password', secret: true, required: true, when: { key: 'authMethod', values: ['login'] } },
  {
    key: 'bearer',
    label: 'Bearer token',
    secret: true,
    required: true,
    description: 'A pasted token cannot be renewed: when it expires, paste a new one.',
    when: { key: 'authMethod', values: ['bearer'] },
  },
  {
    key: 'domainApi',
    label: 'Domain API',
    secret: false,
    required: false,
    defaultValue: DEFAULT_DOMAIN_API,
    description: 'Where host names are looked up. https, or http for a loopback sandbox.',
    validate: (v) => (v === '' ? undefined : urlProblem(v, 'Domain API URL')),
  },
  {
    key: 'timeZone',
    label: 'Time zone',
    secret: false,
    required: false,
    defaultValue: DEFAULT_LIVEPERSON_TIME_ZONE,
    description: 'Sent as the query\'s timezone; change dates are read in the same zone.',
    validate: (v) => (v === '' || isValidTimeZone(v) ? undefined : 'Use UTC, an offset such as -05:00, or an IANA name such as US/Eastern'),
  },
  {
    key: 'sentinelTokenPath',
    label: 'Token path',
    secret: false,
    required: false,
    placeholder: DEFAULT_SENTINEL_TOKEN_PATH,
    description: 'The app-token path on the sentinel host; {accountId} is replaced.',
    when: { key: 'authMethod', values: ['client'] },
    validate: (v) => sentinelPathProblem(v),
  },
  {
    key: 'lpa',
    label: 'Include changes made by LivePerson staff (LPA)',
    secret: false,
    required: false,
    defaultValue: 'true',
    options: YES_NO,
  },
  {
    key: 'automaticUpdates',
    label: 'Include automatic updates',
    secret: false,
    required: false,
    defaultValue: 'true',
    options: YES_NO,
  },
  {
    key: 'orderValueStyle',
    label: 'Send orderBy/orderDirection as',
    secret: false,
    required: false,
    defaultValue: 'string',
    description: 'LivePerson does not publish whether it wants strings or enum literals.',
    options: [
      { value: 'string', label: 'Strings: ["DESC"]' },
      { value: 'enum', label: 'Enum literals: [DESC]' },
    ],
  },
];

function validate(connection: Connection, secrets: ConnectionSecrets): void {
  const s = connection.settings;
  // The account may come with each query instead (the CLI's --account), so it is checked only when set.
  if (s.accountId) checkAccountId(s.accountId);
  if (s.domainApi) assertSecureUrl(s.domainApi, 'LivePerson Domain API URL');
  if (s.timeZone) resolveTimeZone(s.timeZone);
  checkAuthSettings(s, secrets);
  flag(s.lpa, 'lpa', true);
  flag(s.automaticUpdates, 'automaticUpdates', true);
  orderStyle(s.orderValueStyle);
}

/** The calendar day `days` away from `day` (YYYY-MM-DD). */
function shiftDay(day: string, days: number): string {
  return new Date(utcDayBounds(day).startMs + days * 86_400_000).toISOString().slice(0, 10);
}

class LivePersonSession implements ProviderSession {
  readonly provider = 'liveperson' as const;
  private readonly seenTypes = new Set<string>();

  constructor(
    readonly connection: Connection,
    private readonly client: LivePersonAuditClient,
    private readonly zoneName: string,
    private readonly authLabel: string,
  ) {}

  private account(explicit?: string): string {
    return checkAccountId(explicit || this.connection.settings.accountId);
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const account = this.account();
    await this.client.fetchPage(account, {}, 1, 0, signal);
    return `Connected to LivePerson account ${account} (${this.authLabel})`;
  }

  async listScopes(options: ScopeListOptions): Promise<ScopePage> {
    if (options.parent === undefined) {
      const account = this.account();
      return { scopes: [{ provider: 'liveperson', type: 'account', id: account, name: `Account ${account}` }], hasMore: false };
    }
    const account = this.account(options.parent);
    const names = [...new Set<string>([...DOCUMENTED_COMPONENT_TYPES, ...[...this.seenTypes].sort()])];
    const scopes: Scope[] = names.map((name) => ({ provider: 'liveperson', type: 'componentType', id: name, name, parent: account }));
    return { scopes, hasMore: false };
  }

  async fetchAudit(query: AuditQuery, options: FetchOptions = {}): Promise<FetchResult> {
    const account = this.account(query.account);
    const filter: LivePersonFilter = {};
    const from = checkDay(query.from, 'from');
    const to = checkDay(query.to, 'to');
    // fromDate/toDate are days in the request's timezone, while AuditQuery's are UTC days: ask for a
    // day more on each side (no zone is more than 14 h from UTC) and keep the exact UTC days below.
    if (from !== undefined) filter.fromDate = shiftDay(from, -1);
    if (to !== undefined) filter.toDate = shiftDay(to, 1);
    const startMs = from !== undefined ? utcDayBounds(from).startMs : Number.NEGATIVE_INFINITY;
    const endMs = to !== undefined ? utcDayBounds(to).endMs : Number.POSITIVE_INFINITY;
    const inDays = (r: AuditRecord) => {
      const t = Date.parse(r.time);
      return t >= startMs && t < endMs;
    };
    if (query.users?.length) filter.users = query.users;
    if (query.types?.length) filter.componentTypes = query.types;
    const pageSize = Math.max(MIN_PAGE_SIZE, Math.min(MAX_PAGE_SIZE, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    // Component types seen in the records kept, learned for the scope list once the fetch succeeds.
    const types = new Set<string>();
    const { records, paging } = await this.client.fetchAll(account, filter, {
      connection: this.connection.id,
      zone: resolveTimeZone(this.zoneName),
      pageSize,
      concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.collect === false ? { collect: false } : {}),
      onRecords: (batch, raw) => {
        const kept = keepRecords(batch, raw, inDays);
        for (const r of kept.records) types.add(r.action);
        if (kept.records.length) options.onRecords?.(kept.records, kept.raw);
      },
      onPage: (pagesDone, count) => options.onProgress?.({ pagesDone, records: count }),
    });
    for (const t of types) this.seenTypes.add(t);
    return { records: sortAndDedupe(records.filter(inDays)), pages: paging.requests, warnings: paging.warnings };
  }
}

export const livePersonProvider: Provider = {
  id: 'liveperson',
  displayName: 'LivePerson',
  fields,
  validate,
  connect(connection, secrets, env: ProviderEnvironment): ProviderSession {
    validate(connection, secrets);
    const s = connection.settings;
    const http = env.http.with({ provider: 'liveperson' });
    http.redactor.add(secrets.bearer, secrets.clientSecret, secrets.password);
    const domains = new DomainResolver(http, s.domainApi || DEFAULT_DOMAIN_API);
    const now = env.now ?? Date.now;
    const auth = createLivePersonAuth(http, domains, s, secrets, now);
    const zoneName = s.timeZone || DEFAULT_LIVEPERSON_TIME_ZONE;
    const client = new LivePersonAuditClient(http, domains, auth, {
      timezone: zoneName,
      lpa: flag(s.lpa, 'lpa', true),
      automaticUpdates: flag(s.automaticUpdates, 'automaticUpdates', true),
      orderValueStyle: orderStyle(s.orderValueStyle),
    });
    const authLabel = { bearer: 'pasted bearer token', client: 'client credentials', login: 'user login' }[auth.method];
    return new LivePersonSession(connection, client, zoneName, authLabel);
  },
};
