/**
 * LivePerson's audit call: one POST per page to the account's
 * `accountConfigReadOnly` host, with a GraphQL query in a JSON body, paged by
 * offset (see offsetPaging.ts for how drift is handled).
 */
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../core/errors';
import type { HttpClient, ProviderErrorDetails } from '../../core/http';
import type { AuditRecord } from '../../core/model';
import { RawPage, type RawItems } from '../../core/rawPage';
import type { TimeZoneRule } from '../../core/time';
import { isCalendarDay } from '../../core/time';
import type { LivePersonAuth } from './auth';
import { LP_SERVICES, type DomainResolver } from './domain';
import { normalizeLivePersonPage } from './normalize';
import { readOffsetPages, type OffsetPagingResult } from './offsetPaging';
import { buildAuditQuery, type AuditQueryArgs, type OrderValueStyle } from './query';

/** The largest page asked for: LivePerson publishes no maximum, and a public client uses 500. */
export const MAX_PAGE_SIZE = 500;
/** Pages must overlap by a row for the drift check, so a page holds at least two. */
export const MIN_PAGE_SIZE = 2;


export interface LivePersonFilter {
  fromDate?: string;
  toDate?: string;
  users?: readonly string[];
  componentTypes?: readonly string[];
}

export interface LivePersonQueryStyle {
  /** Sent as `timezone`; `changeDate` is parsed in the same zone. */
  timezone: string;
  lpa?: boolean;
  automaticUpdates?: boolean;
  orderValueStyle?: OrderValueStyle;
}

/** Reads LivePerson's error envelopes: GraphQL `errors`, or `{message}` / `{error}` bodies. */
export function livePersonErrorDetails(body: unknown): ProviderErrorDetails | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const graphql = graphQlMessages(b.errors);
  if (graphql) return { message: graphql };
  if (typeof b.message === 'string') return { message: b.message, ...(b.code !== undefined ? { code: String(b.code) } : {}) };
  if (typeof b.error === 'string') return { message: b.error };
  if (b.error && typeof b.error === 'object' && typeof (b.error as Record<string, unknown>).message === 'string') {
    return { message: (b.error as Record<string, string>).message };
  }
  return undefined;
}

function graphQlMessages(errors: unknown): string | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors
    .map((e) => {
      if (e && typeof e === 'object' && typeof (e as Record<string, unknown>).message === 'string') return (e as Record<string, string>).message;
      return JSON.stringify(e);
    })
    .join('; ');
}

/** `{data:{auditData:[…]}}`, or a GraphQL error that arrived with HTTP 200. */
export function readAuditAnswer(body: unknown, redact: (s: string) => string): unknown[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadResponseError('LivePerson audit answer is not a JSON object', { provider: 'liveperson' });
  }
  const b = body as Record<string, unknown>;
  const errors = graphQlMessages(b.errors);
  if (errors !== undefined) {
    throw new ProviderError(`LivePerson audit query failed: ${redact(errors)}`, { provider: 'liveperson', status: 200 });
  }
  const data = b.data;
  const list = data && typeof data === 'object' ? (data as Record<string, unknown>).auditData : undefined;
  if (!Array.isArray(list)) {
    throw new BadResponseError('LivePerson audit answer has no data.auditData list', { provider: 'liveperson' });
  }
  return list;
}

export function checkDay(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDay(value)) throw new ConfigError(`${what} must be a calendar day YYYY-MM-DD (got "${value}")`, { provider: 'liveperson' });
  return value;
}

export class LivePersonAuditClient {
  constructor(
    private readonly http: HttpClient,
    private readonly domains: DomainResolver,
    private readonly auth: LivePersonAuth,
    private readonly style: LivePersonQueryStyle,
  ) {}

  /** One page: the query with these filters at `offset`, `first` rows. */
  async fetchPage(account: string, filter: LivePersonFilter, first: number, offset: number, signal?: AbortSignal): Promise<unknown[]> {
    return (await this.readPage(account, filter, first, offset, signal)).items;
  }

  /** One page's items, and its body for the records' raw items. */
  private async readPage(account: string, filter: LivePersonFilter, first: number, offset: number, signal?: AbortSignal): Promise<{ items: unknown[]; page: RawPage }> {
    const origin = await this.domains.resolve(account, LP_SERVICES.audit, signal);
    const url = new URL(`/api/account/${encodeURIComponent(account)}/configuration/metadata/audit`, origin);
    const args: AuditQueryArgs = {
      ...filter,
      first,
      offset,
      // Newest first, said explicitly: the paging's drift reasoning depends on it.
      orderBy: ['changeTimestamp'],
      orderDirection: ['DESC'],
      timezone: this.style.timezone,
      ...(this.style.lpa !== undefined ? { lpa: this.style.lpa } : {}),
      ...(this.style.automaticUpdates !== undefined ? { automaticUpdates: this.style.automaticUpdates } : {}),
      ...(this.style.orderValueStyle ? { orderValueStyle: this.style.orderValueStyle } : {}),
    };
    const query = buildAuditQuery(args);
    let res;
    try {
      res = await this.http.request({
        method: 'POST',
        url,
        json: { query },
        auth: this.auth.hookFor(account),
        signal,
        parseError: livePersonErrorDetails,
        note: `audit offset ${offset}`,
        expectJson: true,
      });
    } catch (e) {
      if (e instanceof AuthError && e.status === 401) throw this.auth.unauthorized(e);
      throw e;
    }
    const redact = (s: string) => this.http.redactor.redact(s);
    // The items are found again in the body by the very reader that found them here.
    return { items: readAuditAnswer(res.json(), redact), page: new RawPage(res.bytes ?? res.text, (body) => readAuditAnswer(body, redact)) };
  }

  /**
   * Every page for these filters, normalized; `onRecords` gets each record the
   * first time its id is seen, with the page it came from. The records come
   * back too unless `collect` is false.
   */
  async fetchAll(
    account: string,
    filter: LivePersonFilter,
    opts: {
      connection: string;
      zone: TimeZoneRule;
      pageSize: number;
      concurrency: number;
      signal?: AbortSignal;
      collect?: boolean;
      onRecords?: (records: AuditRecord[], raw: RawItems) => void;
      onPage?: (pagesDone: number, recordsSoFar: number) => void;
    },
  ): Promise<{ records: AuditRecord[]; paging: OffsetPagingResult }> {
    const seen = new Set<string>();
    const records: AuditRecord[] | undefined = opts.collect === false ? undefined : [];
    // The paging reads items only; each items array leads back to the body it was read from.
    const pageOf = new WeakMap<readonly unknown[], RawPage>();
    let pagesDone = 0;
    const paging = await readOffsetPages(
      // X-Total-Count is not read: whether it counts the page or every match isn't documented, so page lengths decide the end.
      async (offset) => {
        const { items, page } = await this.readPage(account, filter, opts.pageSize, offset, opts.signal);
        pageOf.set(items, page);
        return items;
      },
      {
        first: opts.pageSize,
        concurrency: opts.concurrency,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onPage: (items) => {
          // A malformed item throws here, failing that page's read like any other error.
          const page = normalizeLivePersonPage(items, { connection: opts.connection, zone: opts.zone });
          const fresh: AuditRecord[] = [];
          const index: number[] = [];
          for (let i = 0; i < page.length; i++) {
            const r = page[i] as AuditRecord;
            if (seen.has(r.id)) continue;
            seen.add(r.id);
            fresh.push(r);
            index.push(i);
          }
          records?.push(...fresh);
          pagesDone++;
          const raw = pageOf.get(items) as RawPage;
          if (fresh.length) opts.onRecords?.(fresh, index.length === page.length ? { page: raw } : { page: raw, index });
          opts.onPage?.(pagesDone, seen.size);
        },
      },
    );
    return { records: records ?? [], paging };
  }
}
