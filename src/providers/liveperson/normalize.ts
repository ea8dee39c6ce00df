/**
 * LivePerson audit items → AuditRecord (DESIGN.md §3). Items carry no id, so
 * ids are synthesized per page from the raw item; `changeDate` is a wall time
 * in the zone the request named in its `timezone` argument.
 */
import { nonEmptyScalarText, scalarText } from '../../core/fieldAccess';
import { AuditLensError, BadResponseError } from '../../core/errors';
import type { AuditRecord, Change } from '../../core/model';
import { synthesizePageIds } from '../../core/recordId';
import { parseWallTimeYmd, type TimeZoneRule } from '../../core/time';

export interface LivePersonNormalizeContext {
  connection: string;
  /** The zone sent as the request's `timezone`: the zone `changeDate` is written in. */
  zone: TimeZoneRule;
}


/** A changed value as sent: strings untouched (even ""), anything else written out. */
function changeValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return scalarText(value) ?? JSON.stringify(value);
}

export function normalizeLivePersonItem(item: unknown, id: string, ctx: LivePersonNormalizeContext): AuditRecord {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new BadResponseError(`LivePerson audit item is not an object (got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item})`, { provider: 'liveperson' });
  }
  const r = item as Record<string, unknown>;
  const action = nonEmptyScalarText(r.objectType);
  if (action === undefined) throw new BadResponseError('LivePerson audit item has no objectType', { provider: 'liveperson' });
  let time: string;
  try {
    time = parseWallTimeYmd(r.changeDate, ctx.zone);
  } catch (e) {
    const why = e instanceof AuditLensError ? e.message : String(e);
    throw new BadResponseError(`LivePerson audit item has an unreadable changeDate: ${why}`, { provider: 'liveperson', cause: e });
  }

  const actor: AuditRecord['actor'] = {};
  const actorId = nonEmptyScalarText(r.originatorUserId);
  const actorName = nonEmptyScalarText(r.originatorLoginName) ?? nonEmptyScalarText(r.originator);
  if (actorId !== undefined) actor.id = actorId;
  if (actorName !== undefined) actor.name = actorName;

  const target: AuditRecord['target'] = { type: action };
  const objectName = nonEmptyScalarText(r.objectName);
  if (objectName !== undefined) target.name = objectName;

  const changes: Change[] = [];
  const oldValue = changeValue(r.oldValue);
  const newValue = changeValue(r.newValue);
  if ((oldValue !== undefined && oldValue !== '') || (newValue !== undefined && newValue !== '')) {
    const change: Change = { field: scalarText(r.element) ?? '' };
    if (oldValue !== undefined) change.old = oldValue;
    if (newValue !== undefined) change.new = newValue;
    changes.push(change);
  }

  return {
    provider: 'liveperson',
    connection: ctx.connection,
    id,
    time,
    action,
    outcome: 'success',
    actor,
    target,
    errors: [],
    changes,
    raw: item,
  };
}

/** One page's items, with ids synthesized over the page (repeats within it get `#2`, `#3`…). */
export function normalizeLivePersonPage(items: readonly unknown[], ctx: LivePersonNormalizeContext): AuditRecord[] {
  const ids = synthesizePageIds(items);
  return items.map((item, i) => normalizeLivePersonItem(item, ids[i] as string, ctx));
}
