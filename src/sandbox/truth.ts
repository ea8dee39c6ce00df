/**
 * Ground truth: the raw items each API serves, so tests can normalize them
 * with the provider's own code and compare with what a client fetched. Every
 * call returns fresh copies; mutating them changes nothing in the sandbox.
 */
import { DEMO } from './demoCredentials';
import { floQastSeedPages } from './fixtures/floQastSeed';
import { LIVEPERSON_SEED_BODY } from './fixtures/livePersonSeed';
import type { FloQastData } from './floqast/data';
import type { FloQastApiKey, FloQastAuditItem } from './floqast/types';
import { COMPONENT_TYPES, selectFields, type LivePersonData } from './liveperson/data';
import { LIVEPERSON_FIELDS, type LivePersonAuditArgs, type LivePersonAuditItem, type LivePersonField, type LivePersonUser } from './liveperson/types';
import type { SfmcData } from './sfmc/data';
import type { SfmcAuditItem, SfmcAuditPathAction, SfmcDefinition, SfmcJourneyTruth } from './sfmc/types';
import type { UniphoreData } from './uniphore/data';
import { ACTIVITIES } from './uniphore/data';
import type { UniphoreAuditItem } from './uniphore/types';

export interface SfmcTruth {
  /** Every journey, the seed's included, in a stable order (demo stories first). */
  journeys(): SfmcJourneyTruth[];
  /** By id or `key:KEY` (a bare key works too). */
  journey(idOrKey: string): SfmcJourneyTruth | undefined;
  /**
   * The items `/audit/{action}` serves before paging, in the API's order
   * (chronological). `version` selects one version; a missing version has no
   * items (the API answers 404 for it). Throws for an unknown journey.
   */
  auditItems(idOrKey: string, options?: { action?: SfmcAuditPathAction; version?: number }): SfmcAuditItem[];
  /** A version's definition, or undefined for a missing version. */
  definition(idOrKey: string, version: number): SfmcDefinition | undefined;
  /** Appends `count` Modify items (newer than any other) to the journey's latest version. */
  insert(idOrKey: string, count: number): SfmcAuditItem[];
}

export interface LivePersonTruthOptions {
  /** The zone `changeDate` is written in (default US/Eastern), as the request's `timezone`. */
  timezone?: string;
  /** The fields to keep (default the 13 documented ones, which is what a client selecting them all receives). */
  fields?: readonly LivePersonField[];
}

export interface LivePersonTruth {
  /** The account tests use unless they name another. */
  readonly defaultAccount: string;
  /** The most items one page holds, whatever `first` asks. */
  readonly maxFirst: number;
  /**
   * Every item of the account, newest first: LPA changes and automatic
   * updates included, although the API leaves them out unless `lpa` /
   * `automaticUpdates` ask for them (see `query`).
   */
  items(accountId?: string, options?: LivePersonTruthOptions): LivePersonAuditItem[];
  /** Exactly what the API returns for `args` over all its pages (first/offset ignored), with the API's defaults. */
  query(accountId: string, args?: LivePersonAuditArgs, options?: { fields?: readonly LivePersonField[] }): LivePersonAuditItem[];
  count(accountId?: string): number;
  /** Adds `count` items newer than any other at the top (what a change made while paging looks like). Returns them, newest first. */
  insert(count: number, accountId?: string, options?: LivePersonTruthOptions): LivePersonAuditItem[];
  users(accountId?: string): LivePersonUser[];
  componentTypes(): string[];
  /** The six items of seed 001, served for its example queries. */
  seedItems(): Partial<LivePersonAuditItem>[];
}

export interface UniphoreTruth {
  /** Every listed item, newest first (createdDate desc, then id desc). Dates are `YYYY-MM-DDTHH:mm:ss.SSS` UTC, inclusive. */
  items(options?: { startDate?: string; endDate?: string }): UniphoreAuditItem[];
  /** By id; 833032 is seed 002's sample, which is served by id only, not listed. */
  item(id: number | string): UniphoreAuditItem | undefined;
  count(): number;
  /** Adds `count` items newer than any other. Returns them, newest first. */
  insert(count: number): UniphoreAuditItem[];
  activityTypes(): string[];
  seedItem(): UniphoreAuditItem;
}

export interface FloQastTruth {
  /** Every item the filter selects, newest first (the API's order). Days are inclusive, UTC. */
  items(options?: { startDate?: string; endDate?: string; apiKeyId?: string }): FloQastAuditItem[];
  apiKeys(): FloQastApiKey[];
  /** What `GET /api/v1/me` answers for the demo key. */
  me(): { apiKeyId: string; userId: string };
  count(): number;
  /** Adds `count` items newer than any other. Returns them, newest first. */
  insert(count: number): FloQastAuditItem[];
  /** The seed window's two pages (filter[startDate]=2023-11-01, filter[endDate]=2023-12-01). */
  seedPages(): FloQastAuditItem[][];
}

export interface SandboxTruth {
  sfmc: SfmcTruth;
  liveperson: LivePersonTruth;
  uniphore: UniphoreTruth;
  floqast: FloQastTruth;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function keep(item: LivePersonAuditItem, fields: readonly LivePersonField[]): LivePersonAuditItem {
  return selectFields(item, fields.map((name) => ({ name, alias: name }))) as unknown as LivePersonAuditItem;
}

function uniphoreDateParam(text: string): number {
  const ms = Date.parse(`${text}Z`);
  if (Number.isNaN(ms)) throw new Error(`Invalid date "${text}": expected YYYY-MM-DDTHH:mm:ss.SSS`);
  return ms;
}

export function buildTruth(data: { sfmc: SfmcData; liveperson: LivePersonData; uniphore: UniphoreData; floqast: FloQastData }, maxFirst: number): SandboxTruth {
  const { sfmc, liveperson, uniphore, floqast } = data;
  const journeyOf = (idOrKey: string) => {
    const j = sfmc.find(idOrKey);
    if (!j) throw new Error(`No journey "${idOrKey}"`);
    return j;
  };
  const lpDefault = DEMO.liveperson.accountId;
  return {
    sfmc: {
      journeys: () => sfmc.journeys.map((j) => sfmc.truth(j)),
      journey: (idOrKey) => {
        const j = sfmc.find(idOrKey);
        return j ? sfmc.truth(j) : undefined;
      },
      auditItems: (idOrKey, options = {}) =>
        clone(sfmc.auditItems(journeyOf(idOrKey), options.action ?? 'all', options.version !== undefined ? { versionNumber: options.version } : {})),
      definition: (idOrKey, version) => clone(sfmc.definition(journeyOf(idOrKey), version)),
      insert: (idOrKey, count) => clone(sfmc.insert(journeyOf(idOrKey), count)),
    },
    liveperson: {
      defaultAccount: lpDefault,
      maxFirst,
      items: (accountId = lpDefault, options = {}) => {
        const account = liveperson.account(accountId);
        const fields = options.fields ?? LIVEPERSON_FIELDS;
        const out: LivePersonAuditItem[] = [];
        for (let i = account.series.count - 1; i >= 0; i--) out.push(keep(account.item(i, options.timezone), fields));
        return out;
      },
      query: (accountId, args = {}, options = {}) => {
        const account = liveperson.account(accountId);
        const { list, from, to } = account.select(args);
        const fields = options.fields ?? LIVEPERSON_FIELDS;
        const descending = (args.orderDirection?.[0] ?? 'DESC') === 'DESC';
        const out: LivePersonAuditItem[] = [];
        for (let k = 0; k < to - from; k++) {
          const p = descending ? to - 1 - k : from + k;
          out.push(keep(account.item(list.at(p), args.timezone), fields));
        }
        return out;
      },
      count: (accountId = lpDefault) => liveperson.account(accountId).series.count,
      insert: (count, accountId = lpDefault, options = {}) => {
        const account = liveperson.account(accountId);
        const first = account.series.insert(count);
        const out: LivePersonAuditItem[] = [];
        for (let i = account.series.count - 1; i >= first; i--) out.push(keep(account.item(i, options.timezone), options.fields ?? LIVEPERSON_FIELDS));
        return out;
      },
      users: (accountId = lpDefault) => clone(liveperson.account(accountId).users),
      componentTypes: () => COMPONENT_TYPES.map((t) => t.name),
      seedItems: () => (JSON.parse(LIVEPERSON_SEED_BODY) as { data: { auditData: Partial<LivePersonAuditItem>[] } }).data.auditData,
    },
    uniphore: {
      items: (options = {}) => {
        const all = uniphore.series.all();
        const start = options.startDate ? uniphoreDateParam(options.startDate) : undefined;
        const end = options.endDate ? uniphoreDateParam(options.endDate) + 1 : undefined;
        const { from, to } = uniphore.series.timeWindow(all, start, end);
        const out: UniphoreAuditItem[] = [];
        for (let p = to - 1; p >= from; p--) out.push(uniphore.item(all.at(p)));
        return out;
      },
      item: (id) => {
        const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
        const item = Number.isNaN(n) ? undefined : uniphore.byId(n);
        return item ? clone(item) : undefined;
      },
      count: () => uniphore.series.count,
      insert: (count) => {
        const first = uniphore.series.insert(count);
        const out: UniphoreAuditItem[] = [];
        for (let i = uniphore.series.count - 1; i >= first; i--) out.push(uniphore.item(i));
        return out;
      },
      activityTypes: () => ACTIVITIES.map((a) => a.type),
      seedItem: () => clone(uniphore.seedItem),
    },
    floqast: {
      items: (options = {}) => {
        const { list, from, to } = floqast.select(options);
        const out: FloQastAuditItem[] = [];
        for (let p = to - 1; p >= from; p--) out.push(floqast.item(list.at(p)));
        return out;
      },
      apiKeys: () => clone(floqast.keys),
      me: () => ({ apiKeyId: floqast.demoKey.id, userId: floqast.userId }),
      count: () => floqast.series.count,
      insert: (count) => {
        const first = floqast.series.insert(count);
        const out: FloQastAuditItem[] = [];
        for (let i = floqast.series.count - 1; i >= first; i--) out.push(floqast.item(i));
        return out;
      },
      seedPages: () => floQastSeedPages(),
    },
  };
}
