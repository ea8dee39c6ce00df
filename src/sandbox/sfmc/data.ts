/**
 * SFMC journeys and their audit items. Journeys are few (at most a few
 * thousand), so they are built up front from the seed; each holds its items
 * in chronological order, which is the order the API serves them in (the
 * seed's example lists Create first).
 *
 * Hand-written demo stories come first: a journey whose latest publish
 * failed ("An entry event must be configured…") with a missing version in
 * its history, two Salesforce-triggered journeys published in parallel that
 * failed with DUPLICATE_VALUE, and a high-volume journey for paging. Seed
 * 000's journey is served from its fixture.
 */
import { hashInts, Rng } from '../prng';
import { people, type Person } from '../people';
import { SFMC_SEED_AUDIT_BODY, SFMC_SEED_JOURNEY_ID, SFMC_SEED_JOURNEY_KEY, SFMC_SEED_VERSION } from '../fixtures/sfmcSeed';
import { buildDefinition, type VersionDefect } from './definitions';
import type {
  SfmcAction,
  SfmcAuditItem,
  SfmcAuditPathAction,
  SfmcDefinition,
  SfmcJourneyStatus,
  SfmcJourneySummary,
  SfmcJourneyTruth,
  SfmcPublishError,
} from './types';

const SALT = 0x5f3d;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Marketing Cloud servers run on UTC−06:00 all year (no daylight saving). */
const SERVER_OFFSET_MS = -6 * HOUR;

export const PUBLISH_ERRORS = {
  entryEvent: { ErrorDetail: 'An entry event must be configured before activation can be successful', ErrorCode: 'VALIDATE_GENERAL_EXCEPTION' },
  activity: { ErrorDetail: 'An activity must be created and configured before activation can be successful', ErrorCode: 'VALIDATE_GENERAL_EXCEPTION' },
  duplicate: {
    ErrorDetail: 'DUPLICATE_VALUE: duplicate value found: <unknown> duplicates value on record with id: <unknown>',
    ErrorCode: 'Salesforce_JB_Triggers_Error',
  },
  decision: { ErrorDetail: "Decision split 'Has purchased?' has no default path", ErrorCode: 'VALIDATE_DECISION_SPLIT' },
} satisfies Record<string, SfmcPublishError>;

type PublishFlavor = keyof typeof PUBLISH_ERRORS;

interface Step {
  action: SfmcAction;
  gapMs: number;
  user?: number;
  errors?: PublishFlavor[];
  ejected?: number;
  copiedFrom?: boolean;
  /** An absolute time instead of a gap: the parallel publishes of the DUPLICATE_VALUE story. */
  atMs?: number;
}

interface VersionPlan {
  version: number;
  missing: boolean;
  steps: Step[];
}

interface JourneyPlan {
  name: string;
  key: string;
  description: string;
  salesforceTriggered: boolean;
  envelope: 'pascal' | 'lower';
  countExcess: number;
  origin: 'demo' | 'generated';
  versions: VersionPlan[];
  /** When the plan's first step happens; left out, the journey ends `slackMs` before the anchor. */
  startMs?: number;
  slackMs?: number;
}

export interface VersionModel {
  version: number;
  definitionId: string;
  status: SfmcJourneyStatus;
  createdMs: number;
  modifiedMs: number;
  lastPublishedMs?: number;
  defect: VersionDefect;
}

export interface JourneyModel {
  index: number;
  id: string;
  key: string;
  name: string;
  description: string;
  originalDefinitionId: string;
  salesforceTriggered: boolean;
  envelope: 'pascal' | 'lower';
  countExcess: number;
  origin: 'seed' | 'demo' | 'generated';
  /** Existing versions, ascending. */
  versions: VersionModel[];
  missingVersions: number[];
  /** Chronological. */
  items: SfmcAuditItem[];
  /** Time of the newest item. */
  lastMs: number;
  categoryId: number;
  stats: SfmcJourneySummary['stats'];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** UTC−06:00 wall time without offset, `2015-10-30T11:49:55.99`: 1 to 7 fraction digits. */
export function sfmcTimeStamp(ms: number, extraTicks: number, digits: number): string {
  const d = new Date(ms + SERVER_OFFSET_MS);
  const ticks = String(d.getUTCMilliseconds() * 10_000 + extraTicks).padStart(7, '0');
  let fraction = ticks.slice(0, Math.min(Math.max(digits, 1), 7)).replace(/0+$/, '');
  if (fraction === '') fraction = '0';
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${fraction}`
  );
}

/** Journey list dates: the same server time, milliseconds only. */
function sfmcDate(ms: number): string {
  return sfmcTimeStamp(ms, 0, 3);
}

const TOPICS = [
  'Abandoned Cart Reminder', 'Birthday Offer', 'Re-engagement', 'Onboarding Drip', 'Win-back', 'Post-purchase Survey',
  'Renewal Reminder', 'Event Invitation', 'Newsletter Welcome', 'Product Launch Teaser', 'Loyalty Tier Upgrade',
  'Webinar Follow-up', 'Cross-sell Accessories', 'Subscription Expiry', 'Feedback Request', 'Browse Abandonment',
  'Price Drop Alert', 'Back in Stock', 'Referral Program', 'Anniversary Thank You',
];
const SUFFIXES = ['', ' - EMEA', ' - US', ' - APAC', ' 2024', ' 2025', ' (Test)', ' v2'];

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export interface SfmcDataOptions {
  seed: number;
  /** Scales the number of journeys and the size of the high-volume journey. */
  scale: number;
  /** The newest generated item lands before this instant. */
  anchorMs: number;
}

export class SfmcData {
  readonly journeys: JourneyModel[] = [];
  private readonly byId = new Map<string, JourneyModel>();
  private readonly byKey = new Map<string, JourneyModel>();
  private readonly users: { person: Person; id: number }[];
  private readonly definitions = new Map<string, SfmcDefinition>();
  private insertCounter = 0;

  constructor(private readonly options: SfmcDataOptions) {
    const rng = new Rng(hashInts(options.seed, SALT, 0));
    this.users = people(rng, 18).map((person) => ({ person, id: rng.int(1000, 99_999_999) }));
    const plans = this.plans(rng);
    plans.forEach((plan, i) => this.add(this.materialize(plan, i + 1)));
    this.add(this.seedJourney());
  }

  private add(journey: JourneyModel): void {
    this.journeys.push(journey);
    this.byId.set(journey.id, journey);
    this.byKey.set(journey.key, journey);
  }

  /** By id, or by `key:KEY` (the API's two path forms). */
  find(idOrKey: string): JourneyModel | undefined {
    if (idOrKey.startsWith('key:')) return this.byKey.get(idOrKey.slice(4));
    return this.byId.get(idOrKey) ?? this.byKey.get(idOrKey);
  }

  private plans(rng: Rng): JourneyPlan[] {
    const { scale, anchorMs } = this.options;
    const plans: JourneyPlan[] = [];
    const u = (n: number) => n % this.users.length;
    const modify = (n: number, user: number, gap = 2 * HOUR): Step[] =>
      Array.from({ length: n }, (_, i) => ({ action: 'Modify' as const, gapMs: gap + i * 7 * MINUTE, user: u(user + i) }));

    // 1. The publish-error investigation demo (issue 8).
    plans.push({
      name: 'Welcome Series',
      key: 'welcome-series',
      description: 'Three-step welcome for new subscribers',
      salesforceTriggered: false,
      envelope: 'pascal',
      countExcess: 0,
      origin: 'demo',
      startMs: anchorMs - 200 * DAY,
      versions: [
        { version: 1, missing: false, steps: [{ action: 'Create', gapMs: 0, user: u(0) }, ...modify(3, 0), { action: 'Publish', gapMs: DAY, user: u(1) }, { action: 'Stop', gapMs: 30 * DAY, user: u(1), ejected: 12 }] },
        { version: 2, missing: false, steps: [{ action: 'Create', gapMs: HOUR, user: u(2) }, ...modify(2, 2), { action: 'Publish', gapMs: 3 * HOUR, user: u(1) }, { action: 'Stop', gapMs: 40 * DAY, user: u(3), ejected: 20 }] },
        { version: 3, missing: true, steps: [] },
        {
          version: 4,
          missing: false,
          steps: [
            { action: 'Create', gapMs: 5 * DAY, user: u(2) },
            ...modify(3, 2),
            { action: 'Publish', gapMs: HOUR, user: u(1), errors: ['activity', 'entryEvent'] },
            ...modify(2, 4, 30 * MINUTE),
            { action: 'Publish', gapMs: 20 * MINUTE, user: u(1) },
          ],
        },
        {
          version: 5,
          missing: false,
          steps: [
            { action: 'Create', gapMs: 20 * DAY, user: u(4) },
            ...modify(4, 4),
            { action: 'Publish', gapMs: HOUR, user: u(5), errors: ['entryEvent'] },
          ],
        },
      ],
    });
    // 2 and 3. Two Salesforce-triggered journeys published in parallel: both fail with DUPLICATE_VALUE.
    const parallelAt = anchorMs - 12 * DAY;
    plans.push({
      name: 'Lead Nurture (Salesforce)',
      key: 'lead-nurture-sf',
      description: 'Nurtures new Salesforce leads',
      salesforceTriggered: true,
      envelope: 'lower',
      countExcess: 0,
      origin: 'demo',
      startMs: parallelAt - 60 * DAY,
      versions: [
        { version: 1, missing: false, steps: [{ action: 'Create', gapMs: 0, user: u(6) }, ...modify(2, 6), { action: 'Publish', gapMs: DAY, user: u(6) }] },
        { version: 2, missing: false, steps: [{ action: 'Create', gapMs: 20 * DAY, user: u(7) }, ...modify(1, 7), { action: 'Publish', gapMs: DAY, user: u(7) }, { action: 'Stop', gapMs: 10 * DAY, user: u(7), ejected: 340 }] },
        { version: 3, missing: false, steps: [{ action: 'Create', gapMs: 20 * DAY, user: u(6) }, ...modify(2, 6), { action: 'Publish', gapMs: 0, atMs: parallelAt, user: u(8), errors: ['duplicate'] }] },
      ],
    });
    plans.push({
      name: 'Case Follow-up (Salesforce)',
      key: 'case-follow-up-sf',
      description: 'Follows up on closed service cases',
      salesforceTriggered: true,
      envelope: 'pascal',
      countExcess: 0,
      origin: 'demo',
      startMs: parallelAt - 30 * DAY,
      versions: [
        { version: 1, missing: false, steps: [{ action: 'Create', gapMs: 0, user: u(8) }, ...modify(2, 8), { action: 'Publish', gapMs: DAY, user: u(8) }] },
        {
          version: 2,
          missing: false,
          steps: [
            { action: 'Create', gapMs: 20 * DAY, user: u(9) },
            ...modify(2, 9),
            // The same minute as the lead journey's publish: the parallel publish that collides.
            { action: 'Publish', gapMs: 0, atMs: parallelAt, user: u(8), errors: ['duplicate'] },
            { action: 'Publish', gapMs: 2 * HOUR, user: u(8) },
          ],
        },
      ],
    });
    // 4. A high-volume journey for paging, with the live API's lowercase envelope and a Count one too high.
    const big = Math.min(Math.max(Math.round(scale), 260), 20_000);
    const bigVersions = 4;
    const overhead = bigVersions * 3 - 1; // Create, Publish, Stop per version; the latest is not stopped.
    const modifies = Math.max(big - overhead, bigVersions);
    const per = Math.floor(modifies / bigVersions);
    const versions: VersionPlan[] = [];
    for (let v = 1; v <= bigVersions; v++) {
      const n = v === bigVersions ? modifies - per * (bigVersions - 1) : per;
      const steps: Step[] = [{ action: 'Create', gapMs: v === 1 ? 0 : DAY, user: u(v) }];
      for (let i = 0; i < n; i++) steps.push({ action: 'Modify', gapMs: rng.int(1, 40) * MINUTE, user: u(v + rng.int(0, 5)) });
      steps.push({ action: 'Publish', gapMs: HOUR, user: u(v + 1) });
      if (v < bigVersions) steps.push({ action: 'Stop', gapMs: 3 * DAY, user: u(v + 2), ejected: rng.int(0, 5000) });
      versions.push({ version: v, missing: false, steps });
    }
    plans.push({
      name: 'Loyalty Program Nurture',
      key: 'loyalty-program-nurture',
      description: 'Monthly loyalty programme touchpoints, edited often',
      salesforceTriggered: false,
      envelope: 'lower',
      countExcess: 1,
      origin: 'demo',
      slackMs: 2 * DAY,
      versions,
    });
    // 5. Generated journeys.
    const generated = Math.min(Math.max(Math.round(scale / 12), 6), 2000);
    const usedKeys = new Set(plans.map((p) => p.key));
    for (let j = 0; j < generated; j++) plans.push(this.generatedPlan(j, usedKeys));
    return plans;
  }

  private generatedPlan(j: number, usedKeys: Set<string>): JourneyPlan {
    const rng = new Rng(hashInts(this.options.seed, SALT, 100 + j));
    let name = `${rng.pick(TOPICS)}${rng.pick(SUFFIXES)}`;
    let key = `${kebab(name)}-${rng.hex(4)}`;
    while (usedKeys.has(key)) key = `${kebab(name)}-${rng.hex(6)}`;
    usedKeys.add(key);
    if (rng.chance(0.1)) name = `${name} copy`;
    const salesforceTriggered = rng.chance(0.2);
    const versionCount = rng.weighted([1, 2, 3, 4, 5, 6], [2, 4, 4, 3, 2, 1]);
    const missing = versionCount >= 3 && rng.chance(0.35) ? rng.int(1, versionCount - 1) : 0;
    const team = Array.from({ length: rng.int(2, 5) }, () => rng.int(0, this.users.length - 1));
    const who = () => rng.pick(team);
    const deleted = rng.chance(0.08);
    const versions: VersionPlan[] = [];
    for (let v = 1; v <= versionCount; v++) {
      if (v === missing) {
        versions.push({ version: v, missing: true, steps: [] });
        continue;
      }
      const latest = v === versionCount;
      const steps: Step[] = [{ action: 'Create', gapMs: v === 1 ? 0 : rng.int(1, 30) * DAY, user: who(), copiedFrom: v === 1 && rng.chance(0.2) }];
      for (let m = rng.int(0, 6); m > 0; m--) steps.push({ action: 'Modify', gapMs: rng.int(5, 600) * MINUTE, user: who() });
      const outcome = rng.weighted(['ok', 'errorThenOk', 'error', 'none'], latest ? [5, 2, 2, 1] : [6, 3, 0, 0]);
      const flavor = (): PublishFlavor[] => {
        if (salesforceTriggered && rng.chance(0.6)) return ['duplicate'];
        return rng.weighted<PublishFlavor[]>([['entryEvent'], ['activity'], ['activity', 'entryEvent'], ['decision']], [4, 3, 2, 1]);
      };
      if (outcome === 'errorThenOk' || outcome === 'error') {
        steps.push({ action: 'Publish', gapMs: rng.int(10, 240) * MINUTE, user: who(), errors: flavor() });
      }
      if (outcome === 'errorThenOk') {
        for (let m = rng.int(0, 2); m > 0; m--) steps.push({ action: 'Modify', gapMs: rng.int(5, 60) * MINUTE, user: who() });
      }
      if (outcome === 'ok' || outcome === 'errorThenOk') {
        steps.push({ action: 'Publish', gapMs: rng.int(10, 240) * MINUTE, user: who() });
        if (!latest && rng.chance(0.5)) steps.push({ action: 'Stop', gapMs: rng.int(1, 20) * DAY, user: who(), ejected: rng.int(0, 2500) });
        else if (!latest && rng.chance(0.2)) steps.push({ action: 'Unpublish', gapMs: rng.int(1, 20) * DAY, user: who() });
      }
      if (latest && deleted) steps.push({ action: 'Delete', gapMs: rng.int(1, 30) * DAY, user: who() });
      versions.push({ version: v, missing: false, steps });
    }
    return {
      name,
      key,
      description: rng.pick(['', 'Owned by lifecycle marketing', 'Triggered from the web form', 'Quarterly campaign', 'Do not edit without approval']),
      salesforceTriggered,
      envelope: rng.chance(0.5) ? 'pascal' : 'lower',
      countExcess: 0,
      origin: 'generated',
      slackMs: rng.int(1, 400) * DAY + rng.int(0, DAY),
      versions,
    };
  }

  private materialize(plan: JourneyPlan, index: number): JourneyModel {
    const rng = new Rng(hashInts(this.options.seed, SALT, 10_000 + index));
    const id = rng.guid();
    const originalDefinitionId = rng.guid();
    const total = plan.versions.reduce((sum, v) => sum + v.steps.reduce((s, step) => s + step.gapMs, 0), 0) + 60_000;
    const startMs = plan.startMs ?? this.options.anchorMs - total - (plan.slackMs ?? DAY);
    let t = startMs;
    let lastMs = startMs;
    const items: SfmcAuditItem[] = [];
    const versions: VersionModel[] = [];
    const missingVersions: number[] = [];
    for (const vp of plan.versions) {
      if (vp.missing) {
        missingVersions.push(vp.version);
        continue;
      }
      const model: VersionModel = {
        version: vp.version,
        definitionId: rng.guid(),
        status: 'Draft',
        createdMs: t,
        modifiedMs: t,
        defect: 'none',
      };
      for (const step of vp.steps) {
        t = step.atMs ?? t + step.gapMs;
        // Sub-minute jitter keeps items apart without disturbing the order.
        const ms = t + rng.int(0, 59_000);
        const user = this.users[step.user ?? 0]!;
        const item: SfmcAuditItem = {
          action: step.action,
          key: plan.key,
          versionNumber: vp.version,
          id,
          originalDefinitionId,
          name: plan.name,
          description: plan.description,
          timeStamp: sfmcTimeStamp(ms, rng.int(0, 9999), rng.int(1, 7)),
          user: rng.chance(0.35) ? { name: user.person.fullName, UserId: user.id } : { name: user.person.fullName, userId: user.id },
        };
        if (step.action !== 'Stop') item.executionMode = 'Production';
        if (step.copiedFrom) item.sourceInteraction = { id: rng.guid(), version: rng.int(1, 4), key: `${plan.key}-original` };
        if (step.action === 'Create') model.createdMs = ms;
        if (step.action === 'Modify' || step.action === 'Create') {
          model.modifiedMs = ms;
          model.status = 'Draft';
          model.defect = 'none';
        }
        if (step.action === 'Publish') {
          const requestId = rng.guid();
          if (step.errors) {
            item.publishStatus = 'Error';
            if (rng.chance(0.5)) item.PublishRequestId = requestId;
            else item.publishRequestId = requestId;
            item.errors = step.errors.map((f) => ({ ...PUBLISH_ERRORS[f] }));
            const noEntry = step.errors.includes('entryEvent');
            const badActivity = step.errors.includes('activity');
            model.defect = noEntry && badActivity ? 'both' : noEntry ? 'noEntryEvent' : badActivity ? 'unconfiguredActivity' : 'none';
          } else {
            item.publishStatus = 'PublishCompleted';
            if (rng.chance(0.5)) item.publishRequestId = requestId;
            else item.PublishRequestId = requestId;
            model.status = 'Published';
            model.lastPublishedMs = ms;
            model.defect = 'none';
          }
        }
        if (step.action === 'Stop') {
          item.ContactsEjected = step.ejected ?? 0;
          model.status = 'Stopped';
        }
        if (step.action === 'Unpublish') model.status = 'Unpublished';
        if (step.action === 'Delete') model.status = 'Deleted';
        items.push(item);
        lastMs = Math.max(lastMs, ms);
      }
      versions.push(model);
    }
    return {
      index,
      id,
      key: plan.key,
      name: plan.name,
      description: plan.description,
      originalDefinitionId,
      salesforceTriggered: plan.salesforceTriggered,
      envelope: plan.envelope,
      countExcess: plan.countExcess,
      origin: plan.origin,
      versions,
      missingVersions,
      items,
      lastMs,
      categoryId: rng.int(1000, 9999),
      stats: {
        currentPopulation: rng.int(0, 50_000),
        cumulativePopulation: rng.int(50_000, 500_000),
        metGoal: rng.int(0, 5000),
        metExitCriteria: rng.int(0, 5000),
        goalPerformance: Math.round(rng.next() * 10000) / 100,
      },
    };
  }

  private seedJourney(): JourneyModel {
    const parsed = JSON.parse(SFMC_SEED_AUDIT_BODY) as { Items: SfmcAuditItem[] };
    const first = parsed.Items[0]!;
    // 2015-10-30T11:49:55.99 at UTC−06:00.
    const ms = Date.UTC(2015, 9, 30, 17, 49, 55, 990);
    return {
      index: 0,
      id: SFMC_SEED_JOURNEY_ID,
      key: SFMC_SEED_JOURNEY_KEY,
      name: first.name,
      description: first.description,
      originalDefinitionId: first.originalDefinitionId,
      salesforceTriggered: false,
      envelope: 'pascal',
      countExcess: 0,
      origin: 'seed',
      versions: [{ version: SFMC_SEED_VERSION, definitionId: '####-####-####-####-####', status: 'Stopped', createdMs: ms, modifiedMs: ms, lastPublishedMs: ms, defect: 'none' }],
      missingVersions: [1],
      items: parsed.Items,
      lastMs: ms,
      categoryId: 1234,
      stats: { currentPopulation: 0, cumulativePopulation: 20, metGoal: 0, metExitCriteria: 0, goalPerformance: 0 },
    };
  }

  latest(journey: JourneyModel): VersionModel {
    return journey.versions[journey.versions.length - 1]!;
  }

  version(journey: JourneyModel, version: number): VersionModel | undefined {
    return journey.versions.find((v) => v.version === version);
  }

  summary(journey: JourneyModel, version: VersionModel): SfmcJourneySummary {
    return {
      id: journey.id,
      key: journey.key,
      name: journey.name,
      description: journey.description,
      version: version.version,
      workflowApiVersion: 1,
      createdDate: sfmcDate(version.createdMs),
      modifiedDate: sfmcDate(version.modifiedMs),
      ...(version.lastPublishedMs !== undefined ? { lastPublishedDate: sfmcDate(version.lastPublishedMs) } : {}),
      status: version.status,
      definitionType: 'Multistep',
      channel: '',
      entryMode: 'MultipleEntries',
      executionMode: 'Production',
      categoryId: journey.categoryId,
      definitionId: version.definitionId,
      stats: { ...journey.stats },
    };
  }

  definition(journey: JourneyModel, versionNumber: number): SfmcDefinition | undefined {
    const version = this.version(journey, versionNumber);
    if (!version) return undefined;
    const cacheKey = `${journey.id}#${versionNumber}#${version.status}#${version.defect}#${version.modifiedMs}`;
    let def = this.definitions.get(cacheKey);
    if (!def) {
      def = buildDefinition({
        seed: this.options.seed,
        journeyIndex: journey.index,
        salesforceTriggered: journey.salesforceTriggered,
        version: versionNumber,
        defect: version.defect,
        summary: this.summary(journey, version),
      });
      if (this.definitions.size > 500) this.definitions.clear();
      this.definitions.set(cacheKey, def);
    }
    return def;
  }

  /** Items as the audit endpoint selects them (before paging), chronological. */
  auditItems(
    journey: JourneyModel,
    action: SfmcAuditPathAction,
    filter: { versionNumber?: number; mostRecentVersionOnly?: boolean; mostRecentVersionOrRunningOnly?: boolean },
  ): SfmcAuditItem[] {
    let versions: Set<number> | undefined;
    if (filter.versionNumber !== undefined) versions = new Set([filter.versionNumber]);
    else if (filter.mostRecentVersionOnly) versions = new Set([this.latest(journey).version]);
    else if (filter.mostRecentVersionOrRunningOnly) {
      versions = new Set(journey.versions.filter((v) => v.status === 'Published').map((v) => v.version));
      versions.add(this.latest(journey).version);
    }
    const wanted = action === 'all' ? undefined : action.charAt(0).toUpperCase() + action.slice(1);
    return journey.items.filter((item) => (!versions || versions.has(item.versionNumber)) && (!wanted || item.action === wanted));
  }

  /** Appends `count` Modify items to the latest version of `journey`, after every existing item. */
  insert(journey: JourneyModel, count: number): SfmcAuditItem[] {
    const latest = this.latest(journey);
    const added: SfmcAuditItem[] = [];
    for (let i = 0; i < count; i++) {
      const rng = new Rng(hashInts(this.options.seed, SALT, 900_000 + this.insertCounter++));
      const user = rng.pick(this.users);
      const ms = Math.max(journey.lastMs, this.options.anchorMs) + MINUTE;
      journey.lastMs = ms;
      latest.modifiedMs = ms;
      const item: SfmcAuditItem = {
        action: 'Modify',
        key: journey.key,
        versionNumber: latest.version,
        id: journey.id,
        originalDefinitionId: journey.originalDefinitionId,
        name: journey.name,
        description: journey.description,
        timeStamp: sfmcTimeStamp(ms, rng.int(0, 9999), rng.int(1, 7)),
        user: { name: user.person.fullName, userId: user.id },
        executionMode: 'Production',
      };
      journey.items.push(item);
      added.push(item);
    }
    return added;
  }

  truth(journey: JourneyModel): SfmcJourneyTruth {
    const latest = this.latest(journey);
    const publishes = journey.items.filter((i) => i.action === 'Publish' && i.versionNumber === latest.version);
    const lastPublish = publishes[publishes.length - 1];
    return {
      id: journey.id,
      key: journey.key,
      name: journey.name,
      description: journey.description,
      originalDefinitionId: journey.originalDefinitionId,
      status: latest.status,
      versions: journey.versions.map((v) => v.version),
      missingVersions: [...journey.missingVersions],
      latestVersion: latest.version,
      versionStatus: Object.fromEntries(journey.versions.map((v) => [v.version, v.status])),
      auditCount: journey.items.length,
      envelope: journey.envelope,
      countExcess: journey.countExcess,
      latestPublishFailed: lastPublish?.publishStatus === 'Error',
      salesforceTriggered: journey.salesforceTriggered,
      origin: journey.origin,
    };
  }
}
