/**
 * Tokens the sandbox issues (SFMC, LivePerson login and app tokens, Uniphore
 * client credentials). They expire after their lifetime, and the
 * `expire-tokens` fault invalidates all of them at once, which is how tests
 * force a refresh in mid-run. The fixed demo credentials are not tokens and
 * never expire.
 */
import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../core/model';

interface Issued {
  provider: ProviderId;
  expiresAtMs: number;
  /** LivePerson tokens belong to one account. */
  account?: string;
}

export class TokenStore {
  private readonly issued = new Map<string, Issued>();
  private issuedCount = 0;

  /** Issues a token for `provider`, valid for `lifetimeSeconds`. */
  issue(provider: ProviderId, lifetimeSeconds: number, account?: string): string {
    const prefix = { sfmc: 'sfmc', liveperson: 'lp', uniphore: 'uni', floqast: 'fq' }[provider];
    const token = `${prefix}_${randomBytes(24).toString('base64url')}`;
    this.issued.set(token, { provider, expiresAtMs: Date.now() + lifetimeSeconds * 1000, ...(account ? { account } : {}) });
    this.issuedCount++;
    // Long benchmark runs issue many tokens; forget the expired ones now and then.
    if (this.issued.size > 10_000) this.sweep();
    return token;
  }

  isValid(token: string | undefined, provider: ProviderId, account?: string): boolean {
    if (!token) return false;
    const t = this.issued.get(token);
    if (!t || t.provider !== provider) return false;
    if (t.expiresAtMs <= Date.now()) return false;
    if (account !== undefined && t.account !== undefined && t.account !== account) return false;
    return true;
  }

  /** Invalidates every token issued so far. */
  expireAll(): void {
    this.issued.clear();
  }

  /** How many tokens have been issued since start (tests check that a client cached its token). */
  get count(): number {
    return this.issuedCount;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, t] of this.issued) if (t.expiresAtMs <= now) this.issued.delete(token);
  }
}
