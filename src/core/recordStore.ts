/**
 * The timeline's data, owned by the host (DESIGN.md §4). Records stream in
 * page by page; the webview asks for what it shows: a window of compact
 * rows, facet counts and histogram bins under the current filter, one
 * record's detail. It must stay interactive at 10^6 records, hence:
 * - columns in typed arrays (time, facet codes, outcome) instead of walking objects,
 *   copied into display order so that a pass reads memory sequentially;
 * - interned facet values, so counting is an index into a typed array;
 * - each new batch sorted and merged into display order lazily, when next read;
 * - a search index over distinct texts (see textSearchIndex.ts);
 * - records kept in columns and rebuilt on demand, raw items as received
 *   (issue 6: ingest within 3× JSON.parse, heap within 2× the raw JSON);
 * - one pass per (filter, data generation) that yields both the matching rows
 *   and every facet's counts, cached until either changes.
 */
import type { Actor, AuditRecord, Change, Outcome, ProviderId, RecordError, Target } from './model';
import { GrowableTypedArray } from './growableTypedArray';
import { IdIndex } from './idIndex';
import { StringInterner } from './stringInterner';
import { TextSearchIndex, parseSearchTerms } from './textSearchIndex';
import { layoutBins, type BinLayout } from './histogramBins';
import { groupByDay, normalizeZone, type DayGroup } from './dayGroups';
import { DisplayOrderColumns } from './displayOrderColumns';
import { sortByTimeDescending } from './timeOrder';
import { canonicalIsoUtcToMs, formatIsoUtc } from './time';
import type { RawItems, RawPage } from './rawPage';

export type FacetName = 'provider' | 'action' | 'actor' | 'targetType' | 'outcome';
export const FACET_NAMES: readonly FacetName[] = ['provider', 'action', 'actor', 'targetType', 'outcome'];

export interface RecordFilter {
  /** Inclusive lower time bound, ms since the epoch. */
  from?: number;
  /** Exclusive upper time bound, ms since the epoch. */
  to?: number;
  /** Terms separated by spaces ("quoted phrases" stay together); every term must match, case-insensitively. */
  text?: string;
  /** Per facet, the values a record must have one of. */
  include?: Partial<Record<FacetName, readonly string[]>>;
  /** Per facet, the values a record must not have. */
  exclude?: Partial<Record<FacetName, readonly string[]>>;
}

/** What one timeline row shows; everything else comes with the detail. */
export interface RecordRow {
  /** The store's handle for the record (for detail, open, compare). */
  key: number;
  time: string;
  provider: ProviderId;
  connection: string;
  action: string;
  outcome: Outcome;
  actor: string;
  target: string;
  errorCount: number;
  /** The first error as "CODE: message", shown inline (publish errors). */
  firstError?: string;
  changeCount: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface FacetCounts {
  facet: FacetName;
  /** Values by count, largest first (ties by value); selected values are always listed. */
  values: FacetValue[];
  /** How many values have a non-zero count. */
  distinct: number;
}

export interface HistogramBins extends BinLayout {
  success: number[];
  failure: number[];
  unknown: number[];
}

export interface RecordDetail {
  key: number;
  record: AuditRecord;
  /** The next older record of the same provider, connection and target (for Compare). */
  previousKey?: number;
}

export interface TimelineLayout {
  total: number;
  matched: number;
  /** Day groups of the matching rows, newest first. */
  days: DayGroup[];
  /** Oldest and newest time in the whole store, when it holds any record. */
  extent?: { from: number; to: number };
}

/** The facet value a record is counted under; '' when it has none. */
export function facetValueOf(record: AuditRecord, facet: FacetName): string {
  switch (facet) {
    case 'provider':
      return record.provider;
    case 'action':
      return record.action ?? '';
    case 'actor':
      return actorLabel(record);
    case 'targetType':
      return record.target?.type ?? '';
    case 'outcome':
      return record.outcome;
  }
}

export function actorLabel(record: AuditRecord): string {
  const a = record.actor ?? {};
  return a.name || a.email || a.id || '';
}

export function targetLabel(record: AuditRecord): string {
  const t = record.target ?? {};
  return targetLabelOf(t.type, t.id, t.name, t.version);
}

function targetLabelOf(type: string | undefined, id: string | undefined, name: string | undefined, version: number | undefined): string {
  const shown = name || id || '';
  const v = version !== undefined ? ` v${version}` : '';
  if (type && shown) return `${type}: ${shown}${v}`;
  return `${type ?? ''}${shown}${v}`;
}

/** The texts full-text search looks in: action, actor, target, errors and changes (scalars as text: a record kept whole may hold any type). */
export function searchableTexts(record: AuditRecord): string[] {
  const texts: string[] = [];
  const push = (v: unknown) => {
    if (typeof v === 'string') {
      if (v) texts.push(v);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      texts.push(String(v));
    }
  };
  push(record.action);
  const a = record.actor ?? {};
  const t = record.target ?? {};
  for (const v of [a.id, a.name, a.email, t.type, t.id, t.name]) push(v);
  for (const e of record.errors ?? []) {
    push(e?.code);
    push(e?.message);
  }
  for (const c of record.changes ?? []) {
    push(c?.field);
    push(c?.old);
    push(c?.new);
  }
  return texts;
}

const OUTCOME_CODES: Record<Outcome, number> = { success: 0, failure: 1, unknown: 2 };
const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'unknown'];
const TARGET_TYPE = FACET_NAMES.indexOf('targetType');
/** Rows per window request; a screen shows a few dozen. */
export const MAX_WINDOW = 1000;

// Target field presence, one bit each, so that absent and empty stay apart when a record is rebuilt.
const HAS_TYPE = 1;
const HAS_ID = 2;
const HAS_NAME = 4;
const HAS_VERSION = 8;

interface FilterPass {
  key: string;
  generation: number;
  /** Display positions of the matching records, ascending (newest first). */
  rows: Int32Array;
  /** Per facet (FACET_NAMES order), counts by value code under every other constraint. */
  counts: Uint32Array[];
  selected: { include: Set<string>; exclude: Set<string> }[];
  days?: { zone: string; groups: DayGroup[] };
  bins?: { maxBins: number; bins: HistogramBins };
}

/** A provider + connection pair: its records' ids are unique among themselves. */
interface Source {
  provider: ProviderId;
  connection: string;
  /** Ids stored so far. */
  ids: IdIndex;
}

/** The text a field had in the last record, and its search code (-1 before the first). */
interface RecentText {
  text: string;
  code: number;
}

/** One distinct actor, shared by the records that name it. */
interface ActorEntry {
  actor: Actor;
  /** Its texts' search codes, so a record's actor costs no lookups. */
  searchCodes: number[];
}

/**
 * Whether a record can be kept in columns and rebuilt deep-equal to itself:
 * a plain object with exactly the model's fields, of the model's types
 * (DESIGN.md §3). Anything else is kept whole (see RecordStore.irregular).
 */
function isRegular(r: AuditRecord): boolean {
  if (Object.getPrototypeOf(r) !== Object.prototype) return false;
  if (typeof r.provider !== 'string' || typeof r.connection !== 'string' || typeof r.id !== 'string' || typeof r.action !== 'string') return false;
  if (r.outcome !== 'success' && r.outcome !== 'failure' && r.outcome !== 'unknown') return false;
  if (!isPlainArray(r.errors) || !isPlainArray(r.changes)) return false;
  for (let k = 0; k < r.errors.length; k++) if (!isRegularError(r.errors[k])) return false;
  for (let k = 0; k < r.changes.length; k++) if (!isRegularChange(r.changes[k])) return false;
  let keys = 0;
  // for…in rather than Object.keys: no array per record.
  for (const _ in r) keys++;
  if (keys !== 11 || (r.raw === undefined && !Object.prototype.hasOwnProperty.call(r, 'raw'))) return false;
  const a = r.actor as unknown as Record<string, unknown>;
  if (typeof a !== 'object' || a === null || Object.getPrototypeOf(a) !== Object.prototype) return false;
  for (const k in a) if ((k !== 'id' && k !== 'name' && k !== 'email') || typeof a[k] !== 'string') return false;
  const t = r.target as unknown as Record<string, unknown>;
  if (typeof t !== 'object' || t === null || Object.getPrototypeOf(t) !== Object.prototype) return false;
  for (const k in t) {
    const v = t[k];
    if (k === 'version' ? typeof v !== 'number' || Number.isNaN(v) : (k !== 'type' && k !== 'id' && k !== 'name') || typeof v !== 'string') return false;
  }
  return true;
}

/** An error the columns rebuild equal: `{ code?: string, message: string }`. */
function isRegularError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || Object.getPrototypeOf(e) !== Object.prototype) return false;
  const o = e as Record<string, unknown>;
  if (typeof o.message !== 'string') return false;
  for (const k in o) if ((k !== 'code' && k !== 'message') || typeof o[k] !== 'string') return false;
  return true;
}

function messageComesFirst(e: RecordError): boolean {
  for (const k in e) return k === 'message';
  return false;
}

const CHANGE_KEYS = ['field', 'old', 'new'];

/** A change the columns rebuild equal: `{ field: string, old?: string, new?: string }`, keys in that order. */
function isRegularChange(c: unknown): boolean {
  if (typeof c !== 'object' || c === null || Object.getPrototypeOf(c) !== Object.prototype) return false;
  const o = c as Record<string, unknown>;
  if (typeof o.field !== 'string') return false;
  let next = 0;
  for (const k in o) {
    const at = CHANGE_KEYS.indexOf(k);
    if (at < next || typeof o[k] !== 'string') return false;
    next = at + 1;
  }
  return true;
}

function isPlainArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;
}

function sameActor(a: Actor, b: Actor): boolean {
  return a.id === b.id && a.name === b.name && a.email === b.email;
}

/** The actor's own fields in the model's order, so every record naming it rebuilds the same. */
function actorCopy(a: Actor): Actor {
  const out: Actor = {};
  if (a.id !== undefined) out.id = a.id;
  if (a.name !== undefined) out.name = a.name;
  if (a.email !== undefined) out.email = a.email;
  return out;
}

export class RecordStore {
  /*
   * Records are kept in columns, not as the objects given to add(): at 10^6
   * records the objects (record, actor, target, two arrays, the time
   * string) weigh more than the raw items themselves (issue 6: at most 2×
   * the raw JSON). Each record keeps its id, its raw item (the very object
   * received), its errors and changes when it has any, and codes; record()
   * builds an equal AuditRecord on demand. Records that do not fit the
   * model's shape exactly are kept whole in `irregular`.
   */
  private readonly ids: string[] = [];
  /** A record's id as text (a record kept whole may carry any type there). */
  private readonly idText = (h: number): string => {
    const id = this.ids[h];
    return typeof id === 'string' ? id : `${id}`;
  };
  /** Raw items kept as objects (records added without their page); undefined where the page holds it. */
  private readonly raws: unknown[] = [];
  /** Per record, 1 + the code of the page holding its raw item, or 0; and the item's index in it. */
  private readonly rawPage = new GrowableTypedArray('u32');
  private readonly rawIndex = new GrowableTypedArray('u32');
  private readonly pages: RawPage[] = [];
  /*
   * Texts are kept as search codes (each distinct text once, see TextSearchIndex.text): target ids and
   * names, error codes and messages, changed fields and values repeat across records, and one string
   * per record each would outweigh the rest of the store.
   */
  private readonly targetIds = new GrowableTypedArray('u32');
  private readonly targetNames = new GrowableTypedArray('u32');
  /**
   * Per record, where its errors and changes start in `extras`: an error count, a change count, then
   * per error (0 without a code, else 2 × (code + 1) + 1 when the message came first, so the
   * rebuilt object lists its keys as given; then the message) and per change (field, old + 1 or 0,
   * new + 1 or 0). Offset 0
   * is the shared "none and none" that most records point at.
   */
  private readonly extraStart = new GrowableTypedArray('u32');
  private readonly extras = new GrowableTypedArray('u32');
  private readonly targetVersions = new GrowableTypedArray('f64');
  private readonly targetFields = new GrowableTypedArray('u8');
  private readonly sourceCode = new GrowableTypedArray('u32');
  private readonly actorCode = new GrowableTypedArray('u32');
  private readonly irregular = new Map<number, AuditRecord>();

  private readonly sources: Source[] = [];
  private readonly sourceByKey = new Map<string, number>();
  private lastSource = -1;
  private readonly actors: ActorEntry[] = [];
  private readonly actorByKey = new Map<string, number>();
  /** The actor last seen under each actor label (facet code): the usual hit, with no key built. */
  private readonly actorByLabel: number[] = [];
  /** Search code of each action and target type (by facet code), made once per distinct value. */
  private readonly actionSearchCode: number[] = [];
  private readonly typeSearchCode: number[] = [];
  private readonly lastTargetId: RecentText = { text: '', code: -1 };
  private readonly lastTargetName: RecentText = { text: '', code: -1 };

  private readonly time = new GrowableTypedArray('f64');
  private readonly outcome = new GrowableTypedArray('u8');
  private readonly facetCodes = FACET_NAMES.map(() => new GrowableTypedArray('u32'));
  private readonly interners = FACET_NAMES.map(() => new StringInterner());
  private readonly search = new TextSearchIndex();

  private readonly display = new DisplayOrderColumns(FACET_NAMES.length);
  private pending: number[] = [];
  private minTime = Infinity;
  private maxTime = -Infinity;
  private gen = 0;
  private cache: FilterPass | undefined;

  constructor() {
    this.extras.push(0);
    this.extras.push(0);
  }

  /** Bumps whenever a record is added; replies carry it so the webview can tell stale answers. */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Adds records, dropping any whose provider+connection+id is already stored. Returns how many were new.
   * With `raw`, the records' raw items are read back from their page when asked for instead of being kept.
   */
  add(records: readonly AuditRecord[], raw?: RawItems): number {
    let added = 0;
    // The page is kept only once one of its records is (a page of duplicates is not).
    let pageCode = 0;
    const rawIndex = raw?.index;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as AuditRecord;
      // A time not exactly as toISOString prints it could not be rebuilt from the number: such records are kept whole.
      const canonicalTime = typeof r.time === 'string' ? canonicalIsoUtcToMs(r.time) : NaN;
      const regular = !Number.isNaN(canonicalTime) && isRegular(r);
      const source = this.sourceOf(r.provider, r.connection);
      const handle = this.ids.length;
      if (!(this.sources[source] as Source).ids.add(regular ? r.id : `${r.id}`, handle)) continue;
      this.ids.push(r.id);
      if (raw && regular) {
        if (pageCode === 0) pageCode = this.pages.push(raw.page);
        this.raws.push(undefined);
        this.rawPage.push(pageCode);
        this.rawIndex.push(rawIndex ? (rawIndex[i] as number) : i);
      } else {
        this.raws.push(r.raw);
        this.rawPage.push(0);
        this.rawIndex.push(0);
      }
      this.sourceCode.push(source);
      const t = regular ? canonicalTime : Date.parse(r.time);
      // Unparseable times sort last and stay out of the histogram rather than poisoning comparisons.
      this.time.push(Number.isNaN(t) ? -Infinity : t);
      if (!Number.isNaN(t)) {
        if (t < this.minTime) this.minTime = t;
        if (t > this.maxTime) this.maxTime = t;
      }
      this.outcome.push(OUTCOME_CODES[r.outcome] ?? OUTCOME_CODES.unknown);
      if (regular) {
        this.indexRegular(r);
      } else {
        this.irregular.set(handle, r);
        this.indexIrregular(r);
      }
      this.pending.push(handle);
      added++;
    }
    if (added > 0) {
      this.gen++;
      this.cache = undefined;
    }
    return added;
  }

  private sourceOf(provider: string, connection: string): number {
    const last = this.sources[this.lastSource];
    if (last && last.provider === provider && last.connection === connection) return this.lastSource;
    const key = `${provider}\u0000${connection}`;
    let code = this.sourceByKey.get(key);
    if (code === undefined) {
      code = this.sources.length;
      this.sources.push({ provider: provider as ProviderId, connection, ids: new IdIndex(this.idText) });
      this.sourceByKey.set(key, code);
    }
    this.lastSource = code;
    return code;
  }

  private indexRegular(r: AuditRecord): void {
    const search = this.search;
    search.beginDocument();
    const codes = this.facetCodes;
    const interners = this.interners;
    (codes[0] as GrowableTypedArray<'u32'>).push((interners[0] as StringInterner).intern(r.provider));
    const action = (interners[1] as StringInterner).intern(r.action);
    (codes[1] as GrowableTypedArray<'u32'>).push(action);
    if (r.action) search.addCode((this.actionSearchCode[action] ??= search.codeOf(r.action)));

    const a = r.actor;
    const label = (interners[2] as StringInterner).intern(a.name || a.email || a.id || '');
    (codes[2] as GrowableTypedArray<'u32'>).push(label);
    let actor = this.actorByLabel[label];
    if (actor === undefined || !sameActor((this.actors[actor] as ActorEntry).actor, a)) {
      actor = this.actorOf(a);
      this.actorByLabel[label] = actor;
    }
    this.actorCode.push(actor);
    for (const c of (this.actors[actor] as ActorEntry).searchCodes) search.addCode(c);

    const t = r.target;
    const type = (interners[3] as StringInterner).intern(t.type ?? '');
    (codes[3] as GrowableTypedArray<'u32'>).push(type);
    if (t.type) search.addCode((this.typeSearchCode[type] ??= search.codeOf(t.type)));
    let fields = 0;
    if (t.type !== undefined) fields |= HAS_TYPE;
    if (t.id !== undefined) fields |= HAS_ID;
    if (t.name !== undefined) fields |= HAS_NAME;
    if (t.version !== undefined) fields |= HAS_VERSION;
    this.targetFields.push(fields);
    this.targetVersions.push(t.version ?? 0);
    this.targetIds.push(this.recentTextCode(this.lastTargetId, t.id));
    this.targetNames.push(this.recentTextCode(this.lastTargetName, t.name));

    (codes[4] as GrowableTypedArray<'u32'>).push((interners[4] as StringInterner).intern(r.outcome));

    const errors = r.errors;
    const changes = r.changes;
    if (errors.length === 0 && changes.length === 0) {
      this.extraStart.push(0);
    } else {
      const extras = this.extras;
      this.extraStart.push(extras.length);
      extras.push(errors.length);
      extras.push(changes.length);
      for (let k = 0; k < errors.length; k++) {
        const e = errors[k] as RecordError;
        if (e.code === undefined) {
          extras.push(0);
          extras.push(this.textCode(e.message));
        } else {
          const messageFirst = messageComesFirst(e);
          extras.push(2 * (this.textCode(e.code) + 1) + (messageFirst ? 1 : 0));
          extras.push(this.textCode(e.message));
        }
      }
      for (let k = 0; k < changes.length; k++) {
        const c = changes[k] as Change;
        extras.push(this.textCode(c.field));
        extras.push(c.old === undefined ? 0 : this.textCode(c.old) + 1);
        extras.push(c.new === undefined ? 0 : this.textCode(c.new) + 1);
      }
    }
    search.endDocument();
  }

  /**
   * textCode for a field whose text often repeats from one record to the next (a journey's history is
   * a run of records about one target): a repeat costs no lookup. 0 for an absent text.
   */
  private recentTextCode(recent: RecentText, text: string | undefined): number {
    if (text === undefined) return 0;
    if (text !== recent.text || recent.code < 0) {
      recent.text = text;
      recent.code = this.search.codeOf(text);
    }
    if (text) this.search.addCode(recent.code);
    return recent.code;
  }

  /** The search code of a record's text, added to the record's document unless empty. */
  private textCode(text: string): number {
    const code = this.search.codeOf(text);
    if (text) this.search.addCode(code);
    return code;
  }

  private actorOf(a: Actor): number {
    const key = JSON.stringify([a.id ?? null, a.name ?? null, a.email ?? null]);
    let code = this.actorByKey.get(key);
    if (code === undefined) {
      code = this.actors.length;
      const actor = actorCopy(a);
      const searchCodes: number[] = [];
      for (const text of [actor.id, actor.name, actor.email]) if (text) searchCodes.push(this.search.codeOf(text));
      this.actors.push({ actor, searchCodes });
      this.actorByKey.set(key, code);
    }
    return code;
  }

  /** A record kept whole: indexed from its fields as given, whatever their types. */
  private indexIrregular(r: AuditRecord): void {
    FACET_NAMES.forEach((facet, f) => {
      (this.facetCodes[f] as GrowableTypedArray<'u32'>).push((this.interners[f] as StringInterner).intern(facetValueOf(r, facet)));
    });
    this.actorCode.push(0);
    this.targetFields.push(0);
    this.targetIds.push(0);
    this.targetNames.push(0);
    this.targetVersions.push(0);
    this.extraStart.push(0);
    this.search.addDocument(searchableTexts(r));
  }

  /** A record's connection and id, read from the columns: no record rebuilt, no raw item parsed again. */
  identity(key: number): { connection: string; id: string } | undefined {
    if (!Number.isInteger(key) || key < 0 || key >= this.ids.length) return undefined;
    const whole = this.irregular.size > 0 ? this.irregular.get(key) : undefined;
    if (whole) return { connection: whole.connection, id: whole.id };
    return { connection: (this.sources[this.sourceCode.get(key)] as Source).connection, id: this.ids[key] as string };
  }

  /** The record as added: an equal copy (the same raw item), or the very object when it was kept whole. */
  record(key: number): AuditRecord | undefined {
    if (!Number.isInteger(key) || key < 0 || key >= this.ids.length) return undefined;
    return this.rebuild(key);
  }

  private extrasOf(h: number): { errors: RecordError[]; changes: Change[] } {
    const errors: RecordError[] = [];
    const changes: Change[] = [];
    let at = this.extraStart.get(h);
    if (at === 0) return { errors, changes };
    const x = this.extras;
    const search = this.search;
    const errorCount = x.get(at++);
    const changeCount = x.get(at++);
    for (let k = 0; k < errorCount; k++, at += 2) {
      const slot = x.get(at);
      const message = search.text(x.get(at + 1));
      if (slot === 0) {
        errors.push({ message });
      } else {
        const code = search.text(Math.floor(slot / 2) - 1);
        errors.push(slot % 2 === 1 ? { message, code } : { code, message });
      }
    }
    for (let k = 0; k < changeCount; k++, at += 3) {
      const change: Change = { field: search.text(x.get(at)) };
      const old = x.get(at + 1);
      const now = x.get(at + 2);
      if (old !== 0) change.old = search.text(old - 1);
      if (now !== 0) change.new = search.text(now - 1);
      changes.push(change);
    }
    return { errors, changes };
  }

  private rawOf(h: number): unknown {
    const page = this.rawPage.get(h);
    return page === 0 ? this.raws[h] : (this.pages[page - 1] as RawPage).item(this.rawIndex.get(h));
  }

  private rebuild(h: number): AuditRecord {
    if (this.irregular.size > 0) {
      const whole = this.irregular.get(h);
      if (whole) return whole;
    }
    const source = this.sources[this.sourceCode.get(h)] as Source;
    const fields = this.targetFields.get(h);
    const target: Target = {};
    if (fields & HAS_TYPE) target.type = (this.interners[TARGET_TYPE] as StringInterner).value(this.facetCodes[TARGET_TYPE]!.get(h));
    if (fields & HAS_ID) target.id = this.search.text(this.targetIds.get(h));
    if (fields & HAS_NAME) target.name = this.search.text(this.targetNames.get(h));
    if (fields & HAS_VERSION) target.version = this.targetVersions.get(h);
    const { errors, changes } = this.extrasOf(h);
    return {
      provider: source.provider,
      connection: source.connection,
      id: this.ids[h] as string,
      time: formatIsoUtc(this.time.get(h)),
      action: (this.interners[1] as StringInterner).value(this.facetCodes[1]!.get(h)),
      outcome: OUTCOMES[this.outcome.get(h)] as Outcome,
      actor: actorCopy((this.actors[this.actorCode.get(h)] as ActorEntry).actor),
      target,
      errors,
      changes,
      raw: this.rawOf(h),
    };
  }

  /**
   * Records matching the filter, newest first; at most `limit` of them.
   * Each is rebuilt from the columns (about a microsecond apiece), so ask
   * for a limit when only the first ones are wanted.
   */
  matching(filter: RecordFilter = {}, limit = Infinity): AuditRecord[] {
    const rows = this.pass(filter).rows;
    const handles = this.display.handle;
    const n = Math.max(0, Math.min(rows.length, Math.floor(limit)));
    const out: AuditRecord[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rebuild(handles[rows[i] as number] as number);
    return out;
  }

  /**
   * Every record matching the filter, newest first, rebuilt `size` at a time: for reading all of
   * them (Export) without holding them all at once. The matches are taken when the first chunk
   * is asked for; records added while the chunks are read are left out.
   */
  *matchingChunks(filter: RecordFilter = {}, size = 1000): Generator<AuditRecord[], void, undefined> {
    const rows = this.pass(filter).rows;
    const positions = this.display.handle;
    // Display positions shift when records are added; handles do not.
    const handles = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) handles[i] = positions[rows[i] as number] as number;
    const step = Math.max(1, Math.floor(size));
    for (let start = 0; start < handles.length; start += step) {
      const end = Math.min(handles.length, start + step);
      const chunk: AuditRecord[] = new Array(end - start);
      for (let i = start; i < end; i++) chunk[i - start] = this.rebuild(handles[i] as number);
      yield chunk;
    }
  }

  matchCount(filter: RecordFilter = {}): number {
    return this.pass(filter).rows.length;
  }

  /** Rows [start, start+count) of the matching records. */
  window(filter: RecordFilter, start: number, count: number): RecordRow[] {
    const rows = this.pass(filter).rows;
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(rows.length, from + Math.max(0, Math.min(MAX_WINDOW, Math.floor(count))));
    const out: RecordRow[] = [];
    const handles = this.display.handle;
    for (let i = from; i < to; i++) out.push(this.row(handles[rows[i] as number] as number));
    return out;
  }

  /** Position of a record among the matching rows, or -1. */
  indexOf(filter: RecordFilter, key: number): number {
    const rows = this.pass(filter).rows;
    if (!Number.isInteger(key) || key < 0 || key >= this.ids.length) return -1;
    const position = this.displayPosition(key);
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo < rows.length && rows[lo] === position ? lo : -1;
  }

  layout(filter: RecordFilter, timeZone?: string): TimelineLayout {
    const pass = this.pass(filter);
    const zone = normalizeZone(timeZone);
    if (!pass.days || pass.days.zone !== zone) {
      const rows = pass.rows;
      const time = this.display.time;
      pass.days = { zone, groups: groupByDay(rows.length, (i) => time[rows[i] as number] as number, zone) };
    }
    const layout: TimelineLayout = { total: this.ids.length, matched: pass.rows.length, days: pass.days.groups };
    if (this.maxTime >= this.minTime) layout.extent = { from: this.minTime, to: this.maxTime };
    return layout;
  }
  /** Counts per facet value under the filter; each facet ignores its own include/exclude so alternatives stay visible. */
  facets(filter: RecordFilter, limit = 100): FacetCounts[] {
    const pass = this.pass(filter);
    return FACET_NAMES.map((facet, f) => {
      const counts = pass.counts[f] as Uint32Array;
      const interner = this.interners[f] as StringInterner;
      const sel = pass.selected[f] as { include: Set<string>; exclude: Set<string> };
      const nonzero: number[] = [];
      for (let c = 0; c < counts.length; c++) if (counts[c]) nonzero.push(c);
      const values = interner.all;
      nonzero.sort((a, b) => (counts[b] as number) - (counts[a] as number) || compareStrings(values[a] as string, values[b] as string));
      const listed: FacetValue[] = nonzero.slice(0, Math.max(0, limit)).map((c) => ({ value: values[c] as string, count: counts[c] as number }));
      const shown = new Set(listed.map((v) => v.value));
      for (const value of [...sel.include, ...sel.exclude]) {
        if (shown.has(value)) continue;
        const code = interner.lookup(value);
        listed.push({ value, count: code === undefined ? 0 : (counts[code] ?? 0) });
        shown.add(value);
      }
      return { facet, values: listed, distinct: nonzero.length };
    });
  }

  /**
   * Matching records per time bin, by outcome. The bins span the filter's
   * time range, or the whole store's when the filter has none.
   */
  bins(filter: RecordFilter, maxBins: number): HistogramBins {
    const pass = this.pass(filter);
    const max = Math.max(1, Math.min(2000, Math.floor(maxBins)));
    if (pass.bins && pass.bins.maxBins === max) return pass.bins.bins;
    const from = filter.from ?? (Number.isFinite(this.minTime) ? this.minTime : undefined);
    // No record with a time and no range asked for: nothing to chart (not an axis at 1970).
    if (from === undefined) return { start: 0, width: 1, count: 0, success: [], failure: [], unknown: [] };
    const to = filter.to ?? (Number.isFinite(this.maxTime) ? this.maxTime + 1 : from + 1);
    const layout = layoutBins(from, to, max);
    const series = [new Float64Array(layout.count), new Float64Array(layout.count), new Float64Array(layout.count)];
    const time = this.display.time;
    const outcome = this.display.outcome;
    const rows = pass.rows;
    for (let i = 0; i < rows.length; i++) {
      const p = rows[i] as number;
      const b = Math.floor(((time[p] as number) - layout.start) / layout.width);
      if (b >= 0 && b < layout.count) {
        const s = series[outcome[p] as number] as Float64Array;
        s[b] = (s[b] as number) + 1;
      }
    }
    const bins: HistogramBins = {
      ...layout,
      success: Array.from(series[0] as Float64Array),
      failure: Array.from(series[1] as Float64Array),
      unknown: Array.from(series[2] as Float64Array),
    };
    pass.bins = { maxBins: max, bins };
    return bins;
  }

  detail(key: number): RecordDetail | undefined {
    const record = this.record(key);
    if (!record) return undefined;
    const detail: RecordDetail = { key, record };
    const previous = this.previousOfSameTarget(key);
    if (previous !== undefined) detail.previousKey = previous;
    return detail;
  }

  /** The next older record with the same provider, connection and target, in display order. */
  previousOfSameTarget(key: number): number | undefined {
    if (!Number.isInteger(key) || key < 0 || key >= this.ids.length) return undefined;
    const wanted = this.targetKeyOf(key);
    if (wanted === undefined) return undefined;
    this.ensureSorted();
    const pos = this.displayPosition(key);
    if (pos < 0) return undefined;
    // A scan rather than an index: it runs once per detail shown, and most steps are two integer compares.
    const { handle, length } = this.display;
    const types = this.display.facets[TARGET_TYPE] as Uint32Array;
    const typeCode = types[pos];
    const source = this.sourceCode.get(key);
    for (let i = pos + 1; i < length; i++) {
      if (types[i] !== typeCode) continue;
      const h = handle[i] as number;
      if (this.sourceCode.get(h) === source && this.targetKeyOf(h) === wanted) return h;
    }
    return undefined;
  }

  /** The target's id, else its name, as text; undefined when it has neither. */
  private targetKeyOf(h: number): string | undefined {
    const whole = this.irregular.size > 0 ? this.irregular.get(h) : undefined;
    if (whole) {
      const t = whole.target ?? {};
      const id = t.id ?? t.name;
      return id === undefined ? undefined : `${id}`;
    }
    const fields = this.targetFields.get(h);
    return fields & HAS_ID ? this.search.text(this.targetIds.get(h)) : fields & HAS_NAME ? this.search.text(this.targetNames.get(h)) : undefined;
  }

  private row(h: number): RecordRow {
    const whole = this.irregular.size > 0 ? this.irregular.get(h) : undefined;
    if (whole) return rowOf(h, whole);
    const source = this.sources[this.sourceCode.get(h)] as Source;
    const fields = this.targetFields.get(h);
    const at = this.extraStart.get(h);
    const errorCount = at === 0 ? 0 : this.extras.get(at);
    const type = fields & HAS_TYPE ? (this.interners[TARGET_TYPE] as StringInterner).value(this.facetCodes[TARGET_TYPE]!.get(h)) : undefined;
    const row: RecordRow = {
      key: h,
      time: formatIsoUtc(this.time.get(h)),
      provider: source.provider,
      connection: source.connection,
      action: (this.interners[1] as StringInterner).value(this.facetCodes[1]!.get(h)),
      outcome: OUTCOMES[this.outcome.get(h)] as Outcome,
      actor: (this.interners[2] as StringInterner).value(this.facetCodes[2]!.get(h)),
      target: targetLabelOf(
        type,
        fields & HAS_ID ? this.search.text(this.targetIds.get(h)) : undefined,
        fields & HAS_NAME ? this.search.text(this.targetNames.get(h)) : undefined,
        fields & HAS_VERSION ? this.targetVersions.get(h) : undefined,
      ),
      errorCount,
      changeCount: at === 0 ? 0 : this.extras.get(at + 1),
    };
    if (errorCount > 0) {
      const slot = this.extras.get(at + 2);
      const code = slot === 0 ? '' : this.search.text(Math.floor(slot / 2) - 1);
      const message = this.search.text(this.extras.get(at + 3));
      row.firstError = code ? `${code}: ${message}` : message;
    }
    return row;
  }

  /** Time descending, then id ascending (code units), then insertion order: a strict total order. */
  private compareHandles(a: number, b: number): number {
    const time = this.time.raw;
    const ta = time[a] as number;
    const tb = time[b] as number;
    if (ta !== tb) return ta < tb ? 1 : -1;
    return this.compareTies(a, b);
  }

  private compareTies(a: number, b: number): number {
    const ia = this.ids[a] as string;
    const ib = this.ids[b] as string;
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  }

  /** Where a record sits in display order, or -1. */
  private displayPosition(h: number): number {
    const { handle, length } = this.display;
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareHandles(handle[mid] as number, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < length && handle[lo] === h ? lo : -1;
  }

  /** Merges the records added since the last read into display order. */
  private ensureSorted(): void {
    if (this.pending.length === 0) return;
    const batch = Int32Array.from(this.pending);
    this.pending = [];
    // Same order as compareHandles, by radix on the time column: a comparator sort took about a second at 10^6.
    const batchTime = sortByTimeDescending(batch, this.time.raw, (a, b) => this.compareTies(a, b));
    const handles = () => this.display.handle;
    this.display.merge(
      batch,
      { time: this.time.raw, outcome: this.outcome.raw, facets: this.facetCodes.map((c) => c.raw) },
      (position, h) => this.compareTies(handles()[position] as number, h) < 0,
      batchTime,
    );
  }

  /** First display position whose time is below `bound` (times descend along the order). */
  private firstBelow(bound: number): number {
    const { time, length } = this.display;
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((time[mid] as number) >= bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private pass(filter: RecordFilter): FilterPass {
    this.ensureSorted();
    const key = filterKey(filter);
    if (this.cache && this.cache.key === key && this.cache.generation === this.gen) return this.cache;

    // The time range is a contiguous slice of display order.
    const lo = filter.to === undefined ? 0 : this.firstBelow(filter.to);
    const hi = filter.from === undefined ? this.display.length : this.firstBelow(filter.from);

    const selected = FACET_NAMES.map((facet) => ({
      include: new Set(filter.include?.[facet] ?? []),
      exclude: new Set(filter.exclude?.[facet] ?? []),
    }));
    const allowed: (Uint8Array | undefined)[] = FACET_NAMES.map((_, f) => {
      const sel = selected[f] as { include: Set<string>; exclude: Set<string> };
      if (sel.include.size === 0 && sel.exclude.size === 0) return undefined;
      const interner = this.interners[f] as StringInterner;
      const mask = new Uint8Array(interner.size);
      if (sel.include.size === 0) mask.fill(1);
      for (const v of sel.include) {
        const c = interner.lookup(v);
        if (c !== undefined) mask[c] = 1;
      }
      for (const v of sel.exclude) {
        const c = interner.lookup(v);
        if (c !== undefined) mask[c] = 0;
      }
      return mask;
    });
    const columns = this.display.facets;
    const constrainedFacets = Int32Array.from(allowed.flatMap((mask, f) => (mask ? [f] : [])));
    const constrainedMasks = allowed.filter((m): m is Uint8Array => m !== undefined);
    const constrainedCodes = [...constrainedFacets].map((f) => columns[f] as Uint32Array);
    const nConstrained = constrainedFacets.length;
    const counts = this.interners.map((i) => new Uint32Array(i.size));
    const textMatch = this.search.matchDocuments(parseSearchTerms(filter.text ?? ''));
    const handles = this.display.handle;

    const out = new Int32Array(Math.max(0, hi - lo));
    let matched = 0;
    const facetCount = FACET_NAMES.length;
    for (let p = lo; p < hi; p++) {
      let fails = 0;
      let failed = -1;
      for (let c = 0; c < nConstrained; c++) {
        if (!(constrainedMasks[c] as Uint8Array)[(constrainedCodes[c] as Uint32Array)[p] as number]) {
          failed = constrainedFacets[c] as number;
          if (++fails > 1) break;
        }
      }
      if (fails > 1) continue;
      if (textMatch && !textMatch[handles[p] as number]) continue;
      if (fails === 0) {
        out[matched++] = p;
        for (let f = 0; f < facetCount; f++) increment(counts[f] as Uint32Array, (columns[f] as Uint32Array)[p] as number);
      } else {
        // Failing only its own facet: still counted there, so the user sees what widening it would add.
        increment(counts[failed] as Uint32Array, (columns[failed] as Uint32Array)[p] as number);
      }
    }
    this.cache = { key, generation: this.gen, rows: out.subarray(0, matched), counts, selected };
    return this.cache;
  }
}

/** The row of a record kept whole, read from its fields as given. */
function rowOf(key: number, r: AuditRecord): RecordRow {
  const errors = r.errors ?? [];
  const row: RecordRow = {
    key,
    time: r.time,
    provider: r.provider,
    connection: r.connection,
    action: r.action ?? '',
    outcome: r.outcome,
    actor: actorLabel(r),
    target: targetLabel(r),
    errorCount: errors.length,
    changeCount: (r.changes ?? []).length,
  };
  const first = errors[0];
  if (first) row.firstError = first.code ? `${first.code}: ${first.message}` : first.message;
  return row;
}

function increment(counts: Uint32Array, code: number): void {
  counts[code] = (counts[code] as number) + 1;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A canonical string for a filter, so equal filters share one cached pass. */
export function filterKey(filter: RecordFilter): string {
  const facets = (m: RecordFilter['include']) =>
    FACET_NAMES.map((f) => [...new Set(m?.[f] ?? [])].sort(compareStrings));
  return JSON.stringify([filter.from ?? null, filter.to ?? null, parseSearchTerms(filter.text ?? '').sort(compareStrings), facets(filter.include), facets(filter.exclude)]);
}
