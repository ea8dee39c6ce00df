/**
 * Where credentials may go. https is required everywhere except loopback,
 * which is how the sandbox, the tests and the benchmarks run.
 */
import { ConfigError } from './errors';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Throws ConfigError unless `url` is https, or http on a loopback host. */
export function assertSecureUrl(url: string | URL, what = 'URL'): URL {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new ConfigError(`${what} is not a valid URL`);
  }
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return u;
  if (u.protocol === 'http:') throw new ConfigError(`${what} must use https (http is allowed only for loopback hosts): ${u.host}`);
  throw new ConfigError(`${what} must be an https URL, got ${u.protocol.replace(':', '')}`);
}

/** Scheme, host and port: the unit that credentials must not cross. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** A bare `host[:port]`, as LivePerson's Domain API returns: no scheme, path, query or userinfo. */
export function parseBareHost(value: unknown): { host: string; hostname: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::(\d{1,5}))?$/.exec(value);
  if (!m || !m[1]) return undefined;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return undefined;
  // WHATWG URL rewrites numeric hosts ("0", "2130706433", "0x7f.1") into IPv4
  // addresses; a host that doesn't survive the round trip unchanged is refused.
  let parsed: URL;
  try {
    parsed = new URL(`https://${value}/`);
  } catch {
    return undefined;
  }
  if (parsed.hostname !== m[1].toLowerCase()) return undefined;
  return { host: value.toLowerCase(), hostname: m[1].toLowerCase() };
}

/** https for a remote host, http for loopback, from a bare host. */
export function originForBareHost(host: string, hostname: string): string {
  return `${isLoopbackHost(hostname) ? 'http' : 'https'}://${host}`;
}
