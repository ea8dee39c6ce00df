/**
 * DESIGN.md §1: only src/extension may import `vscode`; the core, the
 * providers, the CLI, the sandbox and the webview run without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

test('no vscode import outside src/extension', () => {
  const offenders: string[] = [];
  for (const root of ['src/core', 'src/providers', 'src/cli', 'src/sandbox', 'webview']) {
    let files: string[] = [];
    try {
      files = sources(root);
    } catch {
      continue;
    }
    for (const f of files) {
      if (/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(readFileSync(f, 'utf8'))) offenders.push(f);
    }
  }
  assert.deepEqual(offenders, []);
  assert.ok(sources('src/core').length >= 5, 'the core exists and was scanned');
});
