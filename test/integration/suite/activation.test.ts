import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean } };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
    walkthroughs: { steps: { id: string }[] }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  return JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

suite('activation', () => {
  test('the extension activates and returns its services', async () => {
    const a = await api();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.ok(a.services.store);
    assert.ok(a.treeView);
    assert.ok(a.services.log.recent.some((l) => l.startsWith('Audit Lens activated')));
  });

  test('every contributed command is registered, in the category "Audit Lens"', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest().contributes.commands;
    assert.ok(contributed.length >= 16);
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'Audit Lens');
    }
    for (const id of [
      'auditLens.addConnection', 'auditLens.editConnection', 'auditLens.removeConnection', 'auditLens.replaceSecret',
      'auditLens.refresh', 'auditLens.queryRecords', 'auditLens.openById', 'auditLens.openRecordJson',
      'auditLens.compareRecords', 'auditLens.exportResults', 'auditLens.rerunQuery', 'auditLens.runRecentQuery', 'auditLens.showTimeline', 'auditLens.openDemo', 'auditLens.showLog',
    ]) assert.ok(contributed.some((c) => c.command === id), `${id} is contributed`);
  });

  test('the manifest: activity-bar container, view, trust, settings with descriptions, walkthrough, minimal activation', () => {
    const m = manifest();
    assert.deepEqual(m.contributes.viewsContainers.activitybar.map((v) => v.title), ['Audit Lens']);
    assert.deepEqual(m.contributes.views.auditLens?.map((v) => v.id), ['auditLens.connections']);
    assert.equal(m.capabilities.untrustedWorkspaces.supported, true);
    const props = m.contributes.configuration.properties;
    for (const key of ['auditLens.sfmc.timeZone', 'auditLens.pageConcurrency', 'auditLens.requestTimeoutMs', 'auditLens.defaultTimeRange']) {
      assert.ok(props[key]?.description || props[key]?.markdownDescription, `${key} is described`);
    }
    assert.deepEqual(m.contributes.walkthroughs[0]?.steps.map((s) => s.id), ['connect', 'query', 'open']);
    assert.ok(!m.activationEvents.includes('*') && !m.activationEvents.includes('onStartupFinished'));
    const palette = m.contributes.menus.commandPalette ?? [];
    assert.equal(palette.find((p) => p.command === 'auditLens.openById')?.when, 'auditLens.hasUniphore');
  });

  test('settings are read from the configuration', async () => {
    const cfg = vscode.workspace.getConfiguration('auditLens');
    assert.equal(cfg.get('sfmc.timeZone'), '-06:00');
    assert.equal(cfg.get('pageConcurrency'), 6);
    assert.equal(cfg.get('requestTimeoutMs'), 30000);
    assert.equal(cfg.get('defaultTimeRange'), '7d');
  });
});
