/**
 * What the sandbox saw: every request with the headers it arrived with (so
 * tests can assert that a credential never reached the other origin), and how
 * many requests were being served at once (so benchmarks and tests can check
 * that a client's concurrency limit held).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderId } from '../core/model';
import type { SandboxOrigin } from './http';

export interface SeenRequest {
  /** Order of arrival, from 1. */
  seq: number;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Pathname only, as received. */
  path: string;
  /** As Node received them: names lowercased. */
  headers: IncomingHttpHeaders;
  origin: SandboxOrigin;
  port: number;
  provider?: ProviderId;
  /** Set when the answer was sent; left out for requests still open, reset or timed out. */
  status?: number;
  /** The fault that fired on it, if any. */
  fault?: string;
  /** Event counters (not clock times): when it started and ended relative to other requests. */
  startedAt: number;
  endedAt?: number;
}

export type PathMatcher = string | RegExp;

function pathMatches(matcher: PathMatcher, request: SeenRequest): boolean {
  if (typeof matcher === 'string') return request.url.startsWith(matcher);
  matcher.lastIndex = 0;
  return matcher.test(request.url);
}

export class Stats {
  private seen: SeenRequest[] = [];
  private clock = 0;
  private arrivals = 0;
  private open = 0;
  private peak = 0;

  /** Every request since start (or the last reset), in order of arrival. */
  get requests(): readonly SeenRequest[] {
    return this.seen;
  }

  /** Requests being served right now. */
  get inFlight(): number {
    return this.open;
  }

  /** The most requests served at once, over both origins. */
  get peakInFlight(): number {
    return this.peak;
  }

  /**
   * The most requests served at once among those whose path and query start
   * with `matcher` (or match it, for a RegExp), e.g. `/audit_log`.
   */
  peakInFlightFor(matcher: PathMatcher): number {
    const events: [number, number][] = [];
    for (const r of this.seen) {
      if (!pathMatches(matcher, r)) continue;
      events.push([r.startedAt, 1]);
      if (r.endedAt !== undefined) events.push([r.endedAt, -1]);
    }
    // Counters are unique, so sorting by them replays the exact order of events.
    events.sort((a, b) => a[0] - b[0]);
    let open = 0;
    let peak = 0;
    for (const [, delta] of events) {
      open += delta;
      if (open > peak) peak = open;
    }
    return peak;
  }

  /** Requests whose path and query start with (or match) `matcher`, optionally on one origin. */
  requestsTo(matcher: PathMatcher, origin?: SandboxOrigin): SeenRequest[] {
    return this.seen.filter((r) => pathMatches(matcher, r) && (origin === undefined || r.origin === origin));
  }

  /** Forgets every request seen and the peak; requests still open keep counting toward the next peak. */
  reset(): void {
    this.seen = [];
    this.peak = this.open;
  }

  /** @internal */
  begin(entry: Omit<SeenRequest, 'seq' | 'startedAt'>): SeenRequest {
    const request: SeenRequest = { ...entry, seq: ++this.arrivals, startedAt: ++this.clock };
    this.seen.push(request);
    this.open++;
    if (this.open > this.peak) this.peak = this.open;
    return request;
  }

  /** @internal */
  end(request: SeenRequest, status?: number): void {
    if (request.endedAt !== undefined) return;
    request.endedAt = ++this.clock;
    if (status !== undefined) request.status = status;
    this.open--;
  }
}
