import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import {
  buildInvestigation,
  compareVersions,
  focusIndex,
  MAX_CHANGES_SHOWN,
  skippedVersionsOf,
} from '../../../src/extension/publishErrors/investigationView';

let n = 0;
function rec(action: string, time: string, version: number, extra: { status?: string; actor?: string; errors?: AuditRecord['errors'] } = {}): AuditRecord {
  n++;
  const outcome = action === 'Publish' ? (extra.status === 'Error' ? 'failure' : extra.status === 'PublishCompleted' ? 'success' : 'unknown') : 'success';
  return {
    provider: 'sfmc',
    connection: 'c1',
    id: `r${String(n).padStart(4, '0')}`,
    time,
    action,
    outcome,
    actor: { id: '7', name: extra.actor ?? 'Ann' },
    target: { type: 'journey', id: 'j', name: 'Welcome Series', version },
    errors: extra.errors ?? [],
    changes: [],
    raw: extra.status ? { action, publishStatus: extra.status } : { action },
  };
}

const ENTRY = { code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' };

/** The Welcome Series story: v4 fails, is fixed and published; v5 is edited and fails. */
function story() {
  const ok2 = rec('Publish', '2025-01-10T10:00:00.000Z', 2, { status: 'PublishCompleted' });
  const m4a = rec('Modify', '2025-02-01T09:00:00.000Z', 4, { actor: 'Cy' });
  const f4 = rec('Publish', '2025-02-01T10:00:00.000Z', 4, { status: 'Error', errors: [ENTRY, { code: 'WEIRD_NEW_CODE', message: 'Something odd' }] });
  const m4b = rec('Modify', '2025-02-01T10:30:00.000Z', 4);
  const ok4 = rec('Publish', '2025-02-01T11:00:00.000Z', 4, { status: 'PublishCompleted' });
  const m5a = rec('Modify', '2025-03-01T09:00:00.000Z', 5, { actor: 'Dee' });
  const m5b = rec('Modify', '2025-03-01T09:10:00.000Z', 5, { actor: 'Eve' });
  const stop = rec('Stop', '2025-03-01T09:20:00.000Z', 4);
  const f5 = rec('Publish', '2025-03-01T10:00:00.000Z', 5, { status: 'Error', actor: 'Fay', errors: [ENTRY] });
  return { ok2, m4a, f4, m4b, ok4, m5a, m5b, stop, f5, all: [f5, stop, m5b, m5a, ok4, m4b, f4, m4a, ok2] };
}

test('each attempt carries version, publisher, time, status and explained errors; unknown codes keep their raw text only', () => {
  const s = story();
  const keys = new Map(s.all.map((r, i) => [r.id, i]));
  const built = buildInvestigation(s.all, { journeyName: 'Welcome Series', skippedVersions: [3] });
  const view = built.view((r) => keys.get(r.id) ?? -1);
  assert.equal(view.journeyName, 'Welcome Series');
  assert.deepEqual(view.skippedVersions, [3]);
  assert.deepEqual(view.attempts.map((a) => [a.version, a.outcome, a.status]), [
    [5, 'failure', 'Error'],
    [4, 'success', 'PublishCompleted'],
    [4, 'failure', 'Error'],
    [2, 'success', 'PublishCompleted'],
  ]);
  const latest = view.attempts[0]!;
  assert.equal(latest.key, keys.get(s.f5.id));
  assert.equal(latest.publisher, 'Fay');
  assert.equal(latest.time, s.f5.time);
  assert.equal(latest.errors[0]!.code, 'VALIDATE_GENERAL_EXCEPTION');
  assert.match(latest.errors[0]!.explanation!.nextStep, /entry source/);
  const f4 = view.attempts[2]!;
  assert.equal(f4.errors[1]!.message, 'Something odd');
  assert.equal(f4.errors[1]!.explanation, undefined, 'an unknown code is not guessed at');
  assert.equal(view.focus, 0, 'the newest failure is shown first');
});

test('the Modify rows between the last successful publish and the failure are grouped under it, with their keys', () => {
  const s = story();
  const keys = new Map(s.all.map((r, i) => [r.id, i * 10]));
  const view = buildInvestigation(s.all, { journeyName: 'W' }).view((r) => keys.get(r.id) ?? -1);
  const [f5, ok4, f4, ok2] = view.attempts;
  assert.deepEqual(f5!.changesBefore.map((c) => [c.key, c.actor, c.version]), [
    [keys.get(s.m5a.id), 'Dee', 5],
    [keys.get(s.m5b.id), 'Eve', 5],
  ]);
  assert.equal(f5!.changesTotal, 2);
  assert.equal(f5!.lastSuccess!.key, keys.get(s.ok4.id));
  assert.equal(f5!.lastSuccess!.version, 4);
  assert.deepEqual(f4!.changesBefore.map((c) => c.key), [keys.get(s.m4a.id)]);
  assert.equal(f4!.lastSuccess!.version, 2);
  // The fix after the failure inherits the failed attempt's changes plus its own.
  assert.deepEqual(ok4!.changesBefore.map((c) => c.key), [keys.get(s.m4a.id), keys.get(s.m4b.id)]);
  assert.equal(ok2!.lastSuccess, undefined);
  assert.equal(ok2!.canCompare, false);
  assert.equal(f5!.canCompare, true);
});

test('a record the timeline does not hold gets key -1 instead of a wrong row', () => {
  const s = story();
  const view = buildInvestigation(s.all, { journeyName: 'W' }).view((r) => (r === s.m5a ? 3 : -1));
  assert.deepEqual(view.attempts[0]!.changesBefore.map((c) => c.key), [3, -1]);
  assert.equal(view.attempts[0]!.key, -1);
});

test('thousands of Modify rows before a failure: the ones just before it are listed, the total is kept', () => {
  const ok = rec('Publish', '2025-01-01T00:00:00.000Z', 1, { status: 'PublishCompleted' });
  const mods = Array.from({ length: 1200 }, (_, i) => rec('Modify', new Date(Date.parse('2025-01-02T00:00:00.000Z') + i * 60_000).toISOString(), 2));
  const fail = rec('Publish', '2025-02-01T00:00:00.000Z', 2, { status: 'Error', errors: [ENTRY] });
  const a = buildInvestigation([ok, ...mods, fail], { journeyName: 'Big' }).view(() => 0).attempts[0]!;
  assert.equal(a.changesTotal, 1200);
  assert.equal(a.changesBefore.length, MAX_CHANGES_SHOWN);
  assert.equal(a.changesBefore.at(-1)!.time, mods.at(-1)!.time, 'the last change before the failure is listed');
  assert.equal(a.changesBefore[0]!.time, mods[1200 - MAX_CHANGES_SHOWN]!.time);
});

test('compareVersions: the last success is the base; nothing to compare without one, or with the same version', () => {
  const s = story();
  assert.deepEqual(compareVersions({ version: 5, lastSuccess: s.ok4 }), { base: 4, version: 5 });
  assert.equal(compareVersions({ version: 5 }), undefined);
  assert.equal(compareVersions({ version: 4, lastSuccess: s.ok4 }), undefined);
  assert.equal(compareVersions({ lastSuccess: s.ok4 }), undefined);
});

test('focus: the version asked about, else the newest failure, else the newest attempt', () => {
  const attempts = [
    { version: 5, outcome: 'success' as const },
    { version: 4, outcome: 'failure' as const },
    { version: 4, outcome: 'success' as const },
  ];
  assert.equal(focusIndex(attempts, 4), 1);
  assert.equal(focusIndex(attempts), 1);
  assert.equal(focusIndex(attempts, 9), 1);
  assert.equal(focusIndex([{ version: 1, outcome: 'success' }]), 0);
  assert.equal(focusIndex([]), undefined);
  const built = buildInvestigation(story().all, { journeyName: 'W', focusVersion: 2 });
  assert.equal(built.view(() => 0).focus, 3);
});

test('skipped versions are read from the SFMC walk’s warnings, newest first, once each', () => {
  assert.deepEqual(
    skippedVersionsOf([
      'SFMC journey key:welcome-series: version 3 skipped (Version 3 of journey "welcome-series" was not found. (code 30003))',
      'something else',
      'SFMC journey x: version 12 skipped (HTTP 404)',
      'SFMC journey x: version 3 skipped (again)',
    ]),
    [12, 3],
  );
});
