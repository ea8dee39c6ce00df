/**
 * A best-effort structured view of Uniphore's `details.input` and
 * `details.output`, which arrive as the text of a Java `Map.toString()`:
 * `{request={pageSize=500, filters=[a, b]}, status=ok}`.
 *
 * That format escapes nothing, so a value holding `, ` or `}` is ambiguous.
 * The parser therefore only answers when its reading prints back to exactly
 * the text it was given (AbstractMap and AbstractCollection print `{k=v, …}`
 * and `[a, …]`); anything else is left as plain text (undefined). It never
 * throws. Records keep the text as received in `raw`: this view is an extra
 * for display, never a replacement.
 */
import { getField, isPlainObject } from '../../core/fieldAccess';
import { detailsOf } from './normalize';

/** A scalar stays the text Java printed ("500", "null", "true"): its type is not knowable. */
export type JavaMapValue = string | JavaMapValue[] | { [key: string]: JavaMapValue };

/** Deeper nesting than this is left as text: a bound on recursion for hostile input. */
const MAX_DEPTH = 64;
/** Longer texts are left as text: the parser is for display, not for megabyte blobs. */
const MAX_LENGTH = 100_000;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
}

/** The first position at or after `from` where a separator or one of `closers` starts. */
function scalarEnd(text: string, from: number, closers: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (closers.includes(c)) return i;
    if (c === ',' && text[i + 1] === ' ') return i;
  }
  return text.length;
}

function readValue(r: Reader, closers: string, depth: number): JavaMapValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const start = r.pos;
  const c = r.text[r.pos];
  if (c === '{' || c === '[') {
    const nested = c === '{' ? readMap(r, depth + 1) : readList(r, depth + 1);
    // A brace that opens no well-formed container is just text, e.g. `{not a map`.
    if (nested !== undefined && (r.pos === r.text.length || closers.includes(r.text[r.pos] as string) || r.startsWith(', '))) return nested;
    r.pos = start;
  }
  const end = scalarEnd(r.text, r.pos, closers);
  const scalar = r.text.slice(r.pos, end);
  r.pos = end;
  return scalar;
}

function readMap(r: Reader, depth: number): { [key: string]: JavaMapValue } | undefined {
  const out: { [key: string]: JavaMapValue } = {};
  r.pos++; // {
  if (r.startsWith('}')) {
    r.pos++;
    return out;
  }
  for (;;) {
    const eq = r.text.indexOf('=', r.pos);
    if (eq < 0) return undefined;
    const key = r.text.slice(r.pos, eq);
    // A key holding a separator or a closer means the text is not a map after all.
    if (key.includes(', ') || /[{}[\]]/.test(key) || Object.prototype.hasOwnProperty.call(out, key)) return undefined;
    r.pos = eq + 1;
    const value = readValue(r, '}', depth);
    if (value === undefined) return undefined;
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    if (r.startsWith('}')) {
      r.pos++;
      return out;
    }
    if (!r.startsWith(', ')) return undefined;
    r.pos += 2;
  }
}

function readList(r: Reader, depth: number): JavaMapValue[] | undefined {
  const out: JavaMapValue[] = [];
  r.pos++; // [
  if (r.startsWith(']')) {
    r.pos++;
    return out;
  }
  for (;;) {
    const value = readValue(r, ']', depth);
    if (value === undefined) return undefined;
    out.push(value);
    if (r.startsWith(']')) {
      r.pos++;
      return out;
    }
    if (!r.startsWith(', ')) return undefined;
    r.pos += 2;
  }
}

/** Prints a value as Java's `toString()` would: the inverse of the parser. */
export function printJavaMapValue(value: JavaMapValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(printJavaMapValue).join(', ')}]`;
  return `{${Object.keys(value)
    .map((k) => `${k}=${printJavaMapValue(value[k] as JavaMapValue)}`)
    .join(', ')}}`;
}

/**
 * The map (or list) a `toString()` text holds, or undefined when the text is
 * not one, or can't be read without guessing.
 */
export function parseJavaMapString(text: unknown): { [key: string]: JavaMapValue } | JavaMapValue[] | undefined {
  if (typeof text !== 'string' || text.length > MAX_LENGTH) return undefined;
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    const r = new Reader(text);
    const value = text.startsWith('{') ? readMap(r, 0) : readList(r, 0);
    if (value === undefined || r.pos !== text.length) return undefined;
    // Only a reading that prints back to the very same text is offered.
    return printJavaMapValue(value) === text ? value : undefined;
  } catch {
    // RangeError from a pathological input: still just text.
    return undefined;
  }
}

export interface UniphoreStructuredDetails {
  input?: { [key: string]: JavaMapValue } | JavaMapValue[];
  output?: { [key: string]: JavaMapValue } | JavaMapValue[];
}

/** The structured view of an item's `details.input` and `details.output`, where they read as Java maps. */
export function uniphoreStructuredDetails(item: unknown): UniphoreStructuredDetails {
  if (!isPlainObject(item)) return {};
  const details = detailsOf(item);
  if (!details) return {};
  const input = parseJavaMapString(getField(details, 'input'));
  const output = parseJavaMapString(getField(details, 'output'));
  return { ...(input !== undefined ? { input } : {}), ...(output !== undefined ? { output } : {}) };
}
