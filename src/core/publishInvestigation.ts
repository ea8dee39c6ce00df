/**
 * Turns a journey's audit records into publish attempts, each with the Modify
 * rows that led up to it: "what changed before it failed". The rows between
 * the last successful publish and a failed one are the usual suspects.
 */
import type { AuditRecord, RecordError } from './model';
import { explainError, type ErrorExplanation } from './knownErrors';

export interface ExplainedError extends RecordError {
  explanation?: ErrorExplanation;
}

export interface PublishAttempt {
  record: AuditRecord;
  version?: number;
  publisher?: string;
  time: string;
  /** The raw publishStatus (PublishCompleted, Error, …), when sent. */
  status?: string;
  outcome: AuditRecord['outcome'];
  errors: ExplainedError[];
  /** Modify rows after the previous successful publish and before this attempt, oldest first. */
  changesBefore: AuditRecord[];
  /** The last successful publish before this attempt, if any (the "compare with" baseline). */
  lastSuccess?: AuditRecord;
}

function isPublish(r: AuditRecord): boolean {
  return r.action.toLowerCase() === 'publish';
}

function isModify(r: AuditRecord): boolean {
  return r.action.toLowerCase() === 'modify';
}

function publishStatus(r: AuditRecord): string | undefined {
  if (!r.raw || typeof r.raw !== 'object') return undefined;
  for (const [k, v] of Object.entries(r.raw as Record<string, unknown>)) {
    if (k.toLowerCase() === 'publishstatus' && typeof v === 'string') return v;
  }
  return undefined;
}

/** Oldest first; same-time rows keep a stable order (Modify before Publish, then by id). */
function chronological(a: AuditRecord, b: AuditRecord): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const rank = (r: AuditRecord) => (isModify(r) ? 0 : isPublish(r) ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Publish attempts of one journey, newest first. Records of other journeys
 * must be filtered out by the caller (target.id), since one timeline may mix them.
 */
export function investigatePublishes(records: readonly AuditRecord[]): PublishAttempt[] {
  const ordered = [...records].sort(chronological);
  const attempts: PublishAttempt[] = [];
  let pendingModifies: AuditRecord[] = [];
  let lastSuccess: AuditRecord | undefined;
  for (const r of ordered) {
    if (isModify(r)) {
      pendingModifies.push(r);
      continue;
    }
    if (!isPublish(r)) continue;
    const attempt: PublishAttempt = {
      record: r,
      time: r.time,
      outcome: r.outcome,
      errors: r.errors.map((e) => {
        const explanation = explainError(e);
        return explanation ? { ...e, explanation } : { ...e };
      }),
      changesBefore: pendingModifies,
    };
    if (r.target.version !== undefined) attempt.version = r.target.version;
    const publisher = r.actor.name ?? r.actor.id;
    if (publisher !== undefined) attempt.publisher = publisher;
    const status = publishStatus(r);
    if (status !== undefined) attempt.status = status;
    if (lastSuccess) attempt.lastSuccess = lastSuccess;
    attempts.push(attempt);
    // A failed attempt doesn't reset the window: the next attempt inherits the
    // same unpublished changes, since none of them went live.
    if (r.outcome === 'success') {
      lastSuccess = r;
      pendingModifies = [];
    } else {
      pendingModifies = [...pendingModifies];
    }
  }
  return attempts.reverse();
}

/** The newest attempt, if it failed: what the tree decorates and "Publish errors (N)" counts. */
export function latestFailedPublish(records: readonly AuditRecord[]): PublishAttempt | undefined {
  const newest = investigatePublishes(records)[0];
  return newest && newest.outcome === 'failure' ? newest : undefined;
}
