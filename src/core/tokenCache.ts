/**
 * A cached OAuth access token, shared by every request of one session.
 *
 * Providers ask that a token be cached rather than requested per call (SFMC's
 * token endpoint is rate-limited itself) and renewed a little before it
 * expires. After a 401 the HttpClient asks the request's hook to refresh
 * once. When several pages are in flight they all see the same 401; only the
 * first may fetch a new token, because a new token for the same client can
 * invalidate the previous one early (SFMC), and six refreshes in a row would
 * leave five requests holding dead tokens.
 */
import { CancelledError, isCancellation } from './errors';
import type { AuthHook } from './http';

export interface IssuedToken {
  accessToken: string;
  /** Lifetime as the server stated it. */
  expiresInMs: number;
}

export interface TokenCacheOptions {
  now?: () => number;
  /** Renew this long before expiry (default 5 minutes, as Salesforce advises). */
  refreshMarginMs?: number;
}

const DEFAULT_MARGIN_MS = 5 * 60_000;

interface Held {
  value: string;
  renewAt: number;
}

export class TokenCache {
  private held: Held | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(
    private readonly issue: (signal?: AbortSignal) => Promise<IssuedToken>,
    options: TokenCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.refreshMarginMs ?? DEFAULT_MARGIN_MS;
  }

  /** A token that is not about to expire, issuing one when needed. */
  async get(signal?: AbortSignal): Promise<string> {
    const held = this.held;
    if (held && this.now() < held.renewAt) return held.value;
    return this.renew(signal);
  }

  /** Drops `value` if it is still the held token, so that the next get() issues a new one. */
  invalidate(value: string): void {
    if (this.held?.value === value) this.held = undefined;
  }

  /** The current token without issuing one (for tests and diagnostics). */
  peek(): string | undefined {
    return this.held?.value;
  }

  /**
   * A hook for one request. It remembers the token it handed out, so that a
   * refresh after a 401 issues a new token only if nobody replaced that one yet.
   */
  hook(): AuthHook {
    let used: string | undefined;
    return {
      headers: async (signal) => {
        used = await this.get(signal);
        return { authorization: `Bearer ${used}` };
      },
      refresh: async (signal) => {
        if (used !== undefined) this.invalidate(used);
        await this.get(signal);
        return true;
      },
    };
  }

  private async renew(signal?: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CancelledError();
      const pending = (this.pending ??= this.start(signal));
      try {
        return await pending;
      } catch (e) {
        // Another caller's cancellation must not fail this caller: try again with our own signal.
        if (isCancellation(e) && !signal?.aborted && attempt < 3) continue;
        throw e;
      }
    }
  }

  private start(signal?: AbortSignal): Promise<string> {
    const started = this.now();
    const run = (async () => {
      try {
        const token = await this.issue(signal);
        const lifetime = Math.max(0, token.expiresInMs);
        // Short-lived tokens (tests, sandboxes) would otherwise be renewed on every call.
        const margin = Math.min(this.marginMs, lifetime / 2);
        this.held = { value: token.accessToken, renewAt: started + lifetime - margin };
        return token.accessToken;
      } finally {
        this.pending = undefined;
      }
    })();
    return run;
  }
}
