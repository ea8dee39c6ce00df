/**
 * Issue 7: a partial result is never presented as complete. A query whose
 * later pages fail past the retry budget (a persistent 503), or whose pasted
 * token expires in mid-run (a 401 that can't be refreshed), keeps the
 * records that did arrive in the timeline, labelled "incomplete", naming the
 * provider and the request that failed; a cancelled query says cancelled.
 * Asserted on the timeline's session state and on what the host posted to
 * the webview.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { QueryOutcome } from '../../../src/extension/commands/queryCommands';
import type { HostToWebview, SessionState } from '../../../src/protocol';
import { addSandboxConnections, api, reset, sandbox, shownSince, waitFor } from './helpers';

const LP_AUDIT = /^\/api\/account\/[^/?]+\/configuration\/metadata\/audit(?:\?|$)/;
/** Everything the sandbox holds, so each provider answers in several pages. */
const ALL_TIME = { from: '2000-01-01', to: new Date(Date.now() + 86400_000).toISOString().slice(0, 10) };
const UNI_AUDIT = /^\/audit_log\/?(?:\?|$)/;

suite('incomplete and cancelled queries in the timeline', function () {
  // The 503 case waits out the whole retry budget (about 4 to 7 seconds).
  this.timeout(90_000);
  let ids: Awaited<ReturnType<typeof addSandboxConnections>>;
  const posted: HostToWebview[] = [];
  let tap: { dispose(): void } | undefined;

  suiteSetup(async () => {
    await reset();
    ids = await addSandboxConnections();
    tap = (await api()).services.timeline.onDidPostMessage((m) => posted.push(m));
  });
  suiteTeardown(async () => {
    tap?.dispose();
    await reset();
  });

  /** The last state the webview was sent. */
  function lastPostedState(): SessionState | undefined {
    for (let i = posted.length - 1; i >= 0; i--) {
      const m = posted[i]!;
      if (m.kind === 'notification' && m.type === 'session/state') return m.state;
    }
    return undefined;
  }

  async function complete(connectionIds: string[]): Promise<number> {
    const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds, range: ALL_TIME, scope: null });
    assert.equal(outcome.status, 'complete');
    return outcome.records;
  }

  test('a persistent 503 on LivePerson’s later pages: the records that arrived stay, labelled incomplete, naming LivePerson and the page', async () => {
    const a = await api();
    const sb = await sandbox();
    const seenBefore = sb.stats.requestsTo(LP_AUDIT).length;
    const fullLp = await complete([ids.liveperson]);
    assert.ok(sb.stats.requestsTo(LP_AUDIT).length - seenBefore >= 2, 'LivePerson answers in more than one page');
    const fullFq = await complete([ids.floqast]);

    const fault = sb.faults.add({ kind: '503', provider: 'liveperson', path: LP_AUDIT, skip: 1, times: Infinity });
    const shownFrom = a.services.prompter.shown.length;
    try {
      const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', {
        connectionIds: [ids.liveperson, ids.floqast],
        range: ALL_TIME,
        scope: null,
      });
      assert.equal(outcome.status, 'incomplete');
      assert.ok(fault.fired >= 4, 'the failing page was retried to the end of its budget');

      const state = a.services.timeline.sessionState;
      assert.equal(state.status, 'incomplete', 'never shown as complete');
      assert.equal(state.failure?.provider, 'liveperson');
      assert.match(state.failure?.message ?? '', /Sandbox LivePerson: liveperson HTTP 503/);
      const parts = state.failure?.failedParts ?? [];
      assert.equal(parts.length, 1, 'FloQast completed; only LivePerson failed');
      assert.match(parts[0]!, /^Sandbox LivePerson \(LivePerson\): (?:GET|POST) \/api\/account\/\d+\/configuration\/metadata\/audit\S* failed \(HTTP 503\), so the pages after it were not read; [1-9]\d* pages? arrived before it stopped$/);

      // What did arrive stays: all of FloQast, part of LivePerson.
      const shown = a.services.timeline.currentRecords();
      assert.equal(state.total, shown.length);
      const lp = shown.filter((r) => r.provider === 'liveperson').length;
      const fq = shown.filter((r) => r.provider === 'floqast').length;
      assert.equal(fq, fullFq);
      assert.ok(lp > 0 && lp < fullLp, `part of LivePerson's ${fullLp} records (${lp})`);
      for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1]!.time >= shown[i]!.time, 'one merged timeline, newest first');

      // The webview was told the same, and the error was shown once.
      const posted = await waitFor('the incomplete state posted to the webview', () => (lastPostedState()?.status === 'incomplete' ? lastPostedState() : undefined));
      assert.deepEqual(posted.failure, state.failure);
      assert.equal(posted.total, state.total);
      const errors = (await shownSince(shownFrom)).filter((m) => m.severity === 'error');
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, /incomplete.*Sandbox LivePerson: liveperson HTTP 503/s);
    } finally {
      fault.remove();
    }
  });

  test('a pasted Uniphore token expiring in mid-run (a 401 that cannot be refreshed): incomplete, naming Uniphore, the page and the 401', async () => {
    const a = await api();
    const sb = await sandbox();
    const full = await complete([ids.uniphore]);
    const fault = sb.faults.add({ kind: '401', provider: 'uniphore', path: UNI_AUDIT, skip: 1, times: Infinity });
    try {
      const outcome = await vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.uniphore], range: ALL_TIME, scope: null });
      assert.equal(outcome.status, 'incomplete');
      const state = a.services.timeline.sessionState;
      assert.equal(state.status, 'incomplete');
      assert.equal(state.failure?.provider, 'uniphore');
      assert.match(state.failure?.message ?? '', /uniphore HTTP 401: The pasted Uniphore bearer token was refused/);
      assert.match(state.failure?.failedParts?.[0] ?? '', /^Sandbox Uniphore \(Uniphore\): GET \/audit_log\/?\?\S*page=\d+\S* failed \(HTTP 401\), so the pages after it were not read; [1-9]\d* pages? arrived/);
      assert.ok(state.total > 0 && state.total < full, `part of ${full} records (${state.total})`);
      assert.equal(a.services.timeline.currentRecords().length, state.total);

      // Exported, the file holds what arrived, and the message says the query did not finish.
      const file = join(tmpdir(), `audit-lens-incomplete-${process.pid}.jsonl`);
      const shownFrom = a.services.prompter.shown.length;
      assert.equal(await vscode.commands.executeCommand('auditLens.exportResults', { format: 'jsonl', path: file }), file);
      assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, state.total);
      const said = (await shownSince(shownFrom)).find((m) => m.message.startsWith('Exported'));
      assert.equal(said?.severity, 'warning');
      assert.match(said?.message ?? '', new RegExp(`^Exported ${state.total.toLocaleString('en-US')} records to .*The query was incomplete: the file holds only the records that had arrived\\.$`));
    } finally {
      fault.remove();
    }
  });

  test('a cancelled query says cancelled, keeps what arrived, and names no failure', async () => {
    const a = await api();
    const sb = await sandbox();
    const slow = sb.faults.add({ kind: 'slow', provider: 'uniphore', path: UNI_AUDIT, delayMs: 120_000, skip: 1, times: Infinity });
    try {
      const before = a.services.timeline.sessionState.queryId;
      const running = vscode.commands.executeCommand<QueryOutcome>('auditLens.queryRecords', { connectionIds: [ids.uniphore], range: ALL_TIME, scope: null });
      await waitFor('the first page in the new query’s timeline', () => {
        const state = a.services.timeline.sessionState;
        return (state.queryId !== before && state.total > 0) || undefined;
      }, 20_000);
      assert.equal(a.services.timeline.sessionState.status, 'running');
      assert.equal(a.queries.cancelRunning(), 1);
      assert.equal((await running).status, 'cancelled');
      const state = a.services.timeline.sessionState;
      assert.equal(state.status, 'cancelled');
      assert.equal(state.failure, undefined);
      assert.ok(state.total > 0, 'the records that arrived stay');
      const posted = await waitFor('the cancelled state posted', () => (lastPostedState()?.status === 'cancelled' ? lastPostedState() : undefined));
      assert.equal(posted.total, state.total);
    } finally {
      slow.remove();
    }
  });
});
