import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditRecord } from '../../../src/core/model';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import { DEMO } from '../../../src/sandbox/demoCredentials';
import { addSandboxConnections, api, closeAllEditors, reset, runWith, sandbox, shownSince, waitFor } from './helpers';

suite('commands, driven through executeCommand with scripted answers', () => {
  suiteSetup(reset);
  suiteTeardown(async () => {
    await reset();
    await closeAllEditors();
  });

  test('Add Connection…: the wizard asks each field, tests the connection, then saves it', async () => {
    const a = await api();
    const { url } = await sandbox();
    const before = a.services.prompter.shown.length;
    const id = await runWith<string>('auditLens.addConnection', ['FloQast', 'Wizard FloQast', 'us', url, DEMO.floqast.apiKey]);
    assert.match(id, /^floqast-/);
    const saved = a.services.store.get(id)!;
    assert.equal(saved.label, 'Wizard FloQast');
    assert.equal(saved.settings.baseUrl, url);
    assert.deepEqual(await a.services.store.getSecrets(id), { apiKey: DEMO.floqast.apiKey });
    const info = (await shownSince(before)).find((m) => m.severity === 'info');
    assert.match(info?.message ?? '', /Wizard FloQast: /, 'the connection test result is shown');
  });

  test('Add Connection…: input is validated as typed (https only, except loopback)', async () => {
    const a = await api();
    const before = a.services.prompter.shown.length;
    a.services.prompter.answer('Uniphore', 'Bad Uniphore', 'http://uniphore.example.com');
    await vscode.commands.executeCommand('auditLens.addConnection');
    const err = (await shownSince(before)).find((m) => m.severity === 'error');
    assert.match(err?.message ?? '', /https/);
    assert.ok(!a.services.store.list().some((c) => c.label === 'Bad Uniphore'));
    a.services.prompter.clearScript();
  });

  test('Add Connection…: a failing connection test is not saved unless asked', async () => {
    const a = await api();
    const { url } = await sandbox();
    // The test fails (wrong key): "Edit again" re-asks; then Escape cancels.
    await runWith('auditLens.addConnection', ['FloQast', 'Wrong key', 'us', url, 'not-the-key', 'Edit again', undefined]);
    assert.ok(!a.services.store.list().some((c) => c.label === 'Wrong key'));
    // "Save anyway" keeps it.
    const id = await runWith<string>('auditLens.addConnection', ['FloQast', 'Saved anyway', 'us', url, 'not-the-key', 'Save anyway']);
    assert.equal(a.services.store.get(id)?.label, 'Saved anyway');
    await a.services.store.remove(id);
  });

  test('Edit Connection: renames and re-tests; the stored secret is kept', async () => {
    const a = await api();
    const { url } = await sandbox();
    const id = a.services.store.list().find((c) => c.label === 'Wizard FloQast')!.id;
    assert.equal(await runWith('auditLens.editConnection', ['Renamed FloQast', 'us', url], { connectionId: id }), true);
    assert.equal(a.services.store.get(id)?.label, 'Renamed FloQast');
    assert.deepEqual(await a.services.store.getSecrets(id), { apiKey: DEMO.floqast.apiKey });
  });

  test('Replace Secret / Sign In Again: the new secret is tested, then stored', async () => {
    const a = await api();
    const id = a.services.store.list().find((c) => c.label === 'Renamed FloQast')!.id;
    // A wrong secret fails the test; Escape keeps the old one.
    await runWith('auditLens.replaceSecret', ['still-wrong', undefined], { connectionId: id });
    assert.deepEqual(await a.services.store.getSecrets(id), { apiKey: DEMO.floqast.apiKey });
    assert.equal(await runWith('auditLens.replaceSecret', [DEMO.floqast.apiKey], { connectionId: id }), true);
    assert.equal(await runWith('auditLens.signInAgain', [DEMO.floqast.apiKey], { connectionId: id }), true);
  });

  test('Remove Connection: asks first, then deletes the metadata and the secrets', async () => {
    const a = await api();
    const id = a.services.store.list().find((c) => c.label === 'Renamed FloQast')!.id;
    assert.equal(await runWith('auditLens.removeConnection', [undefined], { connectionId: id }), false);
    assert.ok(a.services.store.get(id));
    assert.equal(await runWith('auditLens.removeConnection', ['Remove'], { connectionId: id }), true);
    assert.equal(a.services.store.get(id), undefined);
    assert.equal(await a.services.context.secrets.get(`auditLens.connection.${id}`), undefined);
  });

  test('Refresh reloads the tree', async () => {
    const a = await api();
    let fired = 0;
    const sub = a.services.tree.onDidChangeTreeData(() => fired++);
    await runWith('auditLens.refresh', []);
    sub.dispose();
    assert.ok(fired >= 1);
  });

  test('Query Audit Records…: connection, journey, action and range are asked; records arrive in range, newest first', async () => {
    const a = await api();
    await reset();
    const ids = await addSandboxConnections();
    const sfmc = a.services.store.get(ids.sfmc)!;
    const direct = await a.services.sessions.get(ids.sfmc);
    const journeys = (await direct.listScopes({ page: 1, pageSize: 50 })).scopes;
    // The journey with the most audit history in the last 30 days.
    let best = journeys[0]!;
    let bestCount = -1;
    const since = Date.now() - 30 * 86400_000;
    for (const j of journeys.slice(0, 12)) {
      const n = (await direct.fetchAudit({ journey: j.id, action: 'all' })).records.filter((r) => Date.parse(r.time) >= since).length;
      if (n > bestCount) [best, bestCount] = [j, n];
    }
    const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', [sfmc.label, { index: journeys.indexOf(best) }, 'all', 'Last 30 days']);
    assert.equal(outcome.status, 'complete');
    assert.ok(outcome.records > 0, 'some records');
    const got = a.queries.currentRecords();
    assert.ok(Math.abs(got.length - bestCount) <= 2, `about ${bestCount} records, got ${got.length}`);
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.time >= got[i]!.time, 'newest first');
    for (const r of got) {
      assert.equal(r.provider, 'sfmc');
      assert.equal(r.connection, ids.sfmc);
      assert.ok(Date.parse(r.time) >= since - 60_000);
    }
    assert.equal(a.services.timeline.hasResults, true, 'the timeline panel holds the records');
  });

  test('Query Audit Records…: several connections merge into one timeline', async () => {
    const a = await api();
    const labels = ['Sandbox LivePerson', 'Sandbox FloQast'];
    const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', [{ labels }, 'Last 30 days']);
    assert.equal(outcome.status, 'complete');
    const got = a.queries.currentRecords();
    const providers = new Set(got.map((r) => r.provider));
    assert.deepEqual([...providers].sort(), ['floqast', 'liveperson']);
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.time >= got[i]!.time, 'one merged, newest-first timeline');
  });

  test('Run Query Again: the same connections, scopes and range, nothing asked; a connection removed since is an error saying so', async () => {
    const a = await api();
    const first = await runWith<QueryOutcome>('auditLens.queryRecords', [{ labels: ['Sandbox LivePerson', 'Sandbox FloQast'] }, 'Last 30 days']);
    const title = a.services.timeline.sessionState.query?.title;
    const again = await runWith<QueryOutcome>('auditLens.rerunQuery', []);
    assert.equal(again.status, 'complete');
    assert.equal(a.services.timeline.sessionState.query?.title, title);
    assert.equal(a.services.timeline.sessionState.keepView, true, 'the panel keeps its filter and search');
    // "Last 30 days" counts back from the new run's now: a record may have slipped out at the far end.
    assert.ok(Math.abs(again.records - first.records) <= 2, `${first.records} then ${again.records}`);
    assert.deepEqual([...new Set(a.queries.currentRecords().map((r) => r.provider))].sort(), ['floqast', 'liveperson']);

    // A query of a connection that is then removed.
    const fq = a.services.store.list().find((c) => c.provider === 'floqast')!;
    const spare = { ...fq, id: 'it-rerun-spare', label: 'Spare FloQast', settings: { ...fq.settings } };
    await a.services.store.add(spare, { apiKey: DEMO.floqast.apiKey });
    await runWith<QueryOutcome>('auditLens.queryRecords', ['All API keys', 'Last 7 days'], { connectionIds: [spare.id] });
    await a.services.store.remove(spare.id);
    const before = a.services.prompter.shown.length;
    assert.equal(await vscode.commands.executeCommand('auditLens.rerunQuery'), undefined);
    const error = (await shownSince(before)).find((m) => m.severity === 'error');
    assert.match(error?.message ?? '', /A connection this query read has been removed since: run Query Audit Records… to choose again\./);
  });

  test('Run a Recent Query…: the last queries, newest first, each run again as it was, asking nothing else', async () => {
    const a = await api();
    const ids = Object.fromEntries(a.services.store.list().map((c) => [c.provider, c.id]));
    await runWith<QueryOutcome>('auditLens.queryRecords', ['All categories', 'Last 30 days'], { connectionIds: [ids.uniphore] });
    const uniphoreTitle = a.services.timeline.sessionState.query?.title ?? '';
    const uniphoreCount = a.queries.currentRecords().length;
    await runWith<QueryOutcome>('auditLens.queryRecords', ['All API keys', 'Last 7 days'], { connectionIds: [ids.floqast] });
    const recent = a.services.recentQueries.list();
    assert.equal(recent[0]?.title, a.services.timeline.sessionState.query?.title, 'the newest first');
    assert.equal(recent[1]?.title, uniphoreTitle);

    const again = await runWith<QueryOutcome>('auditLens.runRecentQuery', [uniphoreTitle]);
    assert.equal(again.status, 'complete');
    assert.equal(a.services.timeline.sessionState.keepView, undefined, 'another query than the one shown starts clean');
    assert.equal(a.services.timeline.sessionState.query?.title, uniphoreTitle);
    assert.ok(Math.abs(a.queries.currentRecords().length - uniphoreCount) <= 2);
    assert.ok(a.queries.currentRecords().every((r) => r.provider === 'uniphore'));
    assert.equal(a.services.recentQueries.list()[0]?.title, uniphoreTitle, 'run again, it comes first, once');
    assert.equal(a.services.recentQueries.list().filter((q) => q.title === uniphoreTitle).length, 1);
  });

  test('Query Audit Records… from a tree node skips the questions it answers', async () => {
    const a = await api();
    const ids = Object.fromEntries(a.services.store.list().map((c) => [c.provider, c.id]));
    const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', ['All categories', 'Custom range…', '2000-01-01', new Date().toISOString().slice(0, 10)], {
      connectionIds: [ids.uniphore],
    });
    assert.equal(outcome.status, 'complete');
    assert.ok(a.queries.currentRecords().every((r) => r.provider === 'uniphore'));
  });

  test('Open Record as JSON: pick a record and a form', async () => {
    const a = await api();
    const records = a.queries.currentRecords();
    const doc = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [0, 'Raw']);
    assert.equal(doc.uri.scheme, 'audit-lens');
    assert.deepEqual(JSON.parse(doc.getText()), records[0]!.raw);
    const norm = await runWith<vscode.TextDocument>('auditLens.openRecordJson', [], records[1], 'normalized');
    assert.deepEqual(JSON.parse(norm.getText()), JSON.parse(JSON.stringify(records[1])));
  });

  test('Compare Records: VS Code’s diff editor on two record documents', async () => {
    const a = await api();
    const records = a.queries.currentRecords();
    assert.equal(await runWith('auditLens.compareRecords', [0, 0]), true);
    const tab = await waitFor('a diff tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    });
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'audit-lens');
    assert.equal(input.modified.scheme, 'audit-lens');
    const left = await vscode.workspace.openTextDocument(input.original);
    const right = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(JSON.parse(left.getText()).id, records[0]!.id);
    assert.equal(JSON.parse(right.getText()).id, records[1]!.id, 'the second pick lists the others');
  });

  test('Export Results…: format and file are asked; the file holds the records', async () => {
    const a = await api();
    const records = a.queries.currentRecords();
    const file = join(tmpdir(), `audit-lens-export-${process.pid}.jsonl`);
    assert.equal(await runWith('auditLens.exportResults', ['JSON Lines (.jsonl)', file]), file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, records.length);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as AuditRecord).id), records.map((r) => r.id));
  });

  test('Open Audit Log Item by ID… (Uniphore): validates the id, opens the item, lists it under "Recent"', async () => {
    const a = await api();
    const uni = a.services.store.list().find((c) => c.provider === 'uniphore')!;
    const some = a.queries.currentRecords().find((r) => r.provider === 'uniphore');
    const id = some?.id ?? '833032';
    const before = a.services.prompter.shown.length;
    a.services.prompter.answer('12ab');
    await vscode.commands.executeCommand('auditLens.openById', { connectionId: uni.id });
    assert.match((await shownSince(before)).find((m) => m.severity === 'error')?.message ?? '', /integer/);
    a.services.prompter.clearScript();
    const doc = await runWith<vscode.TextDocument>('auditLens.openById', [id], { connectionId: uni.id });
    const shown = JSON.parse(doc.getText()) as AuditRecord;
    assert.equal(shown.id, id);
    assert.equal(shown.provider, 'uniphore');
    assert.deepEqual(a.services.recent.list(uni.id).map((r) => r.id), [id]);
  });

  test('Show Log: the log holds each request (method, path, status, ms) and no secret', async () => {
    const a = await api();
    await runWith('auditLens.showLog', []);
    const lines = a.services.log.recent;
    assert.ok(lines.some((l) => /^\[sfmc\] GET \/interaction\/v1\/interactions\S* → 200 in \d+ ms/.test(l)), 'an SFMC request line');
    assert.ok(lines.some((l) => /^\[floqast\] GET \/api\/v1\/audit-trail\S* → 200 in \d+ ms/.test(l)), 'a FloQast request line');
    const text = lines.join('\n');
    for (const secret of [DEMO.sfmc.clientSecret, DEMO.floqast.apiKey, DEMO.liveperson.bearer, DEMO.uniphore.token]) {
      assert.ok(!text.includes(secret), 'no secret in the log');
    }
  });

  test('Open Demo: starts the sandbox and adds four demo connections that work', async () => {
    const a = await api();
    await reset();
    const url = await runWith<string>('auditLens.openDemo', []);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const demo = a.services.store.list().filter((c) => c.settings.demo === 'true');
    assert.deepEqual(demo.map((c) => c.provider).sort(), ['floqast', 'liveperson', 'sfmc', 'uniphore']);
    assert.equal(demo.find((c) => c.provider === 'sfmc')?.settings.authBaseUrl, url);
    const session = await a.services.sessions.get('demo-floqast');
    assert.match(await session.testConnection(), /.+/);
    // Opening it again adds nothing.
    await runWith('auditLens.openDemo', []);
    assert.equal(a.services.store.list().length, 4);
  });
});
