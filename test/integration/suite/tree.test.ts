import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionNode, ErrorNode, ScopeNode, TreeNode } from '../../../src/extension/tree/nodes';
import { JOURNEY_PAGE_SIZE } from '../../../src/extension/tree/connectionsTree';
import { addSandboxConnections, api, childNamed, children, directSession, itemOf, labelOf, reset, sandbox, waitFor } from './helpers';

// The suite is bundled apart from the extension, so its node classes differ: nodes are recognised by shape.
const isScope = (n: TreeNode | undefined): n is ScopeNode => !!n && 'scope' in n;
const isError = (n: TreeNode | undefined): n is ErrorNode => !!n && 'auth' in n && 'message' in n;
const isLoadMore = (n: TreeNode | undefined): boolean => !!n && 'nextPage' in n;
const isProvider = (n: TreeNode | undefined): boolean => !!n && 'provider' in n && 'count' in n;

async function connectionNode(label: string): Promise<ConnectionNode> {
  for (const p of await children()) {
    for (const c of await children(p)) if ((await labelOf(c)) === label) return c as ConnectionNode;
  }
  throw new Error(`no connection ${label}`);
}

suite('the Connections tree against the sandbox', () => {
  let ids: Awaited<ReturnType<typeof addSandboxConnections>>;
  suiteSetup(async () => {
    await reset();
    ids = await addSandboxConnections();
  });
  suiteTeardown(reset);

  test('providers, then connections, each with a tooltip, an icon and a contextValue', async () => {
    const roots = await children();
    assert.deepEqual(await Promise.all(roots.map(labelOf)), ['Salesforce Marketing Cloud', 'LivePerson', 'Uniphore', 'FloQast']);
    for (const r of roots) {
      assert.ok(isProvider(r));
      const item = await itemOf(r);
      assert.equal(item.contextValue, 'provider');
      assert.ok(item.tooltip && item.iconPath);
      const conns = await children(r);
      assert.equal(conns.length, 1);
      const ci = await itemOf(conns[0]!);
      assert.match(String(ci.contextValue), /^connection\.(sfmc|liveperson|uniphore|floqast)\.idle$/);
      assert.ok(ci.tooltip && ci.iconPath);
    }
  });

  test('SFMC: journeys page by 50 with "Load more…", and the connection turns connected', async () => {
    const a = await api();
    const conn = await connectionNode('Sandbox Marketing Cloud');
    const first = await children(conn);
    const journeys = first.filter((n) => isScope(n));
    assert.equal(journeys.length, JOURNEY_PAGE_SIZE);
    const more = first.at(-1);
    assert.ok(isLoadMore(more), 'the last node is Load more…');
    assert.equal(await labelOf(more!), 'Load more…');
    assert.equal((await itemOf(more!)).command?.command, 'auditLens.loadMore');
    assert.equal((await itemOf(conn)).contextValue, 'connection.sfmc.connected');
    const journeyItem = await itemOf(journeys[0]!);
    assert.equal(journeyItem.contextValue, 'scope.journey');
    assert.ok(journeyItem.tooltip);

    // Every journey the API lists, exactly once, after loading all pages.
    const secrets = await a.services.store.getSecrets(ids.sfmc);
    const direct = directSession(ids.sfmc, secrets, a.services.store.get(ids.sfmc)!);
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const p = await direct.listScopes({ page, pageSize: JOURNEY_PAGE_SIZE });
      all.push(...p.scopes.map((s) => s.id));
      if (!p.hasMore || p.scopes.length === 0) break;
    }
    assert.ok(all.length > JOURNEY_PAGE_SIZE, 'the sandbox holds more than one page');
    for (let guard = 0; guard < 100; guard++) {
      const now = await children(conn);
      const last = now.at(-1);
      if (!isLoadMore(last)) break;
      await vscode.commands.executeCommand('auditLens.loadMore', last);
    }
    const shown = (await children(conn)).filter(isScope).map((n) => n.scope.id);
    assert.deepEqual([...shown].sort(), [...new Set(all)].sort());
  });

  test('SFMC: a journey lists its versions', async () => {
    const conn = await connectionNode('Sandbox Marketing Cloud');
    const journeys = (await children(conn)).filter(isScope);
    const multi = journeys.find((j) => Number(j.scope.detail?.version ?? 1) > 1) ?? journeys[0]!;
    const versions = await children(multi);
    assert.ok(versions.length >= 1);
    for (const v of versions) {
      assert.ok(isScope(v));
      assert.equal(v.scope.type, 'version');
      assert.equal((await itemOf(v)).contextValue, 'scope.version');
    }
    const numbers = versions.map((v) => Number((v as ScopeNode).scope.detail?.version));
    assert.ok(numbers.includes(Number(multi.scope.detail?.version ?? numbers[0])));
  });

  test('SFMC: the name filter narrows the journeys', async () => {
    const conn = await connectionNode('Sandbox Marketing Cloud');
    const some = (await children(conn)).find(isScope)!;
    const word = some.scope.name.split(/\s+/)[0]!;
    await vscode.commands.executeCommand('auditLens.filterJourneys', { connectionId: ids.sfmc, filter: word });
    const filtered = (await children(conn)).filter(isScope);
    assert.ok(filtered.length >= 1);
    for (const j of filtered) assert.ok(`${j.scope.name} ${String(j.scope.detail?.description ?? '')}`.toLowerCase().includes(word.toLowerCase()), j.scope.name);
    assert.match(String((await itemOf(conn)).description), /filter/);
    await vscode.commands.executeCommand('auditLens.filterJourneys', { connectionId: ids.sfmc, filter: '' });
    assert.equal((await children(conn)).filter((n) => isScope(n)).length, JOURNEY_PAGE_SIZE);
  });

  test('LivePerson: account, then component types', async () => {
    const conn = await connectionNode('Sandbox LivePerson');
    const [account] = await children(conn);
    assert.ok(isScope(account));
    assert.equal(account.scope.type, 'account');
    const types = await children(account);
    const names = await Promise.all(types.map(labelOf));
    for (const t of ['Users', 'Skills']) assert.ok(names.includes(t), `${t} among ${names.join(', ')}`);
    assert.equal((await itemOf(types[0]!)).contextValue, 'scope.componentType');
  });

  test('Uniphore: categories plus "Recent"; FloQast: API keys', async () => {
    const u = await children(await connectionNode('Sandbox Uniphore'));
    const labels = await Promise.all(u.map(labelOf));
    assert.equal(labels.at(-1), 'Recent');
    assert.ok(u.filter((n) => isScope(n) && n.scope.type === 'category').length >= 1);
    const f = await children(await connectionNode('Sandbox FloQast'));
    assert.ok(f.length >= 1);
    for (const k of f) {
      assert.ok(isScope(k) && k.scope.type === 'apiKey');
      assert.equal((await itemOf(k)).contextValue, 'scope.apiKey');
    }
  });

  test('a failure becomes an error node with a retry; Retry brings the children back', async () => {
    const sb = await sandbox();
    const fault = sb.faults.add({ kind: '500', path: '/interaction/v1/interactions', times: Infinity });
    try {
      await vscode.commands.executeCommand('auditLens.refresh', { connectionId: ids.sfmc });
      const conn = await connectionNode('Sandbox Marketing Cloud');
      const kids = await children(conn);
      assert.equal(kids.length, 1);
      const err = kids[0]!;
      assert.ok(isError(err));
      const item = await itemOf(err);
      assert.equal(item.contextValue, 'error');
      assert.match(String(item.label), /^Failed: .*500/);
      assert.equal(item.command?.command, 'auditLens.retry');
      assert.equal((await itemOf(conn)).contextValue, 'connection.sfmc.error');
    } finally {
      fault.remove();
    }
    const conn = await connectionNode('Sandbox Marketing Cloud');
    const err = (await children(conn))[0]!;
    await vscode.commands.executeCommand('auditLens.retry', err);
    const back = await children(conn);
    assert.ok(back.filter((n) => isScope(n)).length > 0);
    assert.equal((await itemOf(conn)).contextValue, 'connection.sfmc.connected');
  });

  test('an auth failure marks the connection and offers "Sign in again", which fixes it', async () => {
    const a = await api();
    await a.services.store.setSecrets(ids.floqast, { apiKey: 'wrong-api-key-123' });
    const conn = await connectionNode('Sandbox FloQast');
    const [err] = await children(conn);
    assert.ok(isError(err) && err.auth);
    assert.equal((await itemOf(err)).contextValue, 'error.auth');
    assert.equal((await itemOf(err)).command?.command, 'auditLens.signInAgain');
    assert.equal((await itemOf(conn)).contextValue, 'connection.floqast.authFailed');
    a.services.prompter.answer('demo-floqast-api-key');
    assert.equal(await vscode.commands.executeCommand('auditLens.signInAgain', { connectionId: ids.floqast }), true);
    const node = await waitFor('FloQast reconnects', async () => {
      const kids = await children(await connectionNode('Sandbox FloQast'));
      return kids.every((k: TreeNode) => isScope(k)) ? kids : undefined;
    });
    assert.ok(node.length >= 1);
    assert.equal((await itemOf(await connectionNode('Sandbox FloQast'))).contextValue, 'connection.floqast.connected');
  });

  test('the tree view is the one registered for the Connections view', async () => {
    const a = await api();
    await vscode.commands.executeCommand('auditLens.connections.focus');
    await waitFor('the Connections view to show', () => a.treeView.visible || undefined);
    const roots = await children();
    assert.ok(roots.length > 0);
    // reveal() goes through the view itself: it fails for a node the provider can't place.
    // The view fetches its roots on its own once shown; until then it can't place them.
    await waitFor('the view to reveal the first provider', async () => {
      try {
        await a.treeView.reveal(roots[0]!, { select: true, focus: false });
        return a.treeView.selection[0] === roots[0] || undefined;
      } catch {
        return undefined;
      }
    });
  });
});
