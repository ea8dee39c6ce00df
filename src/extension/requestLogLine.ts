/**
 * One line of the request log: method, path, status and time, already
 * redacted. Kept free of `vscode` so the format is unit-tested.
 */
import type { RequestLogEntry } from '../core/http';
import type { Redactor } from '../core/redact';

export function requestLogLine(entry: RequestLogEntry, redactor: Redactor, provider?: string): string {
  let where = entry.url;
  try {
    const u = new URL(entry.url);
    where = `${u.pathname}${u.search}`;
  } catch {
    /* keep the redacted text as it is */
  }
  const outcome = entry.status !== undefined ? String(entry.status) : entry.error ? `failed (${entry.error})` : 'no answer';
  const retry = entry.attempt > 1 ? ` attempt ${entry.attempt}` : '';
  const note = entry.note ? ` (${entry.note})` : '';
  return redactor.redact(`${provider ? `[${provider}] ` : ''}${entry.method} ${where} → ${outcome} in ${entry.ms} ms${retry}${note}`);
}
