/**
 * FloQast's audit trail: cursor pages linked by `links.next`, with two ways
 * of dealing with large pages. A 413 asks to retry with `allowRedirect=true`
 * (or a smaller `page[size]`); a 303 then points at the page elsewhere,
 * possibly on another origin such as a storage bucket, where the API key
 * must never be sent.
 */
import { AuditLensError, AuthError, BadResponseError, CancelledError, ProviderError, isCancellation } from '../../core/errors';
import type { AuthHook, HttpClient, HttpResponse, ProviderErrorDetails } from '../../core/http';
import { RawPage } from '../../core/rawPage';
import { apiKeyAuth, apiKeyRejected } from './auth';

export const AUDIT_TRAIL_PATH = '/api/v1/audit-trail';
export const ME_PATH = '/api/v1/me';
/** Documented default and maximum. */
export const MAX_PAGE_SIZE = 30_000;

export interface FloQastFilter {
  /** Inclusive days, YYYY-MM-DD. */
  startDate?: string;
  endDate?: string;
  apiKeyId?: string;
}

/** FloQast's error envelopes: 400 `{message:{errors:[{field, message}]}}`, 401/413 `{message, name}`. */
export function floQastErrorDetails(body: unknown): ProviderErrorDetails | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const name = typeof b.name === 'string' ? b.name : undefined;
  if (typeof b.message === 'string') return { message: b.message, ...(name ? { code: name } : {}) };
  const errors = b.message && typeof b.message === 'object' ? (b.message as Record<string, unknown>).errors : undefined;
  if (Array.isArray(errors) && errors.length) {
    const message = errors
      .map((e) => {
        const r = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
        const text = typeof r.message === 'string' ? r.message : JSON.stringify(r.message ?? e);
        return r.field !== undefined ? `${String(r.field)}: ${text}` : text;
      })
      .join('; ');
    return { message, ...(name ? { code: name } : {}) };
  }
  return undefined;
}

interface AuditPage {
  items: unknown[];
  next: string | undefined;
  /** The body of the response the items were read from. */
  page: RawPage;
}

/** Reads a page from the response holding it; its items are found again in its body by the same reader. */
function readAuditResponse(res: HttpResponse): AuditPage {
  return { ...readAuditPage(res.json()), page: new RawPage(res.bytes ?? res.text, (body) => readAuditPage(body).items) };
}

function readAuditPage(body: unknown): Omit<AuditPage, 'page'> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadResponseError('FloQast audit answer is not a JSON object', { provider: 'floqast' });
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.data)) throw new BadResponseError('FloQast audit answer has no data list', { provider: 'floqast' });
  const links = b.links && typeof b.links === 'object' ? (b.links as Record<string, unknown>) : {};
  const next = links.next;
  if (next !== undefined && next !== null && typeof next !== 'string') throw new BadResponseError('FloQast links.next is not a string', { provider: 'floqast' });
  return { items: b.data, next: next || undefined };
}

export interface FetchTrailOptions {
  pageSize: number;
  signal?: AbortSignal;
  /** Each page's items, with the page they were read from. */
  onPage?: (items: unknown[], page: RawPage) => void;
  /** Recoveries worth telling the user about (413 handling). */
  onWarning?: (message: string) => void;
}

export class FloQastClient {
  private readonly auth: AuthHook;

  constructor(
    private readonly http: HttpClient,
    private readonly base: URL,
    apiKey: string,
  ) {
    this.auth = apiKeyAuth(apiKey);
  }

  /** A path under the base URL, keeping any path prefix a custom base has. */
  endpoint(path: string, params?: URLSearchParams): URL {
    const url = new URL(this.base.toString());
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    url.search = params ? params.toString() : '';
    return url;
  }

  async me(signal?: AbortSignal): Promise<{ apiKeyId?: string; userId?: string }> {
    const res = await this.call({ url: this.endpoint(ME_PATH), signal });
    const body = res.json<unknown>();
    const data = body && typeof body === 'object' ? (body as Record<string, unknown>).data : undefined;
    if (!data || typeof data !== 'object') throw new BadResponseError('FloQast /api/v1/me answered without data', { provider: 'floqast' });
    const d = data as Record<string, unknown>;
    const out: { apiKeyId?: string; userId?: string } = {};
    if (typeof d.apiKeyId === 'string' || typeof d.apiKeyId === 'number') out.apiKeyId = String(d.apiKeyId);
    if (typeof d.userId === 'string' || typeof d.userId === 'number') out.userId = String(d.userId);
    return out;
  }

  /** Every page of the trail for `filter`, following `links.next` to its end. Returns the number of pages. */
  async fetchTrail(filter: FloQastFilter, options: FetchTrailOptions): Promise<number> {
    const state = { size: Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(options.pageSize))), allowRedirect: false, redirectsWork: true };
    const params = new URLSearchParams();
    if (filter.startDate !== undefined) params.set('filter[startDate]', filter.startDate);
    if (filter.endDate !== undefined) params.set('filter[endDate]', filter.endDate);
    if (filter.apiKeyId !== undefined) params.set('filter[userApiKey._id]', filter.apiKeyId);
    params.set('page[size]', String(state.size));
    let url = this.endpoint(AUDIT_TRAIL_PATH, params);
    const followed = new Set<string>();
    let pages = 0;
    for (;;) {
      const page = await this.fetchPageRecovering(url, state, options);
      options.onPage?.(page.items, page.page);
      pages++;
      if (page.next === undefined) return pages;
      url = this.nextUrl(page.next, state);
      // A server that hands back a link already followed would page forever.
      const key = url.toString();
      if (followed.has(key)) throw new BadResponseError('FloQast links.next repeats a page already read', { provider: 'floqast' });
      followed.add(key);
    }
  }

  /**
   * `links.next` is root-relative: it is resolved against the API base (never
   * a redirect's URL), and its query is rebuilt with URLSearchParams so the
   * brackets FloQast sends raw go out percent-encoded.
   */
  nextUrl(next: string, state: { size: number; allowRedirect: boolean }): URL {
    const cut = next.replace(/#.*$/, '');
    const q = cut.indexOf('?');
    const path = q >= 0 ? cut.slice(0, q) : cut;
    const params = new URLSearchParams(q >= 0 ? cut.slice(q + 1) : '');
    let url: URL;
    try {
      url = new URL(path, this.base);
    } catch {
      throw new BadResponseError('FloQast links.next is not a usable link', { provider: 'floqast' });
    }
    if (url.origin !== this.base.origin) {
      // Following it would send the API key to another origin.
      throw new BadResponseError(`FloQast links.next points at another origin (${url.origin}); refusing to send the API key there`, { provider: 'floqast' });
    }
    params.set('page[size]', String(state.size));
    if (state.allowRedirect) params.set('allowRedirect', 'true');
    else params.delete('allowRedirect');
    url.search = params.toString();
    return url;
  }

  /** One page, recovering from 413 and from a redirect target that can't be read. */
  private async fetchPageRecovering(
    url: URL,
    state: { size: number; allowRedirect: boolean; redirectsWork: boolean },
    options: FetchTrailOptions,
  ): Promise<AuditPage> {
    for (;;) {
      const res = await this.call({ url, signal: options.signal, acceptStatus: (s) => REDIRECTS.has(s) || s === 413, followRedirects: false });
      if (REDIRECTS.has(res.status)) {
        try {
          return await this.followRedirect(res, url, options.signal);
        } catch (e) {
          // A refused key stays refused; only a target that can't be read is worked around.
          if (isCancellation(e) || e instanceof AuthError || !state.redirectsWork) throw e;
          state.redirectsWork = false;
          state.allowRedirect = false;
          url = this.shrink(url, state, options, `the redirected page could not be read (${e instanceof Error ? e.message : String(e)})`);
          continue;
        }
      }
      if (res.status === 413) {
        if (!state.allowRedirect && state.redirectsWork) {
          state.allowRedirect = true;
          options.onWarning?.('FloQast answered 413 (response larger than 1 MB): retrying with allowRedirect=true');
          url = withParam(url, 'allowRedirect', 'true');
          continue;
        }
        url = this.shrink(url, state, options, 'FloQast answered 413 (response larger than 1 MB)');
        continue;
      }
      return readAuditResponse(res);
    }
  }

  /** Halves `page[size]` after a failure that a smaller page avoids. */
  private shrink(url: URL, state: { size: number; allowRedirect: boolean }, options: FetchTrailOptions, why: string): URL {
    if (state.size <= 1) {
      throw new ProviderError(`${why}, even with page[size]=1`, { provider: 'floqast', status: 413 });
    }
    state.size = Math.max(1, Math.floor(state.size / 2));
    options.onWarning?.(`${why}: halving page[size] to ${state.size}`);
    let out = withParam(url, 'page[size]', String(state.size));
    if (!state.allowRedirect) out = withoutParam(out, 'allowRedirect');
    return out;
  }

  /**
   * A 303 names the page's location in its Location header, or failing that
   * in `data.url`; any other redirect (a proxy's or a moved API's 301, 302,
   * 307 or 308) is read the same way, since every call here is a GET. The
   * key goes along only when that location has the API's own origin (scheme,
   * host and port).
   */
  private async followRedirect(res: HttpResponse, from: URL, signal: AbortSignal | undefined): Promise<AuditPage> {
    const status = res.status;
    let target = res.headers.get('location') ?? undefined;
    if (!target) {
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        body = undefined;
      }
      const data = body && typeof body === 'object' ? (body as Record<string, unknown>).data : undefined;
      const named = data && typeof data === 'object' ? (data as Record<string, unknown>).url : undefined;
      if (typeof named === 'string' && named) target = named;
    }
    if (!target) throw new BadResponseError(`FloQast answered ${status} without a Location header or data.url`, { provider: 'floqast', status });
    let location: URL;
    try {
      location = new URL(target, from);
    } catch {
      throw new BadResponseError(`FloQast answered ${status} with an unusable location`, { provider: 'floqast', status });
    }
    const sameOrigin = location.origin === this.base.origin;
    if (sameOrigin) return readAuditResponse(await this.call({ url: location, signal, note: `FloQast ${status} target` }));
    try {
      const answer = await this.call({ url: location, signal, withKey: false, note: `FloQast ${status} target (other origin, no API key)` });
      return readAuditResponse(answer);
    } catch (e) {
      if (isCancellation(e)) throw e;
      // Not an API-key problem whatever its status: the key never went there.
      throw new ProviderError(`reading the redirected page at ${location.origin} failed: ${e instanceof Error ? e.message : String(e)}`, {
        provider: 'floqast',
        ...(e instanceof AuditLensError && e.status !== undefined ? { status: e.status } : {}),
        cause: e,
      });
    }
  }

  private async call(req: {
    url: URL;
    signal: AbortSignal | undefined;
    acceptStatus?: (status: number) => boolean;
    followRedirects?: boolean;
    withKey?: boolean;
    note?: string;
  }): Promise<HttpResponse> {
    if (req.signal?.aborted) throw new CancelledError('Cancelled', { provider: 'floqast' });
    const withKey = req.withKey ?? true;
    try {
      return await this.http.request({
        url: req.url,
        ...(withKey ? { auth: this.auth } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.acceptStatus ? { acceptStatus: req.acceptStatus } : {}),
        ...(req.followRedirects !== undefined ? { followRedirects: req.followRedirects } : {}),
        ...(req.note ? { note: req.note } : {}),
        parseError: floQastErrorDetails,
        expectJson: true,
      });
    } catch (e) {
      if (withKey && e instanceof AuthError && e.status === 401) throw apiKeyRejected(e);
      throw e;
    }
  }
}

/** Redirect statuses this client follows by hand (node-fetch would forward x-api-key to another origin). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function withParam(url: URL, name: string, value: string): URL {
  const out = new URL(url.toString());
  const params = new URLSearchParams(out.search);
  params.set(name, value);
  out.search = params.toString();
  return out;
}

function withoutParam(url: URL, name: string): URL {
  const out = new URL(url.toString());
  const params = new URLSearchParams(out.search);
  params.delete(name);
  out.search = params.toString();
  return out;
}
