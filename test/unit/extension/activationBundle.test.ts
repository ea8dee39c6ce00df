/**
 * Activation loads dist/extension.js only; the providers, the HTTP stack,
 * the sandbox, the timeline's store and the command implementations live in
 * dist/features.js, required on first use. Both bundles are built here (as
 * `npm run package` builds them) into a temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Metafile } from 'esbuild';
import type { AuditLensApi } from '../../../src/extension/index';
import type { TreeNode } from '../../../src/extension/tree/nodes';
import { demoConnections } from '../../../src/extension/demoConnections';
import { startSandbox } from '../../../src/sandbox';

interface Built {
  activation: Metafile;
  features: Metafile;
}

let dir = '';
let built: Built;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-lens-bundles-'));
  // The build script itself, so the test checks the bundles `npm run package` ships.
  const script = pathToFileURL(join(__dirname, '../../../esbuild.mjs')).href;
  const { buildExtension } = (await import(script)) as { buildExtension: (o: object) => Promise<Built> };
  built = await buildExtension({ outdir: dir, production: true, metafile: true, logLevel: 'silent' });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The files a bundle holds (a module read from the other bundle is not one of them). */
function bundled(meta: Metafile): string[] {
  return Object.keys(meta.inputs).filter((f) => !f.includes(':'));
}

test('the activation bundle holds no provider, HTTP stack, sandbox, record store or command implementation', () => {
  const activation = bundled(built.activation);
  const heavy = activation.filter(
    (f) =>
      f.startsWith('node_modules/') ||
      f.startsWith('src/providers/') ||
      (f.startsWith('src/sandbox/') && f !== 'src/sandbox/demoCredentials.ts') ||
      f.startsWith('src/extension/commands/') ||
      ['src/core/http.ts', 'src/core/time.ts', 'src/core/recordStore.ts', 'src/extension/timeline/timelineHost.ts', 'src/extension/publishErrors/publishErrorCommands.ts'].includes(f),
  );
  assert.deepEqual(heavy, []);
  assert.ok(activation.includes('src/extension/tree/connectionsTree.ts'), 'the tree renders from the activation bundle');
  const features = bundled(built.features);
  for (const f of ['src/providers/registry.ts', 'src/core/http.ts', 'src/sandbox/index.ts', 'src/extension/timeline/timelineHost.ts', 'src/extension/commands/queryCommands.ts']) {
    assert.ok(features.includes(f), `${f} is in dist/features.js`);
  }
});

test('no source module is bundled twice: dist/features.js takes the activation bundle’s own copy', () => {
  const activation = new Set(bundled(built.activation));
  const twice = bundled(built.features).filter((f) => f.startsWith('src/') && activation.has(f));
  assert.deepEqual(twice, []);
  const borrowed = Object.keys(built.features.inputs).filter((f) => f.startsWith('activation-bundle:'));
  assert.ok(borrowed.some((f) => f.endsWith(join('src', 'core', 'errors.ts'))), 'the error classes come from the activation bundle');
  assert.ok(borrowed.some((f) => f.endsWith(join('src', 'extension', 'tree', 'nodes.ts'))), 'the tree node classes come from the activation bundle');
});

// ---- the built bundles, run against a stand-in for the `vscode` module ----

class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => void>();
  readonly event = (l: (e: T) => void) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

function fakeVscode(commands: Map<string, (...args: unknown[]) => unknown>) {
  const disposable = { dispose() {} };
  const channel = { info() {}, warn() {}, error() {}, show() {}, dispose() {} };
  return {
    version: 'test',
    env: {},
    EventEmitter,
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
    },
    Uri: { joinPath: (...parts: unknown[]) => parts.join('/') },
    window: {
      createOutputChannel: () => channel,
      createTreeView: () => ({ ...disposable, visible: false }),
      registerWebviewPanelSerializer: () => disposable,
    },
    workspace: {
      workspaceFolders: undefined,
      registerTextDocumentContentProvider: () => disposable,
      onDidChangeConfiguration: () => disposable,
      getConfiguration: () => ({ get: () => undefined }),
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        commands.set(id, fn);
        return disposable;
      },
      executeCommand: async () => undefined,
    },
  };
}

function memento() {
  const data = new Map<string, unknown>();
  return { get: (k: string) => data.get(k), update: async (k: string, v: unknown) => void data.set(k, v), keys: () => [...data.keys()] };
}

function secretStorage() {
  const data = new Map<string, string>();
  return {
    get: async (k: string) => data.get(k),
    store: async (k: string, v: string) => void data.set(k, v),
    delete: async (k: string) => void data.delete(k),
    onDidChange: () => ({ dispose() {} }),
  };
}

test('activate() loads only dist/extension.js; expanding a connection loads dist/features.js, whose errors the tree recognises', async () => {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const vscode = fakeVscode(commands);
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const sandbox = await startSandbox({ scale: 20 });
  const subscriptions: { dispose(): unknown }[] = [];
  try {
    const featuresFile = join(dir, 'features.js');
    const main = require(join(dir, 'extension.js')) as { activate(context: unknown): AuditLensApi; deactivate(): Promise<void> };
    const api = main.activate({ subscriptions, globalState: memento(), workspaceState: memento(), secrets: secretStorage(), extensionUri: dir });
    assert.equal(require.cache[featuresFile], undefined, 'activation did not load dist/features.js');
    assert.ok(commands.has('auditLens.queryRecords') && commands.has('auditLens.openDemo'), 'the commands are registered at activation');

    // A saved connection with a wrong secret: the tree lists it without the providers…
    const floqast = demoConnections(sandbox.url).find((d) => d.connection.provider === 'floqast')!;
    const { demo: _demo, ...settings } = floqast.connection.settings;
    await api.services.store.add({ ...floqast.connection, id: 'fq', settings }, { apiKey: 'not-the-key' });
    const [provider] = await api.services.tree.getChildren();
    const [connection] = await api.services.tree.getChildren(provider);
    assert.equal(require.cache[featuresFile], undefined, 'the tree’s first levels render without dist/features.js');

    // …and expanding it connects through dist/features.js. The provider's AuthError must be the
    // activation bundle's class, or the tree shows a plain error instead of "sign in again".
    const children = (await api.services.tree.getChildren(connection as TreeNode)) as unknown as { auth?: boolean; message?: string }[];
    assert.ok(require.cache[featuresFile], 'expanding a connection loaded dist/features.js');
    assert.equal(children.length, 1);
    assert.equal(children[0]?.auth, true, `an auth error node (got: ${children[0]?.message})`);
    assert.equal(typeof api.queries.currentRecords, 'function');
    await main.deactivate();
  } finally {
    for (const s of subscriptions) s.dispose();
    await sandbox.close();
    (Module as unknown as { _load: typeof load })._load = load;
  }
});
