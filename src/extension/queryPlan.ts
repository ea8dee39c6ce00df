/**
 * Turns what the user picked (a connection, a scope, an action, a range)
 * into the neutral AuditQuery each provider reads, and into the timeline's
 * title. Pure, so the mapping is unit-tested.
 */
import type { AuditQuery, Connection, Scope } from '../core/model';
import type { TimeRange } from './timeRange';

export const SFMC_ACTIONS = ['all', 'create', 'modify', 'publish', 'unpublish', 'delete'] as const;

export interface PlannedQuery {
  connection: Connection;
  scope?: Scope;
  /** SFMC's audit action; other providers have none. */
  action?: string;
  range: TimeRange;
}

export function auditQueryFor(plan: PlannedQuery): AuditQuery {
  const q: AuditQuery = {};
  const { scope, connection } = plan;
  // SFMC has no date filter: the range is applied to the records instead.
  if (connection.provider !== 'sfmc') {
    q.from = plan.range.fromDay;
    q.to = plan.range.toDay;
  }
  if (connection.provider === 'sfmc') q.action = plan.action ?? 'all';
  if (connection.provider === 'liveperson' && connection.settings.accountId) q.account = connection.settings.accountId;
  if (!scope) return q;
  switch (scope.type) {
    case 'journey':
      q.journey = scope.id;
      break;
    case 'version': {
      q.journey = scope.parent ?? scope.id;
      const n = Number(scope.detail?.version ?? scope.detail?.versionNumber ?? scope.name.replace(/^\D+/, ''));
      if (Number.isInteger(n) && n > 0) q.version = n;
      break;
    }
    case 'account':
      q.account = scope.id;
      break;
    case 'componentType':
      q.types = [scope.id];
      if (scope.parent) q.account = scope.parent;
      break;
    case 'category':
      q.category = scope.id;
      break;
    case 'apiKey':
      q.apiKeyId = scope.id;
      break;
  }
  return q;
}

export function queryTitle(plans: readonly PlannedQuery[]): string {
  const range = plans[0]?.range.label ?? '';
  if (plans.length === 1 && plans[0]) {
    const p = plans[0];
    const parts = [p.connection.label];
    if (p.scope) parts.push(p.scope.name);
    if (p.action && p.action !== 'all') parts.push(p.action);
    parts.push(range);
    return parts.join(' · ');
  }
  return `${plans.length} connections · ${range}`;
}
