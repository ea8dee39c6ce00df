/**
 * The FloQast provider: the audit trail of requests made with a client's API
 * keys.
 */
import { ConfigError } from '../../core/errors';
import { assertSecureUrl } from '../../core/hosts';
import type { AuditQuery, AuditRecord, Connection, ConnectionSecrets, Scope, ScopeListOptions, ScopePage } from '../../core/model';
import { sortAndDedupe } from '../../core/order';
import type { ConnectionField, FetchOptions, FetchResult, Provider, ProviderEnvironment, ProviderSession } from '../../core/provider';
import { isCalendarDay, utcDayBounds } from '../../core/time';
import { floQastBaseUrl, FLOQAST_REGIONS } from './auth';
import { FloQastClient, MAX_PAGE_SIZE, type FloQastFilter } from './client';
import { normalizeFloQastItem } from './normalize';

const fields: readonly ConnectionField[] = [
  {
    key: 'region',
    label: 'Region',
    secret: false,
    required: false,
    defaultValue: 'us',
    options: [
      { value: 'us', label: `US (${FLOQAST_REGIONS.us})` },
      { value: 'eu', label: `EU (${FLOQAST_REGIONS.eu})` },
      { value: 'au', label: `AU (${FLOQAST_REGIONS.au})` },
    ],
  },
  {
    key: 'baseUrl',
    label: 'Custom base URL',
    secret: false,
    required: false,
    description: 'Overrides the region. https, or http for a loopback sandbox.',
    validate: (v) => {
      if (v === '') return undefined;
      try {
        floQastBaseUrl({ baseUrl: v });
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  },
  {
    key: 'apiKey',
    label: 'API key',
    secret: true,
    required: true,
    description: 'Shown once by FloQast when the key is created. Keys can expire and cannot be refreshed.',
  },
];

function validate(connection: Connection, secrets: ConnectionSecrets): void {
  floQastBaseUrl(connection.settings);
  if (connection.settings.baseUrl) assertSecureUrl(connection.settings.baseUrl, 'FloQast base URL');
  if (!secrets.apiKey) throw new ConfigError('FloQast needs apiKey (the API key)', { provider: 'floqast' });
  if (/[\r\n]/.test(secrets.apiKey)) throw new ConfigError('FloQast apiKey must be a single line', { provider: 'floqast' });
}

function day(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDay(value)) throw new ConfigError(`${what} must be a calendar day YYYY-MM-DD (got "${value}")`, { provider: 'floqast' });
  return value;
}

/** The calendar day `days` away from `day` (YYYY-MM-DD). */
function shiftDay(day: string, days: number): string {
  return new Date(utcDayBounds(day).startMs + days * 86_400_000).toISOString().slice(0, 10);
}

class FloQastSession implements ProviderSession {
  readonly provider = 'floqast' as const;
  /** Key id → name, as seen in fetched records. */
  private readonly keys = new Map<string, string | undefined>();
  private scannedAllKeys = false;

  constructor(
    readonly connection: Connection,
    private readonly client: FloQastClient,
  ) {}

  async testConnection(signal?: AbortSignal): Promise<string> {
    const me = await this.client.me(signal);
    const parts = [me.apiKeyId ? `API key ${me.apiKeyId}` : undefined, me.userId ? `user ${me.userId}` : undefined].filter(Boolean);
    return parts.length ? `Connected to FloQast as ${parts.join(', ')}` : 'Connected to FloQast';
  }

  /**
   * The API keys: FloQast lists none, so they are the distinct `userApiKey`s
   * in the trail. The first call reads the whole trail (the provider's
   * default window) once; later fetches add any new keys they see.
   */
  async listScopes(_options: ScopeListOptions, signal?: AbortSignal): Promise<ScopePage> {
    if (!this.scannedAllKeys) {
      // Only the keys are wanted: the records are not kept.
      await this.fetchAudit({}, { collect: false, ...(signal ? { signal } : {}) });
      this.scannedAllKeys = true;
    }
    const scopes: Scope[] = [...this.keys].map(([id, name]) => ({ provider: 'floqast', type: 'apiKey', id, name: name ?? id }));
    scopes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { scopes, hasMore: false };
  }

  async fetchAudit(query: AuditQuery, options: FetchOptions = {}): Promise<FetchResult> {
    const filter: FloQastFilter = {};
    const from = day(query.from, 'from');
    const to = day(query.to, 'to');
    // FloQast doesn't say in which zone its days are counted, while AuditQuery's are UTC days: ask for
    // a day more on each side and keep the exact UTC days here.
    if (from !== undefined) filter.startDate = shiftDay(from, -1);
    if (to !== undefined) filter.endDate = shiftDay(to, 1);
    const startMs = from !== undefined ? utcDayBounds(from).startMs : Number.NEGATIVE_INFINITY;
    const endMs = to !== undefined ? utcDayBounds(to).endMs : Number.POSITIVE_INFINITY;
    if (query.apiKeyId) filter.apiKeyId = query.apiKeyId;
    const warnings: string[] = [];
    const seen = new Set<string>();
    // Kept only when the caller collects: otherwise what was streamed is the caller's to keep.
    const records: AuditRecord[] | undefined = options.collect === false ? undefined : [];
    let pagesDone = 0;
    const pages = await this.client.fetchTrail(filter, {
      pageSize: options.pageSize ?? MAX_PAGE_SIZE,
      ...(options.signal ? { signal: options.signal } : {}),
      onWarning: (message) => {
        warnings.push(message);
        options.onProgress?.({ pagesDone, records: seen.size, message });
      },
      onPage: (items, page) => {
        const fresh: AuditRecord[] = [];
        const index: number[] = [];
        for (let i = 0; i < items.length; i++) {
          const record = normalizeFloQastItem(items[i], this.connection.id);
          const t = Date.parse(record.time);
          if (t < startMs || t >= endMs || seen.has(record.id)) continue;
          seen.add(record.id);
          fresh.push(record);
          index.push(i);
          if (record.actor.id !== undefined && !this.keys.has(record.actor.id)) this.keys.set(record.actor.id, record.actor.name);
        }
        records?.push(...fresh);
        pagesDone++;
        if (fresh.length) options.onRecords?.(fresh, index.length === items.length ? { page } : { page, index });
        options.onProgress?.({ pagesDone, records: seen.size });
      },
    });
    return { records: records ? sortAndDedupe(records) : [], pages, warnings };
  }
}

export const floQastProvider: Provider = {
  id: 'floqast',
  displayName: 'FloQast',
  fields,
  validate,
  connect(connection, secrets, env: ProviderEnvironment): ProviderSession {
    validate(connection, secrets);
    const http = env.http.with({ provider: 'floqast' });
    http.redactor.add(secrets.apiKey);
    const client = new FloQastClient(http, floQastBaseUrl(connection.settings), secrets.apiKey as string);
    return new FloQastSession(connection, client);
  },
};
