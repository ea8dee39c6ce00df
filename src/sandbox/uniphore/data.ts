/**
 * Uniphore audit log items, generated on demand by index. Ids grow with time
 * (with gaps, as database ids do). Many people, many activity types, some
 * failures; `details.input`/`output` are Java `Map.toString()` text.
 * The seed's item (id 833032) is served by id from its fixture.
 */
import { DEMO } from '../demoCredentials';
import { UNIPHORE_SEED_BODY, UNIPHORE_SEED_ID } from '../fixtures/uniphoreSeed';
import { hashInts, Rng, unit } from '../prng';
import { people } from '../people';
import { ItemSeries, Timeline } from '../series';
import type { UniphoreAuditItem, UniphoreDetails } from './types';

const SALT = 0x0a11;
const DAY = 86_400_000;
const FIRST_ID = 1_000_000;
const FAILURE_RATE = 0.12;

type DetailsMaker = (rng: Rng, ok: boolean) => UniphoreDetails;

interface Activity {
  type: string;
  weight: number;
  actions: readonly DetailsMaker[];
}

const callId = (rng: Rng) => `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}`;
const denied = (rng: Rng, what: string) => `{error=Access denied for ${what}, status=403, traceId=${rng.hex(16)}}`;

export const ACTIVITIES: readonly Activity[] = [
  {
    type: 'Search And Replay',
    weight: 30,
    actions: [
      (rng, ok) => {
        const n = rng.int(0, 80);
        return {
          output: ok ? `{live_calls=(Count: ${n}), next_page_token=, total_count=${n}}` : '{error=Search service unavailable, status=503}',
          input: `{request={pageSize=${rng.pick([50, 100, 500])}}}`,
          actionType: 'Search For Live Calls',
          actionDescription: ok
            ? 'Live Conversations viewable by user per his access control were fetched successfully with the filter provided.'
            : 'Fetching live conversations failed.',
        };
      },
      (rng, ok) => {
        const n = rng.int(0, 5000);
        return {
          output: ok ? `{completed_calls=(Count: ${Math.min(n, 500)}), next_page_token=${rng.hex(12)}, total_count=${n}}` : '{error=Query timed out, status=504}',
          input: `{request={pageSize=500, filter={agentName=${rng.pick(['*', 'Ava*', 'Noah Kim'])}, sentiment=${rng.pick(['NEGATIVE', 'ANY'])}}}}`,
          actionType: 'Search For Completed Calls',
          actionDescription: ok ? 'Completed conversations matching the filter were fetched successfully.' : 'Searching completed conversations failed.',
        };
      },
      (rng, ok) => {
        const id = callId(rng);
        return {
          output: ok ? `{callId=${id}, durationSec=${rng.int(30, 3600)}, channel=AUDIO}` : denied(rng, `recording ${id}`),
          input: `{callId=${id}, channel=AUDIO}`,
          actionType: 'Replay Call Recording',
          actionDescription: ok ? 'The call recording was streamed to the user.' : 'The user is not allowed to replay this recording.',
        };
      },
      (rng, ok) => {
        const id = callId(rng);
        return {
          output: ok ? `{callId=${id}, format=TXT, bytes=${rng.int(2000, 90000)}}` : denied(rng, `transcript ${id}`),
          input: `{callId=${id}, format=TXT}`,
          actionType: 'Download Transcript',
          actionDescription: ok ? 'The transcript was downloaded.' : 'Downloading the transcript was refused.',
        };
      },
    ],
  },
  {
    type: 'User Management',
    weight: 10,
    actions: [
      (rng, ok) => ({
        output: ok ? `{userId=${rng.int(10000, 99999)}, status=CREATED}` : '{error=User already exists, status=409}',
        input: `{user={email=${rng.pick(['new.agent', 'temp.user', 'qa.lead'])}@example.com, roles=[AGENT]}}`,
        actionType: 'Create User',
        actionDescription: ok ? 'A new user was created.' : 'Creating the user failed.',
      }),
      (rng, ok) => ({
        output: ok ? '{updated=true}' : denied(rng, 'role assignment'),
        input: `{userId=${rng.int(10000, 99999)}, roles=[${rng.pick(['AGENT', 'SUPERVISOR', 'ADMIN', 'AGENT, SUPERVISOR'])}]}`,
        actionType: 'Update User Roles',
        actionDescription: ok ? "The user's roles were updated." : "Updating the user's roles was refused.",
      }),
      (rng, ok) => ({
        output: ok ? '{deactivated=true}' : '{error=User not found, status=404}',
        input: `{userId=${rng.int(10000, 99999)}}`,
        actionType: 'Deactivate User',
        actionDescription: ok ? 'The user was deactivated.' : 'Deactivating the user failed.',
      }),
    ],
  },
  {
    type: 'Login',
    weight: 20,
    actions: [
      (rng, ok) => ({
        output: ok ? `{session=${rng.hex(8)}, mfa=${rng.pick(['true', 'false'])}}` : '{error=Invalid credentials, status=401}',
        input: `{method=${rng.pick(['SSO', 'PASSWORD'])}, client=web}`,
        actionType: 'User Login',
        actionDescription: ok ? 'The user logged in.' : 'The login attempt failed.',
      }),
      (rng) => ({
        output: '{loggedOut=true}',
        input: `{session=${rng.hex(8)}}`,
        actionType: 'User Logout',
        actionDescription: 'The user logged out.',
      }),
    ],
  },
  {
    type: 'Configuration',
    weight: 8,
    actions: [
      (rng, ok) => ({
        output: ok ? '{saved=true}' : '{error=Validation failed: retentionDays must be between 30 and 3650, status=400}',
        input: `{retentionDays=${ok ? rng.pick([90, 180, 365, 730]) : rng.pick([7, 5000])}}`,
        actionType: 'Update Retention Policy',
        actionDescription: ok ? 'The retention policy was updated.' : 'The retention policy was not changed.',
      }),
      (rng, ok) => ({
        output: ok ? `{keywords=${rng.int(5, 60)}}` : denied(rng, 'keyword lists'),
        input: `{list=${rng.pick(['Compliance', 'Escalation', 'Competitors'])}, action=${rng.pick(['ADD', 'REMOVE'])}}`,
        actionType: 'Update Keyword List',
        actionDescription: ok ? 'The keyword list was updated.' : 'Updating the keyword list was refused.',
      }),
    ],
  },
  {
    type: 'Export',
    weight: 6,
    actions: [
      (rng, ok) => ({
        output: ok ? `{exportId=${rng.hex(10)}, rows=${rng.int(10, 200000)}}` : '{error=Export too large, status=413}',
        input: `{format=${rng.pick(['CSV', 'JSON'])}, from=2024-0${rng.int(1, 9)}-01, to=2024-1${rng.int(0, 2)}-01}`,
        actionType: 'Export Call Data',
        actionDescription: ok ? 'Call data was exported.' : 'The export failed.',
      }),
    ],
  },
  {
    type: 'Live Assist',
    weight: 8,
    actions: [
      (rng, ok) => ({
        output: ok ? `{assistSession=${rng.hex(8)}, prompts=${rng.int(0, 12)}}` : '{error=Agent desktop not connected, status=409}',
        input: `{callId=${callId(rng)}}`,
        actionType: 'Open Live Assist Session',
        actionDescription: ok ? 'A live assist session was opened for the call.' : 'Opening the live assist session failed.',
      }),
    ],
  },
  {
    type: 'Role Management',
    weight: 4,
    actions: [
      (rng, ok) => ({
        output: ok ? `{roleId=${rng.int(100, 999)}}` : denied(rng, 'role management'),
        input: `{role=${rng.pick(['QA Reviewer', 'Team Lead', 'Auditor'])}, permissions=[REPLAY, EXPORT]}`,
        actionType: 'Create Role',
        actionDescription: ok ? 'A role was created.' : 'Creating the role was refused.',
      }),
    ],
  },
  {
    type: 'Analytics',
    weight: 8,
    actions: [
      (rng, ok) => ({
        output: ok ? `{report=${rng.pick(['sentiment', 'silence', 'talk-ratio'])}, calls=${rng.int(10, 90000)}}` : '{error=Report engine busy, status=503}',
        input: `{range=LAST_${rng.pick([7, 30, 90])}_DAYS, team=${rng.pick(['All', 'Collections', 'Sales'])}}`,
        actionType: 'Run Sentiment Report',
        actionDescription: ok ? 'The analytics report was generated.' : 'The analytics report failed.',
      }),
    ],
  },
  {
    type: 'Team Management',
    weight: 4,
    actions: [
      (rng, ok) => ({
        output: ok ? '{added=true}' : '{error=Team is full, status=409}',
        input: `{team=${rng.pick(['Collections', 'Customer Care', 'Sales'])}, agentId=${rng.int(10000, 99999)}}`,
        actionType: 'Add Agent To Team',
        actionDescription: ok ? 'The agent was added to the team.' : 'Adding the agent failed.',
      }),
    ],
  },
  {
    type: 'Data Retention',
    weight: 2,
    actions: [
      (rng, ok) => ({
        output: ok ? `{purged=${rng.int(0, 40000)}}` : denied(rng, 'purge'),
        input: `{olderThanDays=${rng.pick([365, 730])}}`,
        actionType: 'Purge Recordings',
        actionDescription: ok ? 'Old recordings were purged.' : 'Purging recordings was refused.',
      }),
    ],
  },
];

const ACTIVITY_WEIGHTS = ACTIVITIES.map((a) => a.weight);
const BUSINESS_UNITS = ['Collections', 'Customer Care', 'Sales', 'Retention'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `MM-DD-YYYY HH:MM:SS` in UTC. */
export function uniphoreDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

interface UniphoreUser {
  emailId: string | null;
  fullName: string | null;
  businessUnit: string | null;
  agentId: number;
}

export class UniphoreData {
  readonly series: ItemSeries;
  private readonly users: UniphoreUser[];
  readonly seedItem: UniphoreAuditItem;

  constructor(
    private readonly seed: number,
    count: number,
    anchorMs: number,
  ) {
    const rng = new Rng(hashInts(seed, SALT, 0));
    this.users = people(rng, 36).map((p, i) => ({
      emailId: `${p.login}@example.com`,
      fullName: p.fullName,
      businessUnit: i % 3 === 0 ? null : rng.pick(BUSINESS_UNITS),
      agentId: i % 4 === 0 ? 0 : rng.int(10000, 99999),
    }));
    // System jobs act without a person.
    this.users.push({ emailId: null, fullName: null, businessUnit: null, agentId: 0 });
    this.series = new ItemSeries(
      new Timeline({ seed, salt: SALT, startMs: anchorMs - 365 * DAY, endMs: anchorMs, initialCount: count, resolutionMs: 1000, tieRate: 0.05 }),
      count,
    );
    this.seedItem = JSON.parse(UNIPHORE_SEED_BODY) as UniphoreAuditItem;
  }

  /** Ids grow with the index, with gaps of up to two. */
  idOf(index: number): number {
    return FIRST_ID + index * 3 + (hashInts(this.seed, SALT, index, 1) % 3);
  }

  /** The index with this id, if any. */
  indexOf(id: number): number | undefined {
    if (!Number.isSafeInteger(id) || id < FIRST_ID) return undefined;
    const index = Math.floor((id - FIRST_ID) / 3);
    return index < this.series.count && this.idOf(index) === id ? index : undefined;
  }

  item(index: number): UniphoreAuditItem {
    const rng = new Rng(hashInts(this.seed, SALT, index, 2));
    let r = rng.next() * ACTIVITY_WEIGHTS.reduce((a, b) => a + b, 0);
    let activity = ACTIVITIES[0]!;
    for (const a of ACTIVITIES) {
      r -= a.weight;
      if (r < 0) {
        activity = a;
        break;
      }
    }
    const ok = unit(hashInts(this.seed, SALT, index, 3)) >= FAILURE_RATE;
    const skew = rng.next();
    const user = activity.type === 'Data Retention' && rng.chance(0.5) ? this.users[this.users.length - 1]! : this.users[Math.floor(skew * skew * (this.users.length - 1))]!;
    const details = rng.pick(activity.actions)(rng, ok);
    const created = this.series.timeMs(index);
    const updated = rng.chance(0.1) ? created + rng.int(1, 120) * 1000 : created;
    return {
      tenantId: DEMO.uniphore.tenantId,
      createdDate: uniphoreDate(created),
      updatedDate: uniphoreDate(updated),
      source: null,
      version: null,
      id: this.idOf(index),
      emailId: user.emailId,
      fullName: user.fullName,
      businessUnit: user.businessUnit,
      agentId: user.agentId,
      activityType: activity.type,
      // The seed's table types `details` as an Array: a few items come that way.
      details: rng.chance(0.03) ? [details] : details,
      result: ok,
    };
  }

  byId(id: number): UniphoreAuditItem | undefined {
    if (id === UNIPHORE_SEED_ID) return this.seedItem;
    const index = this.indexOf(id);
    return index === undefined ? undefined : this.item(index);
  }
}
