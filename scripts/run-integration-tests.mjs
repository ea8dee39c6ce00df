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
import * as esbuild from 'esbuild';
import * as harness from '../test/integration/harness/workbench.mjs';

const { NOISE, ROOT, launchBrowser, provision, startCodeServer, workbenchUrl } = harness;

const argv = process.argv.slice(2);
const only = (argv.find((a) => a.startsWith('--only=')) ?? '--only=host,ui,vsix').slice(7).split(',');
const grep = argv.find((a) => a.startsWith('--grep='))?.slice(7);
const HOST_TIMEOUT_MS = Number(process.env.AUDIT_LENS_HOST_TIMEOUT_MS || 300_000);
const OUT = join(ROOT, 'out/integration');
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

async function buildTests() {
  await esbuild.build({
    entryPoints: { 'suite/index': join(ROOT, 'test/integration/suite/index.ts'), 'ui/index': join(ROOT, 'test/integration/ui/index.ts') },
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // Mocha is loaded from the repo's node_modules by the extension host; vscode is the host's own.
    external: ['vscode', 'mocha', 'playwright-core'],
    logLevel: 'warning',
  });
}

/** Phase 1: mocha inside the workbench's extension host; results come back through a file. */
async function hostSuite(wb) {
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-host-'));
  const resultsFile = join(tmp, 'results.json');
  const ws = join(tmp, 'ws');
  mkdirSync(ws, { recursive: true });
  const server = await startCodeServer({
    ...wb,
    tmp,
    env: { AUDIT_LENS_TEST_RESULTS: resultsFile, AUDIT_LENS_TEST_GREP: grep ?? '', AUDIT_LENS_TEST_OUTPUT: join(ROOT, 'test-results') },
  });
  say(`host: code-server on ${server.port}`);
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const done = new Promise((res) => {
      page.exposeFunction('codeAutomationLog', (type, args) => {
        if (!process.env.VERBOSE && NOISE.test(String(args[0] ?? ''))) return;
        (console[type] || console.log)(...args);
      });
      page.exposeFunction('codeAutomationExit', (c) => res(c));
    });
    page.on('pageerror', (e) => console.error('[page error]', String(e).slice(0, 300)));
    await page.goto(
      workbenchUrl(server.port, { folder: ws, extensionDevelopmentPath: ROOT, extensionTestsPath: join(OUT, 'suite/index.js') }),
    );
    let timer;
    code = await Promise.race([
      done,
      new Promise((r) => {
        timer = setTimeout(() => {
          console.error('[integration] host suite timed out');
          r(124);
        }, HOST_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    await page.screenshot({ path: join(ROOT, 'test-results/integration-host-final.png') }).catch(() => {});
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
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
    failures.push(`host: no results (exit ${code}; server log ${server.logPath})`);
  }
  if (code === 0 && !process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
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
  await buildTests();
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
