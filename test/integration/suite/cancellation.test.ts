import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import { addSandboxConnections, api, reset, sandbox, waitFor } from './helpers';

suite('cancellation', () => {
  let ids: Awaited<ReturnType<typeof addSandboxConnections>>;
  suiteSetup(async () => {
    await reset();
    ids = await addSandboxConnections();
  });
  suiteTeardown(reset);

  test('cancelling a slow query aborts its HTTP request and marks the result cancelled', async () => {
    const a = await api();
    const sb = await sandbox();
    // Each audit page would take two minutes: longer than this test may run, so only an abort ends it.
    const slow = sb.faults.add({ kind: 'slow', provider: 'floqast', path: '/api/v1/audit-trail', delayMs: 120_000, times: Infinity });
    let seen = 0;
    const hook = sb.faults.onRequest({ provider: 'floqast', path: '/api/v1/audit-trail', times: Infinity }, () => {
      seen++;
    });
    try {
      const running = vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.floqast], range: '7d', scope: null });
      await waitFor('the slow request to reach the sandbox', () => seen > 0 || undefined, 20_000);
      assert.equal(a.queries.cancelRunning(), 1);
      const outcome = await running;
      assert.equal(outcome.status, 'cancelled');
      assert.ok(a.services.log.recent.some((l) => /cancelled/.test(l)));
      const shownErrors = a.services.prompter.shown.filter((m) => m.severity === 'error' && /incomplete/.test(m.message));
      assert.equal(shownErrors.length, 0, 'a cancellation is not reported as an error');
    } finally {
      slow.remove();
      hook.remove();
    }
  });

  test('a newer query cancels the one running (newest request wins)', async () => {
    const sb = await sandbox();
    const slow = sb.faults.add({ kind: 'slow', provider: 'floqast', path: '/api/v1/audit-trail', delayMs: 120_000, times: 1 });
    let seen = 0;
    const hook = sb.faults.onRequest({ provider: 'floqast', path: '/api/v1/audit-trail', times: Infinity }, () => {
      seen++;
    });
    try {
      const first = vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.floqast], range: '7d', scope: null });
      await waitFor('the first request', () => seen > 0 || undefined, 20_000);
      const second = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.floqast], range: '7d', scope: null });
      assert.equal((await first).status, 'cancelled');
      assert.equal(second.status, 'complete');
    } finally {
      slow.remove();
      hook.remove();
    }
  });
});
