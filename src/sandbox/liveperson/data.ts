/**
 * LivePerson audit items, per account, generated on demand by index (up to
 * 10⁶ and beyond). Index 0 is the oldest change; the API's default order is
 * newest first. Changes come from many people, across many component types,
 * with old and new values; a few are made by LivePerson administrators (LPAs)
 * or are automatic updates, which the API hides unless `lpa` /
 * `automaticUpdates` ask for them.
 */
import { resolveTimeZone, wallTimeToUtcMs } from '../../core/time';
import { hashInts, hashString, Rng, unit } from '../prng';
import { people, USER_AGENTS } from '../people';
import { ItemSeries, Timeline, type IndexList } from '../series';
import type { LivePersonAuditArgs, LivePersonAuditItem, LivePersonField, LivePersonUser } from './types';
import { LIVEPERSON_FIELDS } from './types';

const SALT = 0x1b3e;
const DAY = 86_400_000;

type ValuePair = (rng: Rng) => [string, string];

interface ComponentType {
  name: string;
  weight: number;
  objects: readonly string[];
  elements: readonly { name: string; values: ValuePair }[];
}

const pickTwo =
  (options: readonly string[]): ValuePair =>
  (rng) => {
    const a = rng.pick(options);
    let b = rng.pick(options);
    if (b === a) b = options[(options.indexOf(a) + 1) % options.length]!;
    return [a, b];
  };
const bool: ValuePair = (rng) => (rng.chance(0.5) ? ['false', 'true'] : ['true', 'false']);
const number =
  (min: number, max: number): ValuePair =>
  (rng) => {
    const a = rng.int(min, max);
    let b = rng.int(min, max);
    if (b === a) b = a + 1;
    return [String(a), String(b)];
  };
/** Created or deleted: the element is "N/A" and both values are empty, as in the seed. */
const NONE = { name: 'N/A', values: (): [string, string] => ['', ''] };

const SKILLS = ['Billing', 'Sales', 'Technical Support', 'Retention', 'VIP', 'Spanish', 'Onboarding', 'Claims', 'Escalations'];
const PROFILES = ['Agent', 'Agent Manager', 'Campaign Manager', 'Administrator', 'QA Reviewer'];

export const COMPONENT_TYPES: readonly ComponentType[] = [
  {
    name: 'Users',
    weight: 22,
    objects: [],
    elements: [
      { name: 'Skills', values: (rng) => { const a = rng.pick(SKILLS); return [a, `${a}, ${rng.pick(SKILLS)}`]; } },
      { name: 'Max number of live chats', values: number(1, 8) },
      { name: 'Enabled', values: bool },
      { name: 'Profiles', values: pickTwo(PROFILES) },
      { name: 'Nickname', values: pickTwo(['Sam', 'Alex', 'Jo', 'Kim', 'Lee', 'Max']) },
      { name: 'Password', values: () => ['********', '********'] },
      NONE,
    ],
  },
  {
    name: 'Skills',
    weight: 16,
    objects: SKILLS,
    elements: [
      { name: 'Max wait time', values: number(30, 600) },
      { name: 'Description', values: pickTwo(['Tier 1 queue', 'Tier 2 queue', 'After-hours queue', 'Priority customers']) },
      { name: 'Transfer to skill', values: pickTwo(SKILLS) },
      { name: 'Working hours', values: pickTwo(['Mon-Fri 08:00-18:00', 'Mon-Sun 00:00-24:00', 'Mon-Sat 09:00-21:00']) },
      NONE,
    ],
  },
  {
    name: 'Agent Groups',
    weight: 8,
    objects: ['Tier 1', 'Tier 2', 'Night Shift', 'EMEA Team', 'Escalations', 'Main Group'],
    elements: [
      { name: 'Name', values: pickTwo(['Tier 1', 'Tier One', 'Night Shift', 'Night Team']) },
      { name: 'Parent group', values: pickTwo(['Main Group', 'Support', 'Sales']) },
      NONE,
    ],
  },
  {
    name: 'Profiles',
    weight: 7,
    objects: PROFILES,
    elements: [
      { name: 'Generate secure form token', values: bool },
      { name: "View agent's conversations", values: bool },
      { name: 'Transfer to agent', values: bool },
      NONE,
    ],
  },
  {
    name: 'Campaigns',
    weight: 9,
    objects: ['Spring Sale 2025', 'Retention Q3', 'Always-on Support', 'Holiday Promo', 'Mobile App Help'],
    elements: [
      { name: 'Status', values: pickTwo(['Active', 'Inactive', 'Expired']) },
      { name: 'Goal', values: pickTwo(['Increase sales', 'Reduce service costs', 'Customer satisfaction']) },
      { name: 'Priority', values: number(1, 5) },
      NONE,
    ],
  },
  {
    name: 'Predefined Content',
    weight: 8,
    objects: ['Greeting - EN', 'Closing - EN', 'Refund policy', 'Shipping delays', 'Saludo - ES'],
    elements: [
      { name: 'Text', values: pickTwo(['Hi, how can I help?', 'Hello! How can I help you today?', 'Thanks for waiting.', 'Thank you for your patience.']) },
      { name: 'Enabled', values: bool },
      NONE,
    ],
  },
  {
    name: 'Content Categories',
    weight: 4,
    objects: ['Greetings', 'Policies', 'Troubleshooting'],
    elements: [{ name: 'Name', values: pickTwo(['Greetings', 'Openers', 'Policies', 'Legal']) }, NONE],
  },
  {
    name: 'Engagement Window',
    weight: 3,
    objects: ['Default window', 'Mobile window'],
    elements: [
      { name: 'Title', values: pickTwo(['Chat with us', 'Live help', 'Need help?']) },
      { name: 'Survey enabled', values: bool },
    ],
  },
  {
    name: 'Automatic Messages',
    weight: 5,
    objects: ['Agent is typing', 'Transfer notice', 'Idle warning', 'Queue position'],
    elements: [
      { name: 'Message text', values: pickTwo(['One moment please', 'Please hold on', 'You are next in line', 'An agent will be with you shortly']) },
      { name: 'Timeout (sec)', values: number(30, 300) },
    ],
  },
  {
    name: 'Account Settings',
    weight: 4,
    objects: ['Account'],
    elements: [
      { name: 'Session timeout (min)', values: number(15, 120) },
      { name: 'Masking rules', values: pickTwo(['Credit cards', 'Credit cards, SSN', 'None']) },
      { name: 'Auto close (min)', values: number(5, 60) },
    ],
  },
  {
    name: 'LOBs',
    weight: 3,
    objects: ['Consumer', 'Business', 'Enterprise'],
    elements: [{ name: 'Description', values: pickTwo(['Retail customers', 'Small business', 'Large accounts']) }, NONE],
  },
  {
    name: 'Entry Points',
    weight: 3,
    objects: ['Homepage', 'Checkout', 'Help center'],
    elements: [
      { name: 'URL', values: pickTwo(['https://example.com/', 'https://example.com/checkout', 'https://help.example.com/']) },
      { name: 'Enabled', values: bool },
    ],
  },
  {
    name: 'Visitor Behaviors',
    weight: 2,
    objects: ['Abandoning cart', 'Viewed pricing twice'],
    elements: [{ name: 'Condition', values: pickTwo(['Time on page > 60s', 'Time on page > 120s', 'Pages viewed > 3']) }],
  },
  {
    name: 'Goals',
    weight: 2,
    objects: ['Purchase completed', 'Lead form submitted'],
    elements: [{ name: 'Goal type', values: pickTwo(['Sales', 'Lead generation', 'Service']) }],
  },
  {
    name: 'Widgets',
    weight: 2,
    objects: ['Customer info', 'Knowledge base'],
    elements: [{ name: 'Enabled', values: bool }],
  },
  {
    name: 'Workdays',
    weight: 2,
    objects: ['US Business Hours', 'EMEA Business Hours'],
    elements: [{ name: 'Hours', values: pickTwo(['08:00-17:00', '09:00-18:00', '07:00-19:00']) }],
  },
];

const TYPE_WEIGHTS = COMPONENT_TYPES.map((t) => t.weight);
const TYPE_TOTAL = TYPE_WEIGHTS.reduce((a, b) => a + b, 0);

interface Actor {
  originator: string;
  originatorLoginName: string;
  originatorUserId: string;
  originatorAuthType: string;
  originatorIsLpa: boolean;
  automatic: boolean;
  agentUserAgent: string;
}

/** Cheap, index-only facts used for filtering without building the item. */
interface Attrs {
  type: number;
  actor: number;
}

const AUTH_TYPES = ['LOGIN', 'SSO', 'OAUTH2', 'APP_KEY'];
const AUTOMATIC_RATE = 0.04;
const LPA_RATE = 0.03;

export class LivePersonAccount {
  readonly series: ItemSeries;
  readonly actors: Actor[];
  private readonly salt: number;
  /** Index of the first LPA actor, and of the automatic-update actor. */
  private readonly lpaStart: number;
  private readonly automaticActor: number;
  readonly users: LivePersonUser[];

  constructor(
    private readonly seed: number,
    readonly accountId: string,
    count: number,
    anchorMs: number,
  ) {
    this.salt = hashInts(SALT, hashString(accountId));
    const rng = new Rng(hashInts(seed, this.salt, 0));
    const crew = people(rng, 40);
    this.actors = crew.map((p) => ({
      originator: p.fullName,
      originatorLoginName: p.login,
      originatorUserId: String(rng.int(1_000_000_000, 4_000_000_000)),
      originatorAuthType: rng.weighted(AUTH_TYPES, [6, 4, 1, 1]),
      originatorIsLpa: false,
      automatic: false,
      agentUserAgent: rng.pick(USER_AGENTS.slice(0, 4)),
    }));
    this.users = this.actors.map((a, i) => ({
      id: Number(a.originatorUserId),
      deleted: false,
      loginName: a.originatorLoginName,
      fullName: a.originator,
      nickname: a.originator.split(' ')[0]!,
      email: `${a.originatorLoginName}@example.com`,
      isEnabled: i % 9 !== 8,
      maxChats: 1 + (i % 6),
      skillIds: [1000 + (i % SKILLS.length)],
      profileIds: [2000 + (i % PROFILES.length)],
      userTypeId: 1,
      isApiUser: a.originatorAuthType === 'APP_KEY',
    }));
    this.lpaStart = this.actors.length;
    for (const name of ['Dana', 'Rui', 'Sasha']) {
      this.actors.push({
        originator: `LPA ${name}`,
        originatorLoginName: `LPA_${name.toLowerCase()}`,
        originatorUserId: String(rng.int(100_000, 999_999)),
        originatorAuthType: 'SSO',
        originatorIsLpa: true,
        automatic: false,
        agentUserAgent: USER_AGENTS[0]!,
      });
    }
    this.automaticActor = this.actors.length;
    this.actors.push({
      originator: 'Automatic Update',
      originatorLoginName: 'automatic.update',
      originatorUserId: '-1',
      originatorAuthType: 'SYSTEM',
      originatorIsLpa: false,
      automatic: true,
      agentUserAgent: 'LivePerson-Conversational-Cloud-API/1.0',
    });
    const timeline = new Timeline({
      seed,
      salt: this.salt,
      startMs: anchorMs - 365 * DAY,
      endMs: anchorMs,
      initialCount: count,
      resolutionMs: 1000,
      tieRate: 0.06,
    });
    this.series = new ItemSeries(timeline, count);
  }

  attrs(i: number): Attrs {
    const h = hashInts(this.seed, this.salt, i, 1);
    const u = unit(h);
    let actor: number;
    if (u < AUTOMATIC_RATE) actor = this.automaticActor;
    else if (u < AUTOMATIC_RATE + LPA_RATE) actor = this.lpaStart + (h % 3);
    else {
      // A skewed pick: a few people make most of the changes.
      const v = unit(hashInts(h, 2));
      actor = Math.floor(v * v * this.lpaStart);
    }
    let r = unit(hashInts(h, 3)) * TYPE_TOTAL;
    let type = 0;
    for (; type < TYPE_WEIGHTS.length - 1; type++) {
      r -= TYPE_WEIGHTS[type]!;
      if (r < 0) break;
    }
    return { type, actor };
  }

  /** Item `i` with every field (actionType included), `changeDate` in `timezone`. */
  item(i: number, timezone = 'US/Eastern'): LivePersonAuditItem {
    const { type, actor } = this.attrs(i);
    const t = COMPONENT_TYPES[type]!;
    const a = this.actors[actor]!;
    const rng = new Rng(hashInts(this.seed, this.salt, i, 4));
    const element = rng.pick(t.elements);
    const [oldValue, newValue] = element.values(rng);
    const objectName = t.objects.length ? rng.pick(t.objects) : this.actors[rng.int(0, this.lpaStart - 1)]!.originator;
    const item: LivePersonAuditItem = {
      accountId: /^\d+$/.test(this.accountId) ? `le${this.accountId}` : this.accountId,
      objectType: t.name,
      objectName,
      element: element.name,
      oldValue,
      newValue,
      originator: a.originator,
      originatorLoginName: a.originatorLoginName,
      originatorUserId: a.originatorUserId,
      originatorUserAgent: a.agentUserAgent,
      originatorAuthType: a.originatorAuthType,
      originatorIsLpa: a.originatorIsLpa,
      changeDate: formatChangeDate(this.series.timeMs(i), timezone),
    };
    item.actionType = element.name === 'N/A' ? (rng.chance(0.7) ? 'Add' : 'Delete') : 'Update';
    return item;
  }

  isLpa(i: number): boolean {
    return this.actors[this.attrs(i).actor]!.originatorIsLpa;
  }

  isAutomatic(i: number): boolean {
    return this.actors[this.attrs(i).actor]!.automatic;
  }

  /**
   * The items `args` select, as positions [from, to) of an ascending index
   * list; paging is the caller's. The zone of fromDate/toDate is `timezone`.
   */
  select(args: LivePersonAuditArgs): { list: IndexList; from: number; to: number } {
    const lpa = args.lpa ?? false;
    const automatic = args.automaticUpdates ?? false;
    const users = (args.users ?? []).map((u) => u.toLowerCase());
    const types = (args.componentTypes ?? []).map((t) => t.toLowerCase());
    let list: IndexList;
    if (lpa && automatic && users.length === 0 && types.length === 0) {
      list = this.series.all();
    } else {
      const actorOk = this.actors.map(
        (a) =>
          (lpa || !a.originatorIsLpa) &&
          (automatic || !a.automatic) &&
          (users.length === 0 ||
            users.includes(a.originatorLoginName.toLowerCase()) ||
            users.includes(a.originator.toLowerCase()) ||
            users.includes(a.originatorUserId)),
      );
      const typeOk = COMPONENT_TYPES.map((t) => types.length === 0 || types.includes(t.name.toLowerCase()));
      const key = `lpa=${lpa};auto=${automatic};users=${[...users].sort().join('\u0000')};types=${[...types].sort().join('\u0000')}`;
      list = this.series.matching(key, (i) => {
        const at = this.attrs(i);
        return actorOk[at.actor]! && typeOk[at.type]!;
      });
    }
    const zone = resolveTimeZone(args.timezone ?? 'US/Eastern');
    const dayStart = (day: string) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return wallTimeToUtcMs(zone, y, m, d, 0, 0, 0, 0);
    };
    const nextDay = (day: string) => {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
      return dayStart(next);
    };
    const { from, to } = this.series.timeWindow(
      list,
      args.fromDate ? dayStart(args.fromDate) : undefined,
      args.toDate ? nextDay(args.toDate) : undefined,
    );
    return { list, from, to };
  }
}

/** `2019-11-12 06:10:46.0`: the wall time in `timezone`, tenths always zero. */
export function formatChangeDate(ms: number, timezone: string): string {
  const zone = resolveTimeZone(timezone);
  const d = new Date(ms + zone.offsetMinutesAt(ms) * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.0`;
}

/** Keeps the selected fields, in the order the query selected them. */
export function selectFields(item: LivePersonAuditItem, fields: readonly { name: LivePersonField; alias: string }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.alias] = item[f.name];
  return out;
}

export function documentedFields(item: LivePersonAuditItem): LivePersonAuditItem {
  const out: Partial<LivePersonAuditItem> = {};
  for (const f of LIVEPERSON_FIELDS) (out as Record<string, unknown>)[f] = item[f];
  return out as LivePersonAuditItem;
}

export class LivePersonData {
  private readonly accounts = new Map<string, LivePersonAccount>();

  constructor(
    private readonly seed: number,
    private readonly count: number,
    private readonly anchorMs: number,
  ) {}

  /** Every account has its own data, built on first use. */
  account(accountId: string): LivePersonAccount {
    let a = this.accounts.get(accountId);
    if (!a) {
      a = new LivePersonAccount(this.seed, accountId, this.count, this.anchorMs);
      this.accounts.set(accountId, a);
    }
    return a;
  }
}
