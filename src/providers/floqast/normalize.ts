/**
 * FloQast audit-trail items (one per API request made with a key) →
 * AuditRecord (DESIGN.md §3).
 */
import { nonEmptyScalarText, scalarText } from '../../core/fieldAccess';
import { AuditLensError, BadResponseError } from '../../core/errors';
import type { AuditRecord, Outcome, RecordError } from '../../core/model';
import { parseIsoInstant } from '../../core/time';


function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function bad(message: string): BadResponseError {
  return new BadResponseError(`FloQast audit item ${message}`, { provider: 'floqast' });
}

/** `meta.status` is a string such as "400"; 400 and above failed, below succeeded, anything else is unknown. */
export function floQastOutcome(status: unknown): Outcome {
  const t = nonEmptyScalarText(status)?.trim();
  if (t === undefined || !/^\d{1,3}$/.test(t)) return 'unknown';
  return Number(t) >= 400 ? 'failure' : 'success';
}

/** `uri` without its query string or fragment: what `uri.replace(/[?#].*$/, '')` gives, without a regex per record. */
function pathOf(uri: string): string {
  // `.` stops at line breaks, so such a uri keeps the regex's exact reading.
  if (/[\n\r\u2028\u2029]/.test(uri)) return uri.replace(/[?#].*$/, '');
  const q = uri.indexOf('?');
  const h = uri.indexOf('#');
  const end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
  return end < 0 ? uri : uri.slice(0, end);
}

export function normalizeFloQastItem(item: unknown, connection: string): AuditRecord {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw bad(`is not an object (got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item})`);
  }
  const r = item as Record<string, unknown>;
  const id = nonEmptyScalarText(r.id);
  if (id === undefined) throw bad('has no id');
  const method = nonEmptyScalarText(r.method);
  if (method === undefined) throw bad(`${id} has no method`);
  const uri = nonEmptyScalarText(r.uri);
  if (uri === undefined) throw bad(`${id} has no uri`);
  let time: string;
  try {
    time = parseIsoInstant(r.createdAt);
  } catch (e) {
    throw bad(`${id} has an unreadable createdAt: ${e instanceof AuditLensError ? e.message : String(e)}`);
  }

  const meta = objectOrEmpty(r.meta);
  const key = objectOrEmpty(r.userApiKey);
  const actor: AuditRecord['actor'] = {};
  const keyId = nonEmptyScalarText(key.id);
  const keyName = nonEmptyScalarText(key.name);
  if (keyId !== undefined) actor.id = keyId;
  if (keyName !== undefined) actor.name = keyName;

  const target: AuditRecord['target'] = {};
  const service = nonEmptyScalarText(meta.service);
  if (service !== undefined) target.type = service;
  target.name = uri;

  const errors: RecordError[] = [];
  if (meta.error !== undefined && meta.error !== null && meta.error !== '') {
    const error: RecordError = { message: scalarText(meta.error) ?? JSON.stringify(meta.error) };
    const code = nonEmptyScalarText(meta.status);
    if (code !== undefined) error.code = code;
    errors.push(error);
  }

  return {
    provider: 'floqast',
    connection,
    id,
    time,
    // The path only: query strings vary per call and would split one verb into many.
    action: `${method.toUpperCase()} ${pathOf(uri)}`,
    outcome: floQastOutcome(meta.status),
    actor,
    target,
    errors,
    changes: [],
    raw: item,
  };
}
