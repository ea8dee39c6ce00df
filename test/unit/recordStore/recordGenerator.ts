/**
 * Deterministic, plausible audit records for the store's tests, the webview
 * tests and screenshots: the four providers' shapes as DESIGN.md §3 maps them,
 * with failures, publish errors and changes in realistic proportions.
 */
import type { AuditRecord, ProviderId } from '../../../src/core/model';

/** mulberry32: tiny, seedable, good enough to pick test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Newest possible time, ms. */
  end?: number;
  /** How far back the records spread, ms. */
  spanMs?: number;
  providers?: readonly ProviderId[];
}

const PEOPLE = [
  { id: '7001', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: '7002', name: 'Grace Hopper', email: 'grace@example.com' },
  { id: '7003', name: 'Alan Turing', email: 'alan@example.com' },
  { id: '7004', name: 'Katherine Johnson', email: 'kj@example.com' },
  { id: '7005', name: 'Edsger Dijkstra', email: 'ewd@example.com' },
  { id: '7006', name: 'Barbara Liskov', email: 'liskov@example.com' },
];
const JOURNEYS = ['Welcome Series', 'Cart Abandonment', 'Birthday Offer', 'Win-back Q3', 'Onboarding Nudge'];
const LP_TYPES = ['Users', 'Skills', 'Profiles', 'Campaigns', 'Automatic Messages'];
const UNIPHORE_ACTIVITIES = ['Login', 'Search And Replay', 'Export Report', 'Update Settings', 'Delete Recording'];
const FLOQAST_CALLS = [
  ['GET', '/api/v1/reconciliations', 'reconciliations'],
  ['POST', '/api/v1/checklists', 'checklists'],
  ['GET', '/api/v1/users', 'users'],
  ['PATCH', '/api/v1/entities/e-42', 'entities'],
] as const;
const PUBLISH_ERRORS = [
  { code: 'VALIDATE_GENERAL_EXCEPTION', message: 'Entry event must be configured before the journey can be published.' },
  { code: 'DUPLICATE_VALUE', message: 'duplicate value found: Salesforce_JB_Triggers_Error' },
  { code: 'ACTIVITY_CONFIG', message: 'Activity must be created and configured: Email 3' },
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

export function generateRecords(options: GenerateOptions): AuditRecord[] {
  const rand = seededRandom(options.seed ?? 1);
  const end = options.end ?? Date.UTC(2024, 4, 20, 18, 0, 0);
  const span = options.spanMs ?? 14 * 24 * 3600 * 1000;
  const providers = options.providers ?? (['sfmc', 'liveperson', 'uniphore', 'floqast'] as const);
  const out: AuditRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const provider = pick(rand, providers);
    const time = new Date(end - Math.floor(rand() * span)).toISOString();
    const person = pick(rand, PEOPLE);
    const id = `${provider}-${i.toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`;
    out.push(makeRecord(provider, id, time, person, rand, i));
  }
  return out;
}

function makeRecord(
  provider: ProviderId,
  id: string,
  time: string,
  person: { id: string; name: string; email: string },
  rand: () => number,
  i: number,
): AuditRecord {
  switch (provider) {
    case 'sfmc': {
      const journey = pick(rand, JOURNEYS);
      const version = 1 + Math.floor(rand() * 6);
      const action = pick(rand, ['Create', 'Modify', 'Modify', 'Modify', 'Publish', 'Publish', 'Unpublish', 'Delete']);
      const failed = action === 'Publish' && rand() < 0.35;
      const err = pick(rand, PUBLISH_ERRORS);
      const raw = {
        id: `j-${JOURNEYS.indexOf(journey)}`,
        name: journey,
        versionNumber: version,
        action,
        timeStamp: time,
        user: { userId: person.id, name: person.name },
        ...(action === 'Publish' ? { publishStatus: failed ? 'Error' : 'PublishCompleted' } : {}),
        ...(failed ? { ErrorCode: err.code, ErrorDetail: err.message } : {}),
      };
      return {
        provider, connection: 'sfmc-prod', id, time, action,
        outcome: failed ? 'failure' : 'success',
        actor: { id: person.id, name: person.name },
        target: { type: 'journey', id: raw.id, name: journey, version },
        errors: failed ? [{ code: err.code, message: err.message }] : [],
        changes: [],
        raw,
      };
    }
    case 'liveperson': {
      const type = pick(rand, LP_TYPES);
      const name = `${type.slice(0, -1)} ${1 + (i % 40)}`;
      const changes = rand() < 0.7 ? [{ field: pick(rand, ['name', 'maxChats', 'skills', 'enabled']), old: String(Math.floor(rand() * 10)), new: String(Math.floor(rand() * 10)) }] : [];
      return {
        provider, connection: 'lp-main', id, time, action: type, outcome: 'success',
        actor: { id: person.id, name: person.email },
        target: { type, name },
        errors: [], changes,
        raw: { objectType: type, objectName: name, originatorUserId: person.id, originatorLoginName: person.email, changeDate: time, element: changes[0]?.field ?? '' },
      };
    }
    case 'uniphore': {
      const activity = pick(rand, UNIPHORE_ACTIVITIES);
      const result = rand() < 0.12 ? false : rand() < 0.05 ? undefined : true;
      return {
        provider, connection: 'uniphore-eu', id, time, action: activity,
        outcome: result === undefined ? 'unknown' : result ? 'success' : 'failure',
        actor: { id: person.id, name: person.name, email: person.email },
        target: { type: activity === 'Login' ? 'session' : 'recording' },
        errors: result === false ? [{ message: 'Permission denied for this tenant' }] : [],
        changes: [],
        raw: { id: i, activityType: activity, result, fullName: person.name, emailId: person.email, createdDate: time },
      };
    }
    case 'floqast': {
      const [method, uri, service] = pick(rand, FLOQAST_CALLS);
      const status = rand() < 0.1 ? pick(rand, [400, 403, 404, 500]) : 200;
      const key = `key-${person.id}`;
      return {
        provider, connection: 'floqast-us', id, time, action: `${method} ${uri}`,
        outcome: status >= 400 ? 'failure' : 'success',
        actor: { id: key, name: key },
        target: { type: service, name: uri },
        errors: status >= 400 ? [{ code: String(status), message: status === 403 ? 'Forbidden' : 'Request failed' }] : [],
        changes: [],
        raw: { id, createdAt: time, userApiKey: key, uri, method, meta: { status, service } },
      };
    }
  }
}
