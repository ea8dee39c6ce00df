import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScopeNode, TreeNode } from '../../../src/extension/tree/nodes';
import type { DiffOutcome, InvestigationOutcome } from '../../../src/extension/publishErrors/publishErrorCommands';
import { stableJson } from '../../../src/extension/publishErrors/definitionJson';
import { addSandboxConnections, api, children, closeAllEditors, itemOf, labelOf, reset, runWith, sandbox, waitFor } from './helpers';

// The suite is bundled apart from the extension, so its node classes differ: nodes are recognised by shape.
const isScope = (n: TreeNode | undefined): n is ScopeNode => !!n && 'scope' in n && !('attempt' in n);

async function sfmcConnection(): Promise<TreeNode> {
  for (const p of await children()) {
    for (const c of await children(p)) if ((await labelOf(c)) === 'Sandbox Marketing Cloud') return c;
  }
  throw new Error('no SFMC connection');
}

async function journeyNode(name: string): Promise<ScopeNode> {
  const found = (await children(await sfmcConnection())).find((n) => isScope(n) && n.scope.name === name);
  assert.ok(found, `${name} is on the first page`);
  return found as ScopeNode;
}

/** Waits for the background publish check to decide, then returns the node's current item. */
async function settledItem(name: string, failed: boolean): Promise<{ node: ScopeNode; item: vscode.TreeItem }> {
  return waitFor(`${name}'s publish check`, async () => {
    const node = await journeyNode(name);
    const item = await itemOf(node);
    return String(item.contextValue).endsWith('.publishFailed') === failed ? { node, item } : undefined;
  });
}

function themeIconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

suite('journey publish errors against the sandbox', () => {
  suiteSetup(async () => {
    await reset();
    await addSandboxConnections();
  });
  suiteTeardown(async () => {
    await closeAllEditors();
    await reset();
  });

  test('a journey whose latest publish failed carries a warning and a "Publish errors (N)" node with each explained error', async () => {
    const sb = await sandbox();
    const { node, item } = await settledItem('Welcome Series', true);
    assert.equal(item.contextValue, 'scope.journey.publishFailed');
    assert.equal(themeIconId(item), 'warning');
    assert.match(String(item.description), /^publish failed · Draft · v5$/);
    assert.ok(sb.truth.sfmc.journey(node.scope.id)?.latestPublishFailed);

    const kids = await children(node);
    assert.equal(await labelOf(kids[0]!), 'Publish errors (1)');
    const errorsItem = await itemOf(kids[0]!);
    assert.equal(errorsItem.contextValue, 'publishErrors');
    assert.equal(errorsItem.command?.command, 'auditLens.investigatePublishErrors');
    assert.match(String(errorsItem.description), /^v5 · /);
    const [only] = await children(kids[0]!);
    assert.equal(await labelOf(only!), 'VALIDATE_GENERAL_EXCEPTION');
    const errorItem = await itemOf(only!);
    assert.equal(errorItem.description, 'An entry event must be configured before activation can be successful');
    assert.match((errorItem.tooltip as vscode.MarkdownString).value, /Next step/);
    // The versions follow; the failed latest version is decorated too, the published one is not.
    const versions = kids.slice(1).filter(isScope);
    assert.deepEqual(versions.map((v) => v.scope.detail?.version), [5, 4, 2, 1], 'version 3 no longer exists');
    const v5 = await waitFor('version 5 decorated', async () => {
      const i = await itemOf(versions[0]!);
      return i.contextValue === 'scope.version.publishFailed' ? i : undefined;
    });
    assert.equal(themeIconId(v5), 'warning');
    assert.equal(v5.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(await labelOf((await children(versions[0]!))[0]!), 'Publish errors (1)');
    const v4 = await itemOf(versions[1]!);
    assert.equal(v4.contextValue, 'scope.version');
    assert.deepEqual(await children(versions[1]!), []);
  });

  test('the parallel Salesforce-triggered publish: one journey still failing with its trigger error, the other fixed since', async () => {
    const { node } = await settledItem('Lead Nurture (Salesforce)', true);
    const [errors] = await children(node);
    const [first] = await children(errors!);
    assert.equal(await labelOf(first!), 'Salesforce_JB_Triggers_Error');
    assert.match((( await itemOf(first!)).tooltip as vscode.MarkdownString).value, /one journey at a time/);
    const fixed = await settledItem('Case Follow-up (Salesforce)', false);
    assert.equal(fixed.item.contextValue, 'scope.journey');
    assert.notEqual(await labelOf((await children(fixed.node))[0]!), 'Publish errors (1)');
  });

  test('Investigate Publish Errors reads every version down to 1, skipping the missing one, and shows each attempt in the timeline', async () => {
    const a = await api();
    const sb = await sandbox();
    const node = await journeyNode('Welcome Series');
    const [errorsNode] = await children(node);
    const outcome = await runWith<InvestigationOutcome>('auditLens.investigatePublishErrors', [], errorsNode);
    const truth = sb.truth.sfmc.journey(node.scope.id)!;
    const publishes = sb.truth.sfmc.auditItems(node.scope.id, { action: 'publish' });
    assert.equal(outcome.status, 'complete');
    assert.equal(outcome.records, truth.auditCount, 'every item of every version');
    assert.deepEqual(outcome.skippedVersions, [3]);
    assert.equal(outcome.attempts, publishes.length);
    assert.equal(outcome.failed, publishes.filter((p) => p.publishStatus === 'Error').length);

    const inv = await waitFor('the timeline’s investigation', () => a.services.timeline.investigation);
    assert.equal(inv.journeyName, 'Welcome Series');
    assert.deepEqual(inv.skippedVersions, [3]);
    assert.equal(inv.attempts.length, publishes.length);
    const latest = inv.attempts[0]!;
    assert.equal(inv.focus, 0);
    assert.equal(latest.version, 5);
    assert.equal(latest.outcome, 'failure');
    assert.equal(latest.status, 'Error');
    const newest = publishes.at(-1)!;
    assert.equal(latest.publisher, newest.user.name);
    assert.ok(latest.key >= 0, 'the attempt is a row of the timeline');
    assert.deepEqual(latest.errors.map((e) => [e.code, e.message]), newest.errors!.map((e) => [e.ErrorCode, e.ErrorDetail]));
    assert.ok(latest.errors.every((e) => e.explanation));
    // What changed before it failed: the Modify rows after version 4's successful publish.
    assert.equal(latest.lastSuccess?.version, 4);
    const items = sb.truth.sfmc.auditItems(node.scope.id, {});
    let lastOk = -1;
    items.forEach((i, at) => {
      if (i.action === 'Publish' && i.publishStatus === 'PublishCompleted') lastOk = at;
    });
    const modifies = items.slice(lastOk + 1).filter((i) => i.action === 'Modify');
    assert.equal(latest.changesTotal, modifies.length);
    assert.ok(latest.changesBefore.every((c) => c.key >= 0 && c.version === 5));
    assert.equal(latest.canCompare, true);
    // v4 failed once (two errors, one of them explained differently), then went live.
    const v4fail = inv.attempts.find((x) => x.version === 4 && x.outcome === 'failure')!;
    assert.equal(v4fail.errors.length, 2);
    assert.equal(v4fail.lastSuccess?.version, 2);
    assert.equal(a.services.timeline.currentRecords().length, truth.auditCount);

    // Run Query Again reads the same journey's whole history again, asking nothing.
    const again = await runWith<InvestigationOutcome>('auditLens.rerunQuery', []);
    assert.deepEqual([again.status, again.records, again.attempts], ['complete', truth.auditCount, publishes.length]);
    assert.equal(a.services.timeline.sessionState.query?.title, 'Publish errors · Welcome Series');
    assert.equal(a.services.timeline.sessionState.keepView, true, 'the filter and search stay');
    assert.equal((await waitFor('the investigation again', () => a.services.timeline.investigation)).attempts.length, publishes.length);
  });

  test('from the palette: a QuickPick of journeys searchable by name; a version node focuses its own attempt', async () => {
    const a = await api();
    const outcome = await runWith<InvestigationOutcome>('auditLens.investigatePublishErrors', ['Lead Nurture (Salesforce)']);
    assert.equal(outcome.status, 'complete');
    const inv = await waitFor('Lead Nurture investigation', () => (a.services.timeline.investigation?.journeyName === 'Lead Nurture (Salesforce)' ? a.services.timeline.investigation : undefined));
    assert.equal(inv.attempts[0]!.errors[0]!.code, 'Salesforce_JB_Triggers_Error');

    const welcome = await journeyNode('Welcome Series');
    const v4 = (await children(welcome)).filter(isScope).find((n) => n.scope.detail?.version === 4)!;
    await runWith('auditLens.investigatePublishErrors', [], v4);
    const focused = await waitFor('v4 focus', () => (a.services.timeline.investigation?.journeyName === 'Welcome Series' ? a.services.timeline.investigation : undefined));
    assert.equal(focused.attempts[focused.focus!]!.version, 4);
  });

  test('Compare with Last Successful Version opens the diff editor on both definitions, keys sorted', async () => {
    const sb = await sandbox();
    await closeAllEditors();
    const node = await journeyNode('Welcome Series');
    const diff = await runWith<DiffOutcome>('auditLens.compareWithLastSuccessfulVersion', [], node);
    assert.equal(diff.baseVersion, 4);
    assert.equal(diff.version, 5);
    const tab = await waitFor('the diff tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    });
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), diff.left);
    assert.equal(input.modified.toString(), diff.right);
    assert.equal(input.original.scheme, 'audit-lens');
    assert.match(tab.label, /Welcome Series: v4 \(last successful\) ↔ v5/);
    for (const [uri, version] of [
      [input.original, 4],
      [input.modified, 5],
    ] as const) {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, 'json');
      const expected = JSON.parse(JSON.stringify(sb.truth.sfmc.definition(node.scope.id, version)));
      assert.deepEqual(JSON.parse(doc.getText()), expected, `version ${version}'s definition as the API serves it`);
      assert.equal(doc.getText(), stableJson(expected), 'keys in stable order');
    }
    const left = (await vscode.workspace.openTextDocument(input.original)).getText();
    const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.notEqual(left, right);
  });

  test('a version that no longer exists is an error naming it, not a blank diff', async () => {
    const a = await api();
    const before = a.services.prompter.shown.length;
    const connectionId = (await journeyNode('Welcome Series')).connectionId;
    const r = await vscode.commands.executeCommand<DiffOutcome | undefined>('auditLens.compareWithLastSuccessfulVersion', {
      connectionId,
      journey: 'key:welcome-series',
      journeyName: 'Welcome Series',
      version: 5,
      baseVersion: 3,
    });
    assert.equal(r, undefined);
    const shown = a.services.prompter.shown.slice(before);
    assert.ok(shown.some((m) => m.severity === 'error' && /Version 3 of journey Welcome Series no longer exists/.test(m.message)), JSON.stringify(shown));
  });
});
