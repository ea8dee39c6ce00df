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
  /** The same prefixes as UTF-8 bytes. */
  prefixBytes: Uint8Array[];
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
  const prefixes = order.map((i, p) => `${p === 0 ? '{' : ','}${JSON.stringify(keys[i])}:`);
  const shape: Shape = { keys, order, prefixes, prefixBytes: prefixes.map((x) => new Uint8Array(Buffer.from(x, 'utf8'))) };
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

/*
 * The digest reads the canonical JSON as UTF-8 bytes written straight into
 * one reused buffer: building it as a string would leave a few dozen
 * intermediate strings per item for the garbage collector, and the digest
 * would copy the string twice more (flattening it, then encoding it).
 */
let bytes = new Uint8Array(1 << 14);
let length = 0;

function reserve(n: number): void {
  if (length + n <= bytes.length) return;
  const bigger = new Uint8Array(Math.max(bytes.length * 2, length + n));
  bigger.set(bytes.subarray(0, length));
  bytes = bigger;
}

function putAscii(text: string): void {
  reserve(text.length);
  for (let i = 0; i < text.length; i++) bytes[length++] = text.charCodeAt(i);
}

function putBytes(b: Uint8Array): void {
  reserve(b.length);
  for (let i = 0; i < b.length; i++) bytes[length++] = b[i] as number;
}

const HEX = '0123456789abcdef';

/** `\uXXXX` with lowercase hex digits, as JSON.stringify writes control characters and lone surrogates. */
function putUnicodeEscape(c: number): void {
  bytes[length++] = 92;
  bytes[length++] = 117;
  for (let shift = 12; shift >= 0; shift -= 4) bytes[length++] = HEX.charCodeAt((c >> shift) & 15);
}

/** JSON.stringify(text), as UTF-8. */
function putString(text: string): void {
  const n = text.length;
  reserve(6 * n + 2);
  const b = bytes;
  b[length++] = 34;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) {
        b[length++] = c;
      } else {
        const short = c === 34 ? 34 : c === 92 ? 92 : c === 8 ? 98 : c === 9 ? 116 : c === 10 ? 110 : c === 12 ? 102 : c === 13 ? 114 : 0;
        if (short) {
          b[length++] = 92;
          b[length++] = short;
        } else {
          putUnicodeEscape(c);
        }
      }
    } else if (c < 0x800) {
      b[length++] = 0xc0 | (c >> 6);
      b[length++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        b[length++] = 0xf0 | (cp >> 18);
        b[length++] = 0x80 | ((cp >> 12) & 63);
        b[length++] = 0x80 | ((cp >> 6) & 63);
        b[length++] = 0x80 | (cp & 63);
        i++;
      } else {
        putUnicodeEscape(c); // a lone surrogate, escaped as JSON.stringify does
      }
    } else {
      b[length++] = 0xe0 | (c >> 12);
      b[length++] = 0x80 | ((c >> 6) & 63);
      b[length++] = 0x80 | (c & 63);
    }
  }
  b[length++] = 34;
}

/** writeValue, as UTF-8 into `bytes`. */
function putValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      putString(value);
      return;
    case 'number':
      putAscii(Number.isFinite(value) ? String(value) : 'null');
      return;
    case 'boolean':
      putAscii(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        putAscii('null');
      } else if (Array.isArray(value)) {
        reserve(1);
        bytes[length++] = 91;
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw UNUSUAL;
          if (i > 0) {
            reserve(1);
            bytes[length++] = 44;
          }
          putValue(value[i]);
        }
        reserve(1);
        bytes[length++] = 93;
      } else {
        putObject(value as Record<string, unknown>);
      }
      return;
    default:
      throw UNUSUAL;
  }
}

function putObject(obj: Record<string, unknown>): void {
  const keys = Object.keys(obj);
  if (keys.length === 0) {
    putAscii('{}');
    return;
  }
  const { order, prefixBytes } = shapeOf(keys);
  for (let p = 0; p < order.length; p++) {
    const v = obj[keys[order[p] as number] as string];
    if (v === undefined) throw UNUSUAL;
    putBytes(prefixBytes[p] as Uint8Array);
    putValue(v);
  }
  reserve(1);
  bytes[length++] = 125;
}

/** The canonical JSON's UTF-8 bytes (a view of the shared buffer, valid until the next call). */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  length = 0;
  try {
    putValue(value);
    return bytes.subarray(0, length);
  } catch (e) {
    if (e !== UNUSUAL) throw e;
    return Buffer.from(slowCanonicalJson(value), 'utf8');
  }
}

// crypto.hash (Node ≥ 20.12, VS Code ≥ 1.95) skips the Hash object a createHash call builds.
const sha256Hex: (data: Uint8Array) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

export function hashId(value: unknown): string {
  return sha256Hex(canonicalJsonBytes(value)).slice(0, 32);
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
