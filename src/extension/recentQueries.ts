/**
 * The last queries run (Query Audit Records… and Investigate Publish
 * Errors), newest first, for "Run a Recent Query…": each is its title and
 * how to run it again (rerunSpec.ts). Kept in globalState with connection
 * ids and scope names only, never a record or a secret.
 */
import type { MementoLike } from './connectionStore';
import { reviveRerunSpec, type RerunSpec } from './timeline/rerunSpec';

const KEY = 'auditLens.recentQueries';
const MAX = 15;

export interface RecentQuery {
  title: string;
  /** ISO time of the last run. */
  ranAt: string;
  spec: RerunSpec;
}

/** What makes two runs the same query: a scope's changing facts (status, version) do not. */
function sameQueryKey(spec: RerunSpec): string {
  if (spec.kind === 'investigation') return JSON.stringify([spec.kind, spec.connectionId, spec.journey]);
  return JSON.stringify([spec.kind, spec.range, spec.plans.map((p) => [p.connectionId, p.scope?.type, p.scope?.id, p.action])]);
}

function namesConnection(spec: RerunSpec, connectionId: string): boolean {
  return spec.kind === 'investigation' ? spec.connectionId === connectionId : spec.plans.some((p) => p.connectionId === connectionId);
}

export class RecentQueries {
  constructor(private readonly state: MementoLike) {}

  /** Newest first; an entry that does not read back whole is left out. */
  list(): RecentQuery[] {
    const saved = this.state.get<unknown>(KEY);
    if (!Array.isArray(saved)) return [];
    const out: RecentQuery[] = [];
    for (const entry of saved as unknown[]) {
      const e = entry as Partial<Record<keyof RecentQuery, unknown>> | null;
      const spec = reviveRerunSpec(e?.spec);
      if (spec && typeof e?.title === 'string' && typeof e.ranAt === 'string') out.push({ title: e.title, ranAt: e.ranAt, spec });
    }
    return out;
  }

  /** Puts the query first; an earlier run of the same query gives way to it. */
  async add(title: string, spec: RerunSpec, now = new Date()): Promise<void> {
    const key = sameQueryKey(spec);
    const kept = this.list().filter((q) => sameQueryKey(q.spec) !== key);
    await this.state.update(KEY, [{ title, ranAt: now.toISOString(), spec }, ...kept].slice(0, MAX));
  }

  /** Drops the queries that read a removed connection: they could not run again. */
  async forgetConnection(connectionId: string): Promise<void> {
    const all = this.list();
    const kept = all.filter((q) => !namesConnection(q.spec, connectionId));
    if (kept.length !== all.length) await this.state.update(KEY, kept);
  }
}
