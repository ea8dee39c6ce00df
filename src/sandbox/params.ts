/** Strict query-parameter readers: a malformed value is the caller's 400, never a guess. */

export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

export function intParam(query: URLSearchParams, name: string, options: { min?: number } = {}): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new ParamError(name, `${name} must be an integer`);
  const value = Number(raw.trim());
  if (options.min !== undefined && value < options.min) throw new ParamError(name, `${name} must be at least ${options.min}`);
  return value;
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ParamError(name, `${name} must be true or false`);
}

/** Decodes one path segment; undefined when its escapes are invalid. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
