/**
 * Synthesized record ids (DESIGN.md §3) for providers whose items carry none
 * (SFMC, LivePerson): the hex SHA-256 of the item's canonical JSON, cut to 32
 * characters; byte-identical items within one page get `#2`, `#3`… so that
 * genuine repeats are kept, while the same item seen on another page (offset
 * drift) gets the same id and is dropped as a duplicate.
 */
import { createHash } from 'node:crypto';

/** JSON with keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function hashId(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

/** Ids for one page's items, in order, with `#n` suffixes for repeats within the page. */
export function synthesizePageIds(items: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const base = hashId(item);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
