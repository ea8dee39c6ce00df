/**
 * `npm run bench`: every figure is the median of at least 5 runs (3 for the
 * 10⁶-record ingest, whose single run takes seconds), with min and max, next
 * to a baseline measured in the same run, and their ratio. Prints a table and
 * writes bench/results/latest.json.
 *
 *   BENCH_QUICK=1 npm run bench            # smaller sizes, for trying changes
 *   BENCH_ONLY=webview,extension npm run bench   # some sections only (prints, writes no results)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { benchFetch } from './fetchBench';
import { benchIngest } from './ingestBench';
import { benchStore } from './storeBench';
import { benchWebview } from './webviewBench';
import { benchExtension } from './extensionBench';
import { fmt, type Comparison } from './stats';

const quick = process.env.BENCH_QUICK === '1';
const RUNS = 5;
const SECTIONS = ['fetch', 'ingest', 'store', 'webview', 'extension'] as const;
const only = (process.env.BENCH_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown section "${name}" (sections: ${SECTIONS.join(', ')})`);
const runs = (name: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(name);
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];

function log(s: string): void {
  process.stderr.write(`[bench] ${s}\n`);
}

function table(title: string, rows: Comparison[]): string {
  const lines = [`\n## ${title}`, '', '| measure | baseline | Audit Lens | ratio | goal | met |', '|---|---|---|---|---|---|'];
  for (const c of rows) {
    lines.push(`| ${c.name}${c.notes ? ` (${c.notes})` : ''} | ${fmt(c.baseline)} | ${fmt(c.target)} | ${c.ratio.toFixed(3)} | ${c.goal} | ${c.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

(async () => {
  const started = Date.now();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${platform()} ${release()}` };
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const fetch = runs('fetch') ? await benchFetch(RUNS, log) : undefined;
  const ingest = runs('ingest') ? await benchIngest(RUNS, SIZES, log) : undefined;
  const store = runs('store') ? await benchStore(RUNS, SIZES, log) : undefined;
  const webview = runs('webview') ? await benchWebview(RUNS, log) : undefined;
  const extension = runs('extension') ? await benchExtension(RUNS, log) : undefined;

  let out = `# Audit Lens benchmark\n\n${new Date().toISOString()} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}. Figures: median [min–max] of ${RUNS} runs.`;
  if (fetch) out += table('1. Fetch (sandbox, 50 ms per request, 100 pages)', fetch.comparisons);
  if (ingest) {
    out += table('2. Ingest (normalize + index vs JSON.parse)', ingest.comparisons);
    out += '\n\n| records | raw JSON bytes/record | memory bytes/record (heap + array buffers) | of which array buffers (columns, page bodies) | ratio | goal ≤ 2× | met |\n|---|---|---|---|---|---|---|\n';
    out += ingest.heap.map((h) => `| ${h.records.toLocaleString('en-US')} | ${h.rawJsonBytesPerRecord} | ${h.heapBytesPerRecord} | ${h.arrayBufferBytesPerRecord} | ${h.ratio.toFixed(2)} | ≤ 2 | ${h.met ? 'yes' : '**no**'} |`).join('\n');
    if (ingest.steps.steps.length) {
      const parse = ingest.steps.steps[0]!.figure.median;
      out += `\n\nWhere the time goes at ${ingest.steps.records.toLocaleString('en-US')} records (cumulative steps; × JSON.parse):\n\n| step | time | × JSON.parse |\n|---|---|---|\n`;
      out += ingest.steps.steps.map((x) => `| ${x.step} | ${fmt(x.figure)} | ${(x.figure.median / parse).toFixed(2)} |`).join('\n');
    }
  }
  if (store) out += table('3. Record store (vs Array.filter + sort)', store.comparisons);
  if (webview) {
    out += table('4. Webview (headless Chromium)', webview.comparisons);
    out += `\n\n${webview.facts.map((f) => `- ${f}`).join('\n')}`;
  }
  if (extension) {
    out += table('5. Extension', extension.comparisons);
    out += `\n\n${extension.facts.map((f) => `- ${f}`).join('\n')}`;
  }
  out += '\n';
  process.stdout.write(out + '\n');

  const seconds = Math.round((Date.now() - started) / 1000);
  // A partial run is for trying a change; only a whole run may stand as the published figures.
  if (only.length > 0) {
    log(`done in ${seconds} s (BENCH_ONLY=${only.join(',')}: results not written)`);
    return;
  }
  const results = { date: new Date().toISOString(), machine, runs: RUNS, quick, seconds, fetch, ingest, store, webview, extension };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(__dirname, 'results', 'latest.md'), out + '\n');
  log(`done in ${seconds} s; wrote bench/results/latest.json`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
