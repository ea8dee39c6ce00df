// Bundles the integration suites: the extension-host suite (cjs, `vscode` and
// mocha left to the host) and the Playwright UI checks run by the runner.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './workbench.mjs';

export const OUT = join(ROOT, 'out/integration');
export const SUITE_ENTRY = join(OUT, 'suite/index.js');

export async function buildIntegrationTests() {
  await esbuild.build({
    entryPoints: { 'suite/index': join(ROOT, 'test/integration/suite/index.ts'), 'ui/index': join(ROOT, 'test/integration/ui/index.ts') },
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha', 'playwright-core'],
    logLevel: 'warning',
  });
}
