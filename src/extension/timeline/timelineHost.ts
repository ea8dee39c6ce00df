/**
 * The timeline's host side without VS Code: it owns the RecordStore and the
 * query session, answers the webview's requests (src/protocol.ts) and tells
 * it when the session changes. The panel (timelinePanel.ts) wires it to a
 * real webview; the webview tests wire it to headless Chromium, so both run
 * this same code.
 */
import type { AuditRecord } from '../../core/model';
import { FACET_NAMES, RecordStore, type FacetName, type RecordFilter } from '../../core/recordStore';
import { explainError } from '../../core/knownErrors';
import type { FetchProgress } from '../../core/provider';
import {
  MAX_WINDOW_ROWS,
  parseWebviewMessage,
  type HostReply,
  type HostToWebview,
  type ReplyError,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type SessionState,
  type WebviewRequest,
} from '../../protocol';
import { RecordKeyIndex } from './recordKeyIndex';
import { reviveRerunSpec, type RerunSpec } from './rerunSpec';
import { reviveInvestigation, saveInvestigation, type CompareArgs, type SavedInvestigation } from './investigationSnapshot';
import type { RecordReader, TimelineFailure, TimelineInvestigation, TimelineQueryInfo, TimelineRecords, TimelineSession } from './types';

/** What the host asks of VS Code (or of a test double). */
export interface TimelineHostActions {
  openRecordAsJson(record: AuditRecord, normalized: boolean): PromiseLike<unknown> | void;
  compareRecords(older: AuditRecord, newer: AuditRecord): PromiseLike<unknown> | void;
  copyText(text: string): PromiseLike<unknown> | void;
  openExternal(url: string): PromiseLike<unknown> | void;
  /**
   * Compare with Last Successful Version, given both versions: how a restored investigation compares.
   * Resolves false when the diff did not open (the command has already told the user why).
   */
  compareDefinitions?(args: CompareArgs): PromiseLike<boolean>;
  /** Run Query Again, asked for from a banner. */
  rerunQuery?(): PromiseLike<unknown> | void;
}

export interface TimelineHostLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TimelineHostOptions {
  /** Least time between two `session/state` posts while records stream in. */
  throttleMs?: number;
  log?: TimelineHostLog;
}

/** What a restart brings back: the header and the records, capped. */
export interface TimelineSnapshot {
  version: 1;
  savedAt: string;
  state: Omit<SessionState, 'generation' | 'queryId' | 'restored' | 'total' | 'investigation'>;
  records: AuditRecord[];
  totalRecords: number;
  /** The publish investigation shown, when it can come back (see investigationSnapshot.ts). */
  investigation?: SavedInvestigation;
  /** How to run the query again (checked when read back, see rerunSpec.ts). */
  rerun?: RerunSpec;
}

class RequestError extends Error {
  constructor(
    message: string,
    readonly code: ReplyError['code'],
  ) {
    super(message);
  }
}

const silentLog: TimelineHostLog = { info() {}, warn() {}, error() {} };

export class TimelineHost {
  private store = new RecordStore();
  private queryId = 0;
  private state: Omit<SessionState, 'generation' | 'total' | 'queryId'> = { status: 'idle', warnings: [] };
  private controller: AbortController | undefined;
  private currentSession: object | undefined;
  private post: ((message: HostToWebview) => void) | undefined;
  private lastFilter: RecordFilter = {};
  private rerunSpec: RerunSpec | undefined;
  private pendingPost: ReturnType<typeof setTimeout> | undefined;
  private lastPostAt = 0;
  private readonly throttleMs: number;
  private readonly log: TimelineHostLog;
  private readonly listeners = new Set<() => void>();
  private investigation: TimelineInvestigation | undefined;

  constructor(
    private readonly actions: TimelineHostActions,
    options: TimelineHostOptions = {},
  ) {
    this.throttleMs = options.throttleMs ?? 150;
    this.log = options.log ?? silentLog;
  }

  /** Connects a webview (replacing any other); its `ready` triggers the first state. */
  attach(post: (message: HostToWebview) => void): void {
    this.post = post;
  }

  detach(): void {
    this.post = undefined;
  }

  /** Called on status changes (not on every page): the panel saves its snapshot and title then. */
  onDidChangeStatus(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get hasResults(): boolean {
    return this.store.size > 0;
  }

  get rerun(): RerunSpec | undefined {
    return this.rerunSpec;
  }

  get sessionState(): SessionState {
    return { ...this.state, queryId: this.queryId, generation: this.store.generation, total: this.store.size, ...(this.rerunSpec ? { canRerun: true } : {}) };
  }

  /** Records under the webview's latest filter, newest first, read from this query's store even if a newer query starts meanwhile. */
  currentReader(): RecordReader {
    const store = this.store;
    return readerOf(() => store, this.lastFilter);
  }

  currentRecords(): AuditRecord[] {
    return this.store.matching(this.lastFilter);
  }

  /** Starts a new query: the one running is aborted and its late pages are ignored. */
  startQuery(info: TimelineQueryInfo): TimelineSession {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.store = new RecordStore();
    this.queryId++;
    const { rerun, keepView, ...query } = info;
    // The webview keeps its filter for a query run again; Export follows it as before.
    if (!keepView) this.lastFilter = {};
    this.investigation = undefined;
    this.rerunSpec = rerun;
    this.state = {
      status: 'running',
      warnings: [],
      query: { ...query, connections: [...info.connections] },
      progress: { pagesDone: 0, records: 0 },
      ...(keepView ? { keepView: true } : {}),
    };
    const token = {};
    this.currentSession = token;
    // After complete or fail the session is over: a late call must not change what the user was told.
    let finished = false;
    const live = () => this.currentSession === token && !controller.signal.aborted && !finished;
    this.postState(true);
    this.fireStatus();
    return {
      signal: controller.signal,
      addRecords: (records, raw) => {
        if (!live() || records.length === 0) return;
        if (this.store.add(records, raw) > 0) this.postState(false);
      },
      records: this.sessionRecords(token),
      progress: (progress: FetchProgress & { connection?: string }) => {
        if (!live()) return;
        this.state.progress = { ...progress };
        this.postState(false);
      },
      complete: (warnings) => {
        if (!live()) return;
        finished = true;
        this.state.status = 'complete';
        if (warnings?.length) this.state.warnings = [...this.state.warnings, ...warnings];
        this.postState(true);
        this.fireStatus();
      },
      fail: (failure: TimelineFailure, cancelled?: boolean) => {
        if (this.currentSession !== token || finished) return;
        finished = true;
        if (cancelled || controller.signal.aborted) {
          this.state.status = 'cancelled';
        } else {
          this.state.status = 'incomplete';
          this.state.failure = { ...failure, ...(failure.failedParts ? { failedParts: [...failure.failedParts] } : {}) };
        }
        this.postState(true);
        this.fireStatus();
      },
      showInvestigation: (investigation: TimelineInvestigation) => {
        if (this.currentSession !== token || controller.signal.aborted) return;
        this.investigation = investigation;
        this.state.investigation = investigation.view(this.keyLookup());
        this.postState(true);
      },
    };
  }

  /** A session's records, read from the store for as long as the session's query is the one shown (cancelled or not). */
  private sessionRecords(token: object): TimelineRecords {
    // A newer query or a restore replaces the session and the store together; the old store is not held on to.
    const read = readerOf(() => (this.currentSession === token ? this.store : undefined), {});
    return {
      get size() {
        return read.size;
      },
      first: read.first,
      chunks: read.chunks,
      find: read.find,
      all: () => read.first(Infinity),
    };
  }

  /** Maps records to their keys by connection and id, read from the store's columns (no record rebuilt). */
  private keyLookup(): (record: Pick<AuditRecord, 'connection' | 'id'>) => number {
    const index = new RecordKeyIndex(this.store);
    return (record) => index.keyOf(record.connection, record.id) ?? -1;
  }

  /** The user pressed Cancel: abort, and say so at once rather than when the fetch unwinds. */
  cancel(): void {
    if (this.state.status !== 'running' || !this.controller) return;
    this.controller.abort();
    this.state.status = 'cancelled';
    this.postState(true);
    this.fireStatus();
  }

  snapshot(maxRecords: number): TimelineSnapshot {
    // Only the kept records are rebuilt from the store's columns: at 10⁶ rebuilding all would take seconds.
    const kept = this.store.matching({}, Math.max(0, maxRecords));
    const { query, status, progress, warnings, failure } = this.state;
    return {
      version: 1,
      savedAt: new Date().toISOString(),
      // A query that was still running when VS Code closed is as good as cancelled.
      state: { ...(query ? { query } : {}), status: status === 'running' ? 'cancelled' : status, ...(progress ? { progress } : {}), warnings, ...(failure ? { failure } : {}) },
      records: kept,
      totalRecords: this.store.matchCount({}),
      ...this.savedInvestigation(),
      ...(this.rerunSpec ? { rerun: this.rerunSpec } : {}),
    };
  }

  private savedInvestigation(): { investigation?: SavedInvestigation } {
    const view = this.state.investigation;
    const restart = this.investigation?.restart;
    if (!view || !restart) return {};
    return { investigation: saveInvestigation(view, restart, (key) => this.store.identity(key)) };
  }

  /** The snapshot's investigation on the restored store's keys; left out (with a warning in the log) unless it reads back whole. */
  private restoreInvestigation(saved: unknown): void {
    if (saved === undefined) return;
    const revived = reviveInvestigation(saved, this.keyLookup());
    if (!revived) {
      this.log.warn('Timeline: the saved publish investigation could not be read; the records came back without it');
      return;
    }
    const { compareArgs } = revived;
    const view = { ...revived.view, attempts: revived.view.attempts.map((a, i) => ({ ...a, canCompare: a.canCompare && compareArgs[i] != null })) };
    this.state.investigation = view;
    this.investigation = {
      view: () => view,
      compareDefinitions: async (index) => {
        const args = compareArgs[index];
        if (!args || !this.actions.compareDefinitions) throw new RequestError('That publish attempt has no last successful version to compare with', 'bad-request');
        if (!(await this.actions.compareDefinitions(args))) throw new RequestError(`The definitions of ${args.journeyName} could not be compared`, 'failed');
      },
      restart: { compareArgs },
    };
  }

  restore(snapshot: TimelineSnapshot): void {
    this.controller?.abort();
    this.controller = undefined;
    this.currentSession = undefined;
    this.store = new RecordStore();
    this.investigation = undefined;
    this.store.add(snapshot.records);
    this.queryId++;
    this.state = {
      ...snapshot.state,
      warnings: [...snapshot.state.warnings],
      restored: { savedAt: snapshot.savedAt, keptRecords: snapshot.records.length, totalRecords: snapshot.totalRecords },
    };
    // Only a saved investigation that reads back whole is shown (restoreInvestigation), never a stray field.
    delete this.state.investigation;
    this.restoreInvestigation(snapshot.investigation);
    this.rerunSpec = reviveRerunSpec(snapshot.rerun);
    if (snapshot.rerun !== undefined && !this.rerunSpec) this.log.warn('Timeline: the saved query could not be read; Run Query Again will ask for a new one');
    this.postState(true);
  }

  dispose(): void {
    this.controller?.abort();
    if (this.pendingPost) clearTimeout(this.pendingPost);
    this.pendingPost = undefined;
    this.post = undefined;
    this.listeners.clear();
  }

  /** Handles one message from the webview; replies go through `attach`'s post. */
  async handleMessage(data: unknown): Promise<void> {
    const message = parseWebviewMessage(data);
    if (!message) {
      this.log.warn('Timeline: ignored a message the protocol does not define');
      const id = (data as { id?: unknown } | null)?.id;
      const method = (data as { method?: unknown } | null)?.method;
      if (Number.isSafeInteger(id) && typeof method === 'string') {
        this.post?.({ kind: 'reply', id: id as number, method: method as RequestMethod, ok: false, error: { message: `Unknown request "${method.slice(0, 60)}"`, code: 'bad-request' } });
      }
      return;
    }
    if (message.kind === 'command') {
      switch (message.type) {
        case 'ready':
          this.postState(true);
          return;
        case 'query/cancel':
          this.cancel();
          return;
        case 'query/rerun':
          if (this.rerunSpec && this.state.status !== 'running') void this.actions.rerunQuery?.();
          return;
        case 'filter/changed':
          this.lastFilter = sanitizeFilter(message.filter);
          return;
      }
    }
    await this.answer(message);
  }

  private async answer(request: WebviewRequest): Promise<void> {
    let reply: HostReply;
    try {
      const result = await this.dispatch(request);
      reply = { kind: 'reply', id: request.id, method: request.method, ok: true, result } as HostReply;
    } catch (e) {
      const error: ReplyError =
        e instanceof RequestError ? { message: e.message, code: e.code } : { message: e instanceof Error ? e.message : String(e), code: 'internal' };
      if (error.code === 'internal') this.log.error(`Timeline: ${request.method} failed: ${error.message}`);
      reply = { kind: 'reply', id: request.id, method: request.method, ok: false, error };
    }
    this.post?.(reply);
  }

  private async dispatch(request: WebviewRequest): Promise<RequestResult<RequestMethod>> {
    const generation = this.store.generation;
    switch (request.method) {
      case 'records/window': {
        const p = request.params as RequestParams<'records/window'>;
        const count = Math.min(MAX_WINDOW_ROWS, nonNegativeInt(p.count, 'count'));
        return { generation, rows: this.store.window(sanitizeFilter(p.filter), nonNegativeInt(p.start, 'start'), count) };
      }
      case 'records/layout': {
        const p = request.params as RequestParams<'records/layout'>;
        return { generation, ...this.store.layout(sanitizeFilter(p.filter), typeof p.timeZone === 'string' ? p.timeZone : 'UTC') };
      }
      case 'records/facets': {
        const p = request.params as RequestParams<'records/facets'>;
        const limit = p.limit === undefined ? 50 : Math.min(1000, nonNegativeInt(p.limit, 'limit'));
        return { generation, facets: this.store.facets(sanitizeFilter(p.filter), limit) };
      }
      case 'records/bins': {
        const p = request.params as RequestParams<'records/bins'>;
        return { generation, bins: this.store.bins(sanitizeFilter(p.filter), Math.max(1, Math.min(1000, nonNegativeInt(p.maxBins, 'maxBins')))) };
      }
      case 'records/detail': {
        const key = (request.params as RequestParams<'records/detail'>).key;
        const detail = this.store.detail(key);
        if (!detail) throw new RequestError('That record is no longer in the timeline', 'not-found');
        // The known-error table describes Journey Builder publish errors; other providers' codes could collide with it.
        const explain = detail.record.provider === 'sfmc';
        return { ...detail, explanations: detail.record.errors.map((e) => (explain ? explainError(e) ?? null : null)) };
      }
      case 'records/locate': {
        const p = request.params as RequestParams<'records/locate'>;
        return { index: this.store.indexOf(sanitizeFilter(p.filter), p.key) };
      }
      case 'record/openJson': {
        const p = request.params as RequestParams<'record/openJson'>;
        await this.actions.openRecordAsJson(this.recordOrThrow(p.key), p.normalized !== false);
        return {};
      }
      case 'record/compare': {
        const p = request.params as RequestParams<'record/compare'>;
        const a = this.recordOrThrow(p.key);
        const b = this.recordOrThrow(p.otherKey);
        const [older, newer] = Date.parse(a.time) <= Date.parse(b.time) ? [a, b] : [b, a];
        await this.actions.compareRecords(older, newer);
        return {};
      }
      case 'record/copy': {
        const record = this.recordOrThrow((request.params as RequestParams<'record/copy'>).key);
        await this.actions.copyText(JSON.stringify(record, null, 2));
        return {};
      }
      case 'publish/compareDefinitions': {
        const attempt = (request.params as RequestParams<'publish/compareDefinitions'>).attempt;
        const view = this.state.investigation;
        if (!this.investigation || !view) throw new RequestError('No publish investigation in this timeline', 'not-found');
        if (typeof attempt !== 'number' || !Number.isInteger(attempt) || !view.attempts[attempt]?.canCompare) {
          throw new RequestError('That publish attempt has no last successful version to compare with', 'bad-request');
        }
        await this.investigation.compareDefinitions(attempt);
        return {};
      }
      case 'link/open': {
        const url = (request.params as RequestParams<'link/open'>).url;
        if (!isHttpsUrl(url)) throw new RequestError('Only https links open', 'refused');
        await this.actions.openExternal(url);
        return {};
      }
    }
  }

  private recordOrThrow(key: unknown): AuditRecord {
    const record = typeof key === 'number' ? this.store.record(key) : undefined;
    if (!record) throw new RequestError('That record is no longer in the timeline', 'not-found');
    return record;
  }

  /** Status changes go out at once; streaming updates at most every `throttleMs`, first one immediately. */
  private postState(immediate: boolean): void {
    const send = () => {
      this.pendingPost = undefined;
      this.lastPostAt = Date.now();
      this.post?.({ kind: 'notification', type: 'session/state', state: this.sessionState });
    };
    if (immediate || Date.now() - this.lastPostAt >= this.throttleMs) {
      if (this.pendingPost) clearTimeout(this.pendingPost);
      send();
      return;
    }
    if (this.pendingPost) return;
    const timer = setTimeout(send, this.throttleMs - (Date.now() - this.lastPostAt));
    // A pending screen update must not keep a process (a test, the CLI) alive.
    (timer as { unref?: () => void }).unref?.();
    this.pendingPost = timer;
  }

  private fireStatus(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (e) {
        this.log.error(`Timeline: status listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

export function isHttpsUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function nonNegativeInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RequestError(`${name} must be a non-negative number`, 'bad-request');
  return Math.floor(value);
}

const MAX_SEARCH_LENGTH = 1000;
const MAX_FACET_VALUES = 200;

/** Keeps only well-formed parts of a filter the webview sent. */
export function sanitizeFilter(value: unknown): RecordFilter {
  if (typeof value !== 'object' || value === null) return {};
  const f = value as Record<string, unknown>;
  const out: RecordFilter = {};
  if (typeof f.from === 'number' && Number.isFinite(f.from)) out.from = f.from;
  if (typeof f.to === 'number' && Number.isFinite(f.to)) out.to = f.to;
  if (typeof f.text === 'string' && f.text.trim()) out.text = f.text.slice(0, MAX_SEARCH_LENGTH);
  for (const side of ['include', 'exclude'] as const) {
    const sel = f[side];
    if (typeof sel !== 'object' || sel === null) continue;
    const picked: Partial<Record<FacetName, string[]>> = {};
    for (const facet of FACET_NAMES) {
      const values = (sel as Record<string, unknown>)[facet];
      if (!Array.isArray(values)) continue;
      const strings = values.filter((v): v is string => typeof v === 'string').slice(0, MAX_FACET_VALUES);
      if (strings.length) picked[facet] = strings;
    }
    if (Object.keys(picked).length) out[side] = picked;
  }
  return out;
}

/** Reads the store `held()` returns under `filter`; none (a newer query replaced it) reads as empty. */
function readerOf(held: () => RecordStore | undefined, filter: RecordFilter): RecordReader {
  let index: RecordKeyIndex | undefined;
  let indexed: RecordStore | undefined;
  return {
    get size() {
      return held()?.matchCount(filter) ?? 0;
    },
    first: (limit) => held()?.matching(filter, limit) ?? [],
    chunks: (size) => held()?.matchingChunks(filter, size) ?? [],
    find: (connection, id) => {
      const store = held();
      if (store !== indexed) {
        // The first lookup indexes the store; later ones only what was added since.
        indexed = store;
        index = store && new RecordKeyIndex(store);
      }
      return index?.find(connection, id);
    },
  };
}
