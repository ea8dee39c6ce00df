// `npm run test:integration`: the extension in a real VS Code workbench.
//   1. host: the mocha suite (test/integration/suite) inside the workbench's extension host;
//   2. ui:   Playwright drives the workbench like a person (F1, the tree, the timeline);
//   3. vsix: the packaged extension installs into code-server and activates.
// Prints one closing line "N passed, N failed". Options: --only=host|ui|vsix (comma list),
// --grep=PATTERN (host suite), env KEEP_TMP=1 keeps the servers' logs and profiles.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIntegrationTests, OUT, SUITE_ENTRY } from '../test/integration/harness/buildTests.mjs';
import * as harness from '../test/integration/harness/workbench.mjs';

const { ROOT, provision, runExtensionTests } = harness;

const argv = process.argv.slice(2);
const only = (argv.find((a) => a.startsWith('--only=')) ?? '--only=host,ui,vsix').slice(7).split(',');
const grep = argv.find((a) => a.startsWith('--grep='))?.slice(7);
const HOST_TIMEOUT_MS = Number(process.env.AUDIT_LENS_HOST_TIMEOUT_MS || 300_000);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (m) => console.log(`[integration ${elapsed()}] ${m}`);

let passed = 0;
let failed = 0;
const failures = [];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

/** Phase 1: mocha inside the workbench's extension host; the counts come back through a file. */
async function hostSuite(wb) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-lens-host-'));
  const resultsFile = join(dir, 'results.json');
  const { code, tmp, logPath } = await runExtensionTests({
    ...wb,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE_ENTRY,
    env: { AUDIT_LENS_TEST_RESULTS: resultsFile, AUDIT_LENS_TEST_GREP: grep ?? '' },
    timeoutMs: HOST_TIMEOUT_MS,
    screenshot: join(ROOT, 'test-results/integration-host-final.png'),
  });
  if (existsSync(resultsFile)) {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed += r.passed;
    failed += r.failed;
    failures.push(...r.failures.map((f) => `host: ${f}`));
    if (code !== 0 && r.failed === 0) {
      failed++;
      failures.push(`host: the suite exited ${code}`);
    }
  } else {
    failed++;
    failures.push(`host: no results (exit ${code}; server log ${logPath})`);
  }
  if (code === 0 && !process.env.KEEP_TMP) {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  say(`host: exit ${code}`);
}

/** Phases 2 and 3: Playwright checks in node, each a test of its own. */
async function uiChecks(wb, phases) {
  const ui = await import(join(OUT, 'ui/index.js'));
  const results = await ui.default.runUiChecks({ ...wb, root: ROOT, phases, log: say, harness });
  for (const r of results) {
    if (r.ok) {
      passed++;
      console.log(`  ✔ ${r.name}`);
    } else {
      failed++;
      failures.push(`${r.name}: ${r.error}`);
      console.log(`  ✘ ${r.name}: ${r.error}`);
    }
  }
}

try {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const wb = provision();
  say(`workbench: ${wb.codeServer}`);
  if (!process.env.AUDIT_LENS_SKIP_BUILD) run(process.execPath, ['esbuild.mjs']);
  await buildIntegrationTests();
  if (only.includes('host')) await hostSuite(wb);
  const uiPhases = only.filter((p) => p === 'ui' || p === 'vsix');
  if (uiPhases.length) await uiChecks(wb, uiPhases);
} catch (e) {
  failed++;
  failures.push(`runner: ${e instanceof Error ? e.stack : String(e)}`);
}
if (failures.length) {
  console.log('\nFailures:');
  for (const f of failures) console.log(`  - ${f}`);
}
say('done');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
