/**
 * A publish investigation in the timeline's restart snapshot. The view names
 * records by the store's keys, which a restored store hands out anew, so the
 * snapshot names them by connection and id instead and the restore maps them
 * back (-1 for a record the capped snapshot did not keep). Compare with Last
 * Successful Version needs the journey and the two versions: kept per attempt
 * as the arguments of that command, so it works again after a restart.
 */
import type { PublishAttemptView, PublishInvestigationView, TimelineRecordRef } from '../../protocol';

export interface RecordIdentity {
  connection: string;
  id: string;
}

/** The arguments of auditLens.compareWithLastSuccessfulVersion for one attempt: no history is read with both versions given. */
export interface CompareArgs {
  connectionId: string;
  journey: string;
  journeyName: string;
  baseVersion: number;
  version: number;
}

/** What an investigation keeps for a restart: per attempt, the comparison it offers (null where none). */
export interface InvestigationRestart {
  compareArgs: (CompareArgs | null)[];
}

export interface SavedInvestigation {
  /** The view with every key replaced by an index into `records` (-1 stays -1). */
  view: PublishInvestigationView;
  records: RecordIdentity[];
  compareArgs: (CompareArgs | null)[];
}

function mapKeys(view: PublishInvestigationView, map: (key: number) => number): PublishInvestigationView {
  const ref = (r: TimelineRecordRef): TimelineRecordRef => ({ ...r, key: map(r.key) });
  return {
    ...view,
    attempts: view.attempts.map(
      (a): PublishAttemptView => ({
        ...a,
        key: map(a.key),
        changesBefore: a.changesBefore.map(ref),
        ...(a.lastSuccess ? { lastSuccess: ref(a.lastSuccess) } : {}),
      }),
    ),
  };
}

export function saveInvestigation(view: PublishInvestigationView, restart: InvestigationRestart, identityOf: (key: number) => RecordIdentity | undefined): SavedInvestigation {
  const records: RecordIdentity[] = [];
  const indexOfKey = new Map<number, number>();
  const saved = mapKeys(view, (key) => {
    if (key < 0) return -1;
    let index = indexOfKey.get(key);
    if (index === undefined) {
      const identity = identityOf(key);
      if (!identity) return -1;
      index = records.push({ connection: identity.connection, id: identity.id }) - 1;
      indexOfKey.set(key, index);
    }
    return index;
  });
  return { view: saved, records, compareArgs: restart.compareArgs.map((a) => (a ? { ...a } : null)) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKey = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= -1;

function isRef(v: unknown): v is TimelineRecordRef {
  return isObject(v) && isKey(v.key) && typeof v.time === 'string';
}

function isAttempt(v: unknown): v is PublishAttemptView {
  return (
    isObject(v) &&
    isKey(v.key) &&
    typeof v.time === 'string' &&
    (v.outcome === 'success' || v.outcome === 'failure' || v.outcome === 'unknown') &&
    typeof v.canCompare === 'boolean' &&
    typeof v.changesTotal === 'number' &&
    Array.isArray(v.errors) &&
    v.errors.every((e) => isObject(e) && typeof e.message === 'string') &&
    Array.isArray(v.changesBefore) &&
    v.changesBefore.every(isRef) &&
    (v.lastSuccess === undefined || isRef(v.lastSuccess))
  );
}

function isCompareArgs(v: unknown): v is CompareArgs {
  return (
    isObject(v) &&
    typeof v.connectionId === 'string' &&
    typeof v.journey === 'string' &&
    typeof v.journeyName === 'string' &&
    typeof v.baseVersion === 'number' &&
    typeof v.version === 'number'
  );
}

/**
 * The saved investigation with keys of the restored store, or undefined when the snapshot holds
 * none or something unreadable (the file lives on disk: it is checked, not trusted).
 */
export function reviveInvestigation(saved: unknown, keyOf: (identity: RecordIdentity) => number): { view: PublishInvestigationView; compareArgs: (CompareArgs | null)[] } | undefined {
  if (!isObject(saved) || !isObject(saved.view) || !Array.isArray(saved.records) || !Array.isArray(saved.compareArgs)) return undefined;
  const view = saved.view;
  if (typeof view.journeyName !== 'string' || !Array.isArray(view.attempts) || !view.attempts.every(isAttempt)) return undefined;
  if (!Array.isArray(view.skippedVersions) || !view.skippedVersions.every((v) => typeof v === 'number')) return undefined;
  if (view.focus !== undefined && !(isKey(view.focus) && view.focus < view.attempts.length)) return undefined;
  const records = saved.records;
  if (!records.every((r) => isObject(r) && typeof r.connection === 'string' && typeof r.id === 'string')) return undefined;
  if (saved.compareArgs.length !== view.attempts.length || !saved.compareArgs.every((a) => a === null || isCompareArgs(a))) return undefined;
  const keys = (records as RecordIdentity[]).map(keyOf);
  return {
    view: mapKeys(view as unknown as PublishInvestigationView, (index) => (index < 0 ? -1 : (keys[index] ?? -1))),
    compareArgs: saved.compareArgs as (CompareArgs | null)[],
  };
}
