// `npm run test:desktop`: the same host suite through @vscode/test-electron.
// Where VS Code can be downloaded it runs in VS Code desktop; with
// AUDIT_LENS_VSCODE=code-server (or when the download fails, as it does
// offline) it runs in the code-server workbench through a stand-in executable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { buildIntegrationTests, SUITE_ENTRY } from './buildTests.mjs';
import { ROOT } from './workbench.mjs';

const STAND_IN = join(ROOT, 'test/integration/harness/code-server-as-vscode.sh');
await buildIntegrationTests();
const workspace = mkdtempSync(join(tmpdir(), 'audit-lens-desktop-ws-'));
const common = {
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: SUITE_ENTRY,
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
};

/** runTests rejects with TestRunFailedError (carrying the exit code) when the suite fails. */
async function run(options) {
  try {
    return await runTests(options);
  } catch (e) {
    if (e instanceof TestRunFailedError) return e.code ?? 1;
    throw e;
  }
}

let code;
if (process.env.AUDIT_LENS_VSCODE === 'code-server') {
  code = await run({ ...common, vscodeExecutablePath: STAND_IN });
} else {
  try {
    code = await run({ ...common, version: process.env.AUDIT_LENS_VSCODE_VERSION || 'stable' });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.warn(`[desktop] VS Code could not be downloaded (${message.split('\n')[0]}); running in code-server instead.`);
    code = await run({ ...common, vscodeExecutablePath: STAND_IN });
  }
}
console.log(`[desktop] suite exited ${code}`);
process.exit(code);
