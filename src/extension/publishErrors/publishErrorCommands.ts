/**
 * Investigate Publish Errors and Compare with Last Successful Version.
 *
 * Investigate reads the journey's whole audit history (`/audit/all` for each
 * version, newest first, skipping versions that no longer exist, down to
 * version 1), streams it into the timeline, and hands the timeline the
 * publish attempts: each with its version, publisher, time, status and
 * explained errors, and the Modify rows since the last successful publish.
 * Compare fetches both journey definitions and opens VS Code's diff editor on
 * them as key-sorted JSON documents.
 */
import * as vscode from 'vscode';
import { ConfigError, isCancellation, ProviderError, toAuditLensError } from '../../core/errors';
import type { AuditRecord, Connection, Scope } from '../../core/model';
import type { ProviderSession } from '../../core/provider';
import { investigatePublishes, type PublishAttempt } from '../../core/publishInvestigation';
import { pickConnection } from '../commands/connectionCommands';
import { failedPart } from '../failedPart';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { ScopeNode, type TreeNode } from '../tree/nodes';
import type { RerunSpec } from '../timeline/rerunSpec';
import { stableJson } from './definitionJson';
import { definitionUri, type DefinitionDocuments } from './definitionDocuments';
import { buildInvestigation, compareVersions, focusIndex, skippedVersionsOf } from './investigationView';
import { publishTargetOf, type PublishHealth } from './publishHealth';
import { PublishErrorItemNode, PublishErrorsNode } from './treeNodes';

/** Arguments other commands and the tests pass instead of a tree node. */
export interface PublishErrorArgs {
  connectionId: string;
  /** The journey's id (as the tree lists it) or `key:KEY`. */
  journey: string;
  journeyName?: string;
  /** A version to focus on (Investigate) or to compare (Compare). */
  version?: number;
  /** Compare only: the base version; with `version`, no history is read. */
  baseVersion?: number;
}

interface JourneyTarget {
  connection: Connection;
  journeyId: string;
  /** What the API is called with: `key:KEY` when known. */
  journeyRef: string;
  journeyName: string;
  version?: number;
}

export interface InvestigationOutcome {
  records: number;
  attempts: number;
  failed: number;
  skippedVersions: number[];
  status: 'complete' | 'cancelled';
}

export interface DiffOutcome {
  left: string;
  right: string;
  baseVersion: number;
  version: number;
}

/** The most journeys the palette's QuickPick lists (pages of 50). */
const MAX_PICK_JOURNEYS = 1000;

export class PublishErrorCommands {
  constructor(
    private readonly s: Services,
    private readonly health: PublishHealth,
    private readonly definitions: DefinitionDocuments,
  ) {}

  /** `keepView`: the investigation the timeline shows, run again (its filter and search stay). */
  async investigate(arg?: unknown, options: { keepView?: boolean } = {}): Promise<InvestigationOutcome | undefined> {
    const s = this.s;
    const target = await this.resolve(arg, 'Investigate Publish Errors');
    if (!target) return undefined;
    const { connection, journeyName } = target;
    const title = `Publish errors · ${journeyName}`;
    const rerun: RerunSpec = { kind: 'investigation', connectionId: connection.id, journey: target.journeyRef, journeyName };
    const timeline = s.timeline.startQuery({
      title,
      connections: [connection.label],
      scope: journeyName,
      range: 'every version',
      rerun,
      ...(options.keepView ? { keepView: true } : {}),
    });
    void s.recentQueries.add(title, rerun);
    // The timeline's store is the one copy of the history: the registry and the results read it there.
    s.records.replace(timeline.records);
    s.results.source = timeline.records;
    s.results.title = title;
    s.updateContextKeys();
    s.log.info(`Investigate publish errors: ${connection.label} · ${journeyName} (${target.journeyRef})`);

    let warnings: string[] = [];
    let pagesDone = 0;
    try {
      const session = await s.sessions.get(connection.id);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Audit Lens: reading the history of ${journeyName}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          const onPanelCancel = () => abort.abort();
          timeline.signal.addEventListener('abort', onPanelCancel, { once: true });
          try {
            let seen = 0;
            return await session.fetchAudit(
              { journey: target.journeyRef, action: 'all' },
              {
                signal: abort.signal,
                concurrency: readSettings().pageConcurrency,
                // Every record is streamed (deduplicated) into the timeline, which keeps it: the provider keeps none.
                collect: false,
                onRecords: (batch, raw) => {
                  timeline.addRecords(batch, raw);
                  seen += batch.length;
                  progress.report({ message: `${seen} records` });
                },
                onProgress: (p) => {
                  pagesDone = p.pagesDone;
                  timeline.progress({ ...p, connection: connection.label });
                },
              },
            );
          } finally {
            sub.dispose();
            timeline.signal.removeEventListener('abort', onPanelCancel);
          }
        },
      );
      warnings = result.warnings;
    } catch (e) {
      if (isCancellation(e) || timeline.signal.aborted) {
        timeline.fail({ message: 'Cancelled: the history shown is only part of the journey’s.' }, true);
        s.log.info(`Investigate publish errors cancelled: ${journeyName}`);
        return { records: 0, attempts: 0, failed: 0, skippedVersions: [], status: 'cancelled' };
      }
      const err = toAuditLensError(e, 'sfmc');
      timeline.fail({ message: s.redactor.redact(err.describe()), provider: 'sfmc', failedParts: [s.redactor.redact(failedPart(connection, err, pagesDone))] });
      if (err.kind === 'auth') s.tree.refreshConnection(connection.id);
      throw err;
    }

    // Read back from the timeline once, for the publish attempts and the tree's publish health.
    const records = timeline.records.all();
    const skippedVersions = skippedVersionsOf(warnings);
    const built = buildInvestigation(records, { journeyName, ...(target.version !== undefined ? { focusVersion: target.version } : {}), skippedVersions });
    const versions = [...new Set(records.map((r) => r.target.version).filter((v): v is number => v !== undefined))];
    this.health.learn(connection.id, target.journeyId, records, versions);
    timeline.showInvestigation({
      view: built.view,
      compareDefinitions: (index) => {
        const attempt = built.attempts[index];
        const pair = attempt && compareVersions(attempt);
        if (!pair) throw new ConfigError('That publish attempt has no last successful version to compare with');
        return this.openDiff(target, pair.base, pair.version);
      },
      restart: {
        compareArgs: built.attempts.map((attempt) => {
          const pair = compareVersions(attempt);
          return pair ? { connectionId: connection.id, journey: target.journeyRef, journeyName, baseVersion: pair.base, version: pair.version } : null;
        }),
      },
    });
    for (const w of warnings) s.log.warn(`${connection.label}: ${w}`);
    // The investigation panel already says which versions no longer exist; the banner keeps the other warnings.
    timeline.complete(warnings.filter((w) => skippedVersionsOf([w]).length === 0));
    s.updateContextKeys();
    const failed = built.attempts.filter((a) => a.outcome === 'failure').length;
    s.log.info(`${journeyName}: ${records.length} records, ${built.attempts.length} publish attempts, ${failed} failed`);
    return { records: records.length, attempts: built.attempts.length, failed, skippedVersions, status: 'complete' };
  }

  async compareWithLastSuccess(arg?: unknown): Promise<DiffOutcome | undefined> {
    const s = this.s;
    const target = await this.resolve(arg, 'Compare with Last Successful Version');
    if (!target) return undefined;
    const given = arg as Partial<PublishErrorArgs> | undefined;
    if (typeof given?.baseVersion === 'number' && typeof given.version === 'number') return this.openDiff(target, given.baseVersion, given.version);

    const session = await s.sessions.get(target.connection.id);
    // Publish rows only: one small call per version says which versions went live.
    const result = await this.withCancellableProgress(`Audit Lens: reading the publish history of ${target.journeyName}`, (signal) =>
      session.fetchAudit({ journey: target.journeyRef, action: 'publish' }, { signal, concurrency: readSettings().pageConcurrency }),
    );
    const attempts = investigatePublishes(result.records);
    const attempt = pickAttempt(attempts, target.version);
    const pair = attempt && compareVersions(attempt);
    if (!pair) {
      const why = !attempt
        ? `${target.journeyName}${target.version !== undefined ? ` version ${target.version}` : ''} has no publish attempt yet`
        : `${target.journeyName}: no earlier version was published successfully before version ${attempt.version ?? '?'}`;
      void s.prompter.show('info', `Nothing to compare: ${why}.`);
      return undefined;
    }
    return this.openDiff(target, pair.base, pair.version);
  }

  /** Fetches both definitions and opens the diff editor: the last successful version on the left. */
  private async openDiff(target: JourneyTarget, base: number, version: number): Promise<DiffOutcome> {
    const s = this.s;
    const session = await s.sessions.get(target.connection.id);
    const getDefinition = definitionGetter(session);
    const [left, right] = await this.withCancellableProgress(`Audit Lens: fetching versions ${base} and ${version} of ${target.journeyName}`, (signal) =>
      Promise.all([getDefinition(target.journeyRef, base, signal), getDefinition(target.journeyRef, version, signal)]),
    );
    for (const [v, def] of [
      [base, left],
      [version, right],
    ] as const) {
      if (def === undefined) throw new ProviderError(`Version ${v} of journey ${target.journeyName} no longer exists: there is no definition to compare`, { provider: 'sfmc', status: 404 });
    }
    const leftUri = definitionUri(target.connection.id, target.journeyRef, target.journeyName, base);
    const rightUri = definitionUri(target.connection.id, target.journeyRef, target.journeyName, version);
    this.definitions.put(leftUri, stableJson(left));
    this.definitions.put(rightUri, stableJson(right));
    await vscode.commands.executeCommand(
      'vscode.diff',
      leftUri,
      rightUri,
      `${target.journeyName}: v${base} (last successful) ↔ v${version}`,
      { preview: false },
    );
    s.log.info(`Compared ${target.journeyName} v${base} with v${version}`);
    return { left: leftUri.toString(), right: rightUri.toString(), baseVersion: base, version };
  }

  private withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await work(abort.signal);
      } finally {
        sub.dispose();
      }
    });
  }

  /** A tree node, `{connectionId, journey, …}`, or nothing (the palette: a connection, then a journey by name). */
  private async resolve(arg: unknown, title: string): Promise<JourneyTarget | undefined> {
    const s = this.s;
    if (arg instanceof ScopeNode || arg instanceof PublishErrorsNode || arg instanceof PublishErrorItemNode) {
      return this.fromScope(arg.connectionId, arg.scope, journeyNameAbove(arg));
    }
    if (arg && typeof arg === 'object' && typeof (arg as PublishErrorArgs).connectionId === 'string' && typeof (arg as PublishErrorArgs).journey === 'string') {
      const a = arg as PublishErrorArgs;
      const connection = this.sfmcConnection(a.connectionId);
      const journeyRef = a.journey.trim();
      return {
        connection,
        journeyId: journeyRef,
        journeyRef,
        journeyName: a.journeyName ?? journeyRef,
        ...(typeof a.version === 'number' ? { version: a.version } : {}),
      };
    }
    const connection = await pickConnection(s, title, (c) => c.provider === 'sfmc');
    if (!connection) return undefined;
    const journey = await this.pickJourney(connection, title);
    return journey ? this.fromScope(connection.id, journey) : undefined;
  }

  private sfmcConnection(connectionId: string): Connection {
    const connection = this.s.store.get(connectionId);
    if (!connection) throw new ConfigError(`No connection with id ${connectionId}`);
    if (connection.provider !== 'sfmc') throw new ConfigError(`${connection.label} is not a Salesforce Marketing Cloud connection: publish errors are Journey Builder's`);
    return connection;
  }

  private fromScope(connectionId: string, scope: Scope, knownName?: string): JourneyTarget {
    const connection = this.sfmcConnection(connectionId);
    const t = publishTargetOf(scope);
    const journeyId = scope.type === 'version' ? (scope.parent ?? scope.id) : scope.id;
    const key = scope.detail?.key;
    const journeyRef = t?.journeyRef ?? (typeof key === 'string' && key ? `key:${key}` : journeyId);
    // A version scope is named "Version N · Status": the journey's name comes from its tree parent when known.
    const journeyName = scope.type === 'journey' ? scope.name : (knownName ?? (typeof key === 'string' ? key : journeyId));
    const target: JourneyTarget = { connection, journeyId, journeyRef, journeyName };
    if (scope.type === 'version' && t) target.version = t.version;
    return target;
  }

  /** Every journey (up to MAX_PICK_JOURNEYS), searchable by name; failed ones say so. */
  private async pickJourney(connection: Connection, title: string): Promise<Scope | undefined> {
    const s = this.s;
    const session = await s.sessions.get(connection.id);
    const journeys = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing journeys of ${connection.label}` }, async () => {
      const all: Scope[] = [];
      for (let page = 1; all.length < MAX_PICK_JOURNEYS; page++) {
        const p = await session.listScopes({ page, pageSize: 50 });
        all.push(...p.scopes);
        if (!p.hasMore || p.scopes.length === 0) break;
      }
      return all;
    });
    if (journeys.length === 0) throw new ConfigError(`${connection.label} has no journeys`, { provider: 'sfmc' });
    this.health.watch(connection.id, journeys);
    const failedFirst = [...journeys].sort((a, b) => Number(!!this.health.failureOf(connection.id, b)) - Number(!!this.health.failureOf(connection.id, a)));
    return s.prompter.pick<Scope>({
      title: `${title}: ${connection.label}`,
      placeholder: 'Which journey? Type to search by name',
      items: failedFirst.map((j) => {
        const failed = this.health.failureOf(connection.id, j);
        const bits = [failed ? '$(warning) latest publish failed' : '', j.detail?.status !== undefined ? String(j.detail.status) : '', j.detail?.version !== undefined ? `v${String(j.detail.version)}` : ''];
        return { label: j.name, description: bits.filter(Boolean).join(' · '), value: j };
      }),
    });
  }
}

/** The newest attempt of the version asked about; else the newest failure; else the newest attempt. */
function pickAttempt(attempts: readonly PublishAttempt[], version: number | undefined): PublishAttempt | undefined {
  const i = focusIndex(attempts, version);
  if (i === undefined) return undefined;
  if (version !== undefined && attempts[i]?.version !== version) return undefined;
  return attempts[i];
}

/** The name of the journey node at or above a tree node. */
function journeyNameAbove(node: TreeNode): string | undefined {
  for (let n: TreeNode | undefined = node; n; n = n.parent) {
    if (n instanceof ScopeNode && n.scope.type === 'journey') return n.scope.name;
  }
  return undefined;
}

function definitionGetter(session: ProviderSession): NonNullable<ProviderSession['getDefinition']> {
  if (!session.getDefinition) throw new ConfigError('This provider has no journey definitions');
  return session.getDefinition.bind(session);
}
