/**
 * What brought a timeline's records in, enough to run it again without a
 * single question: "Run Query Again" in the panel's title bar and the
 * palette. It is saved with the timeline's snapshot, so it works after a
 * restart too; it names connections by id and holds no secret.
 */
import { PROVIDER_IDS, type Scope } from '../../core/model';
import { isPresetRange, type PresetRange } from '../presetRanges';

export interface RerunPlan {
  connectionId: string;
  scope?: Scope;
  /** SFMC's audit action. */
  action?: string;
}

export type RerunSpec =
  /** Query Audit Records…: per connection its scope and action, and one range (a preset is counted back from the new run's now). */
  | { kind: 'query'; plans: RerunPlan[]; range: PresetRange | { from: string; to: string } }
  /** Investigate Publish Errors: one SFMC journey's whole history. */
  | { kind: 'investigation'; connectionId: string; journey: string; journeyName: string };

const SCOPE_TYPES: ReadonlySet<string> = new Set<Scope['type']>(['journey', 'version', 'account', 'componentType', 'category', 'apiKey']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000;

function reviveScope(v: unknown): Scope | undefined {
  if (!isObject(v) || !(PROVIDER_IDS as readonly unknown[]).includes(v.provider) || !SCOPE_TYPES.has(v.type as string) || !isText(v.id) || typeof v.name !== 'string') return undefined;
  const scope: Scope = { provider: v.provider as Scope['provider'], type: v.type as Scope['type'], id: v.id, name: v.name };
  if (isText(v.parent)) scope.parent = v.parent;
  if (isObject(v.detail)) {
    const detail: Record<string, string | number | boolean> = {};
    for (const [k, x] of Object.entries(v.detail)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') detail[k] = x;
    scope.detail = detail;
  }
  return scope;
}

function revivePlan(v: unknown): RerunPlan | undefined {
  if (!isObject(v) || !isText(v.connectionId)) return undefined;
  const plan: RerunPlan = { connectionId: v.connectionId };
  if (v.scope !== undefined) {
    const scope = reviveScope(v.scope);
    if (!scope) return undefined;
    plan.scope = scope;
  }
  if (v.action !== undefined) {
    if (!isText(v.action)) return undefined;
    plan.action = v.action;
  }
  return plan;
}

/** A spec read back from a saved snapshot, or undefined when it is not one whole (it is then not offered). */
export function reviveRerunSpec(v: unknown): RerunSpec | undefined {
  if (!isObject(v)) return undefined;
  if (v.kind === 'investigation') {
    if (!isText(v.connectionId) || !isText(v.journey) || typeof v.journeyName !== 'string') return undefined;
    return { kind: 'investigation', connectionId: v.connectionId, journey: v.journey, journeyName: v.journeyName };
  }
  if (v.kind !== 'query' || !Array.isArray(v.plans) || v.plans.length === 0 || v.plans.length > 100) return undefined;
  const plans = v.plans.map(revivePlan);
  if (plans.some((p) => p === undefined)) return undefined;
  let range: PresetRange | { from: string; to: string };
  if (isPresetRange(v.range)) range = v.range;
  else if (isObject(v.range) && isText(v.range.from) && isText(v.range.to)) range = { from: v.range.from, to: v.range.to };
  else return undefined;
  return { kind: 'query', plans: plans as RerunPlan[], range };
}
