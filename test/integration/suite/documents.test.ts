import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuditRecord } from '../../../src/core/model';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import { recordUri } from '../../../src/extension/recordDocuments';
import { addSandboxConnections, api, closeAllEditors, reset, runWith } from './helpers';

suite('record documents (audit-lens: scheme)', () => {
  let records: AuditRecord[];
  let ids: Awaited<ReturnType<typeof addSandboxConnections>>;
  suiteSetup(async () => {
    await reset();
    ids = await addSandboxConnections();
    const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', [], { connectionIds: [ids.floqast], range: '30d', scope: null });
    assert.equal(outcome.status, 'complete');
    records = (await api()).queries.currentRecords();
    assert.ok(records.length >= 2);
  });
  suiteTeardown(async () => {
    await closeAllEditors();
    await reset();
  });

  test('normalized and raw documents hold the right pretty-printed JSON, as language json', async () => {
    const r = records[0]!;
    const doc = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], r, 'normalized');
    assert.equal(doc.languageId, 'json');
    assert.equal(doc.getText(), JSON.stringify(r, null, 2) + '\n');
    const raw = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], { connection: r.connection, id: r.id }, 'raw');
    assert.equal(raw.getText(), JSON.stringify(r.raw, null, 2) + '\n');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), raw.uri.toString());
  });

  test('URIs are stable and titled by provider, action and time', async () => {
    const r = records[1]!;
    const a = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], r, 'normalized');
    const b = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], r, 'normalized');
    assert.equal(a.uri.toString(), b.uri.toString());
    assert.equal(a.uri.toString(), recordUri(r, 'normalized').toString());
    const name = a.uri.path.split('/').pop()!;
    assert.ok(name.startsWith(`FloQast ${r.action.split(' ')[0]}`), name);
    assert.ok(name.endsWith(`${r.time.slice(0, 10)} ${r.time.slice(11, 19).replace(/:/g, '.')}Z.json`), name);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, name);
  });

  test('documents are read-only: typing into the editor changes nothing', async () => {
    const doc = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], records[0], 'raw');
    const before = doc.getText();
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('type', { text: 'tampered' });
    assert.equal(doc.getText(), before);
    assert.equal(doc.isDirty, false);
  });

  test('a record opened from the timeline outlives the panel and the next query; an address never opened resolves while its query is the last', async () => {
    assert.ok(records.length >= 5, `${records.length} records`);
    // Records 0 and 1 were opened above; these three never were, so VS Code asks the provider for each address.
    const [opened, unopened, forgotten] = [records[2]!, records[3]!, records[4]!];
    // What the timeline's "Open as JSON" runs: the command, handed the record itself.
    await vscode.commands.executeCommand('auditLens.openRecordJson', opened, 'raw');
    await closeAllEditors();
    assert.equal((await api()).services.timeline.hasResults, false, 'the timeline panel is closed');

    const fromTimeline = await vscode.workspace.openTextDocument(recordUri(unopened, 'raw'));
    assert.equal(fromTimeline.getText(), JSON.stringify(unopened.raw, null, 2) + '\n', 'read from the last query, which the closed timeline still holds');

    const next = await runWith<QueryOutcome>('auditLens.queryRecords', [], { connectionIds: [ids.uniphore], range: '30d', scope: null });
    assert.equal(next.status, 'complete');
    const still = await vscode.workspace.openTextDocument(recordUri(opened, 'normalized'));
    assert.deepEqual(JSON.parse(still.getText()), JSON.parse(JSON.stringify(opened)), 'the opened record was pinned');
    const gone = await vscode.workspace.openTextDocument(recordUri(forgotten, 'normalized'));
    assert.match(gone.getText(), /no longer in memory/, 'an earlier query’s record nobody opened is not kept');
  });
});
