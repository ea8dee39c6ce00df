/**
 * Fault switches that tests and benchmarks flip through the in-process API:
 * each rule matches requests by path (and optionally method, origin,
 * provider), lets the first `skip` matches pass, then fires `times` times.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderId } from '../core/model';
import { apiForPath } from './errorShapes';
import type { SandboxOrigin, SandboxRequest } from './http';

export type FaultKind =
  /** 429 with `Retry-After: <retryAfter>` seconds (default 1). */
  | '429'
  /** 429 with `Retry-After` as an HTTP date `retryAfter` seconds ahead (default 1). */
  | '429-date'
  /** 429 with no `Retry-After` at all. */
  | '429-none'
  | '500'
  | '502'
  | '503'
  /** Sends the headers and half of the real body, then destroys the socket. */
  | 'reset'
  /** Never answers (until the client gives up or the sandbox closes); with `delayMs`, answers normally after it. */
  | 'timeout'
  /** Waits `delayMs` (default 1000), then answers normally. */
  | 'slow'
  /** The real body cut in half, with status 200. */
  | 'malformed'
  /** An HTML error page, with status `status` (default 200). */
  | 'html'
  /** Status 200 with an empty body. */
  | 'empty'
  /** The provider's own 401 / 403 / 413 error body. */
  | '401'
  | '403'
  | '413'
  /** FloQast-style 303: `{data:{url}}` and `Location` on the other origin, which serves the real answer. */
  | '303'
  /** A plain 307 to the other origin, which serves the real answer (redirect credential tests for any API). */
  | '307'
  /** Invalidates every token the sandbox has issued, then answers normally (so this request gets a 401). */
  | 'expire-tokens';

export const FAULT_KINDS: readonly FaultKind[] = [
  '429', '429-date', '429-none', '500', '502', '503', 'reset', 'timeout', 'slow',
  'malformed', 'html', 'empty', '401', '403', '413', '303', '307', 'expire-tokens',
];

/** What a rule or hook sees of a request. */
export interface RequestInfo {
  method: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  /** The pathname, percent-encoded as received. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  origin: SandboxOrigin;
  /** The emulated API the path belongs to. */
  provider?: ProviderId;
}

export interface RequestMatch {
  /**
   * A string is a prefix of the path and query as received (so `/audit_log`
   * matches `/audit_log/?page=2`); a RegExp is tested against the same text.
   * Left out, every path matches.
   */
  path?: string | RegExp;
  /** Case-insensitive; left out, every method matches. */
  method?: string;
  /** Default `main`: faults on the redirect origin must ask for it. */
  origin?: SandboxOrigin | 'any';
  provider?: ProviderId;
  /** Any further condition. */
  where?: (request: RequestInfo) => boolean;
  /**
   * Let the first N matching requests that reach this rule pass untouched
   * (default 0). A request an earlier rule already took does not reach it.
   */
  skip?: number;
  /** How many matching requests it fires on after the skipped ones (default 1; `Infinity` for always). */
  times?: number;
}

export interface FaultRule extends RequestMatch {
  kind: FaultKind;
  /** Seconds, for `429` and `429-date` (default 1). */
  retryAfter?: number;
  /** For `html`: the status sent with the page (default 200). */
  status?: number;
  /** For `slow` (default 1000) and `timeout` (default: never answer). */
  delayMs?: number;
  /** Replaces the default message of an error body. */
  message?: string;
}

export interface RuleHandle {
  /** Matching requests seen so far, skipped ones included. */
  readonly matched: number;
  /** Times it fired. */
  readonly fired: number;
  /** True once it has fired `times` times. */
  readonly done: boolean;
  /** Turns it off. */
  remove(): void;
}

export interface InsertOnRequestOptions extends RequestMatch {
  provider: ProviderId;
  /** Items to insert each time it fires. */
  count: number;
  /** LivePerson: the account (default the demo account). */
  accountId?: string;
  /** SFMC: the journey id or `key:KEY` whose latest version gets new Modify items (default: any journey the request names). */
  journey?: string;
}

interface Entry<T> {
  rule: T & RequestMatch;
  matched: number;
  fired: number;
  removed: boolean;
}

function matches(rule: RequestMatch, request: RequestInfo): boolean {
  const origin = rule.origin ?? 'main';
  if (origin !== 'any' && origin !== request.origin) return false;
  if (rule.method && rule.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (rule.provider && rule.provider !== request.provider) return false;
  if (rule.path !== undefined) {
    if (typeof rule.path === 'string') {
      if (!request.rawUrl.startsWith(rule.path)) return false;
    } else {
      rule.path.lastIndex = 0;
      if (!rule.path.test(request.rawUrl)) return false;
    }
  }
  if (rule.where && !rule.where(request)) return false;
  return true;
}

class RuleList<T> {
  private entries: Entry<T>[] = [];

  add(rule: T & RequestMatch): RuleHandle {
    const entry: Entry<T> = { rule, matched: 0, fired: 0, removed: false };
    this.entries.push(entry);
    return {
      get matched() {
        return entry.matched;
      },
      get fired() {
        return entry.fired;
      },
      get done() {
        return entry.removed || entry.fired >= (entry.rule.times ?? 1);
      },
      remove: () => {
        entry.removed = true;
        this.entries = this.entries.filter((e) => e !== entry);
      },
    };
  }

  /**
   * The rules that fire on this request. A rule counts only the requests
   * that reach it: with `firstOnly`, the first rule that fires takes the
   * request, and the rules after it neither see nor count it (so two rules
   * on one path make two separate bursts, not one long one).
   */
  take(request: RequestInfo, firstOnly: boolean): (T & RequestMatch)[] {
    const out: (T & RequestMatch)[] = [];
    for (const entry of this.entries) {
      if (entry.removed || entry.fired >= (entry.rule.times ?? 1)) continue;
      if (!matches(entry.rule, request)) continue;
      entry.matched++;
      if (entry.matched <= (entry.rule.skip ?? 0)) continue;
      entry.fired++;
      out.push(entry.rule);
      if (firstOnly) break;
    }
    return out;
  }

  clear(): void {
    for (const e of this.entries) e.removed = true;
    this.entries = [];
  }
}

export type InsertFn = (options: InsertOnRequestOptions, request: RequestInfo) => void;

/** The `faults` object of a running sandbox. */
export class Faults {
  private readonly rules = new RuleList<FaultRule>();
  private readonly hooks = new RuleList<{ run: (request: RequestInfo) => void | Promise<void> }>();

  constructor(
    private readonly insert: InsertFn,
    private readonly expire: () => void,
  ) {}

  /** Adds a fault rule; the first matching rule that is still active fires. */
  add(rule: FaultRule): RuleHandle {
    if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`Unknown fault kind "${String(rule.kind)}"`);
    return this.rules.add({ ...rule });
  }

  /** Runs `run` before a matching request is served (default: once, on the first match). */
  onRequest(match: RequestMatch, run: (request: RequestInfo) => void | Promise<void>): RuleHandle {
    return this.hooks.add({ ...match, run });
  }

  /**
   * Inserts `count` newer items before a matching request is served: "records
   * inserted while paging". By default it matches the provider's audit
   * listing, skips the first request (so page one is served as it was) and
   * fires once.
   */
  insertOnRequest(options: InsertOnRequestOptions): RuleHandle {
    const match: RequestMatch = {
      ...options,
      skip: options.skip ?? 1,
      times: options.times ?? 1,
      path: options.path ?? DEFAULT_AUDIT_PATHS[options.provider],
    };
    return this.hooks.add({ ...match, run: (request) => this.insert(options, request) });
  }

  /** Invalidates every token issued so far. */
  expireTokens(): void {
    this.expire();
  }

  /** Removes every rule and hook. */
  clear(): void {
    this.rules.clear();
    this.hooks.clear();
  }

  /** @internal The fault for this request, if any. */
  takeFault(request: RequestInfo): FaultRule | undefined {
    return this.rules.take(request, true)[0];
  }

  /** @internal Runs the hooks that match this request. */
  async runHooks(request: RequestInfo): Promise<void> {
    for (const hook of this.hooks.take(request, false)) await hook.run(request);
  }
}

const DEFAULT_AUDIT_PATHS: Record<ProviderId, RegExp> = {
  sfmc: /^\/interaction\/v1\/interactions\/[^/?]+\/audit\//,
  liveperson: /^\/api\/account\/[^/?]+\/configuration\/metadata\/audit(?:\?|$)/,
  uniphore: /^\/audit_log\/?(?:\?|$)/,
  floqast: /^\/api\/v1\/audit-trail(?:\?|$)/,
};

export function requestInfo(request: SandboxRequest): RequestInfo {
  const provider = apiForPath(request.path);
  return {
    method: request.method,
    rawUrl: request.rawUrl,
    path: request.path,
    query: request.query,
    headers: request.headers,
    origin: request.origin,
    ...(provider ? { provider } : {}),
  };
}
