import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, NetworkError } from '../../../src/core/errors';
import { HttpClient } from '../../../src/core/http';
import type { AuditRecord, Scope } from '../../../src/core/model';
import { demoConnections } from '../../../src/extension/demoConnections';
import {
  mayHaveFailedPublish,
  PUBLISH_CHECK_CONCURRENCY,
  PublishHealth,
  publishTargetOf,
  type FetchPublishes,
} from '../../../src/extension/publishErrors/publishHealth';
import { sfmcProvider } from '../../../src/providers/sfmc';
import { startSandbox } from '../../../src/sandbox';

function journey(id: string, status: string | undefined, version = 3, key?: string): Scope {
  return { provider: 'sfmc', type: 'journey', id, name: `J ${id}`, detail: { ...(status ? { status } : {}), version, ...(key ? { key } : {}) } };
}

function publish(version: number, status: 'Error' | 'PublishCompleted', time: string): AuditRecord {
  return {
    provider: 'sfmc',
    connection: 'c',
    id: `${version}-${time}`,
    time,
    action: 'Publish',
    outcome: status === 'Error' ? 'failure' : 'success',
    actor: { name: 'Ann' },
    target: { type: 'journey', version },
    errors: status === 'Error' ? [{ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' }] : [],
    changes: [],
    raw: { action: 'Publish', publishStatus: status },
  };
}

function settled(health: PublishHealth): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (health['running'] === 0 && health['queue'].length === 0 ? resolve() : setTimeout(tick, 1));
    tick();
  });
}

test('a failed activation leaves a Draft: settled statuses need no request', () => {
  for (const s of ['Published', 'Stopped', 'Unpublished', 'Deleted', ' published ']) assert.equal(mayHaveFailedPublish(s), false, s);
  for (const s of ['Draft', 'ScheduledToPublish', undefined, '', 'SomethingNew']) assert.equal(mayHaveFailedPublish(s), true, String(s));
});

test('a journey stands for its latest version; a version for itself; the key is preferred for API calls', () => {
  assert.deepEqual(publishTargetOf(journey('j1', 'Draft', 5, 'welcome')), { journeyId: 'j1', journeyRef: 'key:welcome', version: 5, status: 'Draft' });
  const v: Scope = { provider: 'sfmc', type: 'version', id: 'j1@v2', name: 'Version 2', parent: 'j1', detail: { version: 2, status: 'Stopped' } };
  assert.deepEqual(publishTargetOf(v), { journeyId: 'j1', journeyRef: 'j1', version: 2, status: 'Stopped' });
  assert.equal(publishTargetOf({ provider: 'liveperson', type: 'account', id: 'a', name: 'a' }), undefined);
  assert.equal(publishTargetOf(journey('j2', 'Draft', 0)), undefined, 'no version, nothing to check');
});

test('only journeys that may have failed are checked, each once, a few at a time; answers are cached', async () => {
  const calls: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const fetch: FetchPublishes = async (_c, ref, version) => {
    calls.push(`${ref}@${version}`);
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    if (ref === 'bad') return [publish(version, 'PublishCompleted', '2025-01-01T00:00:00.000Z'), publish(version, 'Error', '2025-01-02T00:00:00.000Z')];
    if (ref === 'fixed') return [publish(version, 'Error', '2025-01-01T00:00:00.000Z'), publish(version, 'PublishCompleted', '2025-01-02T00:00:00.000Z')];
    return [];
  };
  const health = new PublishHealth(fetch);
  const changed: string[] = [];
  health.onDidChange((c) => changed.push(c));
  const drafts = Array.from({ length: 10 }, (_, i) => journey(`d${i}`, 'Draft'));
  const scopes = [journey('bad', 'Draft'), journey('fixed', 'Draft'), journey('live', 'Published'), journey('stopped', 'Stopped'), ...drafts];
  health.watch('c', scopes);
  assert.equal(health.stateOf('c', scopes[2]!)?.kind, 'ok', 'a published journey is known at once');
  assert.equal(health.stateOf('c', scopes[0]!)?.kind, 'checking');
  await settled(health);
  assert.equal(calls.length, 12, 'one call per journey that may have failed');
  assert.ok(!calls.some((c) => c.startsWith('live') || c.startsWith('stopped')));
  assert.ok(peak <= PUBLISH_CHECK_CONCURRENCY, `at most ${PUBLISH_CHECK_CONCURRENCY} at once (saw ${peak})`);
  assert.equal(health.failureOf('c', scopes[0]!)?.record.time, '2025-01-02T00:00:00.000Z');
  assert.equal(health.failureOf('c', scopes[1]!), undefined, 'a failure fixed by a later publish is not a failure');
  assert.equal(health.stateOf('c', drafts[0]!)?.kind, 'ok', 'never published: nothing failed');
  assert.ok(changed.length > 0 && changed.every((c) => c === 'c'));
  health.watch('c', scopes);
  await settled(health);
  assert.equal(calls.length, 12, 'cached: no second call');
  // The journey and its latest version share one answer.
  const latestVersion: Scope = { provider: 'sfmc', type: 'version', id: 'bad@v3', name: 'Version 3', parent: 'bad', detail: { version: 3, status: 'Draft' } };
  assert.ok(health.failureOf('c', latestVersion));
  health.forget('c');
  assert.equal(health.stateOf('c', scopes[0]!), undefined);
});

test('a failing check leaves the journey undecorated and is logged; a refresh drops answers still in flight', async () => {
  const logged: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const health = new PublishHealth(async (_c, ref, _v, signal) => {
    if (ref === 'down') throw new NetworkError('connection refused');
    await gate;
    if (signal.aborted) throw new CancelledError();
    return [publish(3, 'Error', '2025-01-01T00:00:00.000Z')];
  }, (m) => logged.push(m));
  health.watch('c', [journey('down', 'Draft'), journey('slow', 'Draft')]);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(health.stateOf('c', journey('down', 'Draft'))?.kind, 'unknown');
  assert.equal(health.failureOf('c', journey('down', 'Draft')), undefined);
  assert.match(logged.join('\n'), /connection refused/);
  health.forget();
  release();
  await settled(health);
  assert.equal(health.stateOf('c', journey('slow', 'Draft')), undefined, 'the old tree’s answer is dropped');
});

test('learn() takes every version’s answer from a full history', () => {
  const health = new PublishHealth(async () => assert.fail('no request expected'));
  health.learn('c', 'j', [publish(4, 'Error', '2025-01-01T00:00:00.000Z'), publish(4, 'PublishCompleted', '2025-01-02T00:00:00.000Z'), publish(5, 'Error', '2025-02-01T00:00:00.000Z')], [1, 2, 4, 5]);
  const v = (n: number): Scope => ({ provider: 'sfmc', type: 'version', id: `j@v${n}`, name: `Version ${n}`, parent: 'j', detail: { version: n, status: 'Draft' } });
  assert.ok(health.failureOf('c', v(5)));
  assert.equal(health.failureOf('c', v(4)), undefined);
  assert.equal(health.stateOf('c', v(1))?.kind, 'ok');
  health.watch('c', [v(5), v(4), v(1)]);
  assert.equal(health['queue'].length + health['running'], 0, 'learned answers need no check');
});

test('against the sandbox: Welcome Series and the Salesforce-triggered Lead Nurture are flagged, nothing else that was published', async () => {
  const sandbox = await startSandbox({ anchorTime: '2025-06-30T18:00:00.000Z', seed: 3 });
  try {
    const demo = demoConnections(sandbox.url).find((d) => d.connection.provider === 'sfmc')!;
    const session = sfmcProvider.connect(demo.connection, demo.secrets, { http: new HttpClient({ provider: 'sfmc' }) });
    let calls = 0;
    const health = new PublishHealth(async (_c, ref, version, signal) => {
      calls++;
      return (await session.fetchAudit({ journey: ref, action: 'publish', version }, { signal })).records;
    });
    const { scopes } = await session.listScopes({ page: 1, pageSize: 50 });
    health.watch('demo', scopes);
    await settled(health);
    const drafts = scopes.filter((s) => mayHaveFailedPublish(s.detail?.status));
    assert.equal(calls, drafts.length, 'one request per Draft journey, none for the others');
    const failed = scopes.filter((s) => health.failureOf('demo', s)).map((s) => s.name);
    assert.ok(failed.includes('Welcome Series'), `flagged: ${failed.join(', ')}`);
    assert.ok(failed.includes('Lead Nurture (Salesforce)'));
    assert.ok(!failed.includes('Case Follow-up (Salesforce)'), 'its failure was fixed by a later publish');
    const welcome = health.failureOf('demo', scopes.find((s) => s.name === 'Welcome Series')!)!;
    assert.equal(welcome.version, 5);
    assert.match(welcome.errors[0]!.message, /entry event must be configured/);
    assert.ok(welcome.errors[0]!.explanation);
    const lead = health.failureOf('demo', scopes.find((s) => s.name === 'Lead Nurture (Salesforce)')!)!;
    assert.equal(lead.errors[0]!.code, 'Salesforce_JB_Triggers_Error');
    assert.match(lead.errors[0]!.explanation!.nextStep, /one journey at a time/);
    // Ground truth: flagged exactly when the latest version's newest publish attempt failed.
    for (const s of scopes) {
      const truth = sandbox.truth.sfmc.journey(s.id);
      assert.ok(truth, s.name);
      assert.equal(!!health.failureOf('demo', s), truth.latestPublishFailed, s.name);
    }
  } finally {
    await sandbox.close();
  }
});
