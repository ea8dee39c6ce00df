import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model';
import { TimelineHost, sanitizeFilter, type TimelineHostActions } from '../../../src/extension/timeline/timelineHost';
import { folderSource, timelineCsp, timelineHtml } from '../../../src/extension/timeline/webviewHtml';
import type { HostReply, HostToWebview, PublishInvestigationView, SessionState } from '../../../src/protocol';
import type { RerunSpec } from '../../../src/extension/timeline/rerunSpec';
import type { TimelineInvestigation, TimelineSession } from '../../../src/extension/timeline/types';
import { generateRecords } from './recordGenerator';

function harness(throttleMs = 1_000_000) {
  const posts: HostToWebview[] = [];
  const calls: string[] = [];
  const actions: TimelineHostActions = {
    openRecordAsJson: (r, normalized) => void calls.push(`open ${r.id} ${normalized}`),
    compareRecords: (a, b) => void calls.push(`compare ${a.id} ${b.id}`),
    copyText: (t) => void calls.push(`copy ${t.length}`),
    openExternal: (u) => void calls.push(`link ${u}`),
    rerunQuery: () => void calls.push('rerun'),
    compareDefinitions: async (args) => {
      calls.push(`definitions ${JSON.stringify(args)}`);
      return args.journeyName !== 'Gone';
    },
  };
  const host = new TimelineHost(actions, { throttleMs });
  host.attach((m) => posts.push(m));
  let nextId = 1;
  const ask = async (method: string, params: unknown): Promise<HostReply> => {
    const id = nextId++;
    await host.handleMessage({ kind: 'request', id, method, params });
    const reply = posts.find((p): p is HostReply => p.kind === 'reply' && p.id === id);
    assert.ok(reply, `a reply to ${method}`);
    return reply;
  };
  const states = () => posts.filter((p) => p.kind === 'notification').map((p) => (p as { state: SessionState }).state);
  return { host, posts, calls, ask, states };
}

const info = { title: 'Q', connections: ['A'] };

test('ready is answered with the session state', async () => {
  const { host, posts, states } = harness();
  await host.handleMessage({ kind: 'command', type: 'ready' });
  assert.equal(posts.length, 1);
  assert.equal(states()[0]?.status, 'idle');
});

test('a new query aborts the running one, and the old session can no longer write', () => {
  const { host, states } = harness();
  const first = host.startQuery(info);
  first.addRecords(generateRecords({ count: 5, seed: 1 }));
  const second = host.startQuery({ ...info, title: 'Q2' });
  assert.equal(first.signal.aborted, true);
  assert.equal(second.signal.aborted, false);
  first.addRecords(generateRecords({ count: 5, seed: 2 }));
  first.complete();
  first.fail({ message: 'late' });
  assert.equal(host.sessionState.total, 0, 'the new query starts empty and the old one cannot add to it');
  assert.equal(host.sessionState.status, 'running');
  second.addRecords(generateRecords({ count: 3, seed: 3 }));
  second.complete(['a warning']);
  second.fail({ message: 'after completion' });
  const s = host.sessionState;
  assert.deepEqual([s.status, s.total, s.warnings, s.failure], ['complete', 3, ['a warning'], undefined]);
  assert.equal(s.queryId, states()[0]!.queryId + 1);
});

test('Cancel from the webview aborts the signal and says so at once', async () => {
  const { host, states } = harness();
  const session = host.startQuery(info);
  session.addRecords(generateRecords({ count: 4, seed: 1 }));
  await host.handleMessage({ kind: 'command', type: 'query/cancel' });
  assert.equal(session.signal.aborted, true);
  assert.equal(states().at(-1)?.status, 'cancelled');
  session.addRecords(generateRecords({ count: 4, seed: 9 }));
  session.fail({ message: 'Cancelled' }, true);
  assert.equal(host.sessionState.total, 4);
  assert.equal(host.sessionState.status, 'cancelled');
});

test('a failure keeps the records and names the failed parts', () => {
  const { host } = harness();
  const session = host.startQuery(info);
  session.addRecords(generateRecords({ count: 4, seed: 1 }));
  session.fail({ message: 'LivePerson HTTP 500', failedParts: ['LivePerson page at offset 1500'] });
  assert.equal(host.sessionState.status, 'incomplete');
  assert.deepEqual(host.sessionState.failure?.failedParts, ['LivePerson page at offset 1500']);
  assert.equal(host.sessionState.total, 4);
});

test('streaming updates are throttled; status changes are not', () => {
  const { host, states } = harness();
  const session = host.startQuery(info);
  const before = states().length;
  for (let i = 0; i < 50; i++) session.addRecords(generateRecords({ count: 2, seed: i + 1 }));
  const during = states().length - before;
  assert.ok(during <= 1, `at most one post inside the throttle window (${during})`);
  session.complete();
  assert.equal(states().at(-1)?.status, 'complete');
  assert.equal(states().at(-1)?.total, 100);
  host.dispose();
});

test('requests are answered; bad ones get errors, never silence', async () => {
  const { host, ask, calls } = harness();
  const records = generateRecords({ count: 50, seed: 4 });
  const s = host.startQuery(info);
  s.addRecords(records);
  s.complete();

  const win = await ask('records/window', { filter: {}, start: 0, count: 10 });
  assert.ok(win.ok && win.method === 'records/window');
  const rows = (win.result as { rows: { key: number }[] }).rows;
  assert.equal(rows.length, 10);

  const detail = await ask('records/detail', { key: rows[0]!.key });
  assert.ok(detail.ok);
  assert.equal(await ask('records/detail', { key: 9999 }).then((r) => !r.ok && r.error.code), 'not-found');
  assert.equal(await ask('records/window', { filter: {}, start: -1, count: 5 }).then((r) => !r.ok && r.error.code), 'bad-request');
  assert.equal(await ask('records/window', { filter: {}, start: 0, count: 'x' }).then((r) => !r.ok && r.error.code), 'bad-request');
  assert.equal(await ask('records/nope', {}).then((r) => !r.ok && r.error.code), 'bad-request');

  assert.equal(await ask('link/open', { url: 'javascript:alert(1)' }).then((r) => !r.ok && r.error.code), 'refused');
  assert.equal(await ask('link/open', { url: 'http://example.com/' }).then((r) => !r.ok && r.error.code), 'refused');
  assert.ok((await ask('link/open', { url: 'https://example.com/x' })).ok);

  assert.ok((await ask('record/openJson', { key: rows[0]!.key, normalized: false })).ok);
  assert.ok((await ask('record/copy', { key: rows[0]!.key })).ok);
  assert.ok((await ask('record/compare', { key: rows[0]!.key, otherKey: rows[5]!.key })).ok);
  const newest = host.currentRecords()[0]!;
  const sixth = host.currentRecords()[5]!;
  assert.deepEqual(calls, [
    'link https://example.com/x',
    `open ${newest.id} false`,
    `copy ${JSON.stringify(newest, null, 2).length}`,
    `compare ${sixth.id} ${newest.id}`,
  ]);

  // A malformed envelope is ignored without a crash.
  await host.handleMessage(null);
  await host.handleMessage({ kind: 'command', type: 'format-disk' });
});

test('Export follows the filter the webview last reported', async () => {
  const { host } = harness();
  const s = host.startQuery(info);
  const records = generateRecords({ count: 200, seed: 5 });
  s.addRecords(records);
  assert.equal(host.currentRecords().length, 200);
  await host.handleMessage({ kind: 'command', type: 'filter/changed', filter: { include: { outcome: ['failure'] } } });
  const failures = host.currentRecords();
  assert.ok(failures.length > 0 && failures.every((r) => r.outcome === 'failure'));
  assert.equal(failures.length, records.filter((r) => r.outcome === 'failure').length);

  // The reader Export and the pickers use: the same records, read a chunk at a time or only the first few.
  const reader = host.currentReader();
  assert.equal(reader.size, failures.length);
  assert.deepEqual([...reader.chunks(7)].flat(), failures);
  assert.deepEqual(reader.first(3), failures.slice(0, 3));
  const other = records.find((r) => r.outcome !== 'failure')!;
  assert.deepEqual(reader.find(other.connection, other.id), other, 'a record is found by its name whatever the filter');
  // Taken before a newer query, the reader still reads the results it was asked for.
  host.startQuery(info);
  assert.equal(reader.size, failures.length);
  assert.equal(host.currentReader().size, 0);
});

test('filters from the webview are checked before use', () => {
  assert.deepEqual(
    sanitizeFilter({ from: 'yesterday', to: 5, text: 42, include: { outcome: ['failure', 7], bogus: ['x'] }, exclude: 'all' }),
    { to: 5, include: { outcome: ['failure'] } },
  );
  assert.deepEqual(sanitizeFilter(null), {});
  assert.equal(sanitizeFilter({ text: 'x'.repeat(5000) }).text?.length, 1000);
});

test('a snapshot brings back the newest records, capped, and a running query as cancelled', () => {
  const { host } = harness();
  const s = host.startQuery(info);
  const records = generateRecords({ count: 30, seed: 6 });
  s.addRecords(records);
  const snap = JSON.parse(JSON.stringify(host.snapshot(10)));
  assert.equal(snap.records.length, 10);
  assert.equal(snap.totalRecords, 30);
  assert.equal(snap.state.status, 'cancelled');
  const { host: restored } = harness();
  restored.restore(snap);
  assert.deepEqual(restored.currentRecords(), host.currentRecords().slice(0, 10) as AuditRecord[]);
  assert.deepEqual(restored.sessionState.restored && { ...restored.sessionState.restored, savedAt: 'x' }, { savedAt: 'x', keptRecords: 10, totalRecords: 30 });
  assert.equal(restored.sessionState.query?.title, 'Q');
});

test('how to run the query again is kept with the timeline and its snapshot, never sent to the webview; a damaged one is dropped', async () => {
  const { host, states, calls } = harness();
  const rerun: RerunSpec = {
    kind: 'query',
    plans: [{ connectionId: 'c1', scope: { provider: 'sfmc', type: 'journey', id: 'j-1', name: 'Welcome', detail: { status: 'Draft', version: 3 } }, action: 'publish' }, { connectionId: 'c2' }],
    range: '7d',
  };
  const s = host.startQuery({ ...info, rerun });
  s.addRecords(generateRecords({ count: 5, seed: 8 }));
  await host.handleMessage({ kind: 'command', type: 'query/rerun' });
  assert.deepEqual(calls, [], 'not while the query runs');
  s.complete([]);
  assert.deepEqual(host.rerun, rerun);
  assert.equal(host.sessionState.canRerun, true, 'the webview may offer Run again');
  await host.handleMessage({ kind: 'command', type: 'query/rerun' });
  assert.deepEqual(calls, ['rerun']);
  assert.ok(states().every((st) => !JSON.stringify(st).includes('"rerun"') && !JSON.stringify(st).includes('j-1')), 'the webview is not told how');

  const snap = JSON.parse(JSON.stringify(host.snapshot(10)));
  const { host: restored } = harness();
  restored.restore(snap);
  assert.deepEqual(restored.rerun, rerun);

  const { host: damaged } = harness();
  damaged.restore({ ...snap, rerun: { kind: 'query', plans: [{ connectionId: 'c1', scope: { provider: 'nope' } }], range: '7d' } });
  assert.equal(damaged.rerun, undefined);
  assert.equal(damaged.currentRecords().length, 5, 'the records still come back');

  host.startQuery(info).complete([]);
  assert.equal(host.rerun, undefined, 'a query started without one replaces it');
  assert.equal(host.sessionState.canRerun, undefined);
  await host.handleMessage({ kind: 'command', type: 'query/rerun' });
  assert.deepEqual(calls, ['rerun'], 'nothing to run again: nothing asked');
});

function showSampleInvestigation(session: TimelineSession, records: AuditRecord[], restart?: TimelineInvestigation['restart']): void {
  // Newest first, as the timeline orders them: the failed attempt is the newest record, its last success the oldest.
  const [failed, changed, other] = records;
  const oldest = records[records.length - 1]!;
  session.showInvestigation({
    view: (keyOf): PublishInvestigationView => ({
      journeyName: 'Welcome',
      focus: 0,
      skippedVersions: [2],
      attempts: [
        {
          key: keyOf(failed!),
          version: 5,
          time: failed!.time,
          outcome: 'failure',
          errors: [{ code: 'E1', message: 'boom' }],
          changesBefore: [{ key: keyOf(changed!), time: changed!.time, actor: 'ann' }],
          changesTotal: 1,
          lastSuccess: { key: keyOf(oldest), time: oldest.time, version: 4 },
          canCompare: true,
        },
        { key: keyOf(other!), version: 3, time: other!.time, outcome: 'success', errors: [], changesBefore: [], changesTotal: 0, canCompare: false },
      ],
    }),
    compareDefinitions: () => undefined,
    ...(restart ? { restart } : {}),
  });
}

const COMPARE = { connectionId: 'conn-1', journey: 'key:welcome', journeyName: 'Welcome', baseVersion: 4, version: 5 };

test('a publish investigation comes back with the snapshot: its records by their new keys, and Compare works again', async () => {
  const { host } = harness();
  const s = host.startQuery(info);
  s.addRecords(generateRecords({ count: 30, seed: 7 }));
  const newestFirst = host.currentRecords();
  showSampleInvestigation(s, newestFirst, { compareArgs: [COMPARE, null] });
  s.complete();
  const snap = JSON.parse(JSON.stringify(host.snapshot(10)));

  const { host: restored, ask, calls } = harness();
  restored.restore(snap);
  const view = restored.sessionState.investigation;
  assert.ok(view, 'the investigation is shown after the restore');
  const before = host.sessionState.investigation!;
  const [a0, a1] = view.attempts;
  // The same records, under the restored store's keys; the oldest record was not kept (cap 10): -1.
  const idOf = async (key: number) => ((await ask('records/detail', { key })) as { result: { record: AuditRecord } }).result.record.id;
  assert.equal(await idOf(a0!.key), newestFirst[0]!.id);
  assert.equal(await idOf(a0!.changesBefore[0]!.key), newestFirst[1]!.id);
  assert.equal(await idOf(a1!.key), newestFirst[2]!.id);
  assert.equal(a0!.lastSuccess?.key, -1);
  const withoutKeys = (v: PublishInvestigationView) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'key' ? undefined : x)));
  assert.deepEqual(withoutKeys(view), withoutKeys(before), 'everything but the keys is as it was');

  const compared = await ask('publish/compareDefinitions', { attempt: 0 });
  assert.equal(compared.ok, true);
  assert.deepEqual(calls, [`definitions ${JSON.stringify(COMPARE)}`]);
  const refused = await ask('publish/compareDefinitions', { attempt: 1 });
  assert.equal(refused.ok, false);

  // The command could not open the diff (say, the connection was removed since): the webview hears so.
  const gone = JSON.parse(JSON.stringify(snap).replaceAll('"journeyName":"Welcome"', '"journeyName":"Gone"'));
  const { host: again, ask: askAgain } = harness();
  again.restore(gone);
  const failed = await askAgain('publish/compareDefinitions', { attempt: 0 });
  assert.equal(failed.ok, false);
  assert.match(failed.ok ? '' : failed.error.message, /definitions of Gone could not be compared/);
});

test('a snapshot leaves out an investigation that cannot come back, and a damaged one is dropped on restore', () => {
  const { host } = harness();
  const s = host.startQuery(info);
  s.addRecords(generateRecords({ count: 12, seed: 8 }));
  showSampleInvestigation(s, host.currentRecords());
  s.complete();
  assert.equal(host.snapshot(10).investigation, undefined, 'no restart data: nothing to compare with after a restart');

  const { host: h2 } = harness();
  const s2 = h2.startQuery(info);
  s2.addRecords(generateRecords({ count: 12, seed: 8 }));
  showSampleInvestigation(s2, h2.currentRecords(), { compareArgs: [COMPARE, null] });
  s2.complete();
  for (const damage of [
    (snap: { investigation: { view: { attempts: { key: unknown }[] } } }) => void (snap.investigation.view.attempts[0]!.key = 'x'),
    (snap: { investigation: { compareArgs: unknown[] } }) => void snap.investigation.compareArgs.pop(),
    (snap: { investigation: { records: unknown[] } }) => void (snap.investigation.records[0] = { connection: 1 }),
    (snap: { investigation: unknown }) => void (snap.investigation = 'junk'),
  ] as ((snap: never) => void)[]) {
    const snap = JSON.parse(JSON.stringify(h2.snapshot(10)));
    damage(snap as never);
    snap.state.investigation = { journeyName: 'stray', attempts: [], skippedVersions: [] };
    const { host: restored } = harness();
    restored.restore(snap);
    assert.equal(restored.sessionState.total, 10, 'the records come back');
    assert.equal(restored.sessionState.investigation, undefined, 'without the damaged investigation (or a stray one)');
  }
});

test('the CSP allows the nonce script and styles and fonts from dist/ and media/ only', () => {
  const o = { nonce: 'abc123', cspSource: 'https://*.vscode-cdn.net', distPath: '/ext/dist', mediaPath: '/ext/media/' };
  assert.equal(
    timelineCsp(o),
    "default-src 'none'; script-src 'nonce-abc123'; style-src https://*.vscode-cdn.net/ext/dist/ https://*.vscode-cdn.net/ext/media/; font-src https://*.vscode-cdn.net/ext/dist/ https://*.vscode-cdn.net/ext/media/",
  );
  assert.equal(folderSource('http://127.0.0.1:9/', 'dist'), 'http://127.0.0.1:9/dist/');
  const html = timelineHtml({ ...o, scriptUri: 'https://x/ext/dist/webview.js', codiconCssUri: 'https://x/ext/dist/codicon.css', title: 'T <b>"' });
  assert.ok(!/unsafe-/.test(html));
  assert.match(html, /<script nonce="abc123" src="https:\/\/x\/ext\/dist\/webview.js"><\/script>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!html.includes('<style') && !/ style=/.test(html), 'no inline styles');
  assert.match(html, /<title>T &lt;b&gt;&quot;<\/title>/);
});
