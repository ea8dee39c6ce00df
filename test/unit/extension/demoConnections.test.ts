import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROVIDER_IDS } from '../../../src/core/model';
import { PROVIDERS } from '../../../src/providers/registry';
import { demoConnections, repointDemoConnection } from '../../../src/extension/demoConnections';

test('one demo connection per provider, each valid for its provider', () => {
  const list = demoConnections('http://127.0.0.1:4567');
  assert.deepEqual(list.map((d) => d.connection.provider).sort(), [...PROVIDER_IDS].sort());
  for (const { connection, secrets } of list) {
    assert.doesNotThrow(() => PROVIDERS[connection.provider].validate(connection, secrets), connection.provider);
    assert.equal(connection.settings.demo, 'true');
  }
});

test('re-pointing keeps the path and swaps only the origin', () => {
  const [sfmc] = demoConnections('http://127.0.0.1:1111');
  const moved = repointDemoConnection({ ...sfmc!.connection, settings: { ...sfmc!.connection.settings, tokenUrl: 'http://127.0.0.1:1111/oauth/token' } }, 'http://127.0.0.1:2222');
  assert.equal(moved.settings.authBaseUrl, 'http://127.0.0.1:2222');
  assert.equal(moved.settings.tokenUrl, 'http://127.0.0.1:2222/oauth/token');
  assert.equal(moved.settings.clientId, sfmc!.connection.settings.clientId);
});
