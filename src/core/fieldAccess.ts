/**
 * The providers' JSON is inconsistently cased: the SFMC seed itself mixes
 * `UserId` and `userId`, Uniphore's own table writes `CreatedDate` for
 * `createdDate`. Normalizers read fields through these helpers so that either
 * spelling works, preferring the exact one when both are present.
 */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of `name` in `obj`, matched exactly first, then ignoring case. */
export function getField(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  // Reached for every absent field of every item (SFMC's publishStatus, errors…), so it allocates
  // nothing and lowercases only keys of the right length (a key lowercases to an ASCII name character for character).
  const lower = name.toLowerCase();
  const n = lower.length;
  for (const key in obj) {
    if (key.length === n && key.toLowerCase() === lower && Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  }
  return undefined;
}

/** A string or number as a non-empty string (ids arrive as both); anything else is undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/** A string, number or boolean as sent, as a string (possibly ""): ids and names are strings even when the API sends numbers. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** scalarText, with "" treated as absent. */
export function nonEmptyScalarText(value: unknown): string | undefined {
  const t = scalarText(value);
  return t === undefined || t === '' ? undefined : t;
}
