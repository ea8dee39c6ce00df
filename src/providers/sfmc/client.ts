/**
 * SFMC REST calls: journeys and their versions (scopes), the Journey Builder
 * audit log with its paging, and journey definitions (for diffs).
 *
 * Audit paging: `Count` is the total, so after page 1 every remaining page is
 * requested at once with bounded concurrency. But Count is only a hint:
 * recordings of the live API show a count of 6 with 5 items delivered. So a
 * short or empty page ends the data whatever Count said, and when every
 * planned page came back full the client keeps going one page at a time
 * until a short one.
 */
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../core/errors';
import { fetchAheadUntilEnd } from '../../core/concurrency';
import { getField, isPlainObject, textOf } from '../../core/fieldAccess';
import type { HttpClient, ProviderErrorDetails } from '../../core/http';
import type { AuditQuery, AuditRecord, Scope, ScopeListOptions, ScopePage } from '../../core/model';
import { DEFAULT_CONCURRENCY, type FetchOptions, type FetchResult } from '../../core/provider';
import { sortAndDedupe } from '../../core/order';
import { keepRecords, RawPage } from '../../core/rawPage';
import { joinUrl, type SfmcAuth } from './auth';
import { normalizeSfmcPage, type SfmcNormalizeContext } from './normalize';

/** `$pageSize` is documented with a default and maximum of 50. */
export const SFMC_MAX_PAGE_SIZE = 50;
export const SFMC_AUDIT_ACTIONS = ['all', 'create', 'modify', 'publish', 'unpublish', 'delete'] as const;
export const SFMC_REQUIRED_SCOPE = 'Automation | Journeys | Read';

const INTERACTIONS = 'interaction/v1/interactions';
type Params = Record<string, string | number | boolean | undefined>;

/** The path segment for a journey given as an id or as `key:KEY`. */
export function journeySegment(journey: string): string {
  const j = journey.trim();
  if (!j) throw new ConfigError('SFMC needs a journey: its id, or key:KEY', { provider: 'sfmc' });
  if (/^key:/i.test(j)) {
    const key = j.slice(4);
    if (!key) throw new ConfigError('SFMC journey "key:" needs a key after the colon', { provider: 'sfmc' });
    return `key:${encodeURIComponent(key)}`;
  }
  return encodeURIComponent(j);
}

export function normalizeAction(action: string | undefined): string {
  const a = (action ?? 'all').trim().toLowerCase();
  if (!(SFMC_AUDIT_ACTIONS as readonly string[]).includes(a)) {
    throw new ConfigError(`SFMC audit action "${action}" is not one of ${SFMC_AUDIT_ACTIONS.join(', ')}`, { provider: 'sfmc' });
  }
  return a;
}

/** SFMC error bodies: `{message, errorcode, documentation}`; code 10006 means "see additionalErrors". */
export function parseSfmcError(body: unknown): ProviderErrorDetails | undefined {
  if (!isPlainObject(body)) return undefined;
  const code = textOf(getField(body, 'errorcode')) ?? textOf(getField(body, 'code'));
  let message = textOf(getField(body, 'message')) ?? textOf(getField(body, 'error_description')) ?? textOf(getField(body, 'error'));
  const additional = getField(body, 'additionalErrors');
  if (Array.isArray(additional)) {
    const extra = additional
      .map((e) => (isPlainObject(e) ? textOf(getField(e, 'message')) ?? JSON.stringify(e) : String(e)))
      .filter((m) => m !== '');
    if (extra.length) message = [message, ...extra].filter(Boolean).join('; ');
  }
  if (message === undefined && code === undefined) return undefined;
  return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
}

export interface AuditEnvelope {
  count?: number;
  items: unknown[];
}

/** `{Page, PageSize, Count, Items}` in the seed, `{count, page, pageSize, items}` live; an empty result may lack items. */
export function readEnvelope(body: unknown, what: string): AuditEnvelope {
  if (!isPlainObject(body)) throw new BadResponseError(`SFMC ${what}: expected a JSON object`, { provider: 'sfmc' });
  const items = getField(body, 'items');
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    throw new BadResponseError(`SFMC ${what}: "items" is not an array`, { provider: 'sfmc' });
  }
  const rawCount = getField(body, 'count');
  const count = typeof rawCount === 'number' ? rawCount : typeof rawCount === 'string' && /^\d+$/.test(rawCount) ? Number(rawCount) : undefined;
  return { items: items ?? [], ...(count !== undefined && Number.isFinite(count) && count >= 0 ? { count } : {}) };
}

/** `raw`: the body as received, for the RawPage that keeps an audit page's items. */
type GetResult = { missing: false; body: unknown; raw: string | Uint8Array } | { missing: true; message: string };

export class SfmcClient {
  /** Keys of journeys seen in listings, so that listing a journey's versions needs no extra lookup. */
  private readonly keyById = new Map<string, string>();

  constructor(
    private readonly http: HttpClient,
    private readonly auth: SfmcAuth,
    readonly ctx: SfmcNormalizeContext,
  ) {}

  /** GET under the REST base. With `allowMissing`, a 400/404 (how SFMC answers an unknown version) resolves as missing. */
  async get(path: string, params: Params, signal: AbortSignal | undefined, allowMissing = false, note?: string): Promise<GetResult> {
    const url = joinUrl(await this.auth.rest(signal), path);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    try {
      const res = await this.http.request({
        url,
        auth: this.auth.hook(),
        ...(signal ? { signal } : {}),
        parseError: parseSfmcError,
        ...(allowMissing ? { acceptStatus: (s: number) => s === 400 || s === 404 } : {}),
        ...(note ? { note } : {}),
        expectJson: true,
      });
      if (res.status === 400 || res.status === 404) {
        let details: ProviderErrorDetails | undefined;
        try {
          details = parseSfmcError(JSON.parse(res.text));
        } catch {
          /* not JSON: the status says enough */
        }
        const text = details?.message ? `${details.message}${details.code ? ` (code ${details.code})` : ''}` : `HTTP ${res.status}`;
        return { missing: true, message: this.http.redactor.redact(text) };
      }
      return { missing: false, body: res.json(), raw: res.bytes ?? res.text };
    } catch (e) {
      if (e instanceof AuthError && e.status === 403) {
        throw new AuthError(`${e.message}. Reading journeys and their audit log needs the "${SFMC_REQUIRED_SCOPE}" scope on the installed package`, {
          provider: 'sfmc',
          status: 403,
          code: e.code,
          cause: e,
        });
      }
      throw e;
    }
  }

  private async getBody(path: string, params: Params, signal: AbortSignal | undefined, note?: string): Promise<unknown> {
    const r = await this.get(path, params, signal, false, note);
    return r.missing ? undefined : r.body;
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const rest = await this.auth.rest(signal);
    const env = readEnvelope(await this.getBody(INTERACTIONS, { $page: 1, $pageSize: 1 }, signal, 'test connection'), 'journey list');
    const journeys = env.count !== undefined ? `${env.count} journeys` : 'journeys readable';
    return `Connected to ${rest.host}: ${journeys}`;
  }

  /** One page of journeys (latest version of each), for the tree. */
  async listJourneys(options: ScopeListOptions, signal?: AbortSignal): Promise<ScopePage> {
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const pageSize = clampPageSize(options.pageSize);
    const params: Params = { $page: page, $pageSize: pageSize, $orderBy: 'ModifiedDate DESC' };
    if (options.nameFilter?.trim()) params.nameOrDescription = options.nameFilter.trim();
    const env = readEnvelope(await this.getBody(INTERACTIONS, params, signal, 'list journeys'), 'journey list');
    const scopes = env.items.map((item) => journeyScope(item));
    for (const s of scopes) if (typeof s.detail?.key === 'string') this.keyById.set(s.id, s.detail.key);
    const hasMore = env.count !== undefined ? page * pageSize < env.count && env.items.length > 0 : env.items.length >= pageSize;
    return { scopes, hasMore };
  }

  /** The key shared by every version of a journey given as an id or `key:KEY`. */
  async journeyKey(journey: string, signal?: AbortSignal): Promise<string> {
    const segment = journeySegment(journey);
    if (segment.startsWith('key:')) return journey.trim().slice(4);
    const known = this.keyById.get(journey.trim());
    if (known) return known;
    const r = await this.get(`${INTERACTIONS}/${segment}`, {}, signal, true, 'journey key');
    if (r.missing) throw new ProviderError(`SFMC journey ${journey} not found: ${r.message}`, { provider: 'sfmc', status: 404 });
    const key = isPlainObject(r.body) ? textOf(getField(r.body, 'key')) : undefined;
    if (!key) throw new BadResponseError(`SFMC journey ${journey}: the definition has no key`, { provider: 'sfmc' });
    return key;
  }

  /** Every version of the journey, newest first. */
  async listVersions(journey: string, signal?: AbortSignal): Promise<Scope[]> {
    return this.versionsByKey(journey, await this.journeyKey(journey, signal), signal);
  }

  private async versionsByKey(journey: string, key: string, signal?: AbortSignal): Promise<Scope[]> {
    const byVersion = new Map<number, Scope>();
    for (let page = 1; ; page++) {
      const body = await this.getBody(INTERACTIONS, { $page: page, $pageSize: SFMC_MAX_PAGE_SIZE, mostRecentVersionOnly: false, key }, signal, 'list versions');
      const env = readEnvelope(body, 'version list');
      let fresh = 0;
      for (const item of env.items) {
        if (!isPlainObject(item)) continue;
        const itemKey = textOf(getField(item, 'key'));
        // Defensive: a server that ignored the key filter must not mix in other journeys.
        if (itemKey !== undefined && itemKey !== key) continue;
        const version = versionNumberOf(getField(item, 'version') ?? getField(item, 'versionNumber'));
        if (version === undefined || byVersion.has(version)) continue;
        byVersion.set(version, versionScope(journey, version, item));
        fresh++;
      }
      const seen = page * SFMC_MAX_PAGE_SIZE;
      if (env.items.length < SFMC_MAX_PAGE_SIZE || fresh === 0 || (env.count !== undefined && seen >= env.count)) break;
    }
    return [...byVersion.entries()].sort((a, b) => b[0] - a[0]).map(([, s]) => s);
  }

  /** One version's definition, or undefined when that version does not exist. */
  async getDefinition(journey: string, version: number, signal?: AbortSignal): Promise<unknown | undefined> {
    checkVersion(version);
    const r = await this.get(`${INTERACTIONS}/${journeySegment(journey)}`, { versionNumber: version }, signal, true, 'journey definition');
    return r.missing ? undefined : r.body;
  }

  async fetchAudit(query: AuditQuery, options: FetchOptions = {}): Promise<FetchResult> {
    const journey = query.journey ?? '';
    const segment = journeySegment(journey);
    const action = normalizeAction(query.action);
    if (query.version !== undefined) checkVersion(query.version);
    const run = new AuditRun(this, options);
    const path = `${INTERACTIONS}/${segment}/audit/${action}`;

    if (query.version !== undefined) {
      await run.stream(path, { versionNumber: query.version }, false);
      return run.result();
    }

    // Every version, newest first, as mcdev reads a journey's history. Versions
    // missing from the listing are still asked for: a gap answers an error
    // that is skipped, and the walk goes on down to version 1. The walk goes
    // by key, which every version shares, where an id names a single version.
    const key = await this.journeyKey(journey, options.signal);
    const versions = await this.versionsByKey(journey, key, options.signal);
    const newest = Number(versions[0]?.detail?.version ?? 0);
    if (!newest) {
      await run.stream(path, {}, false);
      return run.result();
    }
    const byKey = `${INTERACTIONS}/key:${encodeURIComponent(key)}/audit/${action}`;
    for (let v = newest; v >= 1; v--) {
      const found = await run.stream(byKey, { versionNumber: v }, true);
      if (!found.found) run.warn(`SFMC journey ${journey}: version ${v} skipped (${found.message})`);
    }
    return run.result();
  }
}

/** An audit page read: its envelope, and its body for the records' raw items. */
type AuditPage = AuditEnvelope & { page: RawPage };

/** One fetchAudit call: its seen ids, records, page count, progress and warnings. */
class AuditRun {
  private readonly seen = new Set<string>();
  /** Kept only when the caller collects: otherwise what was streamed is the caller's to keep. */
  private readonly records: AuditRecord[] = [];
  private readonly collect: boolean;
  private count = 0;
  private readonly warnings: string[] = [];
  private pages = 0;
  private plannedTotal = 0;
  private readonly pageSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly client: SfmcClient,
    private readonly options: FetchOptions,
  ) {
    this.pageSize = clampPageSize(options.pageSize);
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    this.collect = options.collect !== false;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  result(): FetchResult {
    return { records: sortAndDedupe(this.records), pages: this.pages, warnings: this.warnings };
  }

  /**
   * All pages of one audit listing. With `allowMissing`, a 400/404 on the
   * first page means the version does not exist.
   */
  async stream(path: string, params: Params, allowMissing: boolean): Promise<{ found: true } | { found: false; message: string }> {
    const signal = this.options.signal;
    const size = this.pageSize;
    const fetchPage = async (page: number, allowMissingHere: boolean): Promise<AuditPage | { missing: string }> => {
      const r = await this.client.get(path, { ...params, $page: page, $pageSize: size }, signal, allowMissingHere, `audit page ${page}`);
      if (r.missing) return { missing: r.message };
      const what = `audit page ${page}`;
      // The page's items are found again in its body by the very reader that found them here.
      const locate = (body: unknown) => readEnvelope(body, what).items;
      return { ...readEnvelope(r.body, what), page: new RawPage(r.raw, locate) };
    };

    const first = await fetchPage(1, allowMissing);
    if ('missing' in first) return { found: false, message: first.missing };
    const planned = first.count !== undefined ? Math.max(1, Math.ceil(first.count / size)) : 1;
    this.plannedTotal += planned;
    this.take(first);
    if (first.items.length < size) return { found: true };

    let endAt = Number.POSITIVE_INFINITY;
    if (planned > 1) {
      // A short page ended the data whatever Count promised: no page past it is asked for, so an
      // overstated Count (a billion) costs nothing beyond the pages in flight.
      await fetchAheadUntilEnd(
        2,
        this.concurrency,
        async (page) => {
          if (page > planned) return { last: true };
          const env = (await fetchPage(page, false)) as AuditPage;
          this.take(env);
          const short = env.items.length < size;
          if (short) endAt = Math.min(endAt, page);
          return { last: short || page === planned };
        },
        signal,
      );
    }
    if (endAt !== Number.POSITIVE_INFINITY) return { found: true };

    // Every planned page was full, so Count undercounted (or was missing): go on until a short page.
    for (let page = planned + 1; ; page++) {
      const env = (await fetchPage(page, false)) as AuditPage;
      this.plannedTotal++;
      const fresh = this.take(env);
      if (env.items.length < size) break;
      if (fresh === 0) {
        // A server that ignores $page answers page 1 forever; nothing new means nothing more to read.
        this.warn(`SFMC audit: page ${page} repeated earlier items; stopped there`);
        break;
      }
    }
    return { found: true };
  }

  /** Normalizes one page, keeps the records not seen before, reports progress; returns how many were new. */
  private take(env: AuditPage): number {
    const page = normalizeSfmcPage(env.items, this.client.ctx);
    const fresh = keepRecords(page, { page: env.page }, (r) => {
      if (this.seen.has(r.id)) return false;
      this.seen.add(r.id);
      return true;
    });
    if (this.collect) this.records.push(...fresh.records);
    this.count += fresh.records.length;
    this.pages++;
    if (fresh.records.length) this.options.onRecords?.(fresh.records, fresh.raw);
    this.options.onProgress?.({ pagesDone: this.pages, pagesTotal: Math.max(this.plannedTotal, this.pages), records: this.count });
    return fresh.records.length;
  }
}

function clampPageSize(size: number | undefined): number {
  if (size === undefined || !Number.isFinite(size)) return SFMC_MAX_PAGE_SIZE;
  return Math.min(SFMC_MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new ConfigError(`SFMC journey version must be a positive integer, got ${version}`, { provider: 'sfmc' });
  }
}

function versionNumberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0) return Number(value);
  return undefined;
}

function scalarDetail(item: Record<string, unknown>, fields: Record<string, string>): Record<string, string | number | boolean> {
  const detail: Record<string, string | number | boolean> = {};
  for (const [out, field] of Object.entries(fields)) {
    const v = getField(item, field);
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) detail[out] = v;
  }
  return detail;
}

function journeyScope(item: unknown): Scope {
  if (!isPlainObject(item)) throw new BadResponseError('SFMC journey list: an item is not an object', { provider: 'sfmc' });
  const id = textOf(getField(item, 'id'));
  const key = textOf(getField(item, 'key'));
  if (!id && !key) throw new BadResponseError('SFMC journey list: an item has neither id nor key', { provider: 'sfmc' });
  const name = textOf(getField(item, 'name')) ?? key ?? id ?? '';
  return {
    provider: 'sfmc',
    type: 'journey',
    id: id ?? `key:${key}`,
    name,
    detail: scalarDetail(item, { status: 'status', version: 'version', key: 'key', modifiedDate: 'modifiedDate', description: 'description' }),
  };
}

function versionScope(parent: string, version: number, item: Record<string, unknown>): Scope {
  const detail = scalarDetail(item, { status: 'status', key: 'key', definitionId: 'id', modifiedDate: 'modifiedDate' });
  detail.version = version;
  // Shown under its journey, so the journey's name would only repeat; the status tells versions apart.
  const status = textOf(getField(item, 'status'));
  return {
    provider: 'sfmc',
    type: 'version',
    id: `${parent}@v${version}`,
    name: status ? `Version ${version} · ${status}` : `Version ${version}`,
    parent,
    detail,
  };
}
