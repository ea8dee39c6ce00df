/**
 * The Connections tree: provider → connection → scopes. Children are loaded
 * once and cached per node; a load marks its connection "loading", and a
 * failure becomes an error node with a retry (an auth failure, a "sign in
 * again" node). getChildren never throws.
 */
import * as vscode from 'vscode';
import { AuthError, isAuditLensError, toAuditLensError } from '../../core/errors';
import { PROVIDER_IDS, type ProviderId, type Scope } from '../../core/model';
import type { ConnectionStore } from '../connectionStore';
import type { SessionPool } from '../sessionPool';
import type { PublishHealth } from '../publishErrors/publishHealth';
import { PublishErrorsNode } from '../publishErrors/treeNodes';
import {
  ConnectionNode,
  ErrorNode,
  LoadMoreNode,
  MessageNode,
  ProviderNode,
  RecentItemNode,
  RecentNode,
  ScopeNode,
  type RecentItem,
  type TreeNode,
} from './nodes';

export const JOURNEY_PAGE_SIZE = 50;

interface JourneyPages {
  scopes: Scope[];
  page: number;
  hasMore: boolean;
}

type Loaded = { ok: true; nodes: TreeNode[] } | { ok: false; node: ErrorNode };

export interface RecentItems {
  list(connectionId: string): RecentItem[];
}

export class ConnectionsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly providers = new Map<ProviderId, ProviderNode>();
  private readonly connections = new Map<string, ConnectionNode>();
  private readonly loads = new Map<string, Promise<Loaded>>();
  private readonly journeys = new Map<string, JourneyPages>();
  private readonly recentNodes = new Map<string, RecentNode>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly publishChanged = new Set<string>();
  private publishRedraw: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly sessions: SessionPool,
    private readonly recent: RecentItems,
    private readonly extensionUri: vscode.Uri,
    private readonly log: (message: string) => void,
    /** SFMC: which journeys and versions failed their latest publish (decoration and "Publish errors (N)"). */
    private readonly publishHealth?: PublishHealth,
  ) {
    const sub = store.onDidChange((e) => {
      if (e.kind === 'reloaded' || e.kind === 'added' || e.kind === 'removed') this.refresh();
      else this.refreshConnection(e.id);
    });
    this.disposables.push({ dispose: () => sub.dispose() }, this.changed);
    if (publishHealth) {
      const healthSub = publishHealth.onDidChange((connectionId) => this.publishHealthChanged(connectionId));
      this.disposables.push({ dispose: () => healthSub.dispose() });
    }
  }

  /** Answers arrive one journey at a time: redraw each connection once per burst, not once per answer. */
  private publishHealthChanged(connectionId: string): void {
    this.publishChanged.add(connectionId);
    this.publishRedraw ??= setTimeout(() => {
      this.publishRedraw = undefined;
      for (const id of this.publishChanged) {
        const node = this.connections.get(id);
        if (node) this.changed.fire(node);
      }
      this.publishChanged.clear();
    }, 100);
  }

  /** Forgets every loaded child and redraws the whole tree. */
  refresh(): void {
    this.publishHealth?.forget();
    this.loads.clear();
    this.journeys.clear();
    for (const c of this.connections.values()) c.status = 'idle';
    this.changed.fire(undefined);
  }

  refreshConnection(connectionId: string): void {
    const node = this.connections.get(connectionId);
    if (!node) return this.refresh();
    this.forgetUnder(node.key);
    this.journeys.delete(connectionId);
    this.publishHealth?.forget(connectionId);
    const fresh = this.store.get(connectionId);
    if (fresh) node.connection = fresh;
    node.status = 'idle';
    node.statusMessage = undefined;
    this.changed.fire(node);
  }

  /** Reloads the node an error node stands in for. */
  retry(node: TreeNode): void {
    const target = node instanceof ErrorNode ? node.parent : node;
    if (target instanceof ConnectionNode) return this.refreshConnection(target.connection.id);
    this.forgetUnder(target.key);
    this.changed.fire(target);
  }

  connectionNode(connectionId: string): ConnectionNode | undefined {
    return this.connections.get(connectionId);
  }

  filterOf(connectionId: string): string | undefined {
    return this.connections.get(connectionId)?.filter;
  }

  setJourneyFilter(connectionId: string, filter: string | undefined): void {
    const node = this.ensureConnectionNode(connectionId);
    if (!node) return;
    node.filter = filter?.trim() || undefined;
    this.forgetUnder(node.key);
    this.journeys.delete(connectionId);
    this.changed.fire(node);
  }

  /** Fetches the next page of journeys and appends it under the connection. */
  async loadMore(connectionId: string): Promise<void> {
    const node = this.ensureConnectionNode(connectionId);
    const pages = this.journeys.get(connectionId);
    if (!node || !pages?.hasMore) return;
    const session = await this.sessions.get(connectionId);
    const next = await session.listScopes({ page: pages.page + 1, pageSize: JOURNEY_PAGE_SIZE, ...(node.filter ? { nameFilter: node.filter } : {}) });
    const seen = new Set(pages.scopes.map((s) => s.id));
    this.journeys.set(connectionId, {
      scopes: [...pages.scopes, ...next.scopes.filter((s) => !seen.has(s.id))],
      page: pages.page + 1,
      hasMore: next.hasMore && next.scopes.length > 0,
    });
    this.loads.delete(node.key);
    this.changed.fire(node);
  }

  /** Redraws a connection's "Recent" node after an item was opened by id. */
  recentChanged(connectionId: string): void {
    const node = this.recentNodes.get(connectionId);
    if (node) this.changed.fire(node);
    else this.refreshConnection(connectionId);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const health = this.publishHealth;
    return node.treeItem({
      extensionUri: this.extensionUri,
      ...(health ? { publishFailure: (n: ScopeNode) => health.failureOf(n.connectionId, n.scope) } : {}),
    });
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (!node) return this.roots();
      if (node instanceof ProviderNode) return this.connectionsOf(node);
      if (node instanceof ConnectionNode) return await this.connectionChildren(node);
      if (node instanceof ScopeNode) {
        const failure = this.publishHealth?.failureOf(node.connectionId, node.scope);
        const errors = failure ? [new PublishErrorsNode(node.connectionId, node.scope, failure, node)] : [];
        return node.hasChildren ? [...errors, ...(await this.scopeChildren(node))] : errors;
      }
      if (node instanceof PublishErrorsNode) return node.children();
      if (node instanceof RecentNode) {
        const items = this.recent.list(node.connectionId);
        return items.length ? items.map((i) => new RecentItemNode(node.connectionId, i, node)) : [new MessageNode(node, 'Nothing opened yet: use Open Audit Log Item by ID…')];
      }
      return [];
    } catch (e) {
      // Never throw into the view: the failure becomes a node that can be retried.
      const err = toAuditLensError(e);
      this.log(`Tree: ${err.describe()}`);
      return node ? [new ErrorNode(node, err.describe(), false, connectionIdOf(node) ?? '')] : [];
    }
  }

  private roots(): TreeNode[] {
    const all = this.store.list();
    const out: TreeNode[] = [];
    for (const p of PROVIDER_IDS) {
      const count = all.filter((c) => c.provider === p).length;
      if (count === 0) continue;
      let node = this.providers.get(p);
      if (!node) this.providers.set(p, (node = new ProviderNode(p, count)));
      node.count = count;
      out.push(node);
    }
    return out;
  }

  private connectionsOf(provider: ProviderNode): TreeNode[] {
    return this.store
      .byProvider(provider.provider)
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((c) => {
        let node = this.connections.get(c.id);
        if (!node || node.parent !== provider) this.connections.set(c.id, (node = new ConnectionNode(c, provider)));
        node.connection = c;
        return node;
      });
  }

  private ensureConnectionNode(connectionId: string): ConnectionNode | undefined {
    const existing = this.connections.get(connectionId);
    if (existing) return existing;
    const c = this.store.get(connectionId);
    if (!c) return undefined;
    let provider = this.providers.get(c.provider);
    if (!provider) this.providers.set(c.provider, (provider = new ProviderNode(c.provider, 1)));
    const node = new ConnectionNode(c, provider);
    this.connections.set(connectionId, node);
    return node;
  }

  private async connectionChildren(node: ConnectionNode): Promise<TreeNode[]> {
    const pending = this.loads.get(node.key);
    if (pending) return unwrap(await pending);
    const load = this.loadConnection(node);
    this.loads.set(node.key, load);
    if (node.status !== 'loading') {
      node.status = 'loading';
      this.changed.fire(node);
    }
    const result = await load;
    const status = result.ok ? 'connected' : result.node.auth ? 'authFailed' : 'error';
    const message = result.ok ? undefined : result.node.message;
    this.setStatus(node, status, message);
    return unwrap(result);
  }

  private setStatus(node: ConnectionNode, status: ConnectionNode['status'], message: string | undefined): void {
    if (node.status === status && node.statusMessage === message) return;
    node.status = status;
    node.statusMessage = message;
    this.changed.fire(node);
  }

  private async loadConnection(node: ConnectionNode): Promise<Loaded> {
    const id = node.connection.id;
    try {
      const session = await this.sessions.get(id);
      const nodes: TreeNode[] = [];
      if (node.connection.provider === 'sfmc') {
        let pages = this.journeys.get(id);
        if (!pages) {
          const first = await session.listScopes({ page: 1, pageSize: JOURNEY_PAGE_SIZE, ...(node.filter ? { nameFilter: node.filter } : {}) });
          pages = { scopes: first.scopes, page: 1, hasMore: first.hasMore && first.scopes.length > 0 };
          this.journeys.set(id, pages);
        }
        nodes.push(...pages.scopes.map((s) => new ScopeNode(id, s, node)));
        this.publishHealth?.watch(id, pages.scopes);
        if (pages.scopes.length === 0) nodes.push(new MessageNode(node, node.filter ? `No journeys match “${node.filter}”` : 'No journeys'));
        if (pages.hasMore) nodes.push(new LoadMoreNode(id, node, pages.page + 1));
      } else {
        const page = await session.listScopes({});
        nodes.push(...page.scopes.map((s) => new ScopeNode(id, s, node)));
        if (node.connection.provider === 'uniphore') {
          let recent = this.recentNodes.get(id);
          if (!recent || recent.parent !== node) this.recentNodes.set(id, (recent = new RecentNode(id, node)));
          nodes.push(recent);
        }
        if (nodes.length === 0) nodes.push(new MessageNode(node, 'Nothing to show yet'));
      }
      return { ok: true, nodes };
    } catch (e) {
      return { ok: false, node: this.errorNode(node, e, id) };
    }
  }

  private async scopeChildren(node: ScopeNode): Promise<TreeNode[]> {
    let load = this.loads.get(node.key);
    if (!load) {
      load = (async (): Promise<Loaded> => {
        try {
          const session = await this.sessions.get(node.connectionId);
          const page = await session.listScopes({ parent: node.scope.id });
          if (page.scopes.length === 0) return { ok: true, nodes: [new MessageNode(node, 'Nothing here')] };
          this.publishHealth?.watch(node.connectionId, page.scopes);
          return { ok: true, nodes: page.scopes.map((s) => new ScopeNode(node.connectionId, s, node)) };
        } catch (e) {
          return { ok: false, node: this.errorNode(node, e, node.connectionId) };
        }
      })();
      this.loads.set(node.key, load);
    }
    return unwrap(await load);
  }

  private errorNode(parent: TreeNode, e: unknown, connectionId: string): ErrorNode {
    const err = toAuditLensError(e);
    this.log(`Tree: ${err.describe()}`);
    const auth = err instanceof AuthError && (err.status === 401 || err.needsNewCredential);
    const message = isAuditLensError(e) ? err.describe() : err.message;
    return new ErrorNode(parent, message, auth, connectionId);
  }

  private forgetUnder(key: string): void {
    for (const k of [...this.loads.keys()]) if (k === key || k.startsWith(`${key}/`)) this.loads.delete(k);
  }

  dispose(): void {
    if (this.publishRedraw) clearTimeout(this.publishRedraw);
    for (const d of this.disposables) d.dispose();
  }
}

function unwrap(l: Loaded): TreeNode[] {
  return l.ok ? l.nodes : [l.node];
}

function connectionIdOf(node: TreeNode): string | undefined {
  let n: TreeNode | undefined = node;
  while (n) {
    if (n instanceof ConnectionNode) return n.connection.id;
    n = n.parent;
  }
  return undefined;
}
