/**
 * Typed errors. Every failure that reaches a user is one of these, so the CLI
 * can choose its exit code and the extension its message without string
 * matching. Messages must never contain a secret: callers pass text through
 * `Redactor.redact` before building one of these from a response body.
 */
import type { ProviderId } from './model';

export type AuditErrorKind =
  | 'auth'
  | 'rate-limited'
  | 'provider'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'bad-response'
  | 'config';

export interface AuditErrorOptions {
  provider?: ProviderId | undefined;
  status?: number | undefined;
  /** The provider's own error code (SFMC `errorcode`, GraphQL code, FloQast field…). */
  code?: string | undefined;
  cause?: unknown;
}

export abstract class AuditLensError extends Error {
  abstract readonly kind: AuditErrorKind;
  readonly provider: ProviderId | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  /**
   * The HTTP request that failed, as method and redacted path (e.g. "GET
   * /api/v1/audit-trail?page[number]=3"), set by the HTTP client: it tells a
   * user which page of a partial result is missing.
   */
  request: string | undefined;

  constructor(message: string, options: AuditErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.provider = options.provider;
    this.status = options.status;
    this.code = options.code;
  }

  /** One line for logs and the CLI's stderr: provider, status, message. */
  describe(): string {
    const parts: string[] = [];
    if (this.provider) parts.push(this.provider);
    if (this.status !== undefined) parts.push(`HTTP ${this.status}`);
    if (this.code !== undefined && this.code !== String(this.status)) parts.push(`code ${this.code}`);
    return parts.length ? `${parts.join(' ')}: ${this.message}` : this.message;
  }
}

/** Missing, invalid, expired or revoked credentials (401), or a refused scope (403). */
export class AuthError extends AuditLensError {
  readonly kind = 'auth' as const;
  /** True when the credential can't be refreshed and the user must replace it. */
  readonly needsNewCredential: boolean;
  constructor(message: string, options: AuditErrorOptions & { needsNewCredential?: boolean } = {}) {
    super(message, options);
    this.needsNewCredential = options.needsNewCredential ?? false;
  }
}

/** 429 after the retry budget ran out. */
export class RateLimitedError extends AuditLensError {
  readonly kind = 'rate-limited' as const;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: AuditErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The provider answered with an error of its own: carries its code and message. */
export class ProviderError extends AuditLensError {
  readonly kind = 'provider' as const;
}

/** DNS, refused or reset connections, after retries. */
export class NetworkError extends AuditLensError {
  readonly kind = 'network' as const;
}

export class TimeoutError extends AuditLensError {
  readonly kind = 'timeout' as const;
}

export class CancelledError extends AuditLensError {
  readonly kind = 'cancelled' as const;
  constructor(message = 'Cancelled', options: AuditErrorOptions = {}) {
    super(message, options);
  }
}

/** A body that is not what the contract promises: HTML, malformed JSON, a wrong shape. */
export class BadResponseError extends AuditLensError {
  readonly kind = 'bad-response' as const;
}

/** Bad user input or configuration, found before any request is sent. */
export class ConfigError extends AuditLensError {
  readonly kind = 'config' as const;
}

export function isAuditLensError(e: unknown): e is AuditLensError {
  return e instanceof AuditLensError;
}

export function isCancellation(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');
}

/** Turns anything thrown into a typed error, so callers never handle bare `unknown`. */
export function toAuditLensError(e: unknown, provider?: ProviderId): AuditLensError {
  if (e instanceof AuditLensError) return e;
  if (isCancellation(e)) return new CancelledError('Cancelled', { provider, cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new NetworkError(message, { provider, cause: e });
}
