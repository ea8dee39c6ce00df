/**
 * The Connections tree's nodes: small objects that each know their TreeItem.
 * Their contextValues drive the menus in package.json:
 *   provider · connection.<provider>.<state> · scope.<type> · loadMore · recent · recentItem · error · error.auth · message
 */
import * as vscode from 'vscode';
import type { Connection, ProviderId, Scope } from '../../core/model';
import type { PublishAttempt } from '../../core/publishInvestigation';

export type ConnectionStatus = 'idle' | 'loading' | 'connected' | 'authFailed' | 'error';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  sfmc: 'Salesforce Marketing Cloud',
  liveperson: 'LivePerson',
  uniphore: 'Uniphore',
  floqast: 'FloQast',
};

export interface NodeContext {
  extensionUri: vscode.Uri;
  /** The failed attempt when a journey's or version's latest publish failed (SFMC). */
  publishFailure?: (node: ScopeNode) => PublishAttempt | undefined;
}

export abstract class TreeNode {
  abstract readonly key: string;
  abstract readonly parent: TreeNode | undefined;
  abstract treeItem(ctx: NodeContext): vscode.TreeItem;
}

export class ProviderNode extends TreeNode {
  readonly parent = undefined;
  constructor(
    readonly provider: ProviderId,
    public count: number,
  ) {
    super();
  }
  get key(): string {
    return `provider/${this.provider}`;
  }
  treeItem(ctx: NodeContext): vscode.TreeItem {
    const item = new vscode.TreeItem(PROVIDER_NAMES[this.provider], vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.key;
    item.contextValue = 'provider';
    item.description = `${this.count} connection${this.count === 1 ? '' : 's'}`;
    item.tooltip = `${PROVIDER_NAMES[this.provider]}: ${item.description}`;
    item.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'providers', `${this.provider}.svg`);
    return item;
  }
}

export class ConnectionNode extends TreeNode {
  status: ConnectionStatus = 'idle';
  statusMessage: string | undefined;
  filter: string | undefined;
  constructor(
    public connection: Connection,
    readonly parent: ProviderNode,
  ) {
    super();
  }
  get key(): string {
    return `connection/${this.connection.id}`;
  }
  treeItem(): vscode.TreeItem {
    const c = this.connection;
    const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.contextValue = `connection.${c.provider}.${this.status}`;
    const state =
      this.status === 'loading' ? 'loading…'
      : this.status === 'connected' ? 'connected'
      : this.status === 'authFailed' ? 'sign-in failed'
      : this.status === 'error' ? 'unreachable'
      : '';
    const parts = [state, this.filter ? `filter: “${this.filter}”` : '', c.settings.demo === 'true' ? 'demo' : ''].filter(Boolean);
    item.description = parts.join(' · ');
    item.iconPath =
      this.status === 'loading' ? new vscode.ThemeIcon('loading~spin')
      : this.status === 'connected' ? new vscode.ThemeIcon('plug', new vscode.ThemeColor('testing.iconPassed'))
      : this.status === 'authFailed' ? new vscode.ThemeIcon('key', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : this.status === 'error' ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('plug');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(c.label)}** — ${PROVIDER_NAMES[c.provider]}\n\n`);
    const shown = Object.entries(c.settings).filter(([k, v]) => v && k !== 'demo');
    for (const [k, v] of shown) md.appendMarkdown(`- ${escapeMd(k)}: \`${escapeMd(String(v))}\`\n`);
    if (state) md.appendMarkdown(`\n$(${this.status === 'connected' ? 'check' : 'info'}) ${state}`);
    if (this.statusMessage) md.appendMarkdown(`: ${escapeMd(this.statusMessage)}`);
    item.tooltip = md;
    return item;
  }
}

const SCOPE_ICONS: Record<Scope['type'], string> = {
  journey: 'symbol-event',
  version: 'versions',
  account: 'account',
  componentType: 'symbol-class',
  category: 'symbol-enum',
  apiKey: 'key',
};

const SCOPE_KIND: Record<Scope['type'], string> = {
  journey: 'Journey',
  version: 'Version',
  account: 'Account',
  componentType: 'Component type',
  category: 'Category',
  apiKey: 'API key',
};

export class ScopeNode extends TreeNode {
  constructor(
    readonly connectionId: string,
    readonly scope: Scope,
    readonly parent: TreeNode,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/${this.scope.type}/${this.scope.id}`;
  }
  get hasChildren(): boolean {
    return this.scope.type === 'journey' || this.scope.type === 'account';
  }
  treeItem(ctx?: NodeContext): vscode.TreeItem {
    const s = this.scope;
    const failure = ctx?.publishFailure?.(this);
    const item = new vscode.TreeItem(
      s.name,
      this.hasChildren || failure ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.key;
    item.contextValue = `scope.${s.type}${failure ? '.publishFailed' : ''}`;
    item.iconPath = failure
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon(SCOPE_ICONS[s.type]);
    const detail = s.detail ?? {};
    const bits: string[] = [];
    if (detail.status !== undefined) bits.push(String(detail.status));
    if (s.type === 'journey' && detail.version !== undefined) bits.push(`v${String(detail.version)}`);
    if (s.type === 'apiKey' && s.name !== s.id) bits.push(s.id);
    if (failure) bits.unshift('publish failed');
    item.description = bits.join(' · ');
    const md = new vscode.MarkdownString(undefined, !!failure);
    if (failure) md.appendMarkdown(`$(warning) **The latest publish failed**: expand “Publish errors” or right-click → Investigate Publish Errors\n\n`);
    md.appendMarkdown(`**${SCOPE_KIND[s.type]}:** ${escapeMd(s.name)}\n\n- id: \`${escapeMd(s.id)}\`\n`);
    for (const [k, v] of Object.entries(detail)) md.appendMarkdown(`- ${escapeMd(k)}: ${escapeMd(String(v))}\n`);
    md.appendMarkdown('\nRight-click → Query Audit Records…');
    item.tooltip = md;
    return item;
  }
}

export class LoadMoreNode extends TreeNode {
  constructor(
    readonly connectionId: string,
    readonly parent: ConnectionNode,
    readonly nextPage: number,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/loadMore/${this.nextPage}`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.key;
    item.contextValue = 'loadMore';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.tooltip = `Load page ${this.nextPage} of the journeys`;
    item.command = { command: 'auditLens.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
}

export interface RecentItem {
  id: string;
  label: string;
}

export class RecentNode extends TreeNode {
  constructor(
    readonly connectionId: string,
    readonly parent: ConnectionNode,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/recent`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Recent', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.contextValue = 'recent';
    item.iconPath = new vscode.ThemeIcon('history');
    item.tooltip = 'Audit log items opened by id (Open Audit Log Item by ID…)';
    return item;
  }
}

export class RecentItemNode extends TreeNode {
  constructor(
    readonly connectionId: string,
    readonly item: RecentItem,
    readonly parent: RecentNode,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/${this.item.id}`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`#${this.item.id}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.key;
    item.description = this.item.label;
    item.contextValue = 'recentItem';
    item.iconPath = new vscode.ThemeIcon('json');
    item.tooltip = `Open audit log item ${this.item.id} as JSON`;
    item.command = { command: 'auditLens.openById', title: 'Open', arguments: [{ connectionId: this.connectionId, id: this.item.id }] };
    return item;
  }
}

export class ErrorNode extends TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly message: string,
    readonly auth: boolean,
    readonly connectionId: string,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/error`;
  }
  treeItem(): vscode.TreeItem {
    const label = this.auth ? 'Sign-in failed: sign in again' : `Failed: ${firstLine(this.message)}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.key;
    item.contextValue = this.auth ? 'error.auth' : 'error';
    item.iconPath = new vscode.ThemeIcon(this.auth ? 'key' : 'error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    item.tooltip = new vscode.MarkdownString(`${escapeMd(this.message)}\n\n${this.auth ? 'Click to sign in again.' : 'Click to retry.'}`);
    item.command = this.auth
      ? { command: 'auditLens.signInAgain', title: 'Sign In Again', arguments: [{ connectionId: this.connectionId }] }
      : { command: 'auditLens.retry', title: 'Retry', arguments: [this] };
    return item;
  }
}

export class MessageNode extends TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly message: string,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/message`;
  }
  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.key;
    item.contextValue = 'message';
    item.iconPath = new vscode.ThemeIcon('info');
    item.tooltip = this.message;
    return item;
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
