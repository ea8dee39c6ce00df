/**
 * Uniphore audit log calls: one item by id (the verified contract), and the
 * list endpoint (vendor docs only, so its path and parameter names are
 * settings, with the documented names as defaults).
 *
 * The list is a Spring page. After page 0 every remaining page is requested
 * at once with bounded concurrency; duplicates (offset drift while new items
 * arrive) are dropped by id, a page read before an insert that an earlier
 * page already saw is read again (see fetchAudit), and when the last planned
 * page comes back full, items may have been pushed past it, so paging goes on
 * until a short page.
 */
import { AuthError, BadResponseError, ConfigError, ProviderError } from '../../core/errors';
import { fetchAheadUntilEnd } from '../../core/concurrency';
import { getField, isPlainObject, textOf } from '../../core/fieldAccess';
import type { HttpClient, HttpResponse } from '../../core/http';
import type { AuditQuery, AuditRecord, Scope, ScopePage } from '../../core/model';
import { sortAndDedupe } from '../../core/order';
import { DEFAULT_CONCURRENCY, type FetchOptions, type FetchResult } from '../../core/provider';
import { RawPage } from '../../core/rawPage';
import { isCalendarDay, utcDayBounds } from '../../core/time';
import type { UniphoreAuth } from './auth';
import { normalizeUniphoreItem, uniphoreIdOf, type UniphoreNormalizeContext } from './normalize';

export const UNIPHORE_DEFAULT_PAGE_SIZE = 100;
/** Not documented; a bound so that one answer stays a reasonable size. */
export const UNIPHORE_MAX_PAGE_SIZE = 1000;
/** How many recent items the category scan reads. */
const CATEGORY_SCAN_SIZE = 1000;

/** The list endpoint's path and parameter names, unverified upstream and so configurable. */
export interface UniphoreListShape {
  listPath: string;
  pageParam: string;
  sizeParam: string;
  sortParam: string;
  sortValue: string;
  startDateParam: string;
  endDateParam: string;
  /** An optional endpoint answering the audit categories (the seed names one without its path). */
  categoriesPath?: string;
}

export const DEFAULT_LIST_SHAPE: UniphoreListShape = {
  listPath: 'audit_log/',
  pageParam: 'page',
  sizeParam: 'size',
  sortParam: 'sort',
  sortValue: 'createdDate,desc',
  startDateParam: 'startDate',
  endDateParam: 'endDate',
};

export function listShapeFromSettings(settings: Record<string, string | undefined>): UniphoreListShape {
  const pick = (key: keyof UniphoreListShape): string | undefined => {
    const v = settings[key]?.trim();
    return v ? v : undefined;
  };
  const categoriesPath = pick('categoriesPath');
  return {
    listPath: pick('listPath') ?? DEFAULT_LIST_SHAPE.listPath,
    pageParam: pick('pageParam') ?? DEFAULT_LIST_SHAPE.pageParam,
    sizeParam: pick('sizeParam') ?? DEFAULT_LIST_SHAPE.sizeParam,
    sortParam: pick('sortParam') ?? DEFAULT_LIST_SHAPE.sortParam,
    sortValue: pick('sortValue') ?? DEFAULT_LIST_SHAPE.sortValue,
    startDateParam: pick('startDateParam') ?? DEFAULT_LIST_SHAPE.startDateParam,
    endDateParam: pick('endDateParam') ?? DEFAULT_LIST_SHAPE.endDateParam,
    ...(categoriesPath ? { categoriesPath } : {}),
  };
}

/** `relative` under `base`, keeping the base's path prefix (tenant URLs often have one). */
export function urlUnder(base: URL, relative: string): URL {
  const b = new URL(base.toString());
  b.search = '';
  b.hash = '';
  if (!b.pathname.endsWith('/')) b.pathname += '/';
  return new URL(relative.replace(/^\/+/, ''), b);
}

/** Inclusive UTC days as the list endpoint's `YYYY-MM-DDTHH:mm:ss.SSS` bounds. */
export function dateRangeParams(from: string | undefined, to: string | undefined): { start?: string; end?: string } {
  if (from !== undefined && !isCalendarDay(from)) throw new ConfigError(`"from" must be a day as YYYY-MM-DD, got "${from}"`, { provider: 'uniphore' });
  if (to !== undefined && !isCalendarDay(to)) throw new ConfigError(`"to" must be a day as YYYY-MM-DD, got "${to}"`, { provider: 'uniphore' });
  if (from !== undefined && to !== undefined && from > to) throw new ConfigError(`"from" (${from}) is after "to" (${to})`, { provider: 'uniphore' });
  return {
    ...(from !== undefined ? { start: `${from}T00:00:00.000` } : {}),
    ...(to !== undefined ? { end: `${to}T23:59:59.999` } : {}),
  };
}

/** A strict integer id, checked before any request. */
export function checkItemId(id: string): string {
  const t = String(id).trim();
  if (!/^\d{1,18}$/.test(t)) throw new ConfigError(`Uniphore audit log ids are integers, e.g. 488917; got "${id}"`, { provider: 'uniphore' });
  return t;
}

export interface SpringPage {
  content: unknown[];
  totalPages?: number;
  totalElements?: number;
  size?: number;
  last?: boolean;
}

export function readSpringPage(body: unknown, what: string): SpringPage {
  // A bare array is what a plain list endpoint would send; accept it as one page.
  if (Array.isArray(body)) return { content: body, totalPages: 1, last: true };
  if (!isPlainObject(body)) throw new BadResponseError(`Uniphore ${what}: expected a JSON object`, { provider: 'uniphore' });
  const content = getField(body, 'content');
  if (content !== undefined && content !== null && !Array.isArray(content)) {
    throw new BadResponseError(`Uniphore ${what}: "content" is not an array`, { provider: 'uniphore' });
  }
  const num = (name: string): number | undefined => {
    const v = getField(body, name);
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  };
  const last = getField(body, 'last');
  const page: SpringPage = { content: content ?? [] };
  const totalPages = num('totalPages');
  const totalElements = num('totalElements');
  const size = num('size');
  if (totalPages !== undefined) page.totalPages = totalPages;
  if (totalElements !== undefined) page.totalElements = totalElements;
  if (size !== undefined && size > 0) page.size = size;
  if (typeof last === 'boolean') page.last = last;
  return page;
}

export class UniphoreClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: UniphoreAuth,
    private readonly base: URL,
    private readonly shape: UniphoreListShape,
    private readonly ctx: UniphoreNormalizeContext,
  ) {}

  private async get(url: URL, signal: AbortSignal | undefined, note: string, acceptStatus?: (s: number) => boolean): Promise<HttpResponse> {
    try {
      return await this.http.request({
        url,
        auth: this.auth.hook(),
        ...(signal ? { signal } : {}),
        ...(acceptStatus ? { acceptStatus } : {}),
        note,
        expectJson: true,
      });
    } catch (e) {
      if (e instanceof AuthError && e.status === 401 && this.auth.method === 'token') {
        throw new AuthError(`The pasted Uniphore bearer token was refused: token expired or revoked. Paste a new token. (${e.message})`, {
          provider: 'uniphore',
          status: 401,
          code: e.code,
          needsNewCredential: true,
          cause: e,
        });
      }
      throw e;
    }
  }

  private listUrl(params: Record<string, string | number | undefined>): URL {
    const url = urlUnder(this.base, this.shape.listPath);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /** One list page, with its body for the records' raw items. */
  private async listPage(page: number, size: number, range: { start?: string; end?: string }, signal: AbortSignal | undefined): Promise<SpringPage & { raw: RawPage }> {
    const s = this.shape;
    const url = this.listUrl({
      [s.pageParam]: page,
      [s.sizeParam]: size,
      [s.sortParam]: s.sortValue,
      [s.startDateParam]: range.start,
      [s.endDateParam]: range.end,
    });
    const res = await this.get(url, signal, `audit page ${page}`);
    const what = `audit list page ${page}`;
    // The items are found again in the body by the very reader that found them here.
    return { ...readSpringPage(res.json(), what), raw: new RawPage(res.bytes ?? res.text, (body) => readSpringPage(body, what).content) };
  }

  async testConnection(signal?: AbortSignal): Promise<string> {
    const first = await this.listPage(0, 1, {}, signal);
    const count = first.totalElements !== undefined ? `${first.totalElements} audit log items` : 'audit log readable';
    return `Connected to ${this.base.host}: ${count}`;
  }

  async getById(id: string, signal?: AbortSignal): Promise<AuditRecord> {
    const clean = checkItemId(id);
    const url = urlUnder(this.base, `${this.shape.listPath.replace(/\/+$/, '')}/${clean}`);
    const res = await this.get(url, signal, 'audit item by id', (s) => s === 404);
    if (res.status === 404) throw new ProviderError(`Uniphore audit log item ${clean} not found`, { provider: 'uniphore', status: 404 });
    return normalizeUniphoreItem(res.json(), this.ctx);
  }

  async fetchAudit(query: AuditQuery, options: FetchOptions = {}): Promise<FetchResult> {
    const range = dateRangeParams(query.from, query.to);
    const category = query.category?.trim().toLowerCase() || undefined;
    const size = clampPageSize(options.pageSize);
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
    const signal = options.signal;
    const fromMs = query.from !== undefined ? utcDayBounds(query.from).startMs : Number.NEGATIVE_INFINITY;
    const toMs = query.to !== undefined ? utcDayBounds(query.to).endMs : Number.POSITIVE_INFINITY;

    const seen = new Set<string>();
    // Kept only when the caller collects: otherwise what was streamed is the caller's to keep.
    const records: AuditRecord[] | undefined = options.collect === false ? undefined : [];
    let count = 0;
    const warnings: string[] = [];
    let pagesDone = 0;
    let pagesTotal = 1;

    /** Keeps the page's items not seen before; returns how many were new (before filtering). */
    const take = (page: SpringPage & { raw: RawPage }): number => {
      let fresh = 0;
      const kept: AuditRecord[] = [];
      const index: number[] = [];
      const content = page.content;
      for (let i = 0; i < content.length; i++) {
        const item = content[i];
        const id = uniphoreIdOf(item);
        if (id !== undefined && seen.has(id)) continue;
        const record = normalizeUniphoreItem(item, this.ctx);
        seen.add(record.id);
        fresh++;
        // The list's own date filter is unverified; the days asked for are enforced here too.
        const t = Date.parse(record.time);
        if (t < fromMs || t >= toMs) continue;
        if (category !== undefined && record.action.toLowerCase() !== category) continue;
        kept.push(record);
        index.push(i);
      }
      records?.push(...kept);
      count += kept.length;
      pagesDone++;
      if (kept.length) options.onRecords?.(kept, index.length === content.length ? { page: page.raw } : { page: page.raw, index });
      options.onProgress?.({ pagesDone, pagesTotal: Math.max(pagesTotal, pagesDone), records: count });
      return fresh;
    };

    const first = await this.listPage(0, size, range, signal);
    take(first);
    // The server may cap the size it was asked for; its own answer says what a full page is.
    const fullPage = first.size ?? size;
    let lastFull = first.content.length >= fullPage && first.content.length > 0 && first.last !== true;
    let next = 1;
    if (first.totalPages !== undefined) {
      pagesTotal = Math.max(1, first.totalPages);
      if (first.totalPages > 1) {
        const planned = first.totalPages;
        // What the drift check needs of each page read, not its items: those are the caller's once streamed.
        const pages: (PageSummary | undefined)[] = [summaryOf(first)];
        // totalPages is the server's word only: an empty page ends the data, and no page past it is
        // asked for (a wrong total of a million pages must not become a million requests).
        await fetchAheadUntilEnd(
          1,
          concurrency,
          async (k) => {
            if (k >= planned) return { last: true };
            const page = await this.listPage(k, size, range, signal);
            take(page);
            pages[k] = summaryOf(page);
            return { last: page.content.length === 0 };
          },
          signal,
        );
        // Items inserted at the top push every later item down. A page read after such an insert,
        // followed by a page read before it, leaves a gap between them: the items pushed across the
        // boundary are in neither. totalElements tells which pages were read before an insert, so
        // a page that counts fewer items than the page before it is read again, now later than it.
        let k = 1;
        for (; k < planned; k++) {
          const previous = pages[k - 1]?.totalElements;
          let page = pages[k];
          if (page === undefined || (previous !== undefined && page.totalElements !== undefined && page.totalElements < previous)) {
            const again = await this.listPage(k, size, range, signal);
            take(again);
            pages[k] = page = summaryOf(again);
          }
          if (page.length === 0) break;
        }
        const lastPage = pages[planned - 1];
        lastFull = k >= planned && lastPage !== undefined && lastPage.length >= fullPage && lastPage.last !== true;
      }
      next = Math.max(1, first.totalPages);
    }
    // Past the planned pages (or with no total at all), one page at a time until a short one.
    while (lastFull) {
      const page = await this.listPage(next, size, range, signal);
      pagesTotal = Math.max(pagesTotal, next + 1);
      const fresh = take(page);
      lastFull = page.content.length >= fullPage && page.content.length > 0 && page.last !== true;
      if (lastFull && fresh === 0) {
        // A server that ignores the page parameter repeats itself; nothing new means nothing more.
        warnings.push(`Uniphore list page ${next} repeated earlier items; stopped there`);
        break;
      }
      next++;
    }
    return { records: records ? sortAndDedupe(records) : [], pages: pagesDone, warnings };
  }

  /** Distinct activity types among recent items, plus any a configured categories endpoint names. */
  async listCategories(signal?: AbortSignal): Promise<ScopePage> {
    const counts = new Map<string, number>();
    const first = await this.listPage(0, CATEGORY_SCAN_SIZE, {}, signal);
    for (const item of first.content) {
      if (!isPlainObject(item)) continue;
      const name = textOf(getField(item, 'activityType'));
      if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    if (this.shape.categoriesPath) {
      const res = await this.get(urlUnder(this.base, this.shape.categoriesPath), signal, 'audit categories');
      for (const name of categoryNames(res.json())) if (!counts.has(name)) counts.set(name, 0);
    }
    const scopes: Scope[] = [...counts.keys()]
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ provider: 'uniphore', type: 'category', id: name, name, detail: { recentItems: counts.get(name) ?? 0 } }));
    return { scopes, hasMore: false };
  }
}

/** A categories answer: strings, or objects naming one, bare or inside `content`. */
function categoryNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : isPlainObject(body) ? getField(body, 'content') ?? getField(body, 'categories') : undefined;
  if (!Array.isArray(list)) throw new BadResponseError('Uniphore categories: expected a list', { provider: 'uniphore' });
  const names: string[] = [];
  for (const entry of list) {
    const name = isPlainObject(entry)
      ? textOf(getField(entry, 'activityType')) ?? textOf(getField(entry, 'name')) ?? textOf(getField(entry, 'category'))
      : textOf(entry);
    if (name !== undefined) names.push(name);
  }
  return names;
}

interface PageSummary {
  length: number;
  totalElements: number | undefined;
  last: boolean | undefined;
}

function summaryOf(page: SpringPage): PageSummary {
  return { length: page.content.length, totalElements: page.totalElements, last: page.last };
}

function clampPageSize(size: number | undefined): number {
  if (size === undefined || !Number.isFinite(size)) return UNIPHORE_DEFAULT_PAGE_SIZE;
  return Math.min(UNIPHORE_MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}
