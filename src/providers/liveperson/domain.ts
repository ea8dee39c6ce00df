/**
 * LivePerson's Domain API: which host serves a given account and service.
 * Its answer decides where a bearer token is sent next, so anything but a
 * bare `host[:port]` (a path, userinfo, a scheme) is refused before any
 * credential goes there.
 */
import { BadResponseError, ConfigError } from '../../core/errors';
import { assertSecureUrl, originForBareHost, parseBareHost } from '../../core/hosts';
import type { HttpClient } from '../../core/http';

export const DEFAULT_DOMAIN_API = 'https://api.liveperson.net';

/** Service names are case-sensitive. */
export const LP_SERVICES = {
  audit: 'accountConfigReadOnly',
  login: 'agentVep',
  appToken: 'sentinel',
} as const;

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Account ids go into URL paths; only the characters real site ids use are accepted. */
export function checkAccountId(account: string | undefined): string {
  if (!account) throw new ConfigError('LivePerson account id is missing (setting accountId, or --account)', { provider: 'liveperson' });
  if (!ACCOUNT_ID.test(account)) throw new ConfigError('LivePerson account id may hold only letters, digits, "-" and "_"', { provider: 'liveperson' });
  return account;
}

export class DomainResolver {
  private readonly base: URL;
  /** Per account and service; the promise itself is cached so that concurrent callers share one lookup. */
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly http: HttpClient, domainApi: string = DEFAULT_DOMAIN_API) {
    this.base = assertSecureUrl(domainApi, 'LivePerson Domain API URL');
  }

  /** The origin (`https://host[:port]`, http only for loopback) serving `service` for `account`. */
  resolve(account: string, service: string, signal?: AbortSignal): Promise<string> {
    const key = `${account}\u0000${service}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.lookup(account, service, signal);
      this.cache.set(key, pending);
      // A failed lookup must not stick: the next call asks again.
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  private async lookup(account: string, service: string, signal?: AbortSignal): Promise<string> {
    const url = new URL(this.base.toString());
    const prefix = url.pathname.replace(/\/+$/, '');
    url.pathname = `${prefix}/api/account/${encodeURIComponent(account)}/service/${encodeURIComponent(service)}/baseURI.json`;
    url.search = new URLSearchParams({ version: '1.0' }).toString();
    const body = await this.http.getJson<unknown>({ url, signal, note: `domain lookup: ${service}` });
    const baseURI = body && typeof body === 'object' ? (body as Record<string, unknown>).baseURI : undefined;
    const host = parseBareHost(baseURI);
    if (!host) {
      const shown = typeof baseURI === 'string' ? `"${this.http.redactor.redact(baseURI.slice(0, 100))}"` : typeof baseURI;
      throw new BadResponseError(
        `LivePerson Domain API answered ${shown} for service ${service}, which is not a bare host[:port]; refusing to send credentials there`,
        { provider: 'liveperson' },
      );
    }
    return originForBareHost(host.host, host.hostname);
  }
}
