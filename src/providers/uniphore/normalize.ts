/**
 * Uniphore audit log items → AuditRecord (DESIGN.md §3).
 *
 * The vendor's own table disagrees with its sample: `CreatedDate` against
 * `createdDate`, `ActionDescription` against `actionDescription`, and
 * `details` typed as an Array though the sample sends an object. Fields are
 * read case-insensitively and `details` is accepted either way.
 * `createdDate` is `MM-DD-YYYY HH:MM:SS` with no zone: UTC unless the
 * connection says otherwise.
 */
import { BadResponseError } from '../../core/errors';
import { getField, isPlainObject, textOf } from '../../core/fieldAccess';
import type { Actor, AuditRecord, Outcome, RecordError, Target } from '../../core/model';
import { parseWallTimeMdy, type TimeZoneRule } from '../../core/time';

export interface UniphoreNormalizeContext {
  connection: string;
  zone: TimeZoneRule;
}

/** The item's integer id as a string, or undefined when it has none usable. */
export function uniphoreIdOf(item: unknown): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const id = getField(item, 'id');
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  if (typeof id === 'string' && /^-?\d+$/.test(id.trim())) return id.trim();
  return undefined;
}

/** `details` as an object, or the first object of an array. */
export function detailsOf(item: Record<string, unknown>): Record<string, unknown> | undefined {
  const d = getField(item, 'details');
  if (isPlainObject(d)) return d;
  if (Array.isArray(d)) return d.find(isPlainObject);
  return undefined;
}

export function normalizeUniphoreItem(item: unknown, ctx: UniphoreNormalizeContext): AuditRecord {
  if (!isPlainObject(item)) throw new BadResponseError('Uniphore audit item is not an object', { provider: 'uniphore' });
  const id = uniphoreIdOf(item);
  if (id === undefined) throw new BadResponseError('Uniphore audit item has no integer "id"', { provider: 'uniphore' });
  const created = getField(item, 'createdDate');
  if (created === undefined || created === null) {
    throw new BadResponseError(`Uniphore audit item ${id} has no "createdDate"`, { provider: 'uniphore' });
  }
  let time: string;
  try {
    time = parseWallTimeMdy(created, ctx.zone);
  } catch (e) {
    throw new BadResponseError(`Uniphore audit item ${id}: ${e instanceof Error ? e.message : String(e)}`, { provider: 'uniphore', cause: e });
  }
  const action = textOf(getField(item, 'activityType'));
  if (action === undefined) throw new BadResponseError(`Uniphore audit item ${id} has no "activityType"`, { provider: 'uniphore' });
  const details = detailsOf(item);
  const result = getField(item, 'result');
  const outcome = outcomeOf(result);
  return {
    provider: 'uniphore',
    connection: ctx.connection,
    id,
    time,
    action,
    outcome,
    actor: actorOf(item),
    target: targetOf(details),
    errors: outcome === 'failure' ? errorsOf(details) : [],
    changes: [],
    raw: item,
  };
}

function outcomeOf(result: unknown): Outcome {
  if (result === true || result === 'true') return 'success';
  if (result === false || result === 'false') return 'failure';
  return 'unknown';
}

function actorOf(item: Record<string, unknown>): Actor {
  const actor: Actor = {};
  // agentId 0 means "no agent" (the sample's own user has it).
  const agent = textOf(getField(item, 'agentId'));
  if (agent !== undefined && agent !== '0') actor.id = agent;
  const name = textOf(getField(item, 'fullName'));
  if (name !== undefined) actor.name = name;
  const email = textOf(getField(item, 'emailId'));
  if (email !== undefined) actor.email = email;
  return actor;
}

function targetOf(details: Record<string, unknown> | undefined): Target {
  const type = details ? textOf(getField(details, 'actionType')) : undefined;
  return type !== undefined ? { type } : {};
}

function errorsOf(details: Record<string, unknown> | undefined): RecordError[] {
  if (!details) return [];
  const output = getField(details, 'output');
  if (output === undefined || output === null || output === '') return [];
  return [{ message: typeof output === 'string' ? output : JSON.stringify(output) }];
}
