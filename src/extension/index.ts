/**
 * Audit Lens: activation. Builds the services once, hands them to the tree
 * and the commands through constructors, and registers every disposable with
 * the extension context. Activation loads only what the Connections view and
 * the command registrations need; the providers, the sandbox, the timeline's
 * store and the command implementations come from ./features on first use.
 */
import * as vscode from 'vscode';
import { Redactor } from '../core/redact';
import { CommandRunner } from './commandRunner';
import type { ConnectionCommands } from './commands/connectionCommands';
import type { QueryCommands } from './commands/queryCommands';
import type { RecordCommands } from './commands/recordCommands';
import { ConnectionStore } from './connectionStore';
import { DemoService } from './demo';
import { features } from './lazyFeatures';
import { AuditLog } from './log';
import { Prompter } from './prompts';
import { RecentQueries } from './recentQueries';
import { RecentStore } from './recentStore';
import { RecordDocumentProvider, RecordRegistry } from './recordDocuments';
import { RECORD_SCHEME } from './recordUri';
import { QueryResults, type Services } from './services';
import { AuditLensDocuments, DefinitionDocuments } from './publishErrors/definitionDocuments';
import type { PublishErrorCommands } from './publishErrors/publishErrorCommands';
import { PublishHealth } from './publishErrors/publishHealth';
import { SessionPool } from './sessionPool';
import { ConnectionsTree } from './tree/connectionsTree';
import type { TreeNode } from './tree/nodes';
import { registerTimelineSerializer, TimelinePanel } from './timeline/timelinePanel';
import type { TimelineController } from './timeline/types';

export const VIEW_ID = 'auditLens.connections';

/** What activate() returns: the services, for the integration tests and for other extensions. */
export interface AuditLensApi {
  services: Services;
  treeView: vscode.TreeView<TreeNode>;
  /** Built on first read, like every command implementation. */
  readonly queries: QueryCommands;
}

interface Commands {
  connections: ConnectionCommands;
  queries: QueryCommands;
  records: RecordCommands;
  publishErrors: PublishErrorCommands;
}

let demoToClose: DemoService | undefined;

export function activate(context: vscode.ExtensionContext): AuditLensApi {
  const redactor = new Redactor();
  const log = new AuditLog(redactor);
  context.subscriptions.push(log);
  const store = new ConnectionStore(context.globalState, context.secrets);
  context.subscriptions.push({ dispose: () => store.dispose() });
  const demo = new DemoService(store, (m) => log.info(m));
  demoToClose = demo;
  const sessions = new SessionPool({
    store,
    redactor,
    onRequest: (entry, provider) => log.request(entry, provider),
    settings: () => features().readSettings(),
    prepareDemo: (c) => demo.prepare(c),
  });
  context.subscriptions.push({ dispose: () => sessions.dispose() });
  const recent = new RecentStore(context.globalState);
  const publishHealth = new PublishHealth(async (connectionId, journey, version, signal) => {
    const session = await sessions.get(connectionId);
    return (await session.fetchAudit({ journey, action: 'publish', version }, { signal })).records;
  }, (m) => log.warn(m));
  context.subscriptions.push({ dispose: () => publishHealth.dispose() });
  const tree = new ConnectionsTree(store, sessions, recent, context.extensionUri, (m) => log.warn(m), publishHealth);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, treeView);

  const records = new RecordRegistry();
  const definitions = new DefinitionDocuments();
  context.subscriptions.push(
    definitions,
    vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, new AuditLensDocuments(new RecordDocumentProvider(records), definitions)),
  );

  const panel = new TimelinePanel(context, log);
  context.subscriptions.push(panel, registerTimelineSerializer(panel));
  const timeline: TimelineController = panel;
  const prompter = new Prompter();
  const results = new QueryResults();
  const services: Services = {
    context,
    store,
    sessions,
    tree,
    prompter,
    log,
    redactor,
    records,
    recent,
    recentQueries: new RecentQueries(context.globalState),
    timeline,
    demo,
    results,
    updateContextKeys: () => updateContextKeys(services),
  };

  // Every secret a connection holds is masked in logs, messages and exports.
  const seedRedactor = async () => {
    for (const c of store.list()) {
      try {
        redactor.add(...Object.values(await store.getSecrets(c.id)));
      } catch {
        /* reported when the connection is used */
      }
    }
  };
  void seedRedactor();
  const storeSub = store.onDidChange(() => {
    void seedRedactor();
    updateContextKeys(services);
  });
  context.subscriptions.push({ dispose: () => storeSub.dispose() });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('auditLens')) {
        sessions.clear();
        tree.refresh();
      }
    }),
  );

  const runner = new CommandRunner(log, prompter, redactor);
  let commands: Commands | undefined;
  const command = (): Commands => {
    if (commands) return commands;
    const f = features();
    const publishErrors = new f.PublishErrorCommands(services, publishHealth, definitions);
    const queries = new f.QueryCommands(services, (args, options) => publishErrors.investigate(args, options));
    commands = {
      connections: new f.ConnectionCommands(services),
      queries,
      records: new f.RecordCommands(services, () => queries.recordReader()),
      publishErrors,
    };
    return commands;
  };
  const reg = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(runner.register(id, fn));
  reg('auditLens.addConnection', (args?) => command().connections.add(args));
  reg('auditLens.editConnection', (arg?) => command().connections.edit(arg));
  reg('auditLens.removeConnection', (arg?) => command().connections.remove(arg));
  reg('auditLens.replaceSecret', (arg?) => command().connections.replaceSecret(arg));
  reg('auditLens.signInAgain', (arg?) => command().connections.replaceSecret(arg));
  reg('auditLens.refresh', (arg?) => command().connections.refresh(arg));
  reg('auditLens.filterJourneys', (arg?) => command().connections.filterJourneys(arg));
  reg('auditLens.loadMore', (arg?) => command().connections.loadMore(arg));
  reg('auditLens.retry', (arg?) => command().connections.retry(arg));
  reg('auditLens.queryRecords', (arg?) => command().queries.query(arg));
  reg('auditLens.exportResults', (arg?) => command().queries.exportResults(arg));
  reg('auditLens.rerunQuery', () => command().queries.rerun());
  reg('auditLens.runRecentQuery', () => command().queries.runRecent());
  reg('auditLens.showTimeline', () => command().queries.showTimeline());
  reg('auditLens.openRecordJson', (arg?, view?) => command().records.openJson(arg, view));
  reg('auditLens.compareRecords', (a?, b?, view?) => command().records.compare(a, b, view));
  reg('auditLens.openById', (arg?) => command().records.openById(arg));
  reg('auditLens.investigatePublishErrors', (arg?) => command().publishErrors.investigate(arg));
  reg('auditLens.compareWithLastSuccessfulVersion', (arg?) => command().publishErrors.compareWithLastSuccess(arg));
  reg('auditLens.openDemo', async () => {
    const { url, added } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the Audit Lens demo sandbox…' },
      () => demo.open(),
    );
    tree.refresh();
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    void prompter.show('info', `Audit Lens demo: the sandbox runs on ${url}${added ? `; ${added} demo connections added` : ''}. Expand a connection, then run Query Audit Records….`);
    return url;
  });
  reg('auditLens.showLog', () => log.show());

  updateContextKeys(services);
  log.info(`Audit Lens activated (VS Code ${vscode.version}${vscode.env.remoteName ? `, remote ${vscode.env.remoteName}` : ''})`);

  void openDemoIfAsked();
  return {
    services,
    treeView,
    get queries() {
      return command().queries;
    },
  };
}

/**
 * `npm start` opens a workspace holding a `.audit-lens-demo` marker (which is
 * also what activates the extension there), or sets AUDIT_LENS_OPEN_DEMO=1:
 * either way the demo opens at once.
 */
async function openDemoIfAsked(): Promise<void> {
  let asked = process.env.AUDIT_LENS_OPEN_DEMO === '1';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (asked) break;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.audit-lens-demo'));
      asked = true;
    } catch {
      /* no marker in this folder */
    }
  }
  if (asked) await vscode.commands.executeCommand('auditLens.openDemo');
}

function updateContextKeys(s: Services): void {
  const list = s.store.list();
  const set = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  set('auditLens.hasConnections', list.length > 0);
  set('auditLens.hasSfmc', list.some((c) => c.provider === 'sfmc'));
  set('auditLens.hasUniphore', list.some((c) => c.provider === 'uniphore'));
  set('auditLens.hasResults', s.results.count > 0 || s.timeline.hasResults);
}

export async function deactivate(): Promise<void> {
  await demoToClose?.dispose();
  demoToClose = undefined;
}
