import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../../src/core/model';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import { CSV_COLUMNS } from '../../../src/extension/exportFormats';
import { DEMO } from '../../../src/sandbox/demoCredentials';
import { addSandboxConnections, api, closeAllEditors, reset, runWith, sandbox, shownSince } from './helpers';

suite('Export Results…', () => {
  let records: AuditRecord[];
  suiteSetup(async () => {
    await reset();
    const ids = await addSandboxConnections();
    const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', [], { connectionIds: [ids.liveperson, ids.uniphore], range: '30d' });
    assert.equal(outcome.status, 'complete');
    records = (await api()).queries.currentRecords();
    assert.ok(records.length > 0);
  });
  suiteTeardown(reset);

  const file = (ext: string) => join(tmpdir(), `audit-lens-export-test-${process.pid}.${ext}`);

  test('JSON: one array of the neutral records, newest first', async () => {
    await runWith('auditLens.exportResults', ['JSON (.json)', file('json')]);
    const got = JSON.parse(readFileSync(file('json'), 'utf8')) as AuditRecord[];
    assert.deepEqual(got, JSON.parse(JSON.stringify(records)));
  });

  test('CSV: a header and one row a record', async () => {
    await runWith('auditLens.exportResults', [], { format: 'csv', path: file('csv') });
    const text = readFileSync(file('csv'), 'utf8');
    assert.ok(text.startsWith(CSV_COLUMNS.join(',') + '\r\n'));
    const rows = text.trimEnd().split('\r\n').slice(1);
    // Rows may contain quoted newlines; every record's time starts a row.
    const starts = rows.filter((r) => /^\d{4}-\d\d-\d\dT/.test(r));
    assert.equal(starts.length, records.length);
    assert.ok(starts[0]!.startsWith(`${records[0]!.time},${records[0]!.provider},`));
  });

  test('an export replaces the file it is saved over, whole, and leaves nothing else beside it; the message says how many', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-lens-export-'));
    const path = join(dir, 'results.jsonl');
    writeFileSync(path, 'an older, longer export\n'.repeat(10_000));
    const before = (await api()).services.prompter.shown.length;
    assert.equal(await runWith('auditLens.exportResults', [], { format: 'jsonl', path }), path);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l) as AuditRecord), JSON.parse(JSON.stringify(records)));
    assert.deepEqual(readdirSync(dir), ['results.jsonl'], 'no temporary file is left');
    const said = (await shownSince(before)).find((m) => m.message.startsWith('Exported'));
    assert.deepEqual([said?.severity, said?.message], ['info', `Exported ${records.length.toLocaleString('en-US')} records to ${path}.`]);
  });

  test('exported files hold no secret', async () => {
    await runWith('auditLens.exportResults', [], { format: 'jsonl', path: file('jsonl') });
    const text = ['json', 'csv', 'jsonl'].map((e) => readFileSync(file(e), 'utf8')).join('\n');
    for (const s of [DEMO.liveperson.bearer, DEMO.uniphore.token]) assert.ok(!text.includes(s));
  });

  test('with the timeline panel closed, the last query’s records are still exported, every one, newest first', async () => {
    const a = await api();
    await closeAllEditors();
    assert.equal(a.services.timeline.hasResults, false, 'no panel shows them');
    assert.equal(a.services.results.count, records.length);
    await runWith('auditLens.exportResults', [], { format: 'jsonl', path: file('closed.jsonl') });
    const lines = readFileSync(file('closed.jsonl'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => JSON.parse(l) as AuditRecord), JSON.parse(JSON.stringify(records)));

    // Show Timeline opens the panel again on the same records, fetching nothing.
    const requests = (await sandbox()).stats.requests.length;
    assert.equal(await runWith('auditLens.showTimeline', []), true);
    assert.equal(a.services.timeline.hasResults, true);
    assert.equal(a.services.timeline.sessionState.total, records.length);
    assert.deepEqual(a.queries.currentRecords(), records);
    assert.equal((await sandbox()).stats.requests.length, requests, 'no request was sent');
  });
});
