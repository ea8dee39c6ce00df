/**
 * SFMC Journey Builder audit items → AuditRecord (DESIGN.md §3).
 *
 * Items carry no id of their own, so ids are synthesized per page. Field
 * casing varies between items of one response (`UserId`/`userId`,
 * `PublishRequestId`/`publishRequestId`), so every field is read
 * case-insensitively. `timeStamp` is a wall time in the Marketing Cloud
 * server's zone (UTC−06:00 unless the connection says otherwise).
 */
import { BadResponseError } from '../../core/errors';
import { getField, isPlainObject, textOf } from '../../core/fieldAccess';
import type { Actor, AuditRecord, Outcome, RecordError, Target } from '../../core/model';
import { synthesizePageIds } from '../../core/recordId';
import { parseWallTimeYmd, type TimeZoneRule } from '../../core/time';

export interface SfmcNormalizeContext {
  connection: string;
  zone: TimeZoneRule;
}

/** One page's items, with ids synthesized across the page (repeats within it get `#n`). */
export function normalizeSfmcPage(items: readonly unknown[], ctx: SfmcNormalizeContext): AuditRecord[] {
  const ids = synthesizePageIds(items);
  return items.map((item, i) => normalizeSfmcItem(item, ids[i] as string, ctx));
}

export function normalizeSfmcItem(item: unknown, id: string, ctx: SfmcNormalizeContext): AuditRecord {
  if (!isPlainObject(item)) throw new BadResponseError(`SFMC audit item is not an object (${describeType(item)})`, { provider: 'sfmc' });
  const action = getField(item, 'action');
  if (typeof action !== 'string' || action === '') {
    throw new BadResponseError('SFMC audit item has no "action"', { provider: 'sfmc' });
  }
  const stamp = getField(item, 'timeStamp');
  if (stamp === undefined || stamp === null) throw new BadResponseError('SFMC audit item has no "timeStamp"', { provider: 'sfmc' });
  let time: string;
  try {
    time = parseWallTimeYmd(stamp, ctx.zone);
  } catch (e) {
    throw new BadResponseError(`SFMC audit item: ${e instanceof Error ? e.message : String(e)}`, { provider: 'sfmc', cause: e });
  }
  return {
    provider: 'sfmc',
    connection: ctx.connection,
    id,
    time,
    action,
    outcome: outcomeOf(action, getField(item, 'publishStatus')),
    actor: actorOf(getField(item, 'user')),
    target: targetOf(item),
    errors: errorsOf(getField(item, 'errors')),
    changes: [],
    raw: item,
  };
}

/** Only publishing can fail in this log; every other action is a fact that happened. */
export function outcomeOf(action: string, publishStatus: unknown): Outcome {
  // The length test first spares a lowercase copy of every other action (only ASCII letters lowercase to ASCII one for one).
  if (action.length !== 7 || action.toLowerCase() !== 'publish') return 'success';
  const status = typeof publishStatus === 'string' ? publishStatus.toLowerCase() : '';
  if (status === 'error') return 'failure';
  if (status === 'publishcompleted') return 'success';
  return 'unknown';
}

function actorOf(user: unknown): Actor {
  const actor: Actor = {};
  if (!isPlainObject(user)) return actor;
  const id = textOf(getField(user, 'userId'));
  const name = textOf(getField(user, 'name'));
  if (id !== undefined) actor.id = id;
  if (name !== undefined) actor.name = name;
  return actor;
}

function targetOf(item: Record<string, unknown>): Target {
  const target: Target = { type: 'journey' };
  const id = textOf(getField(item, 'id'));
  const name = textOf(getField(item, 'name'));
  const version = versionOf(getField(item, 'versionNumber'));
  if (id !== undefined) target.id = id;
  if (name !== undefined) target.name = name;
  if (version !== undefined) target.version = version;
  return target;
}

function versionOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function errorsOf(value: unknown): RecordError[] {
  if (!Array.isArray(value)) return [];
  const out: RecordError[] = [];
  for (const entry of value) {
    if (isPlainObject(entry)) {
      const code = textOf(getField(entry, 'ErrorCode'));
      const message = textOf(getField(entry, 'ErrorDetail')) ?? textOf(getField(entry, 'message')) ?? code ?? JSON.stringify(entry);
      out.push(code !== undefined ? { code, message } : { message });
    } else if (entry !== null && entry !== undefined) {
      out.push({ message: typeof entry === 'string' ? entry : JSON.stringify(entry) });
    }
  }
  return out;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
