/**
 * Synthesized record ids (DESIGN.md §3) for providers whose items carry none
 * (SFMC, LivePerson): the hex SHA-256 of the item's canonical JSON, cut to 32
 * characters; byte-identical items within one page get `#2`, `#3`… so that
 * genuine repeats are kept, while the same item seen on another page (offset
 * drift) gets the same id and is dropped as a duplicate.
 *
 * Every SFMC and LivePerson record pays for this, so it is on the ingest hot
 * path (issue 6): objects of a shape seen before are written from a cached,
 * sorted key order, and the digest is one native call where Node has it.
 */
import * as crypto from 'node:crypto';

/** JSON with keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  return fastCanonicalJson(value) ?? slowCanonicalJson(value);
}

/** The definition: what fastCanonicalJson must reproduce exactly. */
function slowCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(slowCanonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${slowCanonicalJson(obj[k])}`).join(',')}}`;
}

/** One object layout: its keys as Object.keys lists them, and how to write them sorted. */
interface Shape {
  keys: string[];
  /** Indexes into `keys`, in sorted key order. */
  order: number[];
  /** Per sorted position: `{"key":` for the first, `,"key":` after. */
  prefixes: string[];
}

// Audit items of one API share a handful of layouts; a short most-recent-first list finds them.
const SHAPE_LIMIT = 32;
const recentShapes: Shape[] = [];

function shapeOf(keys: string[]): Shape {
  const n = keys.length;
  for (let s = 0; s < recentShapes.length; s++) {
    const shape = recentShapes[s] as Shape;
    const known = shape.keys;
    if (known.length !== n) continue;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (known[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape;
  }
  const order = keys.map((_, i) => i).sort((a, b) => compareCodeUnits(keys[a] as string, keys[b] as string));
  const shape: Shape = { keys, order, prefixes: order.map((i, p) => `${p === 0 ? '{' : ','}${JSON.stringify(keys[i])}:`) };
  recentShapes.unshift(shape);
  if (recentShapes.length > SHAPE_LIMIT) recentShapes.pop();
  return shape;
}

/** Array.prototype.sort's default order for strings. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Characters JSON.stringify escapes (lone surrogates included, so any surrogate takes the slow path).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** Thrown for a value the fast path leaves to the definition: undefined, functions, symbols, bigints, holes. */
const UNUSUAL = Symbol('unusual');

function writeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'number':
      // String() and JSON.stringify() print finite numbers identically (-0 as 0).
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
    default:
      throw UNUSUAL;
  }
}

function writeArray(value: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw UNUSUAL;
    if (i > 0) out += ',';
    out += writeValue(value[i]);
  }
  return `${out}]`;
}

function writeObject(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  if (keys.length === 0) return '{}';
  const { order, prefixes } = shapeOf(keys);
  let out = '';
  for (let p = 0; p < order.length; p++) {
    const v = obj[keys[order[p] as number] as string];
    // The definition leaves out keys whose value is undefined, which shifts the commas.
    if (v === undefined) throw UNUSUAL;
    out += prefixes[p] as string;
    out += writeValue(v);
  }
  return `${out}}`;
}

/** canonicalJson for plain JSON data; undefined when the value holds anything else. */
function fastCanonicalJson(value: unknown): string | undefined {
  try {
    return writeValue(value);
  } catch (e) {
    if (e === UNUSUAL) return undefined;
    throw e;
  }
}

// crypto.hash (Node ≥ 20.12, VS Code ≥ 1.95) skips the Hash object a createHash call builds.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function hashId(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, 32);
}

/** Ids for one page's items, in order, with `#n` suffixes for repeats within the page. */
export function synthesizePageIds(items: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  const ids = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const base = hashId(items[i]);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    ids[i] = n === 1 ? base : `${base}#${n}`;
  }
  return ids;
}
