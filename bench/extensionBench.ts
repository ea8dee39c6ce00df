/**
 * Section 5, extension: activation time in a real VS Code workbench
 * (code-server, as the integration tests use), against an empty extension
 * activated in the same workbench; and the production bundle sizes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compare, summarize, type Comparison } from './stats';

const ROOT = resolve(__dirname, '..');
const BASELINE_ID = 'audit-lens-bench.activation-baseline';
const AUDIT_LENS_ID = 'audit-lens.audit-lens';

export interface ExtensionResult {
  comparisons: Comparison[];
  facts: string[];
  bundles: Record<string, { bytes: number; gzipBytes: number; limitBytes?: number; met?: boolean }>;
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(0)} KB`;
}

export async function benchExtension(runs: number, log: (s: string) => void): Promise<ExtensionResult> {
  log('extension: production build');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const bundles: ExtensionResult['bundles'] = {};
  const limits: Record<string, number> = { 'dist/extension.js': 1024 * 1024, 'dist/webview.js': 500 * 1024 };
  for (const file of ['dist/extension.js', 'dist/webview.js', 'dist/cli.js']) {
    const bytes = statSync(join(ROOT, file)).size;
    const limit = limits[file];
    bundles[file] = { bytes, gzipBytes: gzipSync(readFileSync(join(ROOT, file))).length, ...(limit ? { limitBytes: limit, met: bytes < limit } : {}) };
  }

  log('extension: packaging the baseline extension');
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-bench-'));
  const baselineVsix = join(tmp, 'baseline.vsix');
  execFileSync(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', baselineVsix], { cwd: join(ROOT, 'bench/extension/baseline'), stdio: ['ignore', 'ignore', 'inherit'] });

  // The harness is plain JavaScript shared with the integration runner and npm start.
  const workbench = (await import(join(ROOT, 'test/integration/harness/workbench.mjs'))) as typeof import('../test/integration/harness/workbench.mjs');
  const wb = workbench.provision();
  const base: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    log(`extension: activation, workbench ${i + 1} of ${runs}`);
    const out = join(tmp, `activation-${i}.json`);
    // Alternate which goes first, so neither pays for a cold extension host alone.
    const order = i % 2 ? [AUDIT_LENS_ID, BASELINE_ID] : [BASELINE_ID, AUDIT_LENS_ID];
    const r = await workbench.runExtensionTests({
      ...wb,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'bench/extension/measureActivation.js'),
      env: { AUDIT_LENS_BENCH_OUT: out, AUDIT_LENS_BENCH_ORDER: order.join(',') },
      vsixes: [baselineVsix],
      timeoutMs: 120_000,
    });
    if (r.code !== 0) throw new Error(`activation run failed with ${r.code} (log: ${r.logPath})`);
    const times = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>;
    base.push(times[BASELINE_ID]!);
    ours.push(times[AUDIT_LENS_ID]!);
  }
  const baseline = summarize(base, 'ms');
  const target = summarize(ours, 'ms');
  const facts = Object.entries(bundles).map(([file, b]) => `${file}: ${kb(b.bytes)} minified (${kb(b.gzipBytes)} gzipped)${b.limitBytes ? ` — limit ${kb(b.limitBytes)}: ${b.met ? 'met' : 'NOT met'}` : ''}`);
  return {
    comparisons: [compare('activation in a real VS Code workbench (code-server 4.139.1), vs an empty extension', baseline, target, '< 50 ms', () => target.median < 50)],
    facts,
    bundles,
  };
}
