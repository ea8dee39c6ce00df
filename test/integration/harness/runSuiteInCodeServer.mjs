// usage: node runSuiteInCodeServer.mjs EXTENSION_DEVELOPMENT_PATH EXTENSION_TESTS_PATH [WORKSPACE]
// Runs one extension test suite in the code-server workbench and exits with its code:
// the stand-in for a VS Code executable (see code-server-as-vscode.sh).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { provision, runExtensionTests } from './workbench.mjs';

const [dev, tests, ws] = process.argv.slice(2).map((p) => p && resolve(p));
if (!dev || !tests) {
  console.error('usage: runSuiteInCodeServer.mjs EXTENSION_DEVELOPMENT_PATH EXTENSION_TESTS_PATH [WORKSPACE]');
  process.exit(2);
}
const wb = provision();
const { code, logPath, tmp } = await runExtensionTests({ ...wb, extensionDevelopmentPath: dev, extensionTestsPath: tests, ...(ws ? { folder: ws } : {}) });
console.log(`[code-server] suite exited ${code} (server log: ${logPath})`);
if (code === 0 && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
process.exit(code);
