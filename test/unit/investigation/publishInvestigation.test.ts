import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import { investigatePublishes, latestFailedPublish } from '../../../src/core/publishInvestigation';
import { explainError } from '../../../src/core/knownErrors';

let n = 0;
function rec(action: string, time: string, extra: Partial<AuditRecord> & { status?: string } = {}): AuditRecord {
  const { status, ...rest } = extra;
  n++;
  return {
    provider: 'sfmc',
    connection: 'c1',
    id: `id${String(n).padStart(3, '0')}`,
    time,
    action,
    outcome: action === 'Publish' ? (status === 'Error' ? 'failure' : status === 'PublishCompleted' ? 'success' : 'unknown') : 'success',
    actor: { id: '1', name: 'Ann' },
    target: { type: 'journey', id: 'j1', name: 'Welcome', version: 2 },
    errors: [],
    changes: [],
    raw: status ? { action, publishStatus: status } : { action },
    ...rest,
  };
}

test('Modify rows between the last successful publish and a failure are grouped under the failure', () => {
  const m0 = rec('Modify', '2024-01-01T09:00:00.000Z');
  const ok = rec('Publish', '2024-01-01T10:00:00.000Z', { status: 'PublishCompleted' });
  const m1 = rec('Modify', '2024-01-02T09:00:00.000Z');
  const m2 = rec('Modify', '2024-01-02T09:30:00.000Z');
  const stop = rec('Stop', '2024-01-02T09:45:00.000Z');
  const bad = rec('Publish', '2024-01-02T10:00:00.000Z', {
    status: 'Error',
    actor: { id: '2', name: 'Bob' },
    errors: [{ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' }],
  });
  const attempts = investigatePublishes([bad, m2, stop, ok, m1, m0]);
  assert.equal(attempts.length, 2);
  const [failed, success] = attempts;
  assert.equal(failed!.record, bad);
  assert.equal(failed!.outcome, 'failure');
  assert.equal(failed!.publisher, 'Bob');
  assert.equal(failed!.status, 'Error');
  assert.equal(failed!.version, 2);
  assert.deepEqual(failed!.changesBefore, [m1, m2]);
  assert.equal(failed!.lastSuccess, ok);
  assert.match(failed!.errors[0]!.explanation!.cause, /entry source/);
  assert.deepEqual(success!.changesBefore, [m0]);
  assert.equal(success!.lastSuccess, undefined);
});

test('consecutive failures share the changes since the last success', () => {
  const ok = rec('Publish', '2024-02-01T10:00:00.000Z', { status: 'PublishCompleted' });
  const m1 = rec('Modify', '2024-02-02T09:00:00.000Z');
  const f1 = rec('Publish', '2024-02-02T10:00:00.000Z', { status: 'Error' });
  const m2 = rec('Modify', '2024-02-02T11:00:00.000Z');
  const f2 = rec('Publish', '2024-02-02T12:00:00.000Z', { status: 'Error' });
  const [latest, earlier] = investigatePublishes([ok, m1, f1, m2, f2]);
  assert.deepEqual(latest!.changesBefore, [m1, m2]);
  assert.deepEqual(earlier!.changesBefore, [m1]);
  assert.equal(latest!.lastSuccess, ok);
  assert.equal(latestFailedPublish([ok, m1, f1, m2, f2])?.record, f2);
  const fixed = rec('Publish', '2024-02-03T12:00:00.000Z', { status: 'PublishCompleted' });
  assert.equal(latestFailedPublish([ok, m1, f1, m2, f2, fixed]), undefined);
});

test('a Modify at the same instant as a publish counts as before it', () => {
  const m = rec('Modify', '2024-03-01T10:00:00.000Z');
  const f = rec('Publish', '2024-03-01T10:00:00.000Z', { status: 'Error' });
  assert.deepEqual(investigatePublishes([f, m])[0]!.changesBefore, [m]);
});

test('known errors are explained; unknown codes are not guessed', () => {
  const entry = explainError({ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' });
  assert.match(entry!.nextStep, /entry source/);
  const activity = explainError({ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An activity must be created and configured before activation can be successful' });
  assert.match(activity!.cause, /activit/);
  assert.notEqual(activity!.cause, entry!.cause);
  const dup = explainError({ code: 'Salesforce_JB_Triggers_Error', message: 'DUPLICATE_VALUE duplicate value found' });
  assert.match(dup!.nextStep, /one journey at a time/);
  const dup2 = explainError({ code: 'DUPLICATE_VALUE', message: 'duplicate value found: Salesforce_JB_Triggers_Error' });
  assert.match(dup2!.nextStep, /one journey at a time/);
  assert.equal(explainError({ code: 'SOMETHING_NEW', message: 'Brand new failure' }), undefined);
  const generic = explainError({ code: 'validate_general_exception', message: 'Goal criteria invalid' });
  assert.match(generic!.nextStep, /error detail/);
});
