/**
 * The timeline panel: a webview that shows what TimelineHost holds. The host
 * keeps the data and the session, so hiding the panel (which discards the
 * webview's page: no retainContextWhenHidden) loses nothing: the page comes
 * back, says `ready`, and is served again; its own UI state (filter,
 * selection, scroll) lives in the webview's setState. After a restart the
 * panel returns through the serializer with the last finished query's
 * records, read from a capped snapshot in the extension's storage.
 */
import * as vscode from 'vscode';
import type { AuditRecord } from '../../core/model';
import { TIMELINE_VIEW_TYPE, type HostToWebview, type PublishInvestigationView, type SessionState } from '../../protocol';
import type { TimelineHost, TimelineSnapshot } from './timelineHost';
import { features } from '../lazyFeatures';
import type { RerunSpec } from './rerunSpec';
import type { RecordReader, TimelineController, TimelineQueryInfo, TimelineSession } from './types';
import { createNonce, timelineHtml } from './webviewHtml';

/** How the panel opens records and compares them: the extension's commands by default. */
export interface TimelinePanelActions {
  openRecordAsJson(record: AuditRecord, normalized: boolean): Thenable<unknown>;
  compareRecords(older: AuditRecord, newer: AuditRecord): Thenable<unknown>;
}

export type TimelineLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

export const defaultTimelineActions: TimelinePanelActions = {
  openRecordAsJson: (record, normalized) => vscode.commands.executeCommand('auditLens.openRecordJson', record, normalized ? 'normalized' : 'raw'),
  compareRecords: (older, newer) => vscode.commands.executeCommand('auditLens.compareRecords', older, newer),
};

/** Records kept for a restart: enough to pick up an investigation, small enough to write quickly. */
const SNAPSHOT_MAX_RECORDS = 10_000;
const SNAPSHOT_FILE = 'timeline-snapshot.json';

export class TimelinePanel implements TimelineController, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private hostInstance: TimelineHost | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private panelDisposables: vscode.Disposable[] = [];
  private title = 'Audit Lens Timeline';
  private readonly postListeners = new Set<(message: HostToWebview) => void>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: TimelineLog,
    private readonly actions: TimelinePanelActions = defaultTimelineActions,
  ) {}

  /** Built on first use: the record store and its indexes load with the first query or restored panel, not at activation. */
  private get host(): TimelineHost {
    if (this.hostInstance) return this.hostInstance;
    const actions = this.actions;
    const host = new (features().TimelineHost)(
      {
        openRecordAsJson: (record, normalized) => actions.openRecordAsJson(record, normalized),
        compareRecords: (older, newer) => actions.compareRecords(older, newer),
        copyText: (text) => vscode.env.clipboard.writeText(text),
        openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
        // The command reports its own errors and then returns nothing; a diff it opened comes back as its outcome.
        compareDefinitions: async (args) => (await vscode.commands.executeCommand('auditLens.compareWithLastSuccessfulVersion', args)) !== undefined,
        rerunQuery: () => vscode.commands.executeCommand('auditLens.rerunQuery'),
      },
      { log: this.log },
    );
    this.hostInstance = host;
    const sub = host.onDidChangeStatus(() => {
      const status = host.sessionState.status;
      if (status === 'complete' || status === 'incomplete' || status === 'cancelled') void this.saveSnapshot();
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
    return host;
  }

  get hasResults(): boolean {
    // Read at activation (context keys): with no panel open the host stays unbuilt.
    return this.panel !== undefined && this.host.hasResults;
  }

  get investigation(): PublishInvestigationView | undefined {
    return this.host.sessionState.investigation;
  }

  get sessionState(): SessionState {
    return this.host.sessionState;
  }

  onDidPostMessage(listener: (message: HostToWebview) => void): vscode.Disposable {
    this.postListeners.add(listener);
    return new vscode.Disposable(() => this.postListeners.delete(listener));
  }

  /** The view type to declare as `onWebviewPanel:auditLens.timeline`. */
  static readonly viewType = TIMELINE_VIEW_TYPE;

  startQuery(info: TimelineQueryInfo): TimelineSession {
    this.title = info.title;
    const session = this.host.startQuery(info);
    this.show();
    return session;
  }

  get rerun(): RerunSpec | undefined {
    return this.host.rerun;
  }

  currentReader(): RecordReader {
    return this.host.currentReader();
  }

  currentRecords(): AuditRecord[] {
    return this.host.currentRecords();
  }

  reveal(): boolean {
    // The host outlives a closed panel, with its records; none built yet means nothing to show.
    if (!this.panel && !this.hostInstance?.hasResults) return false;
    this.show();
    return true;
  }

  /** Opens the panel, or brings it forward without taking focus from the editor. */
  show(): void {
    if (this.panel) {
      this.panel.title = this.panelTitle();
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, this.panelTitle(), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, this.webviewOptions());
    this.adopt(panel);
  }

  /** The serializer hands back a panel VS Code restored after a restart. */
  async restore(panel: vscode.WebviewPanel): Promise<void> {
    const snapshot = await this.readSnapshot();
    if (snapshot && !this.host.hasResults) {
      this.host.restore(snapshot);
      this.title = snapshot.state.query?.title ?? this.title;
    }
    if (this.panel && this.panel !== panel) {
      // A second restored panel would show the same host; keep one.
      panel.dispose();
      return;
    }
    this.adopt(panel);
  }

  dispose(): void {
    this.panel?.dispose();
    this.hostInstance?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private panelTitle(): string {
    return `Timeline: ${this.title}`;
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableFindWidget: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.title = this.panelTitle();
    panel.webview.options = this.webviewOptions();
    panel.webview.html = this.html(panel.webview);
    this.host.attach((message) => {
      for (const listener of this.postListeners) listener(message);
      // A post to a page that is being hidden or reloaded may fail; it asks again with `ready`.
      panel.webview.postMessage(message).then(undefined, () => undefined);
    });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        this.host.handleMessage(message).catch((e: unknown) => this.log.error(`Timeline: ${e instanceof Error ? e.message : String(e)}`));
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.host.detach();
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
  }

  private html(webview: vscode.Webview): string {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    return timelineHtml({
      nonce: createNonce(),
      cspSource: webview.cspSource,
      distPath: webview.asWebviewUri(dist).path,
      mediaPath: webview.asWebviewUri(media).path,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      codiconCssUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
      title: this.panelTitle(),
    });
  }

  private snapshotUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, SNAPSHOT_FILE);
  }

  private async saveSnapshot(): Promise<void> {
    try {
      const uri = this.snapshotUri();
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      const snapshot = this.host.snapshot(SNAPSHOT_MAX_RECORDS);
      await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(snapshot), 'utf8'));
    } catch (e) {
      this.log.warn(`Timeline: could not save the results for a restart: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async readSnapshot(): Promise<TimelineSnapshot | undefined> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.snapshotUri());
      const snapshot = JSON.parse(Buffer.from(bytes).toString('utf8')) as TimelineSnapshot;
      if (snapshot?.version !== 1 || !Array.isArray(snapshot.records) || typeof snapshot.state !== 'object') return undefined;
      return snapshot;
    } catch {
      return undefined;
    }
  }
}

/**
 * Lets VS Code bring the panel back after a restart. Call from activate;
 * package.json needs the activation event `onWebviewPanel:auditLens.timeline`.
 */
export function registerTimelineSerializer(timeline: TimelinePanel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
    deserializeWebviewPanel: (panel) => timeline.restore(panel),
  });
}
