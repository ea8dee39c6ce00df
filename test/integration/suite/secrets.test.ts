import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../../../src/sandbox/demoCredentials';
import { api, reset, runWith, sandbox } from './helpers';

suite('SecretStorage', () => {
  suiteSetup(reset);
  suiteTeardown(reset);

  test('a round trip: the secret is kept in SecretStorage under the connection id, never in globalState', async () => {
    const a = await api();
    const { url } = await sandbox();
    const id = await runWith<string>('auditLens.addConnection', [
      'Uniphore', 'Secret round trip', url, 'Bearer token (pasted; cannot be renewed)', DEMO.uniphore.token, 'UTC',
    ]);
    const raw = await a.services.context.secrets.get(`auditLens.connection.${id}`);
    assert.deepEqual(JSON.parse(raw ?? '{}'), { token: DEMO.uniphore.token });
    const meta = JSON.stringify(a.services.context.globalState.get('auditLens.connections'));
    assert.ok(meta.includes(id));
    assert.ok(!meta.includes(DEMO.uniphore.token), 'no secret in globalState');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('auditLens'));
    assert.ok(!settings.includes(DEMO.uniphore.token), 'no secret in settings');

    // Another window writing the secret is seen here (SecretStorage.onDidChange).
    const seen: string[] = [];
    const sub = a.services.store.onDidChange((e) => seen.push(e.kind));
    await a.services.context.secrets.store(`auditLens.connection.${id}`, JSON.stringify({ token: 'rotated-token-1' }));
    sub.dispose();
    assert.ok(seen.includes('secrets'));
    assert.deepEqual(await a.services.store.getSecrets(id), { token: 'rotated-token-1' });
  });

  test('removing the connection deletes its secrets', async () => {
    const a = await api();
    const id = a.services.store.list().find((c) => c.label === 'Secret round trip')!.id;
    await runWith('auditLens.removeConnection', ['Remove'], { connectionId: id });
    assert.equal(await a.services.context.secrets.get(`auditLens.connection.${id}`), undefined);
    assert.ok(!JSON.stringify(a.services.context.globalState.get('auditLens.connections')).includes(id));
  });
});
