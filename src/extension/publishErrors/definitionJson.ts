/**
 * Journey definitions as diffable text: object keys sorted at every depth,
 * so a diff shows what changed rather than how the API happened to order
 * its fields; array order is kept, since activities' order means something.
 */

function sortKeysDeep(value: unknown, seen: Set<object>): unknown {
  if (Array.isArray(value)) {
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    const out = value.map((v) => sortKeysDeep(v, seen));
    seen.delete(value);
    return out;
  }
  if (value && typeof value === 'object') {
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    // No prototype: a key named __proto__ stays an ordinary key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k], seen);
    seen.delete(value);
    return out;
  }
  return value;
}

/** Pretty JSON (2 spaces, trailing newline) with keys in code-unit order. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value, new Set()), null, 2) ?? 'null'}\n`;
}
