/**
 * Query Audit Records…, Run Query Again, Run a Recent Query… and Export
 * Results… (exportCommand.ts). A query runs every chosen
 * connection at once and streams their records into one timeline; the work
 * shows progress and Cancel, which aborts the HTTP requests themselves.
 */
import * as vscode from 'vscode';
import { ConfigError, isCancellation, toAuditLensError } from '../../core/errors';
import type { AuditRecord, Connection, Scope } from '../../core/model';
import { keepRecords } from '../../core/rawPage';
import { failedPart } from '../failedPart';
import type { ExportFormat } from '../exportFormats';
import { exportResults } from './exportCommand';
import { auditQueryFor, queryTitle, SFMC_ACTIONS, type PlannedQuery } from '../queryPlan';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { customRange, inRange, isPresetRange, presetRange, validateDay, type PresetRange, type TimeRange } from '../timeRange';
import { ConnectionNode, PROVIDER_NAMES, ScopeNode } from '../tree/nodes';
import type { RerunSpec } from '../timeline/rerunSpec';
import type { RecordReader, TimelineSession } from '../timeline/types';

export interface QueryArgs {
  connectionIds?: string[];
  /** A scope of the (single) connection (`{type, id}` is enough); `null` means everything, without asking. */
  scope?: (Partial<Scope> & { id: string; type: Scope['type'] }) | null;
  action?: string;
  range?: PresetRange | { from: string; to: string };
}

export interface QueryOutcome {
  records: number;
  status: 'complete' | 'incomplete' | 'cancelled';
  failures: string[];
}

export class QueryCommands {
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly s: Services,
    /** Investigate Publish Errors, for running an investigation again. */
    private readonly investigate: (args: { connectionId: string; journey: string; journeyName: string }, options: { keepView?: boolean }) => Promise<unknown>,
  ) {}

  /** Cancels every running query, exactly as its progress notification's Cancel button does. */
  cancelRunning(): number {
    const n = this.running.size;
    for (const a of this.running) a.abort();
    return n;
  }

  async query(arg?: unknown): Promise<QueryOutcome | undefined> {
    const s = this.s;
    const args: QueryArgs = arg instanceof ConnectionNode || arg instanceof ScopeNode ? fromNode(arg) : ((arg as QueryArgs | undefined) ?? {});
    const title = 'Query Audit Records';

    // 1. Connections
    let connections: Connection[];
    if (args.connectionIds?.length) {
      connections = args.connectionIds.map((id) => {
        const c = s.store.get(id);
        if (!c) throw new ConfigError(`No connection with id ${id}`);
        return c;
      });
    } else {
      const all = s.store.list();
      if (all.length === 0) {
        void s.prompter.show('info', 'No connection yet. Add one, or open the demo.', 'Open Demo').then((c) => {
          if (c === 'Open Demo') void vscode.commands.executeCommand('auditLens.openDemo');
        });
        return undefined;
      }
      if (all.length === 1) connections = all;
      else {
        const picked = await s.prompter.pickMany({
          title,
          placeholder: 'Pick one or more connections (several merge into one timeline)',
          items: all.map((c) => ({ label: c.label, description: PROVIDER_NAMES[c.provider], value: c })),
        });
        if (!picked?.length) return undefined;
        connections = picked;
      }
    }

    // 2. Scope and action, per connection
    const plans: Omit<PlannedQuery, 'range'>[] = [];
    for (const connection of connections) {
      let scope: Scope | undefined;
      if (args.scope && connections.length === 1) {
        scope = { provider: connection.provider, name: args.scope.name ?? args.scope.id, ...args.scope } as Scope;
      } else if (args.scope === null && connection.provider !== 'sfmc') {
        scope = undefined;
      } else if (connection.provider === 'sfmc' || connections.length === 1) {
        const chosen = await this.pickScope(connection);
        if (chosen === undefined) return undefined;
        scope = chosen ?? undefined;
      }
      let action: string | undefined;
      if (connection.provider === 'sfmc') {
        action = args.action;
        if (action === undefined) {
          action = await s.prompter.pick({
            title: `${title}: ${connection.label}`,
            placeholder: 'Which audit action?',
            items: SFMC_ACTIONS.map((a) => ({ label: a, value: a, ...(a === 'publish' ? { description: 'publish attempts and their errors' } : {}) })),
          });
          if (action === undefined) return undefined;
        }
        if (!(SFMC_ACTIONS as readonly string[]).includes(action)) throw new ConfigError(`Unknown SFMC audit action "${action}"`, { provider: 'sfmc' });
      }
      plans.push({ connection, ...(scope ? { scope } : {}), ...(action ? { action } : {}) });
    }

    // 3. Time range
    const range = await this.pickRange(args.range);
    if (!range) return undefined;
    return this.run(plans.map((p) => ({ ...p, range })));
  }

  /**
   * Run Query Again: the query the timeline shows (also one restored after a restart), with the same
   * connections, scopes and actions, and a preset range counted back from now; it keeps the panel's
   * filter and search. Given a spec (Run a Recent Query…), that query, in a clean panel.
   */
  async rerun(given?: RerunSpec): Promise<unknown> {
    const s = this.s;
    const spec = given ?? s.timeline.rerun;
    if (!spec) {
      void s.prompter.show('info', 'Nothing to run again yet: run Query Audit Records… first.');
      return undefined;
    }
    const connectionOf = (id: string): Connection => {
      const connection = s.store.get(id);
      if (!connection) throw new ConfigError('A connection this query read has been removed since: run Query Audit Records… to choose again.');
      return connection;
    };
    if (spec.kind === 'investigation') {
      connectionOf(spec.connectionId);
      return this.investigate({ connectionId: spec.connectionId, journey: spec.journey, journeyName: spec.journeyName }, { keepView: !given });
    }
    const range = typeof spec.range === 'string' ? presetRange(spec.range) : customRange(spec.range.from, spec.range.to);
    const plans = spec.plans.map((p) => ({ connection: connectionOf(p.connectionId), ...(p.scope ? { scope: p.scope } : {}), ...(p.action ? { action: p.action } : {}), range }));
    return this.run(plans, { keepView: !given });
  }

  /** Show Timeline: the panel again, on the records it showed before it was closed, fetching nothing. */
  showTimeline(): boolean {
    if (this.s.timeline.reveal()) return true;
    void this.s.prompter.show('info', 'No results to show yet: run Query Audit Records… first.');
    return false;
  }

  /** Run a Recent Query…: one of the last queries run (whose connections still exist), asking nothing else. */
  async runRecent(): Promise<unknown> {
    const s = this.s;
    const exists = (id: string) => s.store.get(id) !== undefined;
    const runnable = s.recentQueries.list().filter((q) => (q.spec.kind === 'investigation' ? exists(q.spec.connectionId) : q.spec.plans.every((p) => exists(p.connectionId))));
    if (runnable.length === 0) {
      void s.prompter.show('info', 'No recent query yet: run Query Audit Records… first.');
      return undefined;
    }
    const spec = await s.prompter.pick<RerunSpec>({
      title: 'Run a Recent Query',
      placeholder: 'Which query? (type to filter)',
      items: runnable.map((q) => ({ label: q.title, description: `last run ${new Date(q.ranAt).toLocaleString()}`, value: q.spec })),
    });
    return spec ? this.rerun(spec) : undefined;
  }

  /** Resolves a scope, `null` for "everything", undefined when the user pressed Escape. */
  private async pickScope(connection: Connection): Promise<Scope | null | undefined> {
    const s = this.s;
    const session = await s.sessions.get(connection.id);
    const page = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Listing scopes of ${connection.label}` },
      () => session.listScopes(connection.provider === 'sfmc' ? { page: 1, pageSize: 50 } : {}),
    );
    let scopes = page.scopes;
    if (connection.provider === 'liveperson') {
      const account = scopes.find((x) => x.type === 'account');
      if (account) scopes = [account, ...(await session.listScopes({ parent: account.id })).scopes];
    }
    if (connection.provider === 'sfmc') {
      if (scopes.length === 0) throw new ConfigError(`${connection.label} has no journeys to query`, { provider: 'sfmc' });
      return s.prompter.pick<Scope>({
        title: `Query Audit Records: ${connection.label}`,
        placeholder: 'Which journey? (type to filter)',
        items: scopes.map((x) => ({ label: x.name, description: [x.detail?.status, x.detail?.version !== undefined ? `v${String(x.detail.version)}` : ''].filter(Boolean).join(' · '), value: x })),
      });
    }
    const everything = connection.provider === 'liveperson' ? 'All component types' : connection.provider === 'uniphore' ? 'All categories' : 'All API keys';
    const picked = await s.prompter.pick<Scope | null>({
      title: `Query Audit Records: ${connection.label}`,
      placeholder: 'Which scope?',
      items: [{ label: everything, value: null }, ...scopes.filter((x) => x.type !== 'account').map((x) => ({ label: x.name, description: x.type, value: x }))],
    });
    return picked;
  }

  private async pickRange(given: QueryArgs['range']): Promise<TimeRange | undefined> {
    if (given && typeof given === 'object') return customRange(given.from, given.to);
    if (isPresetRange(given)) return presetRange(given);
    if (given !== undefined) throw new ConfigError(`Unknown time range "${String(given)}"`);
    const s = this.s;
    const dflt = readSettings().defaultTimeRange;
    const items: { label: string; value: PresetRange | 'custom'; description?: string }[] = [
      { label: 'Last 24 hours', value: '24h' },
      { label: 'Last 7 days', value: '7d' },
      { label: 'Last 30 days', value: '30d' },
      { label: 'Custom range…', value: 'custom' },
    ];
    items.sort((a, b) => Number(b.value === dflt) - Number(a.value === dflt));
    for (const i of items) if (i.value === dflt) i.description = '(default)';
    const choice = await s.prompter.pick({ title: 'Query Audit Records', placeholder: 'Which time range?', items });
    if (!choice) return undefined;
    if (choice !== 'custom') return presetRange(choice);
    const today = new Date().toISOString().slice(0, 10);
    const from = await s.prompter.input({ title: 'Custom range', prompt: 'From (UTC day, YYYY-MM-DD, inclusive)', value: today, validate: validateDay });
    if (from === undefined) return undefined;
    const to = await s.prompter.input({
      title: 'Custom range',
      prompt: 'To (UTC day, YYYY-MM-DD, inclusive)',
      value: today,
      validate: (v) => validateDay(v) ?? (v.trim() < from.trim() ? 'The end comes before the start' : undefined),
    });
    if (to === undefined) return undefined;
    return customRange(from, to);
  }

  /** Runs the planned queries into one timeline (`keepView`: the one it shows, run again). */
  async run(plans: PlannedQuery[], options: { keepView?: boolean } = {}): Promise<QueryOutcome> {
    const s = this.s;
    const settings = readSettings();
    const title = queryTitle(plans);
    const range = plans[0]?.range;
    const rerun: RerunSpec | undefined = range && {
      kind: 'query',
      plans: plans.map((p) => ({ connectionId: p.connection.id, ...(p.scope ? { scope: p.scope } : {}), ...(p.action ? { action: p.action } : {}) })),
      range: range.preset ?? { from: range.fromDay, to: range.toDay },
    };
    const session: TimelineSession = s.timeline.startQuery({
      title,
      connections: plans.map((p) => p.connection.label),
      ...(plans.length === 1 && plans[0]?.scope ? { scope: plans[0].scope.name } : {}),
      range: range?.label ?? '',
      ...(options.keepView ? { keepView: true } : {}),
      ...(rerun ? { rerun } : {}),
    });
    if (rerun) void s.recentQueries.add(title, rerun);
    // The timeline's store is the one copy of the records: the registry and the results read them there.
    s.records.replace(session.records);
    s.results.source = session.records;
    s.results.title = title;
    s.updateContextKeys();
    s.log.info(`Query: ${title}`);

    /** Records of the connections whose fetch completed. */
    let completedRecords = 0;
    const failures: { connection: Connection; message: string; part: string }[] = [];
    const warnings: string[] = [];
    let cancelled = false;

    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Audit Lens: ${title}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        this.running.add(abort);
        const onCancel = () => abort.abort();
        const sub = token.onCancellationRequested(onCancel);
        session.signal.addEventListener('abort', onCancel, { once: true });
        let records = 0;
        try {
          await Promise.all(
            plans.map(async (plan) => {
              const label = plan.connection.label;
              let pagesDone = 0;
              let planRecords = 0;
              try {
                const provider = await s.sessions.get(plan.connection.id);
                const keep = (r: AuditRecord) => inRange(plan.range, r.time);
                const result = await provider.fetchAudit(auditQueryFor(plan), {
                  signal: abort.signal,
                  concurrency: settings.pageConcurrency,
                  // Every record is streamed (deduplicated) into the timeline, which keeps it: the provider keeps none.
                  collect: false,
                  onRecords: (batch, raw) => {
                    const kept = keepRecords(batch, raw, keep);
                    if (kept.records.length === 0) return;
                    session.addRecords(kept.records, kept.raw);
                    planRecords += kept.records.length;
                    records += kept.records.length;
                    progress.report({ message: `${records} records` });
                  },
                  onProgress: (p) => {
                    pagesDone = p.pagesDone;
                    session.progress({ ...p, connection: label });
                    if (p.message) progress.report({ message: `${label}: ${p.message}` });
                  },
                });
                completedRecords += planRecords;
                warnings.push(...result.warnings.map((w) => `${label}: ${w}`));
                s.log.info(`${label}: ${planRecords} records in range (${result.pages} pages)`);
              } catch (e) {
                if (isCancellation(e) || abort.signal.aborted) {
                  cancelled = true;
                  return;
                }
                const err = toAuditLensError(e, plan.connection.provider);
                failures.push({ connection: plan.connection, message: s.redactor.redact(err.describe()), part: s.redactor.redact(failedPart(plan.connection, err, pagesDone)) });
                if (err.kind === 'auth') s.tree.refreshConnection(plan.connection.id);
              }
            }),
          );
        } finally {
          this.running.delete(abort);
          sub.dispose();
          session.signal.removeEventListener('abort', onCancel);
        }
      },
    );

    s.updateContextKeys();
    if (cancelled) {
      session.fail({ message: 'Cancelled: the records shown are only part of the result.' }, true);
      s.log.info(`Query cancelled: ${title}`);
      return { records: completedRecords, status: 'cancelled', failures: [] };
    }
    if (failures.length) {
      const message = failures.map((f) => `${f.connection.label}: ${f.message}`).join('\n');
      session.fail({ message, failedParts: failures.map((f) => f.part), ...(failures.length === 1 && failures[0] ? { provider: failures[0].connection.provider } : {}) });
      for (const f of failures) s.log.error(`Query failed for ${f.connection.label}: ${f.message}`);
      // Shown once, with the provider's own words, for the whole query.
      void s.prompter.show('error', `Audit Lens: the result is incomplete. ${message}`, 'Show Log').then((c) => {
        if (c === 'Show Log') s.log.show();
      });
      return { records: completedRecords, status: 'incomplete', failures: failures.map((f) => f.message) };
    }
    for (const w of warnings) s.log.warn(w);
    session.complete(warnings);
    return { records: completedRecords, status: 'complete', failures: [] };
  }

  /** The records to export or pick from: the timeline's current filter, or the last query's records. */
  recordReader(): RecordReader {
    const t = this.s.timeline;
    if (t.hasResults) {
      const shown = t.currentReader();
      if (shown.size) return shown;
    }
    return this.s.results.reader();
  }

  /** recordReader()'s records all at once: for tests and small results. */
  currentRecords(): AuditRecord[] {
    const reader = this.recordReader();
    return reader.first(reader.size);
  }

  exportResults(arg?: { format?: ExportFormat; path?: string }): Promise<string | undefined> {
    return exportResults(this.s, this.recordReader(), arg);
  }
}

function fromNode(node: ConnectionNode | ScopeNode): QueryArgs {
  if (node instanceof ConnectionNode) return { connectionIds: [node.connection.id] };
  return { connectionIds: [node.connectionId], scope: node.scope };
}

