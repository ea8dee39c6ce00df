import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from '../../../src/core/model';
import {
  ConnectionStore,
  SecretStorageUnavailableError,
  newConnectionId,
  type MementoLike,
  type SecretStorageLike,
} from '../../../src/extension/connectionStore';

class Memento implements MementoLike {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

class Secrets implements SecretStorageLike {
  readonly data = new Map<string, string>();
  failWith: Error | undefined;
  private readonly listeners = new Set<(e: { key: string }) => unknown>();
  async get(key: string) {
    if (this.failWith) throw this.failWith;
    return this.data.get(key);
  }
  async store(key: string, value: string) {
    if (this.failWith) throw this.failWith;
    this.data.set(key, value);
    for (const l of this.listeners) l({ key });
  }
  async delete(key: string) {
    if (this.failWith) throw this.failWith;
    this.data.delete(key);
    for (const l of this.listeners) l({ key });
  }
  onDidChange = (l: (e: { key: string }) => unknown) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
}

const conn = (id: string): Connection => ({
  id,
  provider: 'floqast',
  label: `FloQast ${id}`,
  settings: { baseUrl: 'https://fq-api.floqast.app', region: undefined },
});

test('metadata goes to globalState, secrets only to SecretStorage keyed by the connection id', async () => {
  const memento = new Memento();
  const secrets = new Secrets();
  const store = new ConnectionStore(memento, secrets);
  await store.add(conn('floqast-1'), { apiKey: 'very-secret-key' });
  assert.deepEqual(store.list(), [{ id: 'floqast-1', provider: 'floqast', label: 'FloQast floqast-1', settings: { baseUrl: 'https://fq-api.floqast.app' } }]);
  assert.ok(!JSON.stringify([...memento.data]).includes('very-secret-key'), 'no secret in globalState');
  assert.equal(secrets.data.get('auditLens.connection.floqast-1'), JSON.stringify({ apiKey: 'very-secret-key' }));
  assert.deepEqual(await store.getSecrets('floqast-1'), { apiKey: 'very-secret-key' });
});

test('removing a connection deletes its secrets', async () => {
  const secrets = new Secrets();
  const store = new ConnectionStore(new Memento(), secrets);
  await store.add(conn('a'), { apiKey: 'key-a-123' });
  await store.add(conn('b'), { apiKey: 'key-b-123' });
  await store.remove('a');
  assert.deepEqual(store.list().map((c) => c.id), ['b']);
  assert.equal(secrets.data.has('auditLens.connection.a'), false);
  assert.deepEqual(await store.getSecrets('a'), {});
  assert.deepEqual(await store.getSecrets('b'), { apiKey: 'key-b-123' });
});

test('replacing secrets keeps only non-empty strings', async () => {
  const store = new ConnectionStore(new Memento(), new Secrets());
  await store.add(conn('a'), { apiKey: 'old-key-1' });
  await store.setSecrets('a', { apiKey: 'new-key-2', empty: '', missing: undefined });
  assert.deepEqual(await store.getSecrets('a'), { apiKey: 'new-key-2' });
});

test('unavailable secret storage: a clear message naming the keyring, and nothing saved in plain text', async () => {
  const memento = new Memento();
  const secrets = new Secrets();
  secrets.failWith = new Error('Cannot create an item in a locked collection');
  const store = new ConnectionStore(memento, secrets);
  await assert.rejects(store.add(conn('x'), { apiKey: 'plain-text-never' }), (e: unknown) => {
    assert.ok(e instanceof SecretStorageUnavailableError);
    assert.match(e.message, /secret storage/);
    assert.match(e.message, /keyring/);
    assert.match(e.message, /Nothing was saved in plain text/);
    assert.match(e.message, /locked collection/);
    assert.ok(!e.message.includes('plain-text-never'));
    return true;
  });
  assert.deepEqual(store.list(), [], 'the connection is not added without its secrets');
  assert.ok(!JSON.stringify([...memento.data]).includes('plain-text-never'));
  await assert.rejects(store.getSecrets('x'), SecretStorageUnavailableError);
});

test('changes raise events; another window’s change (the revision marker) reloads', async () => {
  const secrets = new Secrets();
  const store = new ConnectionStore(new Memento(), secrets);
  const seen: string[] = [];
  store.onDidChange((e) => seen.push(e.kind === 'reloaded' ? 'reloaded' : `${e.kind}:${e.id}`));
  await store.add(conn('a'), { apiKey: 'abcd1234' });
  await store.update({ ...conn('a'), label: 'Renamed' });
  await store.remove('a');
  assert.ok(seen.includes('added:a'));
  assert.ok(seen.includes('updated:a'));
  assert.ok(seen.includes('removed:a'));
  seen.length = 0;
  // As if another window wrote: only SecretStorage raises events across windows.
  await secrets.store('auditLens.connections.revision', '42');
  assert.deepEqual(seen, ['reloaded']);
  assert.equal(store.get('a'), undefined);
});

test('ignores malformed stored metadata and refuses duplicate ids', async () => {
  const memento = new Memento();
  await memento.update('auditLens.connections', [{ id: 1 }, { id: 'ok', provider: 'nope', label: 'x', settings: {} }, conn('good')]);
  const store = new ConnectionStore(memento, new Secrets());
  assert.deepEqual(store.list().map((c) => c.id), ['good']);
  await assert.rejects(store.add(conn('good'), {}), /already exists/);
});

test('new connection ids are unique and URI-safe', () => {
  const taken = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const id = newConnectionId('sfmc', taken);
    assert.match(id, /^sfmc-[a-z0-9]+$/);
    assert.ok(!taken.has(id));
    taken.add(id);
  }
});
