import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import { addSandboxConnections, api, reset, runWith, sandbox, shownSince } from './helpers';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('auditLens').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('settings and errors', () => {
  let ids: Awaited<ReturnType<typeof addSandboxConnections>>;
  suiteSetup(async () => {
    await reset();
    ids = await addSandboxConnections();
  });
  suiteTeardown(async () => {
    for (const key of ['sfmc.timeZone', 'pageConcurrency', 'requestTimeoutMs']) await setSetting(key, undefined);
    await reset();
  });

  test('auditLens.sfmc.timeZone reads SFMC timestamps in that zone (when the connection sets none)', async () => {
    const a = await api();
    const conn = a.services.store.get(ids.sfmc)!;
    const { timeZone: _tz, ...settings } = conn.settings;
    await a.services.store.update({ ...conn, settings });
    const journey = (await sandbox()).truth.sfmc.journeys().find((j) => j.auditCount > 0 && j.auditCount < 200)!;
    const query = { connectionIds: [ids.sfmc], scope: { type: 'journey' as const, id: journey.id, name: journey.name }, action: 'all', range: { from: '2000-01-01', to: '2100-01-01' } };
    await setSetting('sfmc.timeZone', '-06:00');
    await runWith<QueryOutcome>('auditLens.queryRecords', [], query);
    const central = new Map(a.queries.currentRecords().map((r) => [r.id, r.time]));
    await setSetting('sfmc.timeZone', 'UTC');
    await runWith<QueryOutcome>('auditLens.queryRecords', [], query);
    const utc = a.queries.currentRecords();
    assert.ok(utc.length > 0);
    assert.equal(utc.length, central.size);
    for (const r of utc) assert.equal(Date.parse(central.get(r.id)!) - Date.parse(r.time), 6 * 3600_000, 'read as UTC−06:00, the instant is six hours later');
  });

  test('auditLens.pageConcurrency bounds the pages in flight', async () => {
    const sb = await sandbox();
    const big = sb.truth.sfmc.journeys().reduce((m, j) => (j.auditCount > m.auditCount ? j : m));
    assert.ok(big.auditCount > 200, 'a journey of many pages');
    await setSetting('pageConcurrency', 2);
    sb.setLatency(30);
    sb.stats.reset();
    try {
      const outcome = await runWith<QueryOutcome>('auditLens.queryRecords', [], {
        connectionIds: [ids.sfmc],
        scope: { type: 'journey', id: big.id, name: big.name },
        action: 'all',
        range: { from: '2000-01-01', to: '2100-01-01' },
      });
      assert.equal(outcome.status, 'complete');
      const path = /^\/interaction\/v1\/interactions\/[^/?]+\/audit\//;
      assert.ok(sb.stats.requestsTo(path).length > 3, 'several pages were fetched');
      assert.ok(sb.stats.peakInFlightFor(path) <= 2, `at most 2 pages in flight, saw ${sb.stats.peakInFlightFor(path)}`);
    } finally {
      sb.setLatency(0);
    }
  });

  test('auditLens.requestTimeoutMs applies to each request, and a failure is shown once with the provider’s words and "Show Log"', async () => {
    const a = await api();
    const sb = await sandbox();
    const before = a.services.prompter.shown.length;
    const fault = sb.faults.add({ kind: '403', provider: 'floqast', path: '/api/v1/audit-trail', times: Infinity, message: 'Key lacks the audit scope' });
    try {
      const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.floqast], range: '7d', scope: null });
      assert.equal(outcome.status, 'incomplete');
    } finally {
      fault.remove();
    }
    const errors = (await shownSince(before)).filter((m) => m.severity === 'error');
    assert.equal(errors.length, 1, 'shown once');
    assert.match(errors[0]!.message, /Key lacks the audit scope/);
    assert.match(errors[0]!.message, /floqast HTTP 403/);
    assert.deepEqual(errors[0]!.actions, ['Show Log']);
    assert.ok(a.services.log.recent.some((l) => /Key lacks the audit scope/.test(l)));

    await setSetting('requestTimeoutMs', 1000);
    const slow = sb.faults.add({ kind: 'timeout', provider: 'floqast', path: '/api/v1/audit-trail', times: Infinity });
    try {
      const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.floqast], range: '7d', scope: null });
      assert.equal(outcome.status, 'incomplete');
      assert.match(outcome.failures[0] ?? '', /timed out after 1000 ms/);
    } finally {
      slow.remove();
      await setSetting('requestTimeoutMs', undefined);
    }
  });
});
