import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviveRerunSpec, type RerunSpec } from '../../../src/extension/timeline/rerunSpec';
import { customRange, presetRange } from '../../../src/extension/timeRange';

test('a saved query or investigation reads back as it was saved', () => {
  const specs: RerunSpec[] = [
    { kind: 'query', plans: [{ connectionId: 'a' }], range: '24h' },
    { kind: 'query', plans: [{ connectionId: 'a', scope: { provider: 'liveperson', type: 'componentType', id: 'Skills', name: 'Skills', parent: '123' } }, { connectionId: 'b', action: 'all' }], range: { from: '2024-01-01', to: '2024-01-31' } },
    { kind: 'investigation', connectionId: 's', journey: 'key:welcome', journeyName: 'Welcome' },
  ];
  for (const spec of specs) assert.deepEqual(reviveRerunSpec(JSON.parse(JSON.stringify(spec))), spec);
});

test('anything not whole is refused rather than run', () => {
  const bad: unknown[] = [
    null,
    'query',
    { kind: 'query', plans: [], range: '7d' },
    { kind: 'query', plans: [{ connectionId: '' }], range: '7d' },
    { kind: 'query', plans: [{ connectionId: 'a' }], range: '1y' },
    { kind: 'query', plans: [{ connectionId: 'a' }], range: { from: '2024-01-01' } },
    { kind: 'query', plans: [{ connectionId: 'a', scope: { provider: 'sfmc', type: 'planet', id: 'x', name: 'x' } }], range: '7d' },
    { kind: 'query', plans: [{ connectionId: 'a', action: 7 }], range: '7d' },
    { kind: 'investigation', connectionId: 's' },
    { kind: 'rm -rf', plans: [{ connectionId: 'a' }], range: '7d' },
  ];
  for (const v of bad) assert.equal(reviveRerunSpec(v), undefined, JSON.stringify(v));
});

test('a scope keeps only plain facts: its detail drops anything but text, numbers and booleans', () => {
  const spec = reviveRerunSpec({ kind: 'query', plans: [{ connectionId: 'a', scope: { provider: 'sfmc', type: 'journey', id: 'j', name: 'J', detail: { status: 'Draft', nested: { x: 1 }, version: 2 } } }], range: '30d' });
  assert.deepEqual(spec?.kind === 'query' && spec.plans[0]?.scope?.detail, { status: 'Draft', version: 2 });
});

test('a preset range remembers which, so a new run counts back from its own now; a custom one does not', () => {
  assert.equal(presetRange('7d', Date.UTC(2024, 5, 10)).preset, '7d');
  assert.equal(customRange('2024-01-01', '2024-01-02').preset, undefined);
});
