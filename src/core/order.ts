import type { AuditRecord } from './model';

/** Newest first; equal times break by id, ascending in code-unit order (DESIGN.md §3). */
export function compareRecords(a: Pick<AuditRecord, 'time' | 'id'>, b: Pick<AuditRecord, 'time' | 'id'>): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Sorts and drops records whose provider+connection+id was already seen.
 * Ids are unique within provider+connection, so that triple is the key.
 */
export function sortAndDedupe(records: Iterable<AuditRecord>): AuditRecord[] {
  const seen = new Set<string>();
  const out: AuditRecord[] = [];
  for (const r of records) {
    const key = `${r.provider}\u0000${r.connection}\u0000${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.sort(compareRecords);
}
