/**
 * "Did this journey's (or version's) latest publish fail?", learned cheaply
 * for the tree and cached until the tree is refreshed.
 *
 * How it stays cheap: a failed activation leaves the version in Draft, so a
 * journey or version whose status is Published, Stopped, Unpublished or
 * Deleted needs no request at all; its latest publish went through. Only the
 * others (Draft, ScheduledToPublish, no status) cost one
 * `/audit/publish?versionNumber=N` call, made when the node is first shown,
 * a few at a time in the background. A journey's answer is its latest
 * version's, so expanding the journey asks nothing more for that version.
 * Investigate Publish Errors, which reads the whole history anyway, refreshes
 * every version's answer from what it read.
 */
import { isCancellation, toAuditLensError } from '../../core/errors';
import type { AuditRecord, Scope } from '../../core/model';
import { investigatePublishes, type PublishAttempt } from '../../core/publishInvestigation';

export type PublishHealthState =
  | { kind: 'checking' }
  | { kind: 'ok' }
  | { kind: 'failed'; attempt: PublishAttempt }
  | { kind: 'unknown'; reason: string };

const SETTLED_STATUSES = new Set(['published', 'stopped', 'unpublished', 'deleted']);

/** Whether a journey version in this status can be one whose latest publish failed. */
export function mayHaveFailedPublish(status: unknown): boolean {
  return !(typeof status === 'string' && SETTLED_STATUSES.has(status.trim().toLowerCase()));
}

/** The journey and version a tree scope stands for (a journey stands for its latest version). */
export interface PublishTarget {
  /** The journey scope's id (a version's parent). */
  journeyId: string;
  /** What the API is called with: `key:KEY` when the key is known (every version shares it), else the id. */
  journeyRef: string;
  version: number;
  status?: string;
}

export function publishTargetOf(scope: Scope): PublishTarget | undefined {
  if (scope.provider !== 'sfmc' || (scope.type !== 'journey' && scope.type !== 'version')) return undefined;
  const journeyId = scope.type === 'journey' ? scope.id : scope.parent;
  const version = Number(scope.detail?.version);
  if (!journeyId || !Number.isInteger(version) || version < 1) return undefined;
  const key = scope.detail?.key;
  const target: PublishTarget = { journeyId, journeyRef: typeof key === 'string' && key ? `key:${key}` : journeyId, version };
  if (typeof scope.detail?.status === 'string') target.status = scope.detail.status;
  return target;
}

/** The newest attempt of each version, from a journey's records (any versions). */
export function latestAttemptByVersion(records: readonly AuditRecord[]): Map<number, PublishAttempt> {
  const byVersion = new Map<number, PublishAttempt>();
  for (const a of investigatePublishes(records)) {
    if (a.version !== undefined && !byVersion.has(a.version)) byVersion.set(a.version, a);
  }
  return byVersion;
}

export type FetchPublishes = (connectionId: string, journeyRef: string, version: number, signal: AbortSignal) => Promise<AuditRecord[]>;

/** Checks run at once, at most: the tree must never flood a tenant that rate-limits. */
export const PUBLISH_CHECK_CONCURRENCY = 3;

export class PublishHealth {
  private readonly states = new Map<string, PublishHealthState>();
  private readonly queue: (() => Promise<void>)[] = [];
  private running = 0;
  private abort = new AbortController();
  private readonly listeners = new Set<(connectionId: string) => void>();

  constructor(
    private readonly fetchPublishes: FetchPublishes,
    private readonly log: (message: string) => void = () => {},
  ) {}

  private static key(connectionId: string, journeyId: string, version: number): string {
    return `${connectionId}\u0000${journeyId}\u0000${version}`;
  }

  onDidChange(listener: (connectionId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** What is known of a journey or version scope; undefined when not asked yet. */
  stateOf(connectionId: string, scope: Scope): PublishHealthState | undefined {
    const t = publishTargetOf(scope);
    return t ? this.states.get(PublishHealth.key(connectionId, t.journeyId, t.version)) : undefined;
  }

  /** The failed attempt, when the scope's latest publish failed. */
  failureOf(connectionId: string, scope: Scope): PublishAttempt | undefined {
    const s = this.stateOf(connectionId, scope);
    return s?.kind === 'failed' ? s.attempt : undefined;
  }

  /** Starts the checks these scopes still need (nodes just shown). */
  watch(connectionId: string, scopes: readonly Scope[]): void {
    for (const scope of scopes) {
      const t = publishTargetOf(scope);
      if (!t) continue;
      const key = PublishHealth.key(connectionId, t.journeyId, t.version);
      if (this.states.has(key)) continue;
      if (!mayHaveFailedPublish(t.status)) {
        this.states.set(key, { kind: 'ok' });
        continue;
      }
      this.states.set(key, { kind: 'checking' });
      this.enqueue(() => this.check(connectionId, t, key));
    }
    this.pump();
  }

  /** Takes every version's answer from a journey's full history (Investigate Publish Errors). */
  learn(connectionId: string, journeyId: string, records: readonly AuditRecord[], versions: readonly number[] = []): void {
    const latest = latestAttemptByVersion(records);
    for (const v of new Set([...versions, ...latest.keys()])) {
      const a = latest.get(v);
      this.states.set(PublishHealth.key(connectionId, journeyId, v), a?.outcome === 'failure' ? { kind: 'failed', attempt: a } : { kind: 'ok' });
    }
    this.fire(connectionId);
  }

  /** Forgets every answer (of one connection, or all) and stops the checks under way. */
  forget(connectionId?: string): void {
    if (connectionId === undefined) {
      this.states.clear();
      this.abort.abort();
      this.abort = new AbortController();
      this.queue.length = 0;
      return;
    }
    for (const k of [...this.states.keys()]) if (k.startsWith(`${connectionId}\u0000`)) this.states.delete(k);
  }

  dispose(): void {
    this.forget();
    this.listeners.clear();
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue.push(job);
  }

  private pump(): void {
    while (this.running < PUBLISH_CHECK_CONCURRENCY && this.queue.length) {
      const job = this.queue.shift() as () => Promise<void>;
      this.running++;
      void job().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async check(connectionId: string, t: PublishTarget, key: string): Promise<void> {
    const signal = this.abort.signal;
    if (signal.aborted || this.states.get(key)?.kind !== 'checking') return;
    let state: PublishHealthState;
    try {
      const records = await this.fetchPublishes(connectionId, t.journeyRef, t.version, signal);
      const newest = latestAttemptByVersion(records).get(t.version);
      state = newest?.outcome === 'failure' ? { kind: 'failed', attempt: newest } : { kind: 'ok' };
    } catch (e) {
      if (isCancellation(e) || signal.aborted) return;
      const reason = toAuditLensError(e).describe();
      this.log(`Publish check of ${t.journeyRef} v${t.version}: ${reason}`);
      state = { kind: 'unknown', reason };
    }
    // A refresh while the call ran forgot this key: the answer belongs to the old tree.
    if (signal.aborted || this.states.get(key)?.kind !== 'checking') return;
    this.states.set(key, state);
    this.fire(connectionId);
  }

  private fire(connectionId: string): void {
    for (const l of this.listeners) l(connectionId);
  }
}
