/** Shared by the suites that run inside the workbench's extension host. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuditLensApi } from '../../../src/extension/index';
import type { TreeNode } from '../../../src/extension/tree/nodes';
import { HttpClient } from '../../../src/core/http';
import { demoConnections } from '../../../src/extension/demoConnections';
import { PROVIDERS } from '../../../src/providers/registry';
import { startSandbox } from '../../../src/sandbox';

export const EXTENSION_ID = 'audit-lens.audit-lens';

export async function api(): Promise<AuditLensApi> {
  const ext = vscode.extensions.getExtension<AuditLensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let shared: Promise<Sandbox> | undefined;

/** One sandbox for the whole run (closed by the host when it exits). */
export function sandbox(): Promise<Sandbox> {
  shared ??= startSandbox({ scale: 800, seed: 7, anchorTime: Date.now() });
  return shared;
}

/** Removes every connection (and its secrets), clears scripted answers and faults. */
export async function reset(): Promise<void> {
  const a = await api();
  a.services.prompter.clearScript();
  for (const c of a.services.store.list()) await a.services.store.remove(c.id);
  a.services.sessions.clear();
  a.services.tree.refresh();
  if (shared) (await shared).faults.clear();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Children of a node, as the view asks for them. */
export async function children(node?: TreeNode): Promise<TreeNode[]> {
  return (await api()).services.tree.getChildren(node);
}

export async function labelOf(node: TreeNode): Promise<string> {
  const item = (await api()).services.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export async function itemOf(node: TreeNode): Promise<vscode.TreeItem> {
  return (await api()).services.tree.getTreeItem(node);
}

/** Finds a child by its label (exact or a RegExp). */
export async function childNamed(parent: TreeNode | undefined, label: string | RegExp): Promise<TreeNode> {
  const list = await children(parent);
  for (const n of list) {
    const l = await labelOf(n);
    if (typeof label === 'string' ? l === label : label.test(l)) return n;
  }
  throw new Error(`No child ${String(label)} among: ${(await Promise.all(list.map(labelOf))).join(', ')}`);
}

/** Runs a command with scripted answers, and checks every answer was used. */
export async function runWith<T>(command: string, answers: unknown[], ...args: unknown[]): Promise<T> {
  const a = await api();
  a.services.prompter.clearScript();
  a.services.prompter.answer(...(answers as never[]));
  const before = a.services.prompter.shown.length;
  const result = await vscode.commands.executeCommand<T>(command, ...args);
  const errors = a.services.prompter.shown.slice(before).filter((m) => m.severity === 'error');
  assert.deepEqual(errors.map((e) => e.message), [], `${command} showed no error`);
  assert.equal(a.services.prompter.pendingAnswers, 0, `${command} used every scripted answer`);
  return result;
}

/** Messages shown since `from`. */
export async function shownSince(from: number) {
  return (await api()).services.prompter.shown.slice(from);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The four sandbox connections, saved as ordinary (non-demo) connections; returns their ids by provider. */
export async function addSandboxConnections(): Promise<Record<'sfmc' | 'liveperson' | 'uniphore' | 'floqast', string>> {
  const a = await api();
  const { url } = await sandbox();
  const ids: Record<string, string> = {};
  for (const { connection, secrets } of demoConnections(url)) {
    const { demo: _demo, ...settings } = connection.settings;
    const id = `it-${connection.provider}`;
    await a.services.store.add({ ...connection, id, label: connection.label.replace('Demo', 'Sandbox'), settings }, secrets);
    ids[connection.provider] = id;
  }
  return ids as Record<'sfmc' | 'liveperson' | 'uniphore' | 'floqast', string>;
}

/** A provider session outside the extension, to compare what the extension shows with what the API holds. */
export function directSession(connectionId: string, secrets: Record<string, string | undefined>, connection: import('../../../src/core/model').Connection) {
  return PROVIDERS[connection.provider].connect({ ...connection, id: connectionId }, secrets, { http: new HttpClient({ provider: connection.provider }) });
}
