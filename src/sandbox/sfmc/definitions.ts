/**
 * Journey definitions per version, for the "compare with the last successful
 * version" diff (issue 8). Each journey has a base design; every later version
 * applies one or two edits to the one before (a wait changed, a subject
 * reworded, an activity added or removed), and a version whose last publish
 * failed carries the defect its error names (no entry event, an unconfigured
 * activity), so the diff shows the cause.
 */
import { hashInts, Rng } from '../prng';
import type { SfmcActivity, SfmcDefinition, SfmcJourneySummary, SfmcTrigger } from './types';

export type VersionDefect = 'none' | 'noEntryEvent' | 'unconfiguredActivity' | 'both';

const SALT = 0x5f3c;

interface Design {
  trigger: SfmcTrigger;
  activities: SfmcActivity[];
  goals: unknown[];
}

const EMAIL_NAMES = ['Welcome Email', 'Reminder Email', 'Offer Email', 'Last Chance Email', 'Thank You Email', 'Survey Invite'];
const SUBJECTS = [
  'Welcome aboard, %%FirstName%%!',
  'You left something behind',
  'A little something for you',
  'Last chance: your offer ends tonight',
  'Thanks for being with us',
  'Tell us how we did',
  'Your next step is ready',
];
const DECISIONS = ['Opened last email?', 'Has purchased?', 'Is VIP member?', 'Clicked offer link?'];

function guidFor(seed: number, ...parts: number[]): string {
  return new Rng(hashInts(seed, SALT, ...parts)).guid();
}

function activity(seed: number, journey: number, n: number, type: string, name: string, config: Record<string, unknown>): SfmcActivity {
  return {
    id: guidFor(seed, journey, 1000 + n),
    key: `${type}-${n}`,
    name,
    type,
    outcomes: [{ key: guidFor(seed, journey, 2000 + n).slice(0, 8), arguments: {}, metaData: {} }],
    arguments: {},
    configurationArguments: config,
    metaData: { isConfigured: true },
  };
}

function link(activities: SfmcActivity[]): void {
  for (let i = 0; i < activities.length; i++) {
    const a = activities[i]!;
    const next = activities[i + 1];
    a.outcomes = a.outcomes.map((o) => {
      const { next: _drop, ...rest } = o;
      return next ? { ...rest, next: next.key } : rest;
    });
  }
}

function baseDesign(seed: number, journey: number, salesforceTriggered: boolean): Design {
  const rng = new Rng(hashInts(seed, SALT, journey, 0));
  const trigger: SfmcTrigger = salesforceTriggered
    ? {
        id: guidFor(seed, journey, 1),
        key: 'TRIGGER',
        name: 'Salesforce Data Event: Lead created',
        description: '',
        type: 'SalesforceObjectTriggerV2',
        outcomes: [],
        arguments: { objectApiName: 'Lead', evaluationCriteria: 'created' },
        configurationArguments: { eventDataConfig: { objects: [{ dePrefix: 'Lead:', fields: ['Id', 'Email', 'FirstName'] }] } },
        metaData: { eventDefinitionKey: `SalesforceObj${rng.hex(12)}` },
      }
    : {
        id: guidFor(seed, journey, 1),
        key: 'TRIGGER',
        name: rng.pick(['Data Extension Entry', 'API Event', 'Audience: Newsletter Subscribers']),
        description: '',
        type: rng.pick(['EmailAudience', 'APIEvent', 'ContactAudience']),
        outcomes: [],
        arguments: {},
        configurationArguments: { schedule: { frequency: rng.pick(['Daily', 'Hourly', 'Once']) } },
        metaData: { eventDefinitionKey: `DEAudience-${rng.hex(8)}-${rng.hex(4)}` },
      };
  const activities: SfmcActivity[] = [];
  const count = rng.int(3, 6);
  for (let n = 1; n <= count; n++) {
    const kind = n === 1 ? 0 : rng.int(0, 3);
    if (kind === 0) {
      activities.push(
        activity(seed, journey, n, 'EMAILV2', rng.pick(EMAIL_NAMES), {
          triggeredSend: { emailId: rng.int(10000, 99999), emailSubject: rng.pick(SUBJECTS), isTrackingClicks: true },
        }),
      );
    } else if (kind === 1) {
      const amount = rng.int(1, 7);
      activities.push(activity(seed, journey, n, 'WAIT', `Wait ${amount} days`, { waitDuration: amount, waitUnit: 'DAYS' }));
    } else if (kind === 2) {
      activities.push(
        activity(seed, journey, n, 'MULTICRITERIADECISION', rng.pick(DECISIONS), {
          criteria: { attribute: 'Contact.Attribute.Orders.Count', operator: 'GreaterThan', value: rng.int(0, 3) },
        }),
      );
    } else {
      activities.push(activity(seed, journey, n, 'SMSSYNC', 'Reminder SMS', { message: 'Your offer is waiting. Reply STOP to opt out.' }));
    }
  }
  link(activities);
  const goals = rng.chance(0.6)
    ? [{ id: guidFor(seed, journey, 3), key: 'GOAL', name: 'Made a purchase', type: 'ContactDecision', configurationArguments: { criteria: 'Orders.Count > 0' }, metaData: { conversionUnit: 'percentage', conversionValue: rng.int(5, 40) } }]
    : [];
  return { trigger, activities, goals };
}

/** One version's edit on top of the previous design. */
function applyEdit(seed: number, journey: number, version: number, design: Design): void {
  const rng = new Rng(hashInts(seed, SALT, journey, version));
  const edits = rng.int(1, 2);
  for (let e = 0; e < edits; e++) {
    const kind = rng.int(0, 4);
    const acts = design.activities;
    if (kind === 0) {
      const wait = acts.find((a) => a.type === 'WAIT');
      if (wait) {
        const amount = rng.int(1, 14);
        wait.name = `Wait ${amount} days`;
        wait.configurationArguments = { ...wait.configurationArguments, waitDuration: amount };
        continue;
      }
    }
    if (kind <= 1) {
      const email = acts.find((a) => a.type === 'EMAILV2');
      if (email) {
        const ts = email.configurationArguments.triggeredSend as Record<string, unknown>;
        email.configurationArguments = { ...email.configurationArguments, triggeredSend: { ...ts, emailSubject: rng.pick(SUBJECTS) } };
        continue;
      }
    }
    if (kind === 2 || acts.length <= 2) {
      const n = 10 * version + e;
      acts.push(
        activity(seed, journey, n, 'EMAILV2', rng.pick(EMAIL_NAMES), {
          triggeredSend: { emailId: rng.int(10000, 99999), emailSubject: rng.pick(SUBJECTS), isTrackingClicks: true },
        }),
      );
    } else if (kind === 3) {
      acts.pop();
    } else {
      const decision = acts.find((a) => a.type === 'MULTICRITERIADECISION');
      if (decision) decision.configurationArguments = { criteria: { attribute: 'Contact.Attribute.Orders.Count', operator: 'GreaterThan', value: rng.int(0, 5) } };
      else design.goals = design.goals.length ? [] : [{ key: 'GOAL', name: 'Clicked any link', type: 'ContactDecision', configurationArguments: { criteria: 'Clicks > 0' }, metaData: {} }];
    }
  }
  link(design.activities);
}

export interface DefinitionInput {
  seed: number;
  journeyIndex: number;
  salesforceTriggered: boolean;
  version: number;
  defect: VersionDefect;
  summary: SfmcJourneySummary;
}

export function buildDefinition(input: DefinitionInput): SfmcDefinition {
  const { seed, journeyIndex, version } = input;
  const design = baseDesign(seed, journeyIndex, input.salesforceTriggered);
  for (let v = 2; v <= version; v++) applyEdit(seed, journeyIndex, v, design);
  let triggers = [design.trigger];
  const activities = design.activities;
  if (input.defect === 'noEntryEvent' || input.defect === 'both') triggers = [];
  if (input.defect === 'unconfiguredActivity' || input.defect === 'both') {
    const broken = activity(seed, journeyIndex, 99, 'EMAILV2', 'Untitled Email', {});
    broken.metaData = { isConfigured: false };
    activities.push(broken);
    link(activities);
  }
  return {
    ...input.summary,
    defaults: { email: ['{{Event.DEAudience.EmailAddress}}'], properties: { analyticsTracking: { enabled: true, analyticsType: 'google' } } },
    metaData: { hasCopiedActivity: false, isScheduleSet: true },
    triggers,
    goals: design.goals,
    exits: [],
    notifiers: [],
    activities,
  };
}
