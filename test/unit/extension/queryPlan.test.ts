import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from '../../../src/core/model';
import { auditQueryFor, queryTitle } from '../../../src/extension/queryPlan';
import { customRange } from '../../../src/extension/timeRange';

const range = customRange('2024-01-01', '2024-01-07');
const c = (provider: Connection['provider'], settings: Connection['settings'] = {}): Connection => ({ id: `${provider}-1`, provider, label: provider.toUpperCase(), settings });

test('SFMC: journey, version and action; no date filter (the API has none)', () => {
  assert.deepEqual(auditQueryFor({ connection: c('sfmc'), range, action: 'publish', scope: { provider: 'sfmc', type: 'journey', id: 'j-1', name: 'Welcome' } }), {
    action: 'publish',
    journey: 'j-1',
  });
  assert.deepEqual(
    auditQueryFor({ connection: c('sfmc'), range, scope: { provider: 'sfmc', type: 'version', id: 'j-1@v3', name: 'Version 3', parent: 'j-1', detail: { version: 3 } } }),
    { action: 'all', journey: 'j-1', version: 3 },
  );
});

test('LivePerson: the account and a component type, with the days', () => {
  assert.deepEqual(
    auditQueryFor({ connection: c('liveperson', { accountId: '123' }), range, scope: { provider: 'liveperson', type: 'componentType', id: 'Skills', name: 'Skills', parent: '456' } }),
    { from: '2024-01-01', to: '2024-01-07', account: '456', types: ['Skills'] },
  );
  assert.deepEqual(auditQueryFor({ connection: c('liveperson', { accountId: '123' }), range }), { from: '2024-01-01', to: '2024-01-07', account: '123' });
});

test('Uniphore categories and FloQast API keys', () => {
  assert.deepEqual(auditQueryFor({ connection: c('uniphore'), range, scope: { provider: 'uniphore', type: 'category', id: 'Login', name: 'Login' } }), {
    from: '2024-01-01',
    to: '2024-01-07',
    category: 'Login',
  });
  assert.deepEqual(auditQueryFor({ connection: c('floqast'), range, scope: { provider: 'floqast', type: 'apiKey', id: 'k1', name: 'CI key' } }), {
    from: '2024-01-01',
    to: '2024-01-07',
    apiKeyId: 'k1',
  });
});

test('titles', () => {
  assert.equal(queryTitle([{ connection: c('sfmc'), range, action: 'publish', scope: { provider: 'sfmc', type: 'journey', id: 'j', name: 'Welcome' } }]), 'SFMC · Welcome · publish · 2024-01-01 – 2024-01-07');
  assert.equal(queryTitle([{ connection: c('sfmc'), range }, { connection: c('floqast'), range }]), '2 connections · 2024-01-01 – 2024-01-07');
});
