/**
 * The one HTTP client every provider uses, over node-fetch (it rides Node's
 * http/https, which VS Code patches for proxies).
 *
 * It owns the shared rules of ../shared/providers/README.md: per-request
 * timeouts, cancellation by AbortSignal, the retry policy (Retry-After in both
 * forms, exponential backoff with jitter, bounded), one refresh-and-retry on
 * 401, https except for loopback, and redirects followed by hand so that
 * credential headers never cross to another origin (node-fetch compares host
 * names only and forwards custom headers such as x-api-key).
 */
import fetch, { FetchError, Headers, type RequestInit } from 'node-fetch';
import type { ProviderId } from './model';
import {
  AuditLensError,
  AuthError,
  BadResponseError,
  CancelledError,
  NetworkError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
} from './errors';
import { assertSecureUrl, sameOrigin } from './hosts';
import { Redactor } from './redact';

export interface RetryPolicy {
  /** First backoff when a 429 has no Retry-After, and the base for 5xx/network backoff. */
  baseDelayMs: number;
  /** Upper bound of any single wait, including a Retry-After. */
  maxDelayMs: number;
  /** How many times a 429 is retried. */
  maxRateLimitRetries: number;
  /** How many times a 5xx, a network error or a 2xx body that should be JSON and isn't is retried. */
  maxServerRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRateLimitRetries: 5,
  maxServerRetries: 3,
};

export interface RequestLogEntry {
  method: string;
  /** Redacted. */
  url: string;
  status?: number;
  ms: number;
  attempt: number;
  /** Redacted. */
  error?: string;
  note?: string;
}

/** Supplies credential headers, and renews them once after a 401. */
export interface AuthHook {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** Returns false when the credential can't be refreshed (pasted token, API key). */
  refresh?(signal?: AbortSignal): Promise<boolean>;
}

export interface ProviderErrorDetails {
  code?: string;
  message?: string;
}

export interface HttpRequest {
  method?: string;
  url: string | URL;
  headers?: Record<string, string>;
  /** Extra header names that carry credentials (authorization, x-api-key, cookie are always treated so). */
  credentialHeaders?: string[];
  /** JSON body, serialized with Content-Type: application/json. */
  json?: unknown;
  /** A form body (OAuth token endpoints). */
  form?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  auth?: AuthHook;
  /** Statuses the caller handles itself instead of getting a thrown error (e.g. 404 for a missing version, 413). */
  acceptStatus?: (status: number) => boolean;
  /** Set false to receive 3xx answers instead of following them. */
  followRedirects?: boolean;
  /** Reads the provider's own code and message from an error body. */
  parseError?: (body: unknown, status: number) => ProviderErrorDetails | undefined;
  /** A short note for the request log (why this request was made). */
  note?: string;
  /**
   * The caller reads a 2xx body as JSON: one that isn't (a proxy's HTML page,
   * a cut-off or empty body) is retried like a 5xx, since such faults are
   * usually passing, and fails with a BadResponseError once retries run out.
   */
  expectJson?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The final URL after redirects. */
  url: string;
  text: string;
  /** The body as received (UTF-8): what a RawPage keeps, smaller than `text` whenever it holds a character beyond Latin-1. */
  bytes?: Uint8Array;
  /** Parses the body as JSON; HTML pages and malformed JSON become BadResponseError. */
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  provider?: ProviderId;
  redactor?: Redactor;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Bodies larger than this are refused rather than buffered. */
  maxBodyBytes?: number;
  onRequest?: (entry: RequestLogEntry) => void;
  userAgent?: string;
  /** Injected for tests; defaults to a cancellable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const ALWAYS_CREDENTIAL = ['authorization', 'x-api-key', 'cookie', 'proxy-authorization'];
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 256 * 1024 * 1024;
const QUOTE_LENGTH = 200;

export function sleepWithSignal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<)/i.test(text);
}

/** Reads the usual error envelopes: SFMC {message, errorcode}, GraphQL {errors}, FloQast {message:{errors}}. */
export function defaultErrorDetails(body: unknown): ProviderErrorDetails | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const code = b.errorcode ?? b.errorCode ?? b.code ?? b.error_code;
  let message: string | undefined;
  if (typeof b.message === 'string') message = b.message;
  else if (b.message && typeof b.message === 'object') {
    const errs = (b.message as Record<string, unknown>).errors;
    if (Array.isArray(errs)) {
      message = errs
        .map((e) => {
          const r = (e ?? {}) as Record<string, unknown>;
          return r.field ? `${String(r.field)}: ${String(r.message ?? '')}` : String(r.message ?? '');
        })
        .join('; ');
    }
  }
  if (!message && Array.isArray(b.errors)) {
    message = b.errors.map((e) => String((e as Record<string, unknown>)?.message ?? JSON.stringify(e))).join('; ');
  }
  if (!message && typeof b.error_description === 'string') message = b.error_description;
  if (!message && typeof b.error === 'string') message = b.error;
  if (!message && typeof b.detail === 'string') message = b.detail;
  if (message === undefined && code === undefined) return undefined;
  return { code: code === undefined || code === null ? undefined : String(code), message };
}

export class HttpClient {
  readonly redactor: Redactor;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.redactor = options.redactor ?? new Redactor();
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sleep = options.sleep ?? sleepWithSignal;
    this.random = options.random ?? Math.random;
  }

  get provider(): ProviderId | undefined {
    return this.options.provider;
  }

  /** A client sharing this one's settings, for another provider or log sink. */
  with(overrides: Partial<HttpClientOptions>): HttpClient {
    return new HttpClient({ ...this.options, redactor: this.redactor, ...overrides });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let res: HttpResponse;
    try {
      res = await this.attempts(req);
    } catch (e) {
      throw this.tagged(e, req);
    }
    // A body that isn't JSON fails in json(), after the request "succeeded": it names the request too.
    const parse = res.json.bind(res);
    const tag = (e: unknown) => this.tagged(e, req);
    return {
      ...res,
      json<T>(): T {
        try {
          return parse<T>();
        } catch (e) {
          throw tag(e);
        }
      },
    };
  }

  /** Names the failed request on a typed error (not on a cancellation, which names nothing that failed). */
  private tagged(e: unknown, req: HttpRequest): unknown {
    if (e instanceof AuditLensError && !(e instanceof CancelledError) && e.request === undefined) {
      e.request = `${(req.method ?? 'GET').toUpperCase()} ${pathAndQuery(this.redactor.redactUrl(String(req.url)))}`;
    }
    return e;
  }

  private async attempts(req: HttpRequest): Promise<HttpResponse> {
    const provider = this.options.provider;
    let rateLimitRetries = 0;
    let serverRetries = 0;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new CancelledError('Cancelled', { provider });
      let res: HttpResponse;
      try {
        res = await this.send(req, attempt);
      } catch (e) {
        if (e instanceof NetworkError && serverRetries < this.policy.maxServerRetries) {
          serverRetries++;
          await this.sleep(this.backoff(serverRetries), req.signal);
          continue;
        }
        throw e;
      }
      const { status } = res;
      if (req.acceptStatus?.(status)) return res;
      if (status === 401 && req.auth?.refresh && !refreshed) {
        refreshed = true;
        if (await req.auth.refresh(req.signal)) continue;
      }
      if (status === 429 && rateLimitRetries < this.policy.maxRateLimitRetries) {
        rateLimitRetries++;
        const hinted = parseRetryAfter(res.headers.get('retry-after'));
        // Without Retry-After (e.g. SFMC 50200 "temporarily blocked") back off exponentially from the base.
        const wait = Math.min(hinted ?? this.backoff(rateLimitRetries), this.policy.maxDelayMs);
        this.log({ method: req.method ?? 'GET', url: this.redactor.redactUrl(req.url), status, ms: 0, attempt, note: `rate limited, retrying in ${wait} ms` });
        await this.sleep(wait, req.signal);
        continue;
      }
      if (status >= 500 && serverRetries < this.policy.maxServerRetries) {
        serverRetries++;
        await this.sleep(this.backoff(serverRetries), req.signal);
        continue;
      }
      if (status >= 200 && status < 300) {
        if (!req.expectJson) return res;
        let value: unknown;
        try {
          value = res.json();
        } catch (e) {
          if (!(e instanceof BadResponseError) || serverRetries >= this.policy.maxServerRetries) throw e;
          serverRetries++;
          const wait = this.backoff(serverRetries);
          this.log({ method: req.method ?? 'GET', url: this.redactor.redactUrl(req.url), status, ms: 0, attempt, note: `the body is not JSON, retrying in ${wait} ms` });
          await this.sleep(wait, req.signal);
          continue;
        }
        // Parsed once here; the caller's json() gets the same value.
        return { ...res, json: <T>() => value as T };
      }
      throw this.errorFor(req, res, refreshed);
    }
  }

  /** request() + json(), for the common case. */
  async getJson<T = unknown>(req: HttpRequest): Promise<T> {
    return (await this.request({ expectJson: true, ...req })).json<T>();
  }

  /** Exponential backoff with full jitter in [base·2^(n-1)/2, base·2^(n-1)], bounded. */
  private backoff(n: number): number {
    const ceiling = Math.min(this.policy.baseDelayMs * 2 ** (n - 1), this.policy.maxDelayMs);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** One attempt: follows redirects by hand, applying the credential rule at every hop. */
  private async send(req: HttpRequest, attempt: number): Promise<HttpResponse> {
    const provider = this.options.provider;
    let url = assertSecureUrl(new URL(String(req.url)), 'Request URL');
    const origin = url;
    let method = (req.method ?? 'GET').toUpperCase();
    let body: string | undefined = req.body;
    const headers: Record<string, string> = { accept: 'application/json', ...lowerKeys(req.headers ?? {}) };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const credentialNames = new Set([...ALWAYS_CREDENTIAL, ...(req.credentialHeaders ?? []).map((h) => h.toLowerCase())]);
    let authHeaders = req.auth ? lowerKeys(await req.auth.headers(req.signal)) : {};
    const maxRedirects = this.options.maxRedirects ?? 5;
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    for (let hop = 0; ; hop++) {
      const crossOrigin = !sameOrigin(origin, url);
      const sent: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...headers, ...authHeaders })) {
        if (crossOrigin && credentialNames.has(k)) continue;
        sent[k] = v;
      }
      const started = Date.now();
      const raw = await this.fetchOnce(url, { method, headers: sent, body, redirect: 'manual' }, req.signal, timeoutMs, attempt);
      const ms = Date.now() - started;
      this.log({ method, url: this.redactor.redactUrl(url), status: raw.status, ms, attempt, ...(req.note ? { note: req.note } : {}) });
      const status = raw.status;
      if (status >= 300 && status < 400 && status !== 304 && req.followRedirects !== false) {
        const location = raw.headers.get('location');
        if (!location) {
          // Nothing to follow: let the caller see the 3xx (FloQast also names the URL in its body).
          return raw;
        }
        if (hop >= maxRedirects) {
          throw new BadResponseError(`Too many redirects (more than ${maxRedirects})`, { provider, status });
        }
        url = assertSecureUrl(new URL(location, url), 'Redirect target');
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        if (!sameOrigin(origin, url)) authHeaders = {};
        continue;
      }
      return raw;
    }
  }

  private async fetchOnce(
    url: URL,
    init: RequestInit,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    attempt: number,
  ): Promise<HttpResponse> {
    const provider = this.options.provider;
    if (signal?.aborted) throw new CancelledError('Cancelled', { provider });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    try {
      const res = await fetch(url.toString(), { ...init, signal: controller.signal as never, compress: true });
      const declared = Number(res.headers.get('content-length') ?? '0');
      const max = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
      if (declared > max) {
        controller.abort();
        throw new BadResponseError(`Response too large (${declared} bytes, limit ${max})`, { provider, status: res.status });
      }
      const buf = await res.arrayBuffer();
      if (buf.byteLength > max) throw new BadResponseError(`Response too large (${buf.byteLength} bytes, limit ${max})`, { provider, status: res.status });
      const text = new TextDecoder('utf-8').decode(buf);
      const finalUrl = url.toString();
      const redactor = this.redactor;
      return {
        status: res.status,
        headers: res.headers,
        url: finalUrl,
        text,
        bytes: new Uint8Array(buf),
        json<T>(): T {
          return parseJsonBody<T>(text, res.status, provider, redactor);
        },
      };
    } catch (e) {
      if (e instanceof AuditLensError) throw e;
      const ms = Date.now() - started;
      if (signal?.aborted) throw new CancelledError('Cancelled', { provider });
      if (timedOut) {
        this.log({ method: init.method ?? 'GET', url: this.redactor.redactUrl(url), ms, attempt, error: 'timeout' });
        throw new TimeoutError(`Request timed out after ${timeoutMs} ms: ${init.method ?? 'GET'} ${this.redactor.redactUrl(url)}`, { provider });
      }
      const detail = e instanceof FetchError ? (e.code ?? e.type ?? e.message) : e instanceof Error ? e.message : String(e);
      const message = this.redactor.redact(`${init.method ?? 'GET'} ${this.redactor.redactUrl(url)} failed: ${detail}`);
      this.log({ method: init.method ?? 'GET', url: this.redactor.redactUrl(url), ms, attempt, error: String(detail) });
      throw new NetworkError(message, { provider, cause: e });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private errorFor(req: HttpRequest, res: HttpResponse, refreshed: boolean): AuditLensError {
    const provider = this.options.provider;
    const status = res.status;
    let details: ProviderErrorDetails | undefined;
    let parsed: unknown;
    let isJson = false;
    try {
      parsed = JSON.parse(res.text);
      isJson = true;
    } catch {
      /* not JSON: quoted below */
    }
    if (isJson) details = req.parseError?.(parsed, status) ?? defaultErrorDetails(parsed);
    const quote = quoteBody(res.text, this.redactor);
    const text = this.redactor.redact(details?.message?.trim() || (isJson ? quote : describeNonJson(res.text, quote)));
    const opts = { provider, status, code: details?.code };
    if (status === 401) {
      const canRefresh = Boolean(req.auth?.refresh);
      const why = refreshed || !canRefresh ? 'the credential may have expired or been revoked' : 'the credential was refused';
      return new AuthError(`Unauthorized (${why}): ${text}`, { ...opts, needsNewCredential: true });
    }
    if (status === 403) return new AuthError(`Forbidden (missing permission or scope?): ${text}`, opts);
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      return new RateLimitedError(`Rate limited, still after ${this.policy.maxRateLimitRetries} retries: ${text}`, { ...opts, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    if (status === 413) return new ProviderError(`Payload too large: ${text}`, opts);
    return new ProviderError(text, opts);
  }

  private log(entry: RequestLogEntry): void {
    this.options.onRequest?.(entry);
  }
}

function pathAndQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function quoteBody(text: string, redactor: Redactor): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > QUOTE_LENGTH ? `${flat.slice(0, QUOTE_LENGTH)}…` : flat;
  return redactor.redact(cut);
}

function describeNonJson(text: string, quote: string): string {
  if (!text.trim()) return 'empty response body';
  if (looksLikeHtml(text)) return `an HTML page instead of JSON: "${quote}"`;
  return `a non-JSON body: "${quote}"`;
}

export function parseJsonBody<T>(text: string, status: number, provider: ProviderId | undefined, redactor: Redactor): T {
  if (!text.trim()) throw new BadResponseError('The server sent an empty body where JSON was expected', { provider, status });
  try {
    return JSON.parse(text) as T;
  } catch {
    const quote = quoteBody(text, redactor);
    if (looksLikeHtml(text)) {
      throw new BadResponseError(`The server sent an HTML page instead of JSON (HTTP ${status}): "${quote}"`, { provider, status });
    }
    throw new BadResponseError(`The server sent malformed JSON (HTTP ${status}): "${quote}"`, { provider, status });
  }
}
