import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MementoLike } from '../../../src/extension/connectionStore';
import { RecentQueries } from '../../../src/extension/recentQueries';
import type { RerunSpec } from '../../../src/extension/timeline/rerunSpec';

/** globalState as VS Code keeps it: values go through JSON. */
function memento(): MementoLike & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    get: <T>(key: string) => (raw.has(key) ? (JSON.parse(raw.get(key)!) as T) : undefined),
    update: async (key: string, value: unknown) => void raw.set(key, JSON.stringify(value)),
  };
}

const journey = (status: string): RerunSpec => ({
  kind: 'query',
  plans: [{ connectionId: 'sf', scope: { provider: 'sfmc', type: 'journey', id: 'j-1', name: 'Welcome', detail: { status } }, action: 'publish' }],
  range: '7d',
});
const fq: RerunSpec = { kind: 'query', plans: [{ connectionId: 'fq' }, { connectionId: 'lp' }], range: { from: '2024-01-01', to: '2024-01-31' } };
const inv: RerunSpec = { kind: 'investigation', connectionId: 'sf', journey: 'key:welcome', journeyName: 'Welcome' };

test('newest first; the same query run again moves up instead of repeating, even when its scope’s facts changed', async () => {
  const recent = new RecentQueries(memento());
  await recent.add('SFMC · Welcome · last 7 days', journey('Draft'), new Date('2024-02-01T10:00:00Z'));
  await recent.add('FloQast + LivePerson · January', fq, new Date('2024-02-01T11:00:00Z'));
  await recent.add('Publish errors · Welcome', inv, new Date('2024-02-01T12:00:00Z'));
  await recent.add('SFMC · Welcome · last 7 days', journey('Published'), new Date('2024-02-01T13:00:00Z'));
  assert.deepEqual(
    recent.list().map((q) => [q.title, q.ranAt]),
    [
      ['SFMC · Welcome · last 7 days', '2024-02-01T13:00:00.000Z'],
      ['Publish errors · Welcome', '2024-02-01T12:00:00.000Z'],
      ['FloQast + LivePerson · January', '2024-02-01T11:00:00.000Z'],
    ],
  );
  assert.deepEqual(recent.list()[0]?.spec, journey('Published'), 'the latest facts are kept');
});

test('at most 15 are kept; a removed connection takes its queries with it', async () => {
  const state = memento();
  const recent = new RecentQueries(state);
  for (let i = 0; i < 20; i++) await recent.add(`Q${i}`, { kind: 'query', plans: [{ connectionId: i % 2 ? 'a' : 'b' }], range: { from: `2024-01-${String(i + 1).padStart(2, '0')}`, to: '2024-02-01' } });
  assert.equal(recent.list().length, 15);
  assert.equal(recent.list()[0]?.title, 'Q19');
  await recent.forgetConnection('a');
  assert.ok(recent.list().every((q) => q.spec.kind === 'query' && q.spec.plans[0]?.connectionId === 'b'));
  assert.ok(!state.raw.get('auditLens.recentQueries')!.includes('"a"'));
});

test('damaged saved entries are left out, the rest still read', async () => {
  const state = memento();
  await state.update('auditLens.recentQueries', [{ title: 'ok', ranAt: '2024-01-01T00:00:00.000Z', spec: fq }, { title: 'bad', ranAt: 'x', spec: { kind: 'query' } }, null, 'x']);
  assert.deepEqual(new RecentQueries(state).list().map((q) => q.title), ['ok']);
  await state.update('auditLens.recentQueries', { not: 'a list' });
  assert.deepEqual(new RecentQueries(state).list(), []);
});
