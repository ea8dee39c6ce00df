/**
 * What a failed connection left out of a partial result, for the timeline's
 * "Not fetched" line: the request that failed past its retries (a page, or
 * the sign-in before any page), and that the pages after it were not read.
 */
import type { AuditLensError } from '../core/errors';
import type { Connection } from '../core/model';
import { PROVIDER_NAMES } from './tree/nodes';

export function failedPart(connection: Connection, err: AuditLensError, pagesDone: number): string {
  const who = `${connection.label} (${PROVIDER_NAMES[connection.provider]})`;
  const why = err.status !== undefined ? `HTTP ${err.status}` : err.kind;
  const read = `${pagesDone} page${pagesDone === 1 ? '' : 's'} arrived before it stopped`;
  const request = failedRequest(err);
  if (request) return `${who}: ${request} failed (${why}), so the pages after it were not read; ${read}`;
  return `${who}: the records after the failure (${why}) were not read; ${read}`;
}

/** The request named on the error, or on the error it wraps (a provider's own, clearer message around the HTTP client's). */
function failedRequest(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const request = (e as { request?: unknown }).request;
    if (typeof request === 'string') return request;
  }
  return undefined;
}
