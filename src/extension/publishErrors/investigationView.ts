/**
 * What the timeline's investigation panel shows, built from a journey's audit
 * records (every version, as Investigate Publish Errors fetches them). Pure:
 * no VS Code, so it is unit-tested with plain node --test.
 */
import type { AuditRecord } from '../../core/model';
import { investigatePublishes, type PublishAttempt } from '../../core/publishInvestigation';
import type { PublishAttemptView, PublishInvestigationView, TimelineRecordRef } from '../../protocol';

/**
 * Modify rows listed under one failure. A high-volume journey can hold
 * thousands between two publishes; the ones just before the failure are the
 * suspects, and the rest stay one filter away in the timeline.
 */
export const MAX_CHANGES_SHOWN = 50;

export interface InvestigationOptions {
  journeyName: string;
  /** Show this version's newest attempt first (the user investigated a version node). */
  focusVersion?: number;
  skippedVersions?: number[];
}

function refOf(r: AuditRecord, keyOf: (r: AuditRecord) => number): TimelineRecordRef {
  const ref: TimelineRecordRef = { key: keyOf(r), time: r.time };
  const actor = r.actor.name ?? r.actor.id;
  if (actor !== undefined) ref.actor = actor;
  if (r.target.version !== undefined) ref.version = r.target.version;
  return ref;
}

export function attemptView(a: PublishAttempt, keyOf: (r: AuditRecord) => number): PublishAttemptView {
  const view: PublishAttemptView = {
    key: keyOf(a.record),
    time: a.time,
    outcome: a.outcome,
    errors: a.errors.map((e) => ({
      ...(e.code !== undefined ? { code: e.code } : {}),
      message: e.message,
      ...(e.explanation ? { explanation: { ...e.explanation } } : {}),
    })),
    changesBefore: a.changesBefore.slice(-MAX_CHANGES_SHOWN).map((r) => refOf(r, keyOf)),
    changesTotal: a.changesBefore.length,
    canCompare: compareVersions(a) !== undefined,
  };
  if (a.version !== undefined) view.version = a.version;
  if (a.publisher !== undefined) view.publisher = a.publisher;
  if (a.status !== undefined) view.status = a.status;
  if (a.lastSuccess) view.lastSuccess = refOf(a.lastSuccess, keyOf);
  return view;
}

/** The two versions to diff for an attempt, base (last success) first; undefined when there is nothing to compare. */
export function compareVersions(a: Pick<PublishAttempt, 'version' | 'lastSuccess'>): { base: number; version: number } | undefined {
  const base = a.lastSuccess?.target.version;
  if (a.version === undefined || base === undefined || base === a.version) return undefined;
  return { base, version: a.version };
}

/** Which attempt to open first: the asked-for version's newest, else the newest failure, else the newest. */
export function focusIndex(attempts: readonly Pick<PublishAttempt, 'version' | 'outcome'>[], focusVersion?: number): number | undefined {
  if (attempts.length === 0) return undefined;
  if (focusVersion !== undefined) {
    const i = attempts.findIndex((a) => a.version === focusVersion);
    if (i >= 0) return i;
  }
  const failed = attempts.findIndex((a) => a.outcome === 'failure');
  return failed >= 0 ? failed : 0;
}

export function buildInvestigation(
  records: readonly AuditRecord[],
  options: InvestigationOptions,
): { attempts: PublishAttempt[]; view: (keyOf: (r: AuditRecord) => number) => PublishInvestigationView } {
  const attempts = investigatePublishes(records);
  const focus = focusIndex(attempts, options.focusVersion);
  return {
    attempts,
    view: (keyOf) => ({
      journeyName: options.journeyName,
      attempts: attempts.map((a) => attemptView(a, keyOf)),
      ...(focus !== undefined ? { focus } : {}),
      skippedVersions: [...(options.skippedVersions ?? [])].sort((a, b) => b - a),
    }),
  };
}

/** Versions the SFMC history walk reported as skipped ("… version 3 skipped (…)"). */
export function skippedVersionsOf(warnings: readonly string[]): number[] {
  const out = new Set<number>();
  for (const w of warnings) {
    const m = /\bversion (\d+) skipped\b/i.exec(w);
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => b - a);
}
