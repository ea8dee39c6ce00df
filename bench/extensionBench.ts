/**
 * Section 5, extension: activation time in a real VS Code workbench
 * (code-server, as the integration tests use), against an empty extension
 * activated in the same workbench; and the production bundle sizes (the
 * extension is two bundles: dist/extension.js, loaded at activation, and
 * dist/features.js, loaded on first use; the 1 MB limit is for both).
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

/** The extension's two bundles, counted together against the extension's limit. */
const EXTENSION_FILES = ['dist/extension.js', 'dist/features.js'];
const EXTENSION_TOTAL = 'dist/extension.js + dist/features.js';

function median(xs: number[]): number | undefined {
  return xs.length ? summarize(xs, 'ms').median : undefined;
}

export async function benchExtension(runs: number, log: (s: string) => void): Promise<ExtensionResult> {
  log('extension: production build');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const bundles: ExtensionResult['bundles'] = {};
  const limits: Record<string, number> = { [EXTENSION_TOTAL]: 1024 * 1024, 'dist/webview.js': 500 * 1024 };
  const size = (files: string[]) => ({
    bytes: files.reduce((n, f) => n + statSync(join(ROOT, f)).size, 0),
    gzipBytes: files.reduce((n, f) => n + gzipSync(readFileSync(join(ROOT, f))).length, 0),
  });
  const measured: [string, string[]][] = [...[...EXTENSION_FILES, 'dist/webview.js', 'dist/cli.js'].map((f): [string, string[]] => [f, [f]]), [EXTENSION_TOTAL, EXTENSION_FILES]];
  for (const [name, files] of measured) {
    const { bytes, gzipBytes } = size(files);
    const limit = limits[name];
    bundles[name] = { bytes, gzipBytes, ...(limit ? { limitBytes: limit, met: bytes < limit } : {}) };
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
  const ourLoad: number[] = [];
  const ourCall: number[] = [];
  // One workbench gives one sample per extension, and on a shared 2-core machine samples range from
  // about a third of the median to twice it, so this section takes about twice the runs, an odd count.
  const workbenches = 2 * runs + 1;
  for (let i = 0; i < workbenches; i++) {
    log(`extension: activation, workbench ${i + 1} of ${workbenches}`);
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
    const times = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number> & { host?: Record<string, { loadMs: number; activateCallMs: number }> };
    base.push(times[BASELINE_ID]!);
    ours.push(times[AUDIT_LENS_ID]!);
    const host = times.host?.[AUDIT_LENS_ID];
    if (host) {
      ourLoad.push(host.loadMs);
      ourCall.push(host.activateCallMs);
    }
  }
  const baseline = summarize(base, 'ms');
  const target = summarize(ours, 'ms');
  const facts = Object.entries(bundles).map(([file, b]) => `${file}: ${kb(b.bytes)} minified (${kb(b.gzipBytes)} gzipped)${b.limitBytes ? ` — limit ${kb(b.limitBytes)}: ${b.met ? 'met' : 'NOT met'}` : ''}`);
  const load = median(ourLoad);
  const call = median(ourCall);
  if (load !== undefined && call !== undefined) {
    facts.push(`Audit Lens by the extension host's own marks (whole ms, median of ${ourLoad.length}): loading its code ${load} ms, its activate() call ${call} ms; the rest of the activation time above is waiting, as the empty extension waits`);
  }
  return {
    comparisons: [compare('activation in a real VS Code workbench (code-server 4.139.1), vs an empty extension', baseline, target, '< 50 ms', () => target.median < 50, `${workbenches} workbenches`)],
    facts,
    bundles,
  };
}
